"""The tie rule: an item leads alone only when the sample separates it from the next."""

from __future__ import annotations

import pandas as pd

from digital_public_services.survey.ranking import followers, leaders, separable


def rows(shares: list[float], n: float = 325) -> pd.DataFrame:
    return pd.DataFrame({"item_id": [f"item{i}" for i in range(len(shares))],
                         "pct": shares, "n_eff": n})


def test_a_one_point_gap_in_a_sample_of_325_is_a_tie() -> None:
    lead = leaders(rows([57, 56, 37, 40]))
    assert sorted(lead["item_id"]) == ["item0", "item1"]


def test_a_clear_first_leads_alone() -> None:
    lead = leaders(rows([80, 20, 37, 40]))
    assert list(lead["item_id"]) == ["item0"]
    assert list(followers(rows([80, 20, 37, 40]))["item_id"]) == ["item3", "item2", "item1"]


def test_equal_shares_tie_whatever_the_sample() -> None:
    assert not separable({"pct": 50, "n_eff": 10_000}, {"pct": 50, "n_eff": 10_000})
    assert len(leaders(rows([50, 50, 10], n=10_000))) == 2


def test_the_same_gap_separates_in_a_large_sample_only() -> None:
    assert not separable({"pct": 65, "n_eff": 55}, {"pct": 47, "n_eff": 55})
    assert separable({"pct": 65, "n_eff": 2185}, {"pct": 47, "n_eff": 2185})


def test_overlap_forced_by_high_shares_narrows_the_difference() -> None:
    """88 % and 95 % of the same respondents overlap on at least 83 %: Fréchet's bound."""
    assert separable({"pct": 95, "n_eff": 1457}, {"pct": 88, "n_eff": 1457})


def test_the_lowest_items_are_found_the_same_way() -> None:
    last = leaders(rows([90, 49, 50, 70], n=1457), highest=False)
    assert sorted(last["item_id"]) == ["item1", "item2"]


def test_an_absent_population_has_no_leader() -> None:
    assert leaders(rows([])).empty
