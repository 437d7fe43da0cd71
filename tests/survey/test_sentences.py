"""The survey sentences in every variant the data can call for: one wave or several, a
population absent from the focus wave, none / one / several gaps, ties, close seconds."""

from __future__ import annotations

import pandas as pd
import pytest

from digital_public_services.inputs.loaders import load_survey_items, load_survey_results
from digital_public_services.prose.typography import NBSP
from digital_public_services.survey import estimates as survey
from digital_public_services.survey import sentences as ss
from digital_public_services.survey.estimates import add_intervals

PAIRS = [("communes", "grand_public"), ("departements", "grand_public")]
ITEMS = load_survey_items()


def plain(text: str) -> str:
    return text.replace(NBSP, " ").replace("\u202f", " ")


def estimates_of(results: pd.DataFrame) -> pd.DataFrame:
    return survey.add_intervals(results, design_effect={"grand_public": 1.5})


@pytest.fixture(scope="module")
def shipped():
    return estimates_of(load_survey_results())


@pytest.fixture(scope="module")
def new_wave_without_departements():
    """Synthetic: the shipped table plus a 2026 wave without département rows."""
    results = load_survey_results()
    later = results[~results["population"].isin(["departements", "communes_departements"])]
    later = later.assign(wave="2026")
    later["pct"] = (later["pct"] - 3).clip(lower=0)
    both = pd.concat([results, later], ignore_index=True)
    return both, estimates_of(both)


def gaps_at(estimates: pd.DataFrame, focus: str) -> pd.DataFrame:
    return survey.compare_at_focus(estimates[estimates["question_id"] == "favourability"],
                                   PAIRS, focus)


def test_data_statement_says_nothing_with_one_wave(shipped):
    """One wave: no sentence about waves at all (nothing to compare, nothing to announce)."""
    assert ss.data_statement(shipped, ITEMS, "2022").text == ""


def test_data_statement_names_the_population_missing_from_the_focus_wave(
        new_wave_without_departements):
    results, _ = new_wave_without_departements
    text = plain(ss.data_statement(results, ITEMS, "2026").text)
    assert "comptent 2 vagues (2022 et 2026)" in text and "vague 2026" in text
    assert text.endswith("Les acteurs départementaux n'ont pas été interrogés en 2026.")
    assert "communaux et départementaux n'ont" not in text  # a reporting group, not surveyed


def test_share_text_says_when_a_value_is_not_from_the_focus_wave():
    row = {"pct": 47.0, "ci_low": 40.0, "ci_high": 54.0, "wave": "2022"}
    assert plain(ss.share_text(row, "2022")) == "47 % [40 ; 54]"
    assert plain(ss.share_text(row, "2026")) == "47 % [40 ; 54] en 2022, non mesuré en 2026"
    assert plain(ss.share_text(row, "2026", "des acteurs départementaux")) == (
        "47 % [40 ; 54] des acteurs départementaux (en 2022, non mesuré en 2026)")


def test_gap_statements_for_the_shipped_survey(shipped):
    gaps = gaps_at(shipped, "2022")
    communes = plain(ss.gap_statement(gaps, ITEMS, "communes", "communes", "2022").text)
    n = int(gaps.loc[gaps["population_a"] == "communes", "significant"].sum())
    assert communes.startswith(f"Entre acteurs communaux et grand public, {n} écarts sur 19 "
                               "restent significatifs après correction.")
    departements = plain(ss.gap_statement(gaps, ITEMS, "departements", "departements",
                                          "2022").text)
    assert "un écart sur 19 reste significatif après correction : la téléconsultation." \
        in departements
    # quoted with its interval adjusted for the 38 comparisons, as the figure draws it
    row = gaps[(gaps["population_a"] == "departements")
               & (gaps["item_id"] == "teleconsultation")].iloc[0]
    assert row["adj_low"] < row["diff_low"] and row["adj_high"] > row["diff_high"]
    assert f"(+24 points [{row['adj_low']:.0f} ; {row['adj_high']:.0f}])" in departements
    assert "Les 18 autres écarts ne permettent pas" in departements
    assert "sur une proposition, sans que l'écart soit significatif." in departements
    assert "C'est aussi l'écart le plus large (+24 points" in departements


def _gaps(diffs: list[float], significant: list[bool]) -> pd.DataFrame:
    n = len(diffs)
    return pd.DataFrame({
        "wave": "2022", "question_id": "favourability",
        "item_id": [f"item_{i}" for i in range(n)], "response": "favorable",
        "population_a": "communes", "population_b": "grand_public",
        "diff": diffs, "diff_low": [d - 5 for d in diffs], "diff_high": [d + 5 for d in diffs],
        "significant": significant})


