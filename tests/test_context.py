"""Policy context tables: periods, French figures, amounts, timeline and comparisons."""

from __future__ import annotations

import pandas as pd
import pytest

from digital_public_services import context, loaders
from digital_public_services.errors import DataError
from digital_public_services.frformat import NBSP, NNBSP

SYNTHETIC_FUNDING = pd.DataFrame({
    "funding_id": ["a", "b", "c", "d"],
    "name": ["Fonds A", "Plan B", "Fonds A", "Plan C"],
    "kind": ["amount", "amount", "ratio", "amount"],
    "value": [2.5, 300.0, 3.0, 40.0],
    "unit": ["mds euros", "m euros", "fois le montant de 2020", "millions d'euros"],
    "value_text": ["2,5 mds euros", "300 m euros", "trois fois", "40 millions d'euros"],
    "period": ["2010/2012", "2005", "2021", None],
    "sector": ["sante"] * 4,
    "source_id": ["pp7"] * 4,
})


def test_period_years_and_label():
    assert context.period_years("2018/2022") == (2018, 2022)
    assert context.period_years("2022-10-14") == (2022, 2022)
    assert context.period_years(None) == (None, None)
    assert context.period_label("2018/2022") == "2018-2022"
    assert context.period_label("2021") == "2021"
    assert context.period_label(None) == "année non précisée"


def test_value_text_keeps_the_source_unit_and_writes_french():
    assert context.value_text(3.7, "milliards d'euros") == f"3,7{NBSP}milliards d'euros"
    assert context.value_text(9, "rank") == "9e"
    assert context.value_text(1, "rank") == "1er"
    assert context.value_text(87.1, "% of internet users") == f"87,1{NBSP}% des internautes"
    assert context.value_text(7000, "advisers", "about") == f"environ 7{NNBSP}000{NBSP}conseillers"
    with pytest.raises(KeyError, match="UNIT_FR"):
        context.value_text(1, "furlongs")


def test_short_text_for_prose():
    assert context.short_text(17, "% of the population aged 15+") == f"17{NBSP}%"
    assert context.short_text(0.8832, "index 0-1") == "0,8832"
    assert context.short_text(19, "rank") == "19e"


def test_amounts_scale_the_prefix_only_and_sort_by_period():
    money = context.amounts(SYNTHETIC_FUNDING)
    assert list(money["funding_id"]) == ["b", "a", "d"]  # ratio left out, undated last
    assert money.set_index("funding_id")["euros"].to_dict() == {"b": 3e8, "a": 2.5e9, "d": 4e7}
    assert money.set_index("funding_id")["amount_text"].to_dict() == {
        "b": f"300{NBSP}M€", "a": f"2,5{NBSP}Md€", "d": f"40{NBSP}M€"}  # one style


def test_amounts_refuse_an_unknown_unit():
    bad = SYNTHETIC_FUNDING.assign(unit=["mds euros", "kilo-euros", "x", "m euros"])
    with pytest.raises(DataError) as err:
        context.amounts(bad)
    assert err.value.first.value == "kilo-euros"
    assert err.value.first.field == "unit"


def test_figure_text_writes_amounts_in_one_style_and_keeps_other_figures_worded():
    rows = SYNTHETIC_FUNDING.set_index("funding_id")
    assert context.figure_text(rows.loc["a"]) == f"2,5{NBSP}Md€"
    assert context.figure_text(rows.loc["c"]) == "trois fois"


def test_timeline_attaches_the_budget():
    entries = pd.DataFrame({
        "item_id": ["x", "y", "z"],
        "period": ["2004-2007", "2004-2007", "2019-"],
        "period_start": [2004, 2004, 2019],
        "period_end": pd.array([2007, 2007, None], dtype="Int64"),
        "period_theme_fr": ["T1", "T1", "T3"],
        "table_row": [1, 1, 2],
        "name": ["Fonds A", "Plan X", "Agence"],
        "detail": [None, "10 mesures", None],
        "year_stated": pd.array([None, 2005, None], dtype="Int64"),
        "funding_id": ["a", None, None],
        "source_section": ["Tableau 1 (column 2004-2007, row 1)", "Tableau 1 (column 2004-2007)",
                           "Contexte ; Encadré 2 (Plan)"],
    })
    out = context.timeline(entries, SYNTHETIC_FUNDING)
    assert out.loc[0, "entry"] == f"Fonds A – 2,5{NBSP}Md€"
    assert out.loc[1, "entry"] == "Plan X (2005), 10 mesures"
    assert out.loc[2, "entry"] == "Agence [encadré 2]"  # not in Tableau 1: says where from
    cells = context.timeline_cells(out)
    assert len(cells) == 2
    assert cells.loc[0, "text"].count("\n") >= 1


def test_printed_in_names_the_boxes_of_an_entry_outside_tableau_1():
    assert context.printed_in("Tableau 1 (column 2019-, row 4)") == "Tableau 1"
    assert context.printed_in("Encadré 1 (Stratégie)") == "encadré 1"
    assert context.printed_in("Contexte ; Encadré 1 ; Encadré 2") == "encadrés 1 et 2"


def test_comparison_table_pairs_france_with_the_reference_group():
    rows = pd.DataFrame({
        "indicator_id": ["i_fr", "i_eu", "c_fr", "r_fr"],
        "family": ["desi"] * 4,
        "indicator": ["Score", "Score", "Sub-score", "Rank"],
        "indicator_fr": ["Score", "Score", "Sous-score", "Rang"],
        "component_of": [None, None, "egdi", None],
        "geo": ["FR", "EU27", "FR", "FR"],
        "period": ["2021"] * 4,
        "value": [69.42, 74.63, 0.5, 11],
        "unit": ["score 0-100", "score 0-100", "index 0-1", "rank"],
        "qualifier": ["as_given"] * 4,
        "rank_out_of": pd.array([None, None, None, 33], dtype="Int64"),
        "caveat": [None, None, None, None],
        "source_id": ["s"] * 4,
    })
    table = context.comparison_table(rows, ("desi",), source_names={"s": "Source S"})
    assert list(table["Indicateur"]) == ["Score", "Rang"]
    assert table.loc[0, "France"] == f"69,42{NBSP}(score 0-100)"
    assert table.loc[0, "Point de comparaison"] == f"UE à 27 74,63{NBSP}(score 0-100)"
    assert table.loc[1, "France"] == "11e sur 33"
    assert table.loc[0, "Source"] == "Source S"
    assert len(context.comparison_table(rows, ("desi",), components=True)) == 3


def test_prose_values_quote_each_figure_with_amounts_in_one_style():
    funding = loaders.load_funding()
    indicators = loaders.load_context_indicators()
    timeline = loaders.load_policy_timeline()
    found = {v["name"]: v for v in context.prose_values(funding, indicators, timeline)}
    assert all(v["description"] for v in found.values())  # the appendix shows them
    assert set(funding["funding_id"]) | set(indicators["indicator_id"]) <= set(found)
    assert found["fir_2019"]["text"] == "3,7\u00a0Md€"
    assert found["ftap"]["text"] == "700\u00a0M€"
    assert found["n_timeline_entries"]["value"] == len(timeline)
    ranked = indicators[indicators["rank_out_of"].notna()]["indicator_id"]
    assert all(f"{i}_out_of" in found for i in ranked)
