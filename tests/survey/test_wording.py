"""Wording of every question and item: from the file (tidy columns, xlsx sheet, SPSS labels),
else the instrument, else the identifier with a warning."""

from __future__ import annotations

import pandas as pd
import pyreadstat
import pytest
from openpyxl import Workbook

from digital_public_services.inputs.loaders import load_survey_items, load_survey_questions
from digital_public_services.survey import wording as survey_wording

QUESTIONS, ITEMS = load_survey_questions(), load_survey_items()


def synthetic_columns(path) -> list[str]:
    return list(pyreadstat.read_sav(str(path), metadataonly=True)[1].column_names)


def results_of(*keys: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame([{"question_id": q, "item_id": i} for q, i in keys])


def test_tidy_csv_columns(tmp_path):
    path = tmp_path / "synthetic_tidy_wording.csv"
    pd.DataFrame([{"wave": "2026", "question_id": "trust", "item_id": "yes", "pct": "50",
                   "question_wording": "Faites-vous confiance ?", "item_wording": "Oui"}]) \
        .to_csv(path, index=False)
    found = survey_wording.from_file(path)
    assert found.questions.set_index("question_id")["wording"]["trust"] == \
        "Faites-vous confiance ?"
    assert found.items["wording"].tolist() == ["Oui"]


def test_xlsx_questions_sheet(tmp_path):
    book = Workbook()
    book.active.append(["wave", "pct"])
    sheet = book.create_sheet("questions")
    sheet.append(["question_id", "item_id", "question_wording", "item_wording"])
    sheet.append(["trust", None, "Faites-vous confiance ?", None])
    sheet.append(["trust", "yes", None, "Oui"])
    path = tmp_path / "synthetic_questions_sheet.xlsx"
    book.save(path)
    found = survey_wording.from_file(path)
    assert found.questions.to_dict("records") == [
        {"question_id": "trust", "wording": "Faites-vous confiance ?", "origin": "fichier"}]
    assert found.items[["item_id", "wording"]].to_dict("records") == [
        {"item_id": "yes", "wording": "Oui"}]


def test_spss_variable_labels_split_question_and_item(tmp_path):
    frame = pd.DataFrame({"wave": [2026.0], "population": ["communes"], "weight": [1.0],
                          "channel__phone": [1.0], "channel__web": [0.0]})
    path = tmp_path / "synthetic_labels.sav"
    pyreadstat.write_sav(frame, str(path), column_labels={
        "channel__phone": "Canal préféré - Le téléphone",
        "channel__web": "Canal préféré - Le site internet"})
    found = survey_wording.from_file(path)
    assert found.questions["wording"].tolist() == ["Canal préféré"]
    assert found.items.set_index("item_id")["wording"].to_dict() == {
        "phone": "Le téléphone", "web": "Le site internet"}


def test_split_label_without_a_shared_question_keeps_whole_labels():
    assert survey_wording.split_label({"a": "Oui", "b": "Non"}) == ("", {"a": "Oui", "b": "Non"})


def test_complete_prefers_file_then_instrument_then_identifier():
    file_wording = survey_wording.Wording(
        pd.DataFrame([{"question_id": "trust", "wording": "Confiance ?", "origin": "fichier"}]),
        pd.DataFrame(columns=survey_wording.ITEM_COLUMNS))
    results = results_of(("trust", "yes"), ("main_obstacles", "equipment_cost"))
    got = survey_wording.complete(results, QUESTIONS, ITEMS, file_wording)
    questions = got.questions.set_index("question_id")
    assert questions.loc["trust", "origin"] == "fichier"
    assert questions.loc["main_obstacles", "origin"] == "instrument"
    items = got.items.set_index(["question_id", "item_id"])
    assert items.loc[("trust", "yes"), ["wording", "origin"]].tolist() == ["yes", "identifiant"]
    assert items.loc[("main_obstacles", "equipment_cost"), "origin"] == "instrument"
    assert ("favourability", "teleconsultation") in items.index  # instrument kept for levers
    assert survey_wording.missing(got) == ["trust/yes"]
    with pytest.warns(survey_wording.WordingWarning, match="synthetic_file.csv: .*trust/yes"):
        survey_wording.warn_missing(got, "synthetic_file.csv")


@pytest.mark.parametrize(("label", "question", "item", "identifier"), [
    ("favourability : tablets_pupils", "favourability", "tablets_pupils", True),
    ("favourability__tablets_pupils", "favourability", "tablets_pupils", True),
    ("tablets_pupils", "favourability", "tablets_pupils", True),
    ("favourability - tablets_pupils", "favourability", "tablets_pupils", True),
    ("Q3_1", "favourability", "tablets_pupils", True),
    ("QA12b", "favourability", "", True),
    ("Q3 : tablets_pupils", "favourability", "tablets_pupils", True),
    ("favourability", "favourability", "", True),
    ("Équiper les élèves en tablettes", "favourability", "tablets_pupils", False),
    ("Oui", "trust", "oui", False),  # the wording of an item named by its French word
    ("5G", "network", "fiveg", False),
    ("Tablettes : élèves", "favourability", "tablets_pupils", False),
])
def test_labels_that_only_repeat_identifiers(label, question, item, identifier):
    assert survey_wording.only_identifiers(label, question, item) is identifier


@pytest.mark.parametrize("case", ["empty", "column_name", "question_item", "code", "wording"])
def test_spss_label_cases_leave_no_item_unworded(tmp_path, case):
    """A ``.sav`` whose labels are empty, the column name, « question : item » or a code
    takes the instrument's wording, with a warning naming the file (none for an empty
    label); real labels word the items."""
    import warnings

    from digital_public_services.survey.io import read_survey
    from tools.make_synthetic_surveys import labelled_sav

    path = labelled_sav(tmp_path, case)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = survey_wording.from_file(path)
        said = [str(w.message) for w in caught if w.category is survey_wording.WordingWarning]
        assert survey_wording.unworded(path, read_survey(path)) == []
    columns = [c for c in synthetic_columns(path) if "__" in c]
    if case == "wording":
        assert found.items["wording"].str.startswith("Libellé synthétique").all()
        assert len(found.items) == len(columns) == 19 and said == []
        return
    assert found.items.empty and found.questions.empty
    assert len(said) == (0 if case == "empty" else 1)
    for message in said:
        assert message.startswith(f"{path}: ") and "only repeat an identifier" in message
        assert "survey_items.csv" in message


def test_an_unworded_item_is_its_identifier_with_the_note():
    assert survey_wording.unworded_label("online_appointments") == \
        "online_appointments (libellé absent du fichier)"
    label = survey_wording.unworded_label("online_appointments", markdown=True)
    assert label == "`online_appointments` (libellé absent du fichier)"
    assert isinstance(label, survey_wording.Markup)  # a table keeps it as code


def test_the_missing_message_names_file_items_and_fix():
    message = survey_wording.missing_message("new.csv", ["favourability/online_appointments"])
    assert message.startswith("new.csv: 1 question(s)/item(s) have no wording")
    assert "favourability/online_appointments" in message
    assert "item_wording" in message and "survey_items.csv" in message
    assert "`dps release` refuses" in message