@pytest.mark.parametrize(("significant", "start", "other", "public"), [
    ([False, False], "aucun des 2 écarts ne reste significatif", None,
     "sans que l'écart soit significatif"),  # said once
    ([True, False], "un écart sur 2 reste significatif", "L'autre écart ne permet pas",
     "sans que l'écart soit significatif"),
    ([True, True], "2 écarts sur 2 restent significatifs", None, "avec un écart significatif"),
])
def test_gap_statement_none_one_several(significant, start, other, public):
    text = plain(ss.gap_statement(_gaps([10.0, -4.0], significant), ITEMS, "communes",
                                  "communes", "2022").text)
    assert text.startswith(f"Entre acteurs communaux et grand public, {start}")
    assert (other in text) if other else ("autre" not in text and "Aucun ne" not in text)
    assert f"sur une proposition, {public}." in text


def test_gap_statement_when_the_population_was_never_compared():
    text = plain(ss.gap_statement(_gaps([], []), ITEMS, "departements", "departements",
                                  "2022").text)
    assert text.startswith("Les acteurs départementaux et le grand public n'ont répondu "
                           "ensemble à aucune proposition")


def test_gaps_of_an_absent_population_come_from_the_last_common_wave(
        new_wave_without_departements):
    _, estimates = new_wave_without_departements
    gaps = gaps_at(estimates, "2026")
    assert set(gaps.loc[gaps["population_a"] == "departements", "wave"]) == {"2022"}
    assert set(gaps.loc[gaps["population_a"] == "communes", "wave"]) == {"2026"}
    text = plain(ss.gap_statement(gaps, ITEMS, "departements", "departements", "2026").text)
    assert text.startswith("Entre acteurs départementaux et grand public en 2022, dernière "
                           "vague où les acteurs départementaux ont été interrogés,")
    assert "non mesuré" not in text  # the sentence is dated once, as a whole
    # The count of gaps compares the two levels within one wave (2022), never 2026 communes
    # with 2022 départements; each 2022 comparison keeps the correction family of 2022.
    every = survey.compare_populations(
        estimates[estimates["question_id"] == "favourability"], PAIRS)
    comparison = plain(ss.gaps_comparison_statement(every, "2026").text)
    assert comparison.startswith("En 2022, dernière vague où les deux échelons ont été "
                                 "interrogés, face au grand public,")
    shipped_gaps = survey.compare_populations(
        estimates_of(load_survey_results()).query("question_id == 'favourability'"), PAIRS)
    assert comparison == plain(ss.gaps_comparison_statement(shipped_gaps, "2022").text
                               ).replace("Face", "En 2022, dernière vague où les deux "
                                         "échelons ont été interrogés, face")
    older = gaps[gaps["wave"] == "2022"].set_index(["population_a", "item_id"])["p_adjusted"]
    before = shipped_gaps.set_index(["population_a", "item_id"])["p_adjusted"]
    assert older.to_dict() == before.loc[older.index].to_dict()


def test_gaps_comparison_variants():
    one = _gaps([10.0], [True])
    text = plain(ss.gaps_comparison_statement(one, "2022").text)
    assert text.startswith("Seuls les acteurs communaux peuvent être comparés")
    both = pd.concat([one, one.assign(population_a="departements")])
    assert "autant d'écarts" in ss.gaps_comparison_statement(both, "2022").text
    assert ss.gaps_comparison_statement(one.iloc[0:0], "2022").text.startswith("Aucune")


def _obstacles(communes: list[float], departements: list[float] | None) -> pd.DataFrame:
    rows = []
    for population, shares in (("communes", communes), ("departements", departements)):
        for item, pct in zip(["equipment_cost", "access_disparities"], shares or [],
                             strict=False):
            rows.append({"wave": "2022", "population": population,
                         "question_id": "main_obstacles", "item_id": item, "pct": pct,
                         "ci_low": pct - 5, "ci_high": pct + 5, "n_eff": 325.0,
                         "max_answers": 2})
    return pd.DataFrame(rows)


