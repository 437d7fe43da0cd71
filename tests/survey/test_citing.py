"""Citations of survey values follow the rows quoted (issue 27): the report's shares cite the
report with the question's locator, a user's file is cited by its name and wave."""

from __future__ import annotations

import pandas as pd

from digital_public_services.inputs.loaders import (
    load_sources,
    load_survey_questions,
    load_survey_results,
)
from digital_public_services.survey import citing

QUESTIONS = load_survey_questions()
SOURCES = load_sources()


def obstacles():
    results = load_survey_results()
    return results[results["question_id"] == "main_obstacles"]


def test_published_rows_cite_the_report_with_the_question_locator():
    assert citing.citation(obstacles(), QUESTIONS, SOURCES) == \
        "[@harris2022, tableau des freins]"


def test_rows_of_a_users_file_cite_the_file_and_wave_not_the_report():
    rows = obstacles().assign(wave="2025", source_id="enquete_2025.csv")
    text = citing.citation(rows, QUESTIONS, SOURCES)
    assert text == "(fichier `enquete_2025.csv`, vague 2025)"
    assert "@harris2022" not in text


def test_mixed_rows_cite_each_source_and_an_empty_selection_cites_nothing():
    rows = obstacles()
    mixed = rows.copy()
    mixed.loc[mixed["population"] == "communes", ["wave", "source_id"]] = ["2025", "new.csv"]
    text = citing.citation(mixed, QUESTIONS, SOURCES)
    assert text == "[@harris2022, tableau des freins] (fichier `new.csv`, vague 2025)"
    assert citing.citation(rows.iloc[:0], QUESTIONS, SOURCES) == ""
    figure = citing.cite_figure("obstacles_cite", mixed, QUESTIONS, SOURCES, "test")
    assert (figure.value, figure.source) == (2, "harris2022;new.csv")


def test_a_new_wave_that_names_the_report_is_still_cited_by_its_file():
    """A 2025 wave cannot come from a 2022 report, whatever its rows say."""
    rows = obstacles().assign(wave="2025")  # source_id still « harris2022 »
    origin = pd.DataFrame({"wave": ["2022", "2025"], "file": ["survey_results.csv", "x.xlsx"],
                           "sha256": ["a" * 64, "b" * 64], "published": [True, False]})
    assert citing.citation(rows, QUESTIONS, SOURCES, origin) == \
        "(fichier `x.xlsx`, vague 2025)"
    shipped = obstacles()
    assert citing.citation(shipped, QUESTIONS, SOURCES, origin) == \
        "[@harris2022, tableau des freins]"
