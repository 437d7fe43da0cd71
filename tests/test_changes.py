"""What changed between two builds: moved values, intervals, French rendering."""

from __future__ import annotations

import json

import pytest

from digital_public_services import changes
from digital_public_services.frformat import NBSP


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


def test_markdown_is_french_and_names_every_change():
    text = changes.changes_markdown(changes.compare_values(OLD, NEW))
    assert text.startswith("4 valeur(s) citée(s) ont changé")
    assert "dont 1 au-delà" in text
    assert f"précédent{NBSP}?" in text
    for key in ("survey.inside", "survey.outside", "survey.fresh", "survey.gone"):
        assert f"`{key}`" in text
    assert "| 58 % | 70 % | oui |" in text and "| 58 % | 62 % | non |" in text
    assert "sans intervalle" in text and "nouvelle" in text and "supprimée" in text


def test_nothing_moved_gives_one_sentence():
    text = changes.changes_markdown(changes.compare_values(OLD, OLD))
    assert text.startswith("Aucun nombre cité") and "|" not in text


def test_pipes_in_text_do_not_break_the_table():
    table = changes.compare_values({"k.a": entry("a|b")}, {"k.a": entry("c")})
    assert "a\\|b" in changes.changes_markdown(table)


def test_compare_builds_reads_two_values_files(tmp_path):
    old, new = tmp_path / "old_values.json", tmp_path / "new_values.json"
    old.write_text(json.dumps(OLD), encoding="utf-8")
    new.write_text(json.dumps(NEW), encoding="utf-8")
    assert changes.compare_builds(old, new).equals(changes.compare_values(OLD, NEW))


@pytest.mark.parametrize("value", [float("nan"), None, True])
def test_non_numbers_have_no_delta(value):
    table = changes.compare_values({"k.a": entry(1, "1")}, {"k.a": entry(value, "x")})
    assert table["delta"].isna()[0]