def test_first_obstacle_tie_close_second_and_absent_population():
    """The tie rule: « d'abord » only for an obstacle the sample separates from the next."""
    tie = plain(ss.obstacle_top_statement(_obstacles([50, 50], [60, 20]), ITEMS, "2022",
                                          0.95).text)
    assert "Les acteurs communaux citent à égalité l'inégalité d'accès entre citoyens" in tie
    close = plain(ss.obstacle_top_statement(_obstacles([57, 56], [65, 20]), ITEMS, "2022",
                                            0.95).text)
    assert "citent au coude-à-coude le coût des équipements (57 %" in close
    assert "communaux citent d'abord" not in close and "premier" not in close
    assert "départementaux citent d'abord le coût des équipements (65 %" in close  # vs 20 %
    clear = plain(ss.obstacle_top_statement(_obstacles([80, 20], [65, 20]), ITEMS, "2022",
                                            0.95).text)
    assert "communaux citent d'abord le coût des équipements (80 %" in clear
    absent = plain(ss.obstacle_top_statement(_obstacles([80, 20], None), ITEMS, "2022",
                                             0.95).text)
    assert "les acteurs départementaux n'ont pas répondu à cette question" in absent


def test_obstacles_conclusion_compares_the_sets_that_share_the_lead():
    same = ss.obstacles_conclusion_statement(_obstacles([80, 20], [65, 20]), ITEMS, "2022",
                                             0.95)
    assert same.text.startswith("Les deux populations territoriales placent en tête le même")
    different = ss.obstacles_conclusion_statement(_obstacles([20, 80], [65, 20]), ITEMS,
                                                  "2022", 0.95)
    assert different.text.startswith("Les freins cités en tête diffèrent d'un échelon à l'autre")
    partly = ss.obstacles_conclusion_statement(_obstacles([57, 56], [20, 65]), ITEMS, "2022",
                                               0.95)
    assert plain(partly.text) == ("L'inégalité d'accès entre citoyens figure dans les deux "
                                  "groupes de tête ; les acteurs communaux y ajoutent le coût "
                                  "des équipements.")
    assert "%" not in partly.text  # named, not quoted again with the shares §5 gives
    alone = ss.obstacles_conclusion_statement(_obstacles([20, 80], None), ITEMS, "2022", 0.95)
    assert "ne peuvent être comparés" in alone.text


def test_obstacles_asked_statement_counts_answers_in_words(shipped):
    obstacles = shipped[shipped["question_id"] == "main_obstacles"]
    text = plain(ss.obstacles_asked_statement(obstacles, "2022").text)
    assert "pas au grand public ; chacun pouvait en citer deux." in text
    assert plain(ss.obstacles_asked_statement(obstacles.iloc[0:0], "2022").text) == (
        "La question des freins ne figure pas dans les données analysées.")


def test_support_statements(shipped):
    proposals = shipped[shipped["question_id"] == "favourability"]
    text = plain(ss.support_statement(add_intervals(proposals, 0.95, {"grand_public": 1.5}),
                                      ITEMS, "2022", 0.95).text)
    # seven proposals from 88 % to 90 % that 1 457 effective respondents cannot separate
    assert text.startswith("Le grand public soutient le plus sept propositions (de 88 % à 90 %)")
    assert "le moins les cours en visioconférence (49 %" in text
    none = ss.support_statement(proposals[proposals["population"] != "grand_public"], ITEMS,
                                "2022", 0.95)
    assert none.text.startswith("Le grand public n'a été interrogé sur aucune")
    ranged = plain(ss.support_range_statement(proposals, "2022").text)
    below = proposals.loc[proposals["pct"] < 50, "item_id"].nunique()
    assert below == 2 and "Deux propositions sur 19 restent sous la barre des 50 %" in ranged
    above = proposals.assign(pct=proposals["pct"].clip(lower=60))
    assert "Chacune des 19 propositions recueille une majorité" in plain(
        ss.support_range_statement(above, "2022").text)


def test_widest_intervals_and_initiation(shipped, new_wave_without_departements):
    proposals = shipped[shipped["question_id"] == "favourability"]
    assert "ceux des acteurs départementaux" in ss.widest_intervals_statement(proposals).text
    # the local share only: the source lists neither the other answers nor their split
    assert plain(ss.initiation_statement(shipped, ITEMS, "2022").text) == (
        "Sur le niveau auquel lancer les services publics numérisés, national ou local, "
        "58 % [53 ; 63] des acteurs communaux et départementaux choisissent le niveau local ; "
        "le rapport ne publie ni la liste des autres réponses proposées ni leur répartition. "
        "Le rapport ne disant pas comment les deux "
        "échantillons territoriaux ont été réunis pour cette question [@harris2022, tableau de "
        "l'initiative locale], l'intervalle, calculé sur leur somme, reste indicatif.")
    national = shipped[shipped["item_id"] == "local"].assign(item_id="national", pct=30.0)
    both = plain(ss.initiation_statement(pd.concat([shipped, national]), ITEMS, "2022").text)
    # an item the wording table lacks is named by its identifier, as code, with the note
    assert "le niveau local, contre 30 % pour `national` (libellé absent du fichier)." in both
    assert "restants" not in both
    apart = shipped[shipped["item_id"] == "local"].assign(population="communes")
    assert "reste indicatif" not in ss.initiation_statement(apart, ITEMS, "2022").text
    two = pd.concat([apart, apart.assign(population="departements", pct=60.0)])
    assert plain(ss.initiation_statement(two, ITEMS, "2022").text).startswith(
        "Sur le niveau auquel lancer les services publics numérisés, national ou local, "
        "58 % [53 ; 63] des acteurs communaux et 60 % [53 ; 63] des acteurs départementaux "
        "choisissent le niveau local ; le rapport ne publie ni la liste des autres réponses")
    _, estimates = new_wave_without_departements
    view = survey.at_focus(estimates, "2026")
    assert "(en 2022, non mesuré en 2026)" in ss.initiation_statement(view, ITEMS, "2026").text
    absent = view[view["question_id"] != "initiation_level"]
    assert "ne figure pas dans les données" in ss.initiation_statement(absent, ITEMS,
                                                                      "2026").text


