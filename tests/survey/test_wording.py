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
