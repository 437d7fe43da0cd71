"""How ties are worded: never « premier » or « d'abord » of items the data cannot separate."""

from __future__ import annotations

import pytest

from digital_public_services.prose.ranking import NOT_SEPARATED, leading, tie_words


def test_tie_words() -> None:
    assert tie_words([57]) == ""
    assert tie_words([53, 53]) == "à égalité"
    assert tie_words([57, 56]) == "au coude-à-coude"
    assert tie_words([65, 47, 45]) == NOT_SEPARATED


def test_leading_names_one_item_plainly_and_several_as_a_tie() -> None:
    assert leading(["le coût"], [57], ["57 %"]) == "le coût (57 %)"
    assert leading(["le coût", "l'accès"], [57, 56], ["57 %", "56 %"]) == (
        "au coude-à-coude le coût (57 %) et l'accès (56 %)")
    assert leading(["l'accès", "la coordination"], [65, 47], ["65 %", "47 %"]) == (
        f"l'accès (65 %) et la coordination (47 %), {NOT_SEPARATED}")
    with pytest.raises(ValueError):
        leading([], [], [])
