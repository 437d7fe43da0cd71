"""What changed between two builds: moved values, intervals, French rendering."""

from __future__ import annotations

import pytest

from digital_public_services.paper import changes
from digital_public_services.prose.typography import NBSP


def entry(value, text=None, low=None, high=None, description="synthetic value"):
    return {"value": value, "text": text if text is not None else str(value), "low": low,
            "high": high, "description": description}


OLD = {
    "survey.inside": entry(58, "58 %", 50, 65),
    "survey.outside": entry(58, "58 %", 50, 65),
    "survey.same": entry(12, "12 %", 10, 14),
    "survey.no_interval": entry(325, "325"),
    "survey.label": entry("élus", "élus"),
    "survey.gone": entry(3, "3"),
}
NEW = {
    "survey.inside": entry(62, "62 %", 55, 69),
    "survey.outside": entry(70, "70 %", 64, 76),
    "survey.same": entry(12, "12 %", 10, 14),
    "survey.no_interval": entry(400, "400"),
    "survey.label": entry("maires", "maires"),
    "survey.fresh": entry(1, "1"),
}


def test_every_moved_value_is_listed_once_and_unchanged_ones_are_not():
    table = changes.compare_values(OLD, NEW).set_index("key")
    assert "survey.same" not in table.index
    assert table["status"].to_dict() == {
        "survey.fresh": "added", "survey.gone": "removed", "survey.inside": "changed",
        "survey.label": "changed", "survey.no_interval": "changed", "survey.outside": "changed"}
    assert table.loc["survey.outside", "delta"] == 12
    assert (table.loc["survey.inside", "old_text"], table.loc["survey.inside", "new_text"]) == (
        "58 %", "62 %")


def test_change_is_judged_against_the_previous_interval():
    table = changes.compare_values(OLD, NEW).set_index("key")["exceeds_interval"]
    assert table.notna()["survey.inside"] and not table["survey.inside"]
    assert table["survey.outside"]
    for key in ("survey.no_interval", "survey.label", "survey.fresh", "survey.gone"):
        assert table.isna()[key]


def test_bound_of_the_interval_is_inside():
    old = {"k.a": entry(50.0, "50", 45.0, 55.0)}
    assert not changes.compare_values(old, {"k.a": entry(55.0, "55")})["exceeds_interval"][0]
    assert changes.compare_values(old, {"k.a": entry(55.5, "55,5")})["exceeds_interval"][0]


def test_text_only_change_is_listed():
    old, new = {"k.a": entry(0.5, "0,5")}, {"k.a": entry(0.5, "0,50")}
    table = changes.compare_values(old, new)
    assert table["key"].tolist() == ["k.a"] and table["delta"][0] == 0


AGAINST = "l'édition 0.1.0 du 2 décembre 2026"


def markdown(old, new, total=10):
    return changes.changes_markdown(changes.compare_values(old, new), total, AGAINST,
                                    "../build/changes.csv")


def test_markdown_is_french_and_groups_the_moves_by_section():
    old = {**OLD, "context.budget": entry(1.8, "1,8 Md€", description="budget du plan")}
    new = {**NEW, "context.budget": entry(2.0, "2 Md€", description="budget du plan")}
    text = markdown(old, new)
    assert text.startswith("Depuis l'édition 0.1.0 du 2 décembre 2026, 5 valeurs citées ont "
                           "changé, dont 1 au-delà de l'intervalle que cette édition publiait"
                           f"{NBSP}; une valeur est nouvelle{NBSP}; une valeur a été retirée.")
    lines = [line for line in text.splitlines() if line.startswith("- ")]
    assert lines == [f"- Contexte et historique{NBSP}: une valeur modifiée.",
                     "- Acteurs communaux, acteurs départementaux et grand public"
                     f"{NBSP}: 4 valeurs modifiées, une valeur nouvelle, une valeur retirée."]
    # the value-by-value detail is a linked table, not a list printed in the paper
    assert "[changes.csv](../build/changes.csv)" in text and "→" not in text
    assert "survey.same" not in text and "12 %" not in text


def test_summary_agrees_with_the_counts():
    one = changes.compare_values({"k.a": entry(1, "1")}, {"k.a": entry(2, "2")})
    assert changes.summary(one, 3, AGAINST) == (
        f"Depuis {AGAINST}, une valeur citée a changé, dont aucune au-delà de l'intervalle "
        "que cette édition publiait.")
    added = changes.compare_values({}, {"k.a": entry(1, "1"), "k.b": entry(2, "2")})
    assert changes.summary(added, 2, AGAINST) == (
        f"Depuis {AGAINST}, aucune valeur citée n'a changé{NBSP}; 2 valeurs sont nouvelles.")


def test_nothing_moved_gives_one_sentence():
    text = markdown(OLD, OLD, total=6)
    assert text == f"Aucune des 6 valeurs citées dans le texte n'a changé depuis {AGAINST}.\n"


def test_unknown_namespace_gets_its_own_group():
    text = markdown({}, {"extra.a": entry(1, "1")}, total=1)
    assert f"- Autres valeurs (extra){NBSP}: une valeur nouvelle." in text


def test_csv_lists_every_moved_value_with_its_key():
    import io

    import pandas as pd

    table = pd.read_csv(io.StringIO(changes.changes_csv(changes.compare_values(OLD, NEW))))
    assert table["key"].tolist() == sorted(set(OLD) ^ set(NEW) | {
        "survey.inside", "survey.outside", "survey.no_interval", "survey.label"})
    assert list(table.columns) == changes.COLUMNS


@pytest.mark.parametrize("value", [float("nan"), None, True])
def test_non_numbers_have_no_delta(value):
    table = changes.compare_values({"k.a": entry(1, "1")}, {"k.a": entry(value, "x")})
    assert table["delta"].isna()[0]
