"""The locator rules: a studied source is cited with the place its statement comes from."""

from __future__ import annotations

from pathlib import Path

import pytest

from digital_public_services.paper import locators

STUDIES = {"eppp2022pp7", "harris2022"}
HERE = Path("synthetic_section.qmd")


def _found(prose: str) -> list[tuple[int, str, str]]:
    return [(p.line, p.message, p.value) for p in locators.problems(HERE, prose, STUDIES)]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Voir [@eppp2022pp7, Encadré 3].", [("eppp2022pp7", True)]),
    ("Voir [@eppp2022pp7].", [("eppp2022pp7", False)]),
    ("Voir [voir @harris2022, « Volet qualitatif » ; @kish1965].",
     [("harris2022", True), ("kish1965", False)]),
    ("Comme @harris2022 [Méthodologie d'enquête] le montre.", [("harris2022", True)]),
    ("Comme @harris2022 le montre, et [-@eppp2022pp7, Tableau 1].",
     [("eppp2022pp7", True), ("harris2022", False)]),
    ("Voir la @fig-theme-tree.", [("fig-theme-tree", False)]),
])
def test_citations_tell_whether_each_has_a_locator(sentence, expected) -> None:
    assert sorted(locators.citations(sentence)) == sorted(expected)


def test_a_bare_citation_of_a_study_is_reported_with_its_line() -> None:
    prose = "Premier paragraphe.\n\nLe chiffre vient de l'enquête [@harris2022]. Autre phrase.\n"
    assert _found(prose) == [(3, "citation of a studied source without a locator", "harris2022")]


def test_other_references_need_no_locator() -> None:
    assert _found("La méthode suit Wilson [@wilson1927].\n") == []


def test_a_statement_naming_a_study_needs_a_located_citation() -> None:
    prose = ("Le policy paper relève un manque de compétences. "
             "Le policy paper relève aussi des résistances [@eppp2022pp7, Un fort besoin de "
             "conduite du changement].\n")
    found = _found(prose)
    assert len(found) == 1
    assert found[0][1] == "statement about a source with no locator"
    assert found[0][2].startswith("Le policy paper relève un manque")


def test_name_and_verb_must_share_a_clause() -> None:
    prose = ("Nous relions les items de l'enquête Harris Interactive\u00a0; chaque lien dit "
             "s'il appuie le levier.\n")
    assert _found(prose) == []
    assert len(_found("Le rapport, lui, dit le contraire\u00a0; voilà.\n")) == 1


def test_the_locator_must_be_for_the_named_study() -> None:
    prose = "Le rapport oppose deux populations [@eppp2022pp7, Encadré 3].\n"
    assert [m for _, m, _ in _found(prose)] == ["statement about a source with no locator"]


def test_headings_shortcodes_and_sentences_without_reporting_verbs_are_left_alone() -> None:
    prose = ("# Ce que le policy paper relève\n"
             "{{< embed ../build/notebooks/x.ipynb#fig-x >}}\n"
             "Le policy paper et l'enquête Harris Interactive, deux documents publics.\n")
    assert _found(prose) == []


def test_first_line_offsets_the_reported_line() -> None:
    problems = locators.problems(HERE, "Voir [@eppp2022pp7].\n", STUDIES, first_line=10)
    assert [p.line for p in problems] == [10]
