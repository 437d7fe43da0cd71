"""French variants of data-dependent sentences: every form each helper can produce."""

from __future__ import annotations

import pytest

from digital_public_services.prose import phrasing
from digital_public_services.prose.typography import NBSP


@pytest.mark.parametrize(("n", "noun", "expected"), [
    (0, phrasing.ECART, "aucun écart"),
    (1, phrasing.ECART, "un écart"),
    (2, phrasing.ECART, "2 écarts"),
    (0, phrasing.PROPOSITION, "aucune proposition"),
    (1, phrasing.PROPOSITION, "une proposition"),
    (12, phrasing.PROPOSITION, "12 propositions"),
    (2185, phrasing.QUESTION, "2\u202f185 questions"),
])
def test_count_agrees_with_number_and_gender(n, noun, expected):
    assert phrasing.count(n, noun) == expected


def test_count_without_zero_word_and_count_of():
    assert phrasing.count(0, phrasing.ECART, zero=False) == "0 écart"
    assert phrasing.count_of(0, 19, phrasing.ECART) == "aucun écart sur 19"
    assert phrasing.count_of(1, 19, phrasing.ECART) == "un écart sur 19"
    assert phrasing.count_of(12, 19, phrasing.ECART) == "12 écarts sur 19"


@pytest.mark.parametrize(("n", "expected"), [(0, "résiste"), (1, "résiste"), (2, "résistent")])
def test_agree_singular_for_zero_and_one(n, expected):
    assert phrasing.agree(n, "résiste", "résistent") == expected


def test_french_list():
    assert phrasing.french_list([]) == "aucune"
    assert phrasing.french_list([], empty="aucun") == "aucun"
    assert phrasing.french_list(["a"]) == "a"
    assert phrasing.french_list(["a", "b"]) == "a et b"
    assert phrasing.french_list(["a", "b", "c"]) == "a, b et c"


def test_not_measured_agrees():
    assert phrasing.not_measured("2026") == "non mesuré en 2026"
    assert phrasing.not_measured("2026", feminine=True, plural=True) == "non mesurées en 2026"
    assert phrasing.not_measured() == "non mesuré"


def test_wave_note_only_when_the_value_is_not_the_focus_wave():
    assert phrasing.wave_note("2026", "2026") == ""
    assert phrasing.wave_note("2022", "2026") == " en 2022, non mesuré en 2026"
    assert phrasing.wave_note("2022", "2026", feminine=True) == " en 2022, non mesurée en 2026"


def test_sentence_and_colon():
    assert phrasing.sentence(" aucun écart ne résiste ") == "Aucun écart ne résiste."
    assert phrasing.sentence("Fin.") == "Fin."
    assert phrasing.sentence("") == ""
    assert phrasing.colon("x") == f"{NBSP}: x"


@pytest.mark.parametrize(("n", "total", "expected"), [
    (0, 19, "aucun des 19 écarts ne reste significatif"),
    (0, 1, "le seul écart ne reste pas significatif"),
    (1, 19, "un écart sur 19 reste significatif"),
    (12, 19, "12 écarts sur 19 restent significatifs"),
])
def test_count_verb_every_variant(n, total, expected):
    got = phrasing.count_verb(n, total, phrasing.ECART, "reste significatif",
                              "restent significatifs")
    assert got == expected


def test_in_words_spells_small_counts():
    assert phrasing.in_words(2) == "deux"
    assert phrasing.in_words(1, feminine=True) == "une"
    assert phrasing.in_words(11) == "11"
    assert phrasing.count(4, phrasing.ECART, words=True) == "quatre écarts"


def test_count_verb_elides_ne_before_a_vowel():
    moved = ("est significative", "sont significatives")
    assert phrasing.count_verb(0, 43, phrasing.EVOLUTION, *moved) == (
        "aucune des 43 évolutions n'est significative")
    assert phrasing.count_verb(0, 1, phrasing.EVOLUTION, *moved) == (
        "la seule évolution n'est pas significative")