def test_waves_limit_and_public_clause(shipped):
    assert ss.waves_limit_clause(["2022"]).text.startswith("l'enquête ne compte qu'une vague")
    assert ss.waves_limit_clause(["2022", "2026"]).text.startswith("les 2 vagues")
    clause = plain(ss.n_eff_public_clause(shipped, "2022", 1.5).text)
    assert clause == ("il ramène l'échantillon du public de 2 185 à une taille effective de "
                      "1 457 personnes")  # one wave: no wave to name
    no_public = shipped[shipped["population"] != "grand_public"]
    assert "n'étant pas interrogé en 2022" in ss.n_eff_public_clause(no_public, "2022", 1.5).text


def test_comparisons_statement_variants():
    assert ss.comparisons_statement(_gaps([1.0], [False]), "de Holm", "2022").text.startswith(
        "Nous menons une comparaison")
    assert ss.comparisons_statement(_gaps([1.0, 2.0], [False, True]), "de Holm", "2022").text \
        .startswith("Nous menons 2 comparaisons")
    assert ss.comparisons_statement(_gaps([], []), "de Holm", "2022").text.startswith("Aucune")
    two = pd.concat([_gaps([1.0, 2.0], [False, True]).assign(wave="2026"), _gaps([1.0], [True])])
    assert plain(ss.comparisons_statement(two, "de Holm", "2026").text).startswith(
        "Nous menons 2 comparaisons sur la vague 2026 et une sur la vague 2022 ;")


def test_older_populations_are_dated_in_sentences_of_their_own(new_wave_without_departements):
    """One wave per statement: ranges and counts quote 2026 only; the départements, absent
    from 2026, are given in a sentence that says their numbers are of 2022."""
    _, estimates = new_wave_without_departements
    view = survey.at_focus(estimates, "2026")
    proposals = view[view["question_id"] == "favourability"]
    now = survey.in_focus(proposals, "2026")
    ranges = plain(ss.support_range_statement(now, "2026").text)
    assert "départementaux" not in ranges and "2022" not in ranges
    older = plain(ss.older_proposals_statement(proposals, "2026").text)
    assert older.startswith("En 2022, dernière vague à les interroger, l'adhésion des acteurs "
                            "départementaux aux 19 propositions encore posées en 2026 allait de")
    assert ss.older_proposals_statement(now, "2026").text == ""
    obstacles = view[view["question_id"] == "main_obstacles"]
    tops = plain(ss.obstacle_top_statement(obstacles, ITEMS, "2026", 0.95).text)
    first, second = tops.split(". En 2022, ")
    assert first.startswith("En 2026, les acteurs communaux citent") and "2022" not in first
    assert second.startswith("dernière vague à les interroger, les acteurs départementaux "
                             "citaient") and "non mesuré" not in second
    assert "ne peuvent être comparés" in ss.obstacles_conclusion_statement(
        obstacles, ITEMS, "2026", 0.95).text


def test_an_item_dropped_from_the_focus_wave_is_said_dropped_and_drawn_for_no_one(
        new_wave_without_departements):
    results, _ = new_wave_without_departements
    dropped = results[~((results["wave"] == "2026") & (results["item_id"] == "electronic_voting"))]
    text = plain(ss.data_statement(dropped, ITEMS, "2026").text)
    assert "figurait dans la vague 2022 mais n'a pas été reposé en 2026" in text
    view = survey.at_focus(estimates_of(dropped), "2026")
    assert "electronic_voting" not in set(view["item_id"])  # not the départements' 2022 point alone
