"""Which waves the paper uses is said in the résumé, the abstract, the note, §2, §5.1 and the
conclusion (issue 27): nothing claims « aucune donnée nouvelle » once a user's file is read."""

from __future__ import annotations

import datetime

import pandas as pd
import pytest

from digital_public_services.errors import DataError
from digital_public_services.inputs.loaders import load_survey_results
from digital_public_services.prose.typography import NBSP
from digital_public_services.survey import design_sheet, origin

SHIPPED = pd.DataFrame({"wave": ["2022"], "file": ["survey_results.csv"],
                        "sha256": ["a" * 64], "published": [True]})
WITH_FILE = pd.concat([SHIPPED, pd.DataFrame({
    "wave": ["2025"], "file": ["synthetic_2025.csv"], "sha256": ["0123456789ab" + "f" * 52],
    "published": [False]})], ignore_index=True)


def texts(table: pd.DataFrame, results: pd.DataFrame, focus: str) -> dict[str, str]:
    return {f.name: f.text.replace(NBSP, " ").replace("\u202f", " ")
            for f in origin.origin_figures(table, results, focus, "entre les vagues …")}


def test_the_shipped_data_say_no_new_data_and_name_the_2022_survey():
    said = texts(SHIPPED, load_survey_results(), "2022")
    assert said["waves_clause"] == "une enquête d'opinion de 2022"
    assert said["waves_clause_en"] == "a 2022 opinion survey"
    assert said["data_origin_statement"] == "Ce document ne présente aucune donnée nouvelle."
    assert said["design_gaps_statement"] == said["new_wave_conclusion_statement"] == ""


def test_a_users_wave_is_named_with_its_file_and_hash_and_its_unknown_design():
    results = load_survey_results()
    later = results[results["population"].isin(["communes", "grand_public"])].assign(
        wave="2025", base=lambda f: f["population"].map({"communes": 410, "grand_public": 1800}))
    said = texts(WITH_FILE, pd.concat([results, later]), "2025")
    assert said["waves_clause"] == ("une enquête d'opinion de 2022, prolongée ici par la vague "
                                    "2025, lue dans le fichier `synthetic_2025.csv` (SHA-256 "
                                    "`0123456789ab`)")
    assert "2025" in said["waves_clause_en"] and "user's file" in said["waves_clause_en"]
    assert "aucune donnée nouvelle" not in " ".join(said.values())
    design = said["design_gaps_statement"]
    assert design.startswith("Pour la vague 2025, le fichier `synthetic_2025.csv` ne documente "
                             "pas le mode et les dates de collecte")
    assert "ne valent que pour la vague 2022" in design
    assert "410 pour les acteurs communaux et 1 800 pour le grand public" in design
    assert said["new_wave_conclusion_statement"].startswith("Cette version s'appuie aussi sur "
                                                            "la vague 2025")
    assert "entre les vagues …" in said["new_wave_conclusion_statement"]


def test_a_design_sheet_says_what_is_documented_and_what_is_not(tmp_path):
    """A ``design`` sheet in the workbook: its mode, dates and institute are said, the
    sponsor and frame said unknown; cells are text (escaped), dates in French."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "results"
    sheet = book.create_sheet("Design")
    sheet.append(["wave", "population", "mode", "fieldwork_start", "fieldwork_end",
                  "institute"])
    sheet.append(["2025", "communes", "telephone", datetime.date(2025, 3, 3), "2025-03-21",
                  "Institut <X>"])
    sheet.append(["2025", "grand_public", "online", "2025-03-03", "2025-03-21",
                  "Institut <X>"])
    path = tmp_path / "wave.xlsx"
    book.save(path)
    design = design_sheet.read_design(path)
    assert list(design["mode"]) == ["telephone", "online"]
    results = load_survey_results()
    said = {f.name: f.text.replace(NBSP, " ") for f in origin.origin_figures(
        WITH_FILE, pd.concat([results, results.assign(wave="2025")]), "2025", "", design)}
    text = said["design_gaps_statement"]
    assert text.startswith(
        "Pour la vague 2025, le fichier `synthetic_2025.csv` indique le mode de collecte (par "
        "téléphone pour les acteurs communaux et en ligne pour le grand public), les dates de "
        "collecte (du 3 mars 2025 au 21 mars 2025) et l'institut (Institut \\<X\\>), mais ne "
        "documente pas le commanditaire et la base de sondage : ces éléments restent inconnus")


def test_a_bad_design_sheet_is_an_error_naming_file_sheet_row_and_column(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.create_sheet("design")
    sheet.append(["wave", "méthode"])
    sheet.append(["", "x"])
    path = tmp_path / "wave.xlsx"
    book.save(path)
    with pytest.raises(DataError) as caught:
        design_sheet.read_design(path)
    message = str(caught.value)
    assert "wave.xlsx[design]" in message and "unknown column 'méthode'" in message
    assert "row without a wave" in message and "line 2" in message
    assert design_sheet.read_design(tmp_path / "x.csv").empty
