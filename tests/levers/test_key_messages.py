"""« Messages clés »: each key message and each of its variants, from synthetic values."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from digital_public_services.levers import key_messages as km
from digital_public_services.prose.typography import NBSP

ROOT = Path(__file__).resolve().parents[2]


def entry(value, text=None) -> dict:
    return {"value": value, "text": str(value) if text is None else text}


def synthetic_values(**overrides) -> dict:
    """A complete set of synthetic values (made up for these tests), then ``overrides``;
    an override of ``None`` removes the key, as when a population was not surveyed."""
    values = {
        "context.n_timeline_entries": entry(21),
        "context.illectronisme_fr_2021": entry(15.4, f"15,4{NBSP}%"),
        "literature.n_articles": entry(7),
        "literature.articles_first_year": entry(2000),
        "literature.articles_last_year": entry(2013),
        "literature.n_claims_interviews_only": entry(2),
        "literature.claims_interviews_only": entry("x", "leadership, conflits d'acteurs"),
        "interviews.excerpts_limits": entry(24),
        "interviews.excerpts_practices": entry(10),
        "interviews.excerpts_levers": entry(14),
        "interviews.excerpts_total": entry(45),
        "interviews.pp7_interviews": entry(42),
        "survey.public_top": entry(90, f"90{NBSP}% [88{NBSP};{NBSP}91]"),
        "survey.public_top_count": entry(4),
        "survey.public_top_items": entry(4, "« A », « B », « C » et « D »"),
        "survey.public_bottom": entry(49, f"49{NBSP}% [46{NBSP};{NBSP}52]"),
        "survey.public_bottom_count": entry(1),
        "survey.public_bottom_items": entry(1, "« Z »"),
        "survey.gaps_communes_significant": entry(12),
        "survey.gaps_communes_total": entry(19),
        "survey.gaps_departements_significant": entry(1),
        "survey.gaps_departements_total": entry(19),
        "survey.n_communes": entry(325),
        "survey.n_departements": entry(55),
        "survey.obstacle_communes_top_item": entry("equipment_cost", "« Le coût »"),
        "survey.obstacle_communes_top": entry(57, f"57{NBSP}%"),
        "survey.obstacle_departements_top_item": entry("access", "« L'accès »"),
        "survey.obstacle_departements_top": entry(65, f"65{NBSP}%"),
        "survey.divided_clause": entry(0, "deux propositions partagent"),
        "levers.grade_a": entry("partiel", "partiel"),
        "levers.grade_b": entry("partiel", "partiel"),
        "levers.grade_c": entry("partiel", "partiel"),
        "levers.grade_d": entry("non étayé", "non étayé"),
        "levers.unlinked_equipment_cost_communes": entry(57, f"57{NBSP}%"),
    }
    for key, value in overrides.items():
        key = key.replace("__", ".")
        if value is None:
            values.pop(key, None)
        else:
            values[key] = value if isinstance(value, dict) else entry(value)
    return values


def text(make, **overrides) -> str:
    return make(synthetic_values(**overrides)).text


# --- context and literature -------------------------------------------------------------


def test_context_quotes_the_timeline_count_and_illiteracy():
    assert text(km.context) == (
        "Le Tableau 1 du policy paper recense 21 plans, programmes, fonds, institutions et "
        f"outils de numérisation de l'État, mais 15,4{NBSP}% des personnes de 15 ans ou plus "
        f"étaient en situation d'illectronisme en 2021 selon l'Insee{NBSP}: un service en "
        "ligne ne suffit pas à atteindre tout le public")


def test_context_without_illiteracy_does_not_claim_anyone_is_left_out():
    assert "ne suffit pas" not in text(km.context, context__illectronisme_fr_2021=0)


@pytest.mark.parametrize(("alone", "expected"), [
    (0, "chacune de ses affirmations trouve appui dans au moins une référence"),
    (1, "une de ses affirmations (leadership, conflits d'acteurs) ne repose sur aucune"),
    (2, "2 de ses affirmations (leadership, conflits d'acteurs) ne reposent sur aucune"),
])
def test_literature_counts_the_claims_without_reference(alone, expected):
    assert expected in text(km.literature, literature__n_claims_interviews_only=alone)


def test_literature_agrees_with_one_article_and_says_when_there_is_none():
    assert text(km.literature, literature__n_articles=1).startswith(
        "Le policy paper s'appuie sur un article de revue paru entre 2000 et 2013")
    assert "2 articles de revue parus en 2013" in text(
        km.literature, literature__n_articles=2, literature__articles_first_year=2013)
    assert text(km.literature, literature__n_articles=0).startswith(
        "Le policy paper ne cite aucun article de revue")


# --- interviews -------------------------------------------------------------------------


def test_interviews_name_the_most_illustrated_family_then_the_others_in_order():
    assert text(km.interviews).startswith(
        "Les extraits d'entretiens que publient les deux études illustrent d'abord les "
        "limites de la numérisation (24 sur 45), avant les leviers pour la réussir (14) et "
        "les changements de pratiques qu'elle apporte (10)")


def test_interviews_follow_the_data_when_another_family_leads():
    assert "d'abord les leviers pour la réussir (30 sur 45)" in text(
        km.interviews, interviews__excerpts_levers=30)


def test_interviews_say_when_families_are_tied():
    found = text(km.interviews, interviews__excerpts_levers=24)
    assert ("à égalité les limites de la numérisation et les leviers pour la réussir "
            "(24 chacun sur 45), avant les changements de pratiques") in found
    assert "d'abord" not in found


# --- survey -----------------------------------------------------------------------------


def test_survey_support_names_a_single_item_and_counts_tied_items():
    assert text(km.survey_support) == (
        f"La part du grand public favorable à une proposition va de 49{NBSP}% "
        f"[46{NBSP};{NBSP}52], pour « Z », à 90{NBSP}% [88{NBSP};{NBSP}91], pour "
        "4 propositions à égalité")
    one = text(km.survey_support, survey__public_top_count=1)
    assert one.endswith("pour « A », « B », « C » et « D »")


def test_survey_divided_leads_with_a_capital():
    found = text(km.survey_divided, survey__divided_clause="deux propositions partagent")
    assert found == "Deux propositions partagent"


def test_survey_support_when_every_proposal_has_the_same_support():
    assert "dans la même proportion" in text(km.survey_support, survey__public_bottom=90)


@pytest.mark.parametrize(("communes", "departements", "expected"), [
    (12, 1, "12 écarts sur 19 entre acteurs communaux et grand public restent significatifs, "
            "contre un sur 19 entre acteurs départementaux"),
    (1, 0, "un écart sur 19 entre acteurs communaux et grand public reste significatif, "
           "contre aucun"),
    (0, 3, "aucun des 19 écarts entre acteurs communaux et grand public ne reste "
           "significatif, contre 3"),
])
def test_survey_gaps_agree_with_their_counts(communes, departements, expected):
    assert expected in text(km.survey_gaps, survey__gaps_communes_significant=communes,
                            survey__gaps_departements_significant=departements)


def test_small_sample_remark_only_when_most_departement_gaps_are_not_significant():
    assert "la plupart des écarts départementaux" in text(km.survey_gaps)
    assert "la plupart" not in text(km.survey_gaps, survey__gaps_departements_significant=10)
    assert "la plupart" not in text(km.survey_gaps, survey__n_departements=400)


def test_survey_gaps_without_a_focus_wave_sample_size_drop_the_small_sample_remark():
    """A population absent from the focus wave has « n.d. » as its size there; its gaps come
    from an earlier wave, and the message makes no claim about that size."""
    found = text(km.survey_gaps, survey__n_departements=entry("n.d."))
    assert "entre acteurs départementaux et grand public" in found
    assert "la plupart" not in found


def test_survey_gaps_say_which_population_was_not_surveyed():
    found = text(km.survey_gaps, survey__gaps_departements_significant=None)
    assert found.endswith(f"{NBSP}; les acteurs départementaux n'ont pas été interrogés")
    found = text(km.survey_gaps, survey__gaps_communes_significant=None)
    assert found.endswith(f"{NBSP}; les acteurs communaux n'ont pas été interrogés")
    assert "entre acteurs départementaux et grand public" in found


def test_obstacles_different_same_and_one_population_absent():
    assert text(km.obstacles).startswith(f"Les freins diffèrent selon l'échelon{NBSP}:")
    same = text(km.obstacles, survey__obstacle_departements_top_item=entry("equipment_cost",
                                                                          "« Le coût »"))
    assert same.startswith("Acteurs communaux et départementaux placent le même frein en tête")
    assert same.endswith("« Le coût »")
    alone = text(km.obstacles, survey__obstacle_departements_top_item=None)
    assert alone == (f"Sur les freins, les acteurs départementaux n'ont pas été "
                     f"interrogés{NBSP}; les acteurs communaux citent d'abord, à 57{NBSP}%, "
                     "« Le coût »")


# --- levers -----------------------------------------------------------------------------


def test_levers_grades_and_the_first_obstacle_unanswered():
    assert text(km.levers) == (
        "Selon les seuls liens que font les sources, trois des quatre leviers du policy paper "
        f"sont étayés en partie et un n'est pas étayé{NBSP}; aucun ne répond au premier frein "
        f"des acteurs communaux, « Le coût », cité par 57{NBSP}% d'entre eux")


def test_levers_count_each_grade():
    solid = text(km.levers, levers__grade_a="solide")
    assert solid.startswith("Selon les seuls liens que font les sources, un des quatre leviers "
                            "du policy paper est solidement étayé, deux sont étayés en partie "
                            "et un n'est pas étayé")


def test_levers_say_when_a_lever_answers_the_first_obstacle():
    found = text(km.levers, levers__unlinked_equipment_cost_communes=None)
    assert found.endswith(
        "le premier frein des acteurs communaux, « Le coût », relève de l'un d'eux")


# --- the set ----------------------------------------------------------------------------


def test_five_to_seven_messages_none_ending_with_a_stop_or_a_parenthesis():
    messages = km.key_messages(synthetic_values())
    assert 5 <= len(messages) <= 7
    for message in messages.values():
        assert not message.text.endswith((".", ")")), message.text
        assert not re.search(r"[^\u00a0][:;?!]", message.text), message.text


def test_a_missing_value_is_named_and_only_its_message_is_left_out():
    values = synthetic_values(literature__n_articles=None)
    with pytest.raises(km.MissingValue, match="literature.n_articles"):
        km.literature(values)
    written = km.writable(values)
    assert "literature" not in written and "context" in written


def test_the_article_quotes_every_message_with_a_link_to_its_section():
    article = (ROOT / "report" / "index.qmd").read_text(encoding="utf-8")
    for name, message in km.key_messages(synthetic_values()).items():
        assert f"{{{{< meta v.key.{name} >}}}} (voir la @{message.section})." in article


def test_the_grade_words_cover_the_levers_grades() -> None:
    """``key_messages`` spells the grades without importing ``levers`` (a warm run reads it)."""
    from digital_public_services.levers import evidence as levers

    assert tuple(km.GRADE_WORDS) == levers.GRADES
