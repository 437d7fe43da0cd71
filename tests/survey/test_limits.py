"""Sentences on who answered, how, and which proposals divide them (survey_limits), and the
adjusted intervals that make Fig. « écarts » say what the corrected test says."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from digital_public_services.inputs.loaders import (
    load_survey_design,
    load_survey_respondent_roles,
    load_survey_results,
)
from digital_public_services.survey import estimates as survey
from digital_public_services.survey import limits as sl
from tests.survey.test_sentences import ITEMS, PAIRS, estimates_of, plain

DESIGN = load_survey_design()
ROLES = load_survey_respondent_roles()


@pytest.fixture(scope="module")
def shipped() -> pd.DataFrame:
    return estimates_of(load_survey_results())


def proposals_of(estimates: pd.DataFrame) -> pd.DataFrame:
    return estimates[estimates["question_id"] == "favourability"]


def gaps_of(estimates: pd.DataFrame) -> pd.DataFrame:
    return survey.compare_at_focus(proposals_of(estimates), PAIRS, "2022")


def with_share(results: pd.DataFrame, population: str, item: str, pct: float) -> pd.DataFrame:
    """The shipped table with one share changed (the check the brief asks for)."""
    out = results.copy()
    out.loc[(out["population"] == population) & (out["item_id"] == item), "pct"] = pct
    return out


# ------------------------------------------------------------------ adjusted intervals

def test_adjusted_interval_excludes_zero_exactly_when_the_corrected_test_rejects(shipped):
    gaps = gaps_of(shipped)
    excludes = (gaps["adj_low"] > 0) | (gaps["adj_high"] < 0)
    assert (excludes == gaps["significant"]).all()
    assert (gaps["adj_low"] <= gaps["diff_low"] + 1e-9).all()  # never narrower than 95 %
    assert (gaps["adj_high"] >= gaps["diff_high"] - 1e-9).all()
    # the plain 95 % intervals of several hollow markers excluded zero (the misreading)
    plain_excludes = (gaps["diff_low"] > 0) | (gaps["diff_high"] < 0)
    assert (plain_excludes & ~gaps["significant"]).sum() > 0


@pytest.mark.parametrize("method", ["holm", "fdr_bh"])
def test_adjusted_levels_match_the_correction_on_random_gaps(method):
    rng = np.random.default_rng(7)
    rows = []
    for i in range(30):
        for population, base in (("a", 60), ("b", 900)):
            rows.append({"wave": "2022", "population": population, "question_id": "q",
                         "item_id": f"i{i}", "response": "yes", "pct": rng.uniform(5, 95),
                         "base": base})
    estimates = survey.add_intervals(pd.DataFrame(rows))
    gaps = survey.compare_populations(estimates, [("a", "b")], correction=method)
    excludes = (gaps["adj_low"] > 0) | (gaps["adj_high"] < 0)
    assert gaps["significant"].any() and not gaps["significant"].all()
    assert (excludes == gaps["significant"]).all()


def test_no_comparison_keeps_the_adjusted_columns():
    empty = survey.compare_populations(estimates_of(load_survey_results()),
                                       [("communes", "nobody")])
    assert {"adj_low", "adj_high", "adj_level"} <= set(empty.columns)


# ------------------------------------------------------------------ samples and limits

def test_sample_statement_groups_the_samples_by_mode():
    text = plain(sl.sample_statement(DESIGN).text)
    assert text == ("Le volet quantitatif compte 325 acteurs communaux et 55 acteurs "
                    "départementaux, interrogés par téléphone ; 2 185 adultes, interrogés en "
                    "ligne : le plus grand échantillon est environ 40 fois plus nombreux que le "
                    "plus petit.")
    qualitative = DESIGN.assign(study="qualitative")
    assert "aucun échantillon quantitatif" in sl.sample_statement(qualitative).text


def test_roles_statement_counts_the_elected():
    text = plain(sl.roles_statement(ROLES, DESIGN).text)
    assert text == ("Sur les 55 acteurs départementaux, 35 sont des responsables du numérique ; "
                    "seuls 9 sont des élus.")
    none = plain(sl.roles_statement(ROLES.assign(elected=False), DESIGN).text)
    assert none.endswith("; aucun n'est élu.")
    most = ROLES.assign(elected=True)
    assert plain(sl.roles_statement(most, DESIGN).text) == (
        "Sur les 55 acteurs départementaux, 55 sont des élus.")
    fewer = ROLES[ROLES["role_fr"] != "responsables du numérique"]
    assert "ne détaille les fonctions que de 20 d'entre eux" in sl.roles_statement(
        fewer, DESIGN).text


def test_mode_statement_only_warns_when_modes_differ():
    text = plain(sl.mode_statement(DESIGN).text)
    assert "[@chang2009]" in text
    assert text.startswith("Les acteurs communaux et les acteurs départementaux ont répondu à "
                           "un enquêteur (par téléphone) ; le grand public a répondu seul "
                           "(en ligne). Or un enquêteur")
    public_by_phone = DESIGN.assign(mode=DESIGN["mode"].replace({"telephone": "online",
                                                                 "online": "telephone"}))
    assert plain(sl.mode_statement(public_by_phone).text).startswith(
        "Le grand public a répondu à un enquêteur (par téléphone) ; les acteurs communaux et "
        "les acteurs départementaux ont répondu seuls (en ligne).")
    same = DESIGN.assign(mode="online")
    assert plain(sl.mode_statement(same).text) == (
        "Toutes les populations ont répondu sans un enquêteur : leurs écarts ne tiennent pas à "
        "cette différence de mode.")


def test_high_agreement_statement(shipped):
    text = plain(sl.high_agreement_statement(proposals_of(shipped)).text)
    public = proposals_of(shipped).query("population == 'grand_public'")
    n_public = int((public["pct"] >= 90).sum())
    assert text.startswith("Sur 19 propositions, le nombre de celles qui recueillent au moins "
                           "90 % de favorables est de ")
    assert text.endswith(f"et {n_public} chez le grand public.")


# ------------------------------------------------------------------ dividing proposals

def test_divided_proposals_lead_with_the_lowest_support(shipped):
    proposals = proposals_of(shipped)
    table = sl.divided(proposals)
    assert list(table["item_id"]) == ["video_lessons", "homework_exams_online",
                                      "teleconsultation", "tablets_pupils"]
    text = plain(sl.divided_statement(proposals, ITEMS, "2022").text)
    assert text.startswith("Quatre propositions sur 19 partagent les répondants")
    assert ("Pour les cours en visioconférence, l'adhésion va de 44 % [39 ; 49] chez les "
            "acteurs communaux à 64 % [51 ; 75] chez les acteurs départementaux.") in text
    assert text.endswith(" Le constat vaut aussi pour l'équipement des élèves en tablettes.")
    assert text.count("Pour ") == 3  # three with their range, no sentence naming more


def test_divided_statement_follows_another_survey_file():
    """Teleconsultation at 71 % in the public (65 % shipped): no population is then below
    two thirds (communes 74 %, départements 89 %), so it leaves the list."""
    results = with_share(load_survey_results(), "grand_public", "teleconsultation", 71)
    proposals = proposals_of(estimates_of(results))
    table = sl.divided(proposals)
    assert "teleconsultation" not in set(table["item_id"])
    text = plain(sl.divided_statement(proposals, ITEMS, "2022").text)
    assert text.startswith("Trois propositions sur 19 partagent")
    assert "téléconsultation" not in text
    all_high = proposals.assign(pct=proposals["pct"].clip(lower=70))
    none = plain(sl.divided_statement(all_high, ITEMS, "2022").text)
    assert none.startswith("Aucune proposition ne partage vraiment les répondants")
    many = proposals.assign(pct=proposals["pct"].clip(upper=60))
    text = plain(sl.divided_statement(many, ITEMS, "2022").text)
    assert text.startswith("19 propositions sur 19") and "de plus sont dans ce cas" in text


def test_divided_gaps_statement_variants(shipped):
    proposals, gaps = proposals_of(shipped), gaps_of(shipped)
    assert plain(sl.divided_gaps_statement(proposals, gaps, ITEMS).text) == (
        "Parmi elles, seule la téléconsultation sépare un échelon territorial du grand public "
        "après correction pour comparaisons multiples.")
    none = gaps.assign(significant=False)
    assert "Sur aucune de ces propositions" in sl.divided_gaps_statement(proposals, none,
                                                                         ITEMS).text
    every = gaps.assign(significant=True)
    assert "Sur chacune de ces propositions" in sl.divided_gaps_statement(proposals, every,
                                                                          ITEMS).text


def test_sensitivity_statement_variants():
    frame = pd.DataFrame({"design_effect": [1.0, 1.5, 2.0], "comparisons": [38] * 3,
                          "significant": [13, 13, 12]})
    text = plain(sl.sensitivity_statement(frame, 1.5).text)
    assert text == ("Le nombre d'écarts significatifs après correction serait de 13 sur 38 "
                    "avec un effet de plan de 1 et de 12 avec un effet de 2, contre 13 avec la "
                    "valeur retenue : les conclusions dépendent à peine de cette hypothèse.")
    flat = frame.assign(significant=13)
    assert "ne change pas les conclusions" in sl.sensitivity_statement(flat, 1.5).text
    steep = frame.assign(significant=[20, 13, 4])
    assert "dépend de cette hypothèse" in sl.sensitivity_statement(steep, 1.5).text


def test_divided_clause_for_the_key_messages(shipped):
    proposals = proposals_of(shipped)
    assert plain(sl.divided_clause(proposals, ITEMS).text) == (
        "quatre propositions partagent les répondants, en tête les cours en visioconférence "
        "(de 44 à 64 %), les devoirs et examens en ligne (de 47 à 73 %) et la téléconsultation "
        "(de 65 à 89 %)")
    flat = plain(sl.divided_clause(proposals.assign(pct=proposals["pct"].clip(upper=60)),
                                   ITEMS).text)
    assert flat.startswith("19 propositions partagent") and "(60 %)" in flat
    one = proposals[proposals["item_id"].isin(["video_lessons", "train_teachers"])]
    assert plain(sl.divided_clause(one, ITEMS).text) == (
        "une seule proposition partage les répondants : les cours en visioconférence "
        "(de 44 à 64 %)")
    assert sl.divided_clause(proposals.assign(pct=90.0), ITEMS).text.startswith(
        "aucune proposition")
