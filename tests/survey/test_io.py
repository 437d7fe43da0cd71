"""Reading survey input: every format gives the same tidy table; bad input is refused clearly."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import pytest
from openpyxl import Workbook

from digital_public_services.errors import DataError
from digital_public_services.inputs.loaders import load_survey_results
from digital_public_services.survey import io as survey_io
from digital_public_services.survey.io import EFFECTIVE_BASE_NOTE

SOURCE_COLUMNS = ["source_id", "source_section", "note"]


# --- synthetic data --------------------------------------------------------------------------


def synthetic_tidy() -> pd.DataFrame:
    """A small tidy table with decimals and accented text, typed as the loader types it."""
    shipped = load_survey_results()
    rows = shipped[shipped["item_id"].isin(["teleconsultation", "equipment_cost",
                                            "agent_training"])].copy()
    rows["wave"] = "2023"
    rows["pct"] = rows["pct"] + np.linspace(0.25, 0.75, len(rows))
    rows["base"] = rows["base"] + 0.5
    rows["note"] = "données synthétiques « test » (réponses fictives)"
    return rows.reset_index(drop=True).astype(shipped.dtypes.to_dict())


def synthetic_respondents(n: int = 400, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    population = rng.choice(["communes", "grand_public"], size=n)
    frame = pd.DataFrame({
        "respondent_id": [f"r{i}" for i in range(n)],
        "wave": "2023",
        "population": population,
        "weight": rng.uniform(0.2, 3.0, size=n).round(3),
        "favourability__teleconsultation": rng.integers(0, 2, n).astype(float),
        "favourability__video_lessons": rng.integers(0, 2, n).astype(float),
    })
    frame.loc[rng.random(n) < 0.1, "favourability__video_lessons"] = np.nan
    cited = np.zeros((n, 3))
    for i in range(n):
        cited[i, rng.choice(3, size=rng.integers(0, 3), replace=False)] = 1
    cited[population == "grand_public"] = np.nan  # territorial actors only
    for k, item in enumerate(["equipment_cost", "agent_training", "other_reason"]):
        frame[f"main_obstacles__{item}"] = cited[:, k]
    return frame


def expected_aggregate(frame: pd.DataFrame) -> pd.DataFrame:
    """Weighted shares and Kish sizes computed the slow, obvious way (one group at a time)."""
    rows = []
    for column in [c for c in frame.columns if "__" in c]:
        for (wave, population), group in frame.groupby(["wave", "population"]):
            asked = group[group[column].notna()]
            if asked.empty:
                continue
            w = asked["weight"]
            rows.append({"wave": wave, "population": population,
                         "question_id": column.split("__")[0], "item_id": column.split("__")[1],
                         "pct": 100 * np.average(asked[column], weights=w),
                         "base": w.sum() ** 2 / (w ** 2).sum()})
    return pd.DataFrame(rows)


def write_french_csv(frame: pd.DataFrame, path: Path, encoding: str) -> Path:
    frame.to_csv(path, sep=";", decimal=",", index=False, encoding=encoding)
    return path


def write_tidy_xlsx(frame: pd.DataFrame, path: Path, percent_cells: bool) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(list(frame.columns))
    for values in frame.astype(object).where(frame.notna(), None).itertuples(index=False):
        sheet.append(list(values))
    if percent_cells:
        column = list(frame.columns).index("pct") + 1
        for row in range(2, len(frame) + 2):
            cell = sheet.cell(row=row, column=column)
            cell.value = cell.value / 100
            cell.number_format = "0.00%"
    book.save(path)
    return path


TIDY_WRITERS = {
    "tidy_csv": lambda frame, path: frame.to_csv(path, index=False),
    "tidy_csv_bom": lambda frame, path: frame.to_csv(path, index=False, encoding="utf-8-sig"),
    "french_utf8_bom": lambda frame, path: write_french_csv(frame, path, "utf-8-sig"),
    "french_cp1252": lambda frame, path: write_french_csv(frame, path, "cp1252"),
    "tab": lambda frame, path: frame.to_csv(path, index=False, sep="\t"),
    "xlsx": lambda frame, path: write_tidy_xlsx(frame, path, percent_cells=False),
    "xlsx_percent": lambda frame, path: write_tidy_xlsx(frame, path, percent_cells=True),
}
RESPONDENT_WRITERS = {
    "csv": lambda frame, path: frame.to_csv(path, index=False),
    "french_csv": lambda frame, path: write_french_csv(frame, path, "utf-8"),
    "sav": lambda frame, path: pyreadstat.write_sav(frame, str(path)),
    "xlsx": lambda frame, path: frame.to_excel(path, index=False),
}


# --- formats -----------------------------------------------------------------------------------


def test_shipped_table_reads_as_the_loader_reads_it():
    pd.testing.assert_frame_equal(survey_io.read_survey("data/survey/survey_results.csv"),
                                  load_survey_results())


@pytest.mark.parametrize("fmt", list(TIDY_WRITERS))
def test_every_tidy_format_gives_the_same_table(tmp_path, fmt):
    expected = synthetic_tidy()
    path = tmp_path / f"synthetic_{fmt}.{'xlsx' if fmt.startswith('xlsx') else 'csv'}"
    TIDY_WRITERS[fmt](expected, path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = survey_io.read_survey(path)
    pd.testing.assert_frame_equal(got, expected)
    said_cp1252 = any("Windows-1252" in str(w.message) for w in caught)
    assert said_cp1252 == (fmt == "french_cp1252")


@pytest.mark.parametrize("fmt", list(RESPONDENT_WRITERS))
def test_every_respondent_format_gives_the_same_aggregate(tmp_path, fmt):
    respondents = synthetic_respondents()
    path = tmp_path / f"synthetic_respondents.{fmt.replace('french_', '')}"
    RESPONDENT_WRITERS[fmt](respondents, path)
    got = survey_io.read_survey(path)
    expected = expected_aggregate(respondents)
    keys = ["wave", "population", "question_id", "item_id"]
    merged = got.merge(expected, on=keys, suffixes=("", "_expected"), validate="one_to_one")
    assert len(merged) == len(expected) == len(got)
    np.testing.assert_allclose(merged["pct"], merged["pct_expected"], rtol=1e-10)
    np.testing.assert_allclose(merged["base"], merged["base_expected"], rtol=1e-10)
    assert (got["source_id"] == path.name).all()
    assert got["note"].str.startswith(EFFECTIVE_BASE_NOTE).all()
    obstacles = got[got["question_id"] == "main_obstacles"]
    assert set(obstacles["population"]) == {"communes"}  # not asked of the public: no row
    assert set(obstacles["response"]) == {"cited"} and set(obstacles["max_answers"]) == {2}
    assert list(got.columns) == list(load_survey_results().columns)
    assert got.dtypes.equals(load_survey_results().dtypes)


def test_kish_size_shrinks_with_unequal_weights(tmp_path):
    respondents = synthetic_respondents()
    equal = respondents.assign(weight=1.0)
    a = survey_io.aggregate_respondents(equal, tmp_path / "synthetic_equal.csv")
    b = survey_io.aggregate_respondents(respondents, tmp_path / "synthetic_unequal.csv")
    counts = respondents.groupby("population")["favourability__teleconsultation"].count()
    tele = a[a["item_id"] == "teleconsultation"].set_index("population")["base"]
    assert tele.to_dict() == pytest.approx(counts.astype(float).to_dict())
    assert (b["base"].to_numpy() < a["base"].to_numpy()).all()


def test_missing_source_columns_are_filled_with_the_file_name(tmp_path):
    frame = synthetic_tidy().drop(columns=["source_id", "source_section"])
    path = tmp_path / "synthetic_no_source.csv"
    frame.to_csv(path, index=False)
    got = survey_io.read_survey(path)
    assert (got["source_id"] == path.name).all()
    assert (got["source_section"] == survey_io.FILLED_SECTION).all()
    assert got["note"].str.contains("source_id set to the file name").all()


def test_combine_waves_takes_a_wave_whole_from_the_update():
    baseline = load_survey_results()
    update = synthetic_tidy()
    combined = survey_io.combine_waves(baseline, update)
    assert set(combined["wave"]) == {"2022", "2023"}
    assert len(combined) == len(baseline) + len(update)
    corrected = update.assign(wave="2022")
    replaced = survey_io.combine_waves(baseline, corrected)
    assert len(replaced) == len(corrected)
    assert survey_io.replaced_waves(baseline, corrected) == ["2022"]
    assert survey_io.replaced_waves(baseline, update) == []


# --- bad input ---------------------------------------------------------------------------------


def refused(path: Path) -> str:
    with pytest.raises(DataError) as caught:
        survey_io.read_survey(path)
    return str(caught.value)


def tidy_with(tmp_path: Path, name: str, change) -> Path:
    frame = synthetic_tidy()
    change(frame)
    path = tmp_path / f"synthetic_{name}.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.mark.parametrize("name,change,expected", [
    ("pct_over_100", lambda f: f.__setitem__("pct", f["pct"].where(f.index != 2, 104.5)),
     ["line 4", "field 'pct'", "104.5", "≤ 100"]),
    ("base_zero", lambda f: f.__setitem__("base", f["base"].where(f.index != 0, 0)),
     ["line 2", "field 'base'", "'0", "≥ 1"]),
    ("unknown_population", lambda f: f.__setitem__(
        "population", f["population"].where(f.index != 1, "mairies")),
     ["line 3", "field 'population'", "'mairies'", "grand_public"]),
    ("unknown_source", lambda f: f.__setitem__("source_id", "harris2099"),
     ["line 2", "field 'source_id'", "'harris2099'", "harris2022"]),
    ("missing_pct_value", lambda f: f.__setitem__("pct", f["pct"].where(f.index != 3)),
     ["line 5", "field 'pct'", "missing value"]),
    ("text_in_base", lambda f: f.__setitem__("base", f["base"].astype(object).where(
        f.index != 0, "n/a")), ["line 2", "field 'base'", "'n/a'", "a number"]),
])
def test_bad_tidy_cells_are_refused_with_file_line_field_value(tmp_path, name, change, expected):
    path = tidy_with(tmp_path, name, change)
    message = refused(path)
    assert str(path) in message
    for part in expected:
        assert part in message


def test_duplicated_rows_are_refused(tmp_path):
    frame = synthetic_tidy()
    path = tmp_path / "synthetic_duplicate.csv"
    pd.concat([frame, frame.iloc[[1]]]).to_csv(path, index=False)
    message = refused(path)
    assert f"line {len(frame) + 2}" in message and "duplicated row" in message
    assert "line 3 has it already" in message


def test_shares_of_answers_above_the_ceiling_are_refused(tmp_path):
    frame = synthetic_tidy()
    frame.loc[frame["question_id"] == "main_obstacles", "pct"] = 100
    frame.loc[frame["question_id"] == "main_obstacles", "max_answers"] = 1
    frame.loc[frame["question_id"] == "main_obstacles", "question_type"] = "single_choice"
    path = tmp_path / "synthetic_over_ceiling.csv"
    frame.to_csv(path, index=False)
    message = refused(path)
    assert "sum above what the question allows" in message and "field 'pct'" in message


def test_wrong_columns_are_refused(tmp_path):
    path = tmp_path / "synthetic_columns.csv"
    synthetic_tidy().rename(columns={"base": "n"}).to_csv(path, index=False)
    message = refused(path)
    assert "line 1" in message and "missing: base" in message and "unknown: n" in message


def test_undecodable_text_is_refused_with_the_fix(tmp_path):
    path = tmp_path / "synthetic_encoding.csv"
    path.write_bytes(b"wave;population;pct\n2023;communes\x81;5\n")
    message = refused(path)
    assert "line 2" in message and "CSV UTF-8" in message


def test_unsupported_and_missing_files_are_refused(tmp_path):
    odd = tmp_path / "synthetic.json"
    odd.write_text("{}")
    assert "unsupported file type" in refused(odd)
    assert "file not found" in refused(tmp_path / "synthetic_absent.csv")
    neither = tmp_path / "synthetic_neither.csv"
    neither.write_text("a,b\n1,2\n")
    assert "neither a tidy results table nor respondent-level data" in refused(neither)


def respondents_with(tmp_path: Path, name: str, change) -> Path:
    frame = synthetic_respondents(n=60)
    change(frame)
    path = tmp_path / f"synthetic_respondents_{name}.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.mark.parametrize("name,change,expected", [
    ("negative_weight", lambda f: f.__setitem__("weight", f["weight"].where(f.index != 4, -1.5)),
     ["line 6", "field 'weight'", "negative weight", "-1.5"]),
    ("missing_weight", lambda f: f.__setitem__("weight", f["weight"].where(f.index != 0)),
     ["line 2", "field 'weight'", "missing or non-numeric weight"]),
    ("unknown_population", lambda f: f.__setitem__(
        "population", f["population"].where(f.index != 9, "region")),
     ["line 11", "field 'population'", "'region'"]),
    ("answer_not_binary", lambda f: f.__setitem__(
        "favourability__teleconsultation",
        f["favourability__teleconsultation"].where(f.index != 2, 5)),
     ["line 4", "field 'favourability__teleconsultation'", "0, 1, a yes/no label or empty"]),
    ("duplicated_respondent", lambda f: f.__setitem__(
        "respondent_id", f["respondent_id"].where(f.index != 7, "r3")),
     ["line 9", "field 'respondent_id'", "duplicated respondent", "'r3'"]),
    ("bad_wave", lambda f: f.__setitem__("wave", f["wave"].where(f.index != 1, "2023/24")),
     ["line 3", "field 'wave'", "'2023/24'", "YYYY"]),
])
def test_bad_respondent_data_is_refused(tmp_path, name, change, expected):
    message = refused(respondents_with(tmp_path, name, change))
    for part in expected:
        assert part in message


def test_too_many_answers_are_refused(tmp_path):
    frame = synthetic_respondents(n=60)
    row = frame.index[frame["population"] == "communes"][0]
    frame.loc[row, [c for c in frame.columns if c.startswith("main_obstacles")]] = 1
    path = tmp_path / "synthetic_respondents_three_answers.csv"
    frame.to_csv(path, index=False)
    message = refused(path)
    assert f"line {row + 2}" in message and "gives 3 answers" in message
    assert "field 'main_obstacles'" in message and "at most 2" in message


def test_answer_column_of_a_new_question_is_read_as_yes_no_shares_with_a_warning(tmp_path):
    frame = synthetic_respondents(n=40).rename(
        columns={"favourability__video_lessons": "satisfaction__video_lessons"})
    path = tmp_path / "synthetic_respondents_new_question.csv"
    frame.to_csv(path, index=False)
    with pytest.warns(survey_io.SurveyInputWarning, match="satisfaction"):
        got = survey_io.read_survey(path)
    new = got[got["question_id"] == "satisfaction"]
    assert set(new["item_id"]) == {"video_lessons"}
    assert set(new["question_type"]) == {"multiple_choice"} and set(new["max_answers"]) == {1}


def test_badly_named_question_in_an_answer_column_is_refused(tmp_path):
    frame = synthetic_respondents(n=20).rename(
        columns={"favourability__video_lessons": "Satisfaction__video_lessons"})
    path = tmp_path / "synthetic_respondents_bad_question.csv"
    frame.to_csv(path, index=False)
    message = refused(path)
    assert "field 'Satisfaction__video_lessons'" in message and "lower-case" in message


def test_yes_no_labels_in_text_cells_read_as_one_and_zero(tmp_path):
    frame = synthetic_respondents(n=80)
    labelled = frame.copy()
    for column in ("favourability__teleconsultation", "favourability__video_lessons"):
        labelled[column] = frame[column].map({1.0: "Favorable", 0.0: "Opposé(e)"})
    labelled["main_obstacles__equipment_cost"] = frame["main_obstacles__equipment_cost"].map(
        {1.0: "Oui", 0.0: "Non"})
    path = tmp_path / "synthetic_respondents_labels.csv"
    labelled.to_csv(path, index=False)
    got = survey_io.read_survey(path).drop(columns=SOURCE_COLUMNS)
    plain = survey_io.aggregate_respondents(frame, path).drop(columns=SOURCE_COLUMNS)
    pd.testing.assert_frame_equal(got, plain)


def test_spss_value_labels_and_user_missing_codes(tmp_path):
    """1 = « Oui », 2 = « Non », 9 = « Ne sait pas » declared user-missing: 9 is not asked."""
    frame = synthetic_respondents(n=120)
    coded = frame.copy()
    column = "favourability__teleconsultation"
    coded[column] = frame[column].map({1.0: 1.0, 0.0: 2.0})
    dont_know = coded.index[::7]
    coded.loc[dont_know, column] = 9.0
    path = tmp_path / "synthetic_labelled_user_missing.sav"
    pyreadstat.write_sav(coded, str(path),
                         variable_value_labels={column: {1: "Oui", 2: "Non", 9: "Ne sait pas"}},
                         missing_ranges={column: [9]})
    got = survey_io.read_survey(path).drop(columns=SOURCE_COLUMNS)
    expected = frame.copy()
    expected.loc[dont_know, column] = np.nan
    plain = survey_io.aggregate_respondents(expected, path).drop(columns=SOURCE_COLUMNS)
    pd.testing.assert_frame_equal(got, plain)


def test_extra_respondent_columns_are_ignored_with_a_warning(tmp_path):
    frame = synthetic_respondents(n=30).assign(age=40)
    path = tmp_path / "synthetic_respondents_extra.csv"
    frame.to_csv(path, index=False)
    with pytest.warns(survey_io.SurveyInputWarning, match="age"):
        survey_io.read_survey(path)


def test_spss_codes_with_value_labels_and_numeric_wave(tmp_path):
    respondents = synthetic_respondents()
    coded = respondents.assign(
        wave=2023.0, population=respondents["population"].map({"communes": 1, "grand_public": 2}))
    path = tmp_path / "synthetic_coded.sav"
    pyreadstat.write_sav(coded, str(path), variable_value_labels={
        "population": {1: "communes", 2: "grand_public"}})
    got = survey_io.read_survey(path).drop(columns=SOURCE_COLUMNS)
    plain = survey_io.aggregate_respondents(respondents, path).drop(columns=SOURCE_COLUMNS)
    pd.testing.assert_frame_equal(got, plain)
