"""Spot checks of the survey tables against the Harris Interactive report (2022).

The expected values below were typed again from the report's two proposal tables, its
« deux principaux freins » chart and its methodology page, independently of the CSV files.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from digital_public_services.inputs import loaders

# item -> (communes, départements, grand public), % « Favorable », in the report's order
PROPOSALS = {
    "accessible_services_disability": (99, 100, 90),
    "employment_disability": (99, 98, 89),
    "train_teachers": (98, 100, 88),
    "free_training_seniors": (98, 98, 90),
    "network_infrastructure_schools": (97, 100, 87),
    "connected_solutions_elderly": (97, 96, 89),
    "digital_boards_classrooms": (96, 91, 77),
    "train_medical_staff": (96, 98, 90),
    "solutions_caregivers": (95, 98, 87),
    "solutions_nursing_homes": (93, 96, 85),
    "ambulatory_care": (91, 98, 86),
    "social_clause_procurement": (90, 96, 90),
    "accessibility_features_devices": (81, 75, 85),
    "telemedicine_medical_deserts": (78, 83, 69),
    "teleconsultation": (74, 89, 65),
    "tablets_pupils": (73, 66, 66),
    "electronic_voting": (73, 82, 68),
    "homework_exams_online": (47, 73, 54),
    "video_lessons": (44, 64, 49),
}
# item -> (communes, départements), % of respondents citing the obstacle
OBSTACLES = {
    "equipment_cost": (57, 16),
    "access_disparities": (56, 65),
    "state_coordination": (40, 47),
    "agent_training": (37, 45),
    "other_reason": (6, 22),
}
# item -> a word its verbatim wording must contain (guards against swapped item ids)
WORDING = {"train_teachers": "enseignants", "electronic_voting": "vote",
           "equipment_cost": "coût", "agent_training": "formation des agents",
           "solutions_nursing_homes": "EHPAD", "video_lessons": "visioconférence"}


@pytest.fixture(scope="module")
def results() -> pd.DataFrame:
    items = loaders.load_survey_items()[["question_id", "item_id", "wording"]]
    return loaders.load_survey_results().merge(items, on=["question_id", "item_id"])


def _pct(frame: pd.DataFrame, item: str, population: str) -> float:
    rows = frame[(frame["item_id"] == item) & (frame["population"] == population)]
    assert len(rows) == 1, f"{item!r} / {population}: {len(rows)} rows"
    return float(rows["pct"].iloc[0])


def test_item_ids_match_their_wording(results: pd.DataFrame) -> None:
    for item, word in WORDING.items():
        wording = results.loc[results["item_id"] == item, "wording"].iloc[0]
        assert word in wording, (item, wording)


def test_the_complete_proposals_table(results: pd.DataFrame) -> None:
    favourable = results[results["question_id"] == "favourability"]
    assert favourable["item_id"].nunique() == 19
    assert len(favourable) == 19 * 3
    for item, expected in PROPOSALS.items():
        got = tuple(_pct(favourable, item, p)
                    for p in ("communes", "departements", "grand_public"))
        assert got == expected, item


def test_the_obstacles_table(results: pd.DataFrame) -> None:
    obstacles = results[results["question_id"] == "main_obstacles"]
    assert len(obstacles) == 5 * 2
    for item, expected in OBSTACLES.items():
        assert (_pct(obstacles, item, "communes"), _pct(obstacles, item, "departements")) \
            == expected, item


def test_two_answer_question_sums_to_about_200(results: pd.DataFrame) -> None:
    obstacles = results[results["question_id"] == "main_obstacles"]
    assert (obstacles["max_answers"] == 2).all()
    for population, total in obstacles.groupby("population")["pct"].sum().items():
        assert 190 <= total <= 200, f"{population}: {total}"


def test_local_initiation_headline(results: pd.DataFrame) -> None:
    row = results[results["question_id"] == "initiation_level"]
    assert row["pct"].tolist() == [58]
    assert row["population"].tolist() == ["communes_departements"]


def test_sample_sizes_and_fieldwork_dates() -> None:
    design = loaders.load_survey_design().set_index(["population", "study"])
    expected = {
        ("communes", "quantitative"): (325, "2022-07-16", "2022-08-02", "telephone"),
        ("departements", "quantitative"): (55, "2022-08-22", "2022-09-08", "telephone"),
        ("grand_public", "quantitative"): (2185, "2022-08-01", "2022-08-09", "online"),
        ("departements", "qualitative"): (10, "2022-08-29", "2022-09-28", "telephone"),
    }
    for key, (n, start, end, mode) in expected.items():
        row = design.loc[key]
        assert row["sample_size"] == n
        assert row["fieldwork_start"] == pd.Timestamp(start)
        assert row["fieldwork_end"] == pd.Timestamp(end)
        assert row["mode"] == mode


def test_bases_are_the_sample_sizes(results: pd.DataFrame) -> None:
    design = loaders.load_survey_design()
    sizes = design[design["study"] == "quantitative"].set_index("population")["sample_size"]
    sampled = results[results["population"].isin(sizes.index)]
    assert (sampled["base"] == sampled["population"].map(sizes).astype(float)).all()


def test_departement_roles_add_up() -> None:
    roles = loaders.load_survey_respondent_roles()
    totals = roles.groupby("study")["n"].sum().to_dict()
    assert totals == {"quantitative": 55, "qualitative": 10}
    assert roles.set_index(["study", "role_fr"]).loc[
        ("quantitative", "responsables du numérique"), "n"] == 35


def test_every_proposal_has_an_inferred_theme() -> None:
    items = loaders.load_survey_items()
    proposals = items[items["question_id"] == "favourability"]
    assert proposals["theme"].notna().all()
    assert (proposals["theme_basis"] == "inferred").all()
    assert proposals["theme_note"].str.contains("legend").all()
    assert proposals["theme"].value_counts().to_dict() == {
        "education": 6, "sante": 5, "handicap": 4, "autonomie_personnes_agees": 3,
        "democratie": 1}


CHARTED = {"overall_opinion", "services_developed", "necessity", "agreement", "priority_domain"}
SURVEY_SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "001_e9d7547924313d1b.txt"


def test_questions_shown_only_as_charts_are_recorded_without_results(
        results: pd.DataFrame) -> None:
    questions = loaders.load_survey_questions().set_index("question_id")
    assert set(questions.index) >= CHARTED
    assert not CHARTED & set(results["question_id"])  # no figure is printed for them
    assert questions.loc[sorted(CHARTED), "note"].str.startswith("Shown only as a chart").all()
    items = loaders.load_survey_items()
    domains = items[items["question_id"] == "priority_domain"]
    assert len(domains) == 8  # six domains, none of them, no answer
    assert "Les démarches administratives" in set(domains["wording"])
    assert (items.loc[items["wording_basis"] == "inferred", "item_id"].tolist() == ["local"])


def test_findings_stated_only_in_words() -> None:
    findings = loaders.load_survey_findings().set_index("finding_id")
    assert "10 000 à 19 999" in findings.loc["development_gap", "finding_fr"]
    assert findings.loc["priority_domains", "question_id"] == "priority_domain"
    assert set(findings["question_id"].dropna()) <= set(loaders.load_survey_questions()[
        "question_id"])


def test_finding_key_expressions_are_short_and_quoted_from_the_report() -> None:
    if not SURVEY_SEED.is_file():
        pytest.skip(f"source document not available at {SURVEY_SEED}")
    source = " ".join(_words(SURVEY_SEED.read_text(encoding="utf-8").replace("**", "")))
    for key in loaders.load_survey_findings()["key_expression"].dropna():
        for quote in re.findall(r"«\s*(.+?)\s*»", key):
            assert len(_words(quote)) <= 8, quote
            assert " ".join(_words(quote)) in source, quote


def _words(text: str) -> list[str]:
    return re.findall(r"[\w']+", text.casefold().replace("’", "'"))
