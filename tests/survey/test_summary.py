"""Key figures quoted by the survey section: right numbers, French text, stable keys."""

from __future__ import annotations

import pytest

from digital_public_services.inputs.loaders import load_survey_items, load_survey_results
from digital_public_services.prose.typography import NBSP
from digital_public_services.survey import estimates as survey
from digital_public_services.survey import summary as survey_summary

PAIRS = [("communes", "grand_public"), ("departements", "grand_public")]


@pytest.fixture(scope="module")
def shipped():
    results = load_survey_results()
    estimates = survey.add_intervals(results, design_effect={"grand_public": 1.5})
    favourability = estimates[estimates["question_id"] == "favourability"]
    return estimates, favourability, survey.compare_populations(favourability, PAIRS)


def by_name(figures):
    return {f.name: f for f in figures}


def test_gap_counts_add_up_and_match_the_comparison(shipped):
    _, _, gaps = shipped
    figures = by_name(survey_summary.gap_figures(gaps, load_survey_items(), "communes",
                                                 "communes"))
    communes = gaps[gaps["population_a"] == "communes"]
    assert figures["gaps_communes_total"].value == len(communes) == 19
    assert figures["gaps_communes_significant"].value == communes["significant"].sum()
    assert (figures["gaps_communes_significant"].value
            + figures["gaps_communes_not_significant"].value) == 19
    largest = figures["gap_communes_largest"]
    assert largest.value == communes["diff"].abs().max()
    assert largest.low < largest.value < largest.high
    assert largest.text.startswith("+") and "points" in largest.text


def test_shares_are_quoted_the_french_way_with_their_interval(shipped):
    estimates, _, _ = shipped
    [local] = survey_summary.share_figure(estimates, "local", "communes_departements",
                                          "initiation_level", "local")
    assert local.value == 58
    assert local.text.startswith(f"58{NBSP}%") and f"{NBSP};{NBSP}" in local.text
    [absent] = survey_summary.share_figure(estimates, "x", "grand_public", "initiation_level",
                                           "local")
    assert absent.text == "n.d."


def test_every_proposal_the_sample_cannot_separate_from_the_top_is_named(shipped):
    _, favourability, _ = shipped
    figures = by_name(survey_summary.support_figures(favourability, load_survey_items(), 0.95))
    public = favourability[favourability["population"] == "grand_public"]
    ids = figures["public_top_items"].value.split(";")
    assert figures["public_top_count"].value == len(ids) > int(
        (public["pct"] == public["pct"].max()).sum())  # more than the exact ties
    assert set(public.loc[public["pct"] == public["pct"].max(), "item_id"]) <= set(ids)
    assert "la formation du personnel médical" in figures["public_top_items"].text  # short label
    assert figures["public_bottom_items"].value.split(";") == ["remote_lessons",
                                                               "remote_homework_exams"][::-1] \
        or len(figures["public_bottom_items"].value.split(";")) == 2


def test_missing_population_keeps_every_key(shipped):
    estimates, favourability, gaps = shipped
    items = load_survey_items()
    full = survey_summary.gap_figures(gaps, items, "departements", "departements")
    empty = survey_summary.gap_figures(gaps.iloc[:0], items, "departements", "departements")
    assert [f.name for f in full] == [f.name for f in empty]
    assert {f.text for f in empty} == {"n.d."}
    obstacles = estimates[estimates["question_id"] == "main_obstacles"]
    with_data = survey_summary.obstacle_figures(obstacles, gaps.iloc[:0], items, 0.95, "2022")
    without = survey_summary.obstacle_figures(obstacles.iloc[:0], gaps.iloc[:0], items, 0.95,
                                             "2022")
    shares = {f.name for f in with_data} - {f.name for f in without}
    assert shares and all(n.startswith(("obstacle_communes_", "obstacle_departements_"))
                          for n in shares)  # one share per item, only where answered
    assert {f.name for f in without} <= {f.name for f in with_data}


def test_method_figures_state_the_assumptions(shipped):
    estimates, _, _ = shipped
    figures = by_name(survey_summary.method_figures(
        estimates, confidence=0.95, design_effect_public=1.5, departements_population=None,
        correction="fdr_bh"))
    assert figures["n_public"].text == "2\u202f185"
    assert figures["n_eff_public"].value == pytest.approx(2185 / 1.5)
    assert figures["design_effect_public"].text == "1,5"
    assert figures["correction"].text == "de Benjamini-Hochberg"
    assert figures["fpc_statement"].text.startswith("sans")
    with_fpc = by_name(survey_summary.method_figures(
        estimates, confidence=0.9, design_effect_public=1.0, departements_population=101,
        correction="holm"))
    assert "101" in with_fpc["fpc_statement"].text and with_fpc["confidence"].text == f"90{NBSP}%"


def test_wave_statement_says_when_there_is_one_wave():
    [one] = survey_summary.wave_figures(None, None, ["2022"])
    assert "qu'une vague (2022)" in one.text
