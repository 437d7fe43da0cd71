"""Policy context tables: periods, French figures, amounts, timeline and comparisons."""

from __future__ import annotations

import pandas as pd
import pytest

from digital_public_services.errors import DataError
from digital_public_services.inputs import loaders
from digital_public_services.literature import context
from digital_public_services.prose.typography import NBSP, NNBSP

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
        "source_id": ["pp7"] * 3,
    })
    out = context.timeline(entries, SYNTHETIC_FUNDING)
    assert out.loc[0, "entry"] == f"Fonds A – 2,5{NBSP}Md€"
    assert out.loc[1, "entry"] == "Plan X (2005), 10 mesures"
    assert out.loc[2, "entry"] == "Agence [encadré 2]"  # not in Tableau 1: says where from
    assert out.loc[1, "label"] == "Plan X (2005)"  # the figure: name and year only
    assert list(out["year"].isna()) == [True, False, True]
    assert not out["outside_period"].any()
    late = context.timeline(entries.assign(year_stated=pd.array([None, 2017, None],
                                                                dtype="Int64")),
                            SYNTHETIC_FUNDING)
    assert list(late["outside_period"]) == [False, True, False]  # 2017 is not in 2004-2007


def test_printed_in_names_the_boxes_of_an_entry_outside_tableau_1():
    assert context.printed_in("Tableau 1 (column 2019-, row 4)") == "Tableau 1"
    assert context.printed_in("Encadré 1 (Stratégie)") == "encadré 1"
    assert context.printed_in("Contexte ; Encadré 1 ; Encadré 2") == "encadrés 1 et 2"
    assert context.printed_in("Summary", "ccomptes2017_thd") == "ajout"


def test_comparison_table_pairs_france_with_the_reference_group():
    rows = pd.DataFrame({
        "indicator_id": ["i_fr", "i_eu", "c_fr", "r_fr", "o_fr"],
        "family": ["desi"] * 5,
        "indicator": ["Score", "Score", "Sub-score", "Score: rank", "Other"],
        "indicator_fr": ["Score", "Score", "Sous-score", "Score : rang", "Autre"],
        "component_of": [None, None, "egdi", None, None],
        "geo": ["FR", "EU27", "FR", "FR", "FR"],
        "period": ["2021"] * 5,
        "edition": [None] * 5,
        "value": [69.42, 74.63, 0.5, 11, 40.0],
        "unit": ["score 0-100", "score 0-100", "index 0-1", "rank", "%"],
        "qualifier": ["as_given"] * 5,
        "rank_out_of": pd.array([None, None, None, 33, None], dtype="Int64"),
        "caveat": ["Réserve A", "Réserve A", "Réserve B", None, "Réserve C"],
        "source_id": ["s"] * 5,
    })
    table = context.comparison_table(rows, ("desi",), source_names={"s": "Source S"})
    # the score and its rank share one row; the scale is named once, in the indicator
    assert list(table["Indicateur"]) == ["Score (score de 0 à 100)", "Autre"]
    assert table.loc[0, "France"] == f"69,42{NBSP}; 11e sur 33"
    assert table.loc[0, "Point de comparaison"] == "UE à 27 74,63"
    assert table.loc[1, "France"] == f"40{NBSP}%"
    assert table.loc[0, "Source"] == "Source S"
    assert "Réserve" not in table.columns  # a caveat is not repeated in every row
    assert context.table_caveats(rows, ("desi",)) == ["Réserve A", "Réserve C"]
    assert len(context.comparison_table(rows, ("desi",), components=True)) == 3


def test_context_tables_of_the_paper_stay_short_and_leave_out_the_blog():
    """Tables 3-4 ran over four pages with a caveat in every row and the unsigned blog's
    figures the text disowns."""
    indicators = loaders.load_context_indicators()
    international = context.comparison_table(indicators, context.INTERNATIONAL_FAMILIES)
    national = context.comparison_table(indicators, context.NATIONAL_FAMILIES)
    assert len(international) <= 14 and len(national) <= 14
    assert "Estonie" not in " ".join(international["Point de comparaison"])
    blog = set(indicators.loc[indicators["source_id"] == "blog_nd", "family"])
    assert not blog & set(context.INTERNATIONAL_FAMILIES + context.NATIONAL_FAMILIES)


def test_prose_values_quote_each_figure_with_amounts_in_one_style():
    funding = loaders.load_funding()
    indicators = loaders.load_context_indicators()
    timeline = loaders.load_policy_timeline()
    found = {v["name"]: v for v in context.prose_values(funding, indicators, timeline)}
    assert all(v["description"] for v in found.values())  # the appendix shows them
    assert set(funding["funding_id"]) | set(indicators["indicator_id"]) <= set(found)
    assert found["fir_2019"]["text"] == "3,7\u00a0Md€"
    assert found["ftap"]["text"] == "700\u00a0M€"
    in_table = timeline["source_section"].str.startswith("Tableau 1")
    assert found["n_timeline_entries"]["value"] == int(in_table.sum())  # Tableau 1 only
    assert found["n_added_entries"]["value"] == int((timeline["source_id"] != "pp7").sum())
    ranked = indicators[indicators["rank_out_of"].notna()]["indicator_id"]
    assert all(f"{i}_out_of" in found for i in ranked)


NAMES = pd.DataFrame({
    "item_id": ["a", "b", "c"],
    "name": ["Direction à la chose (DC)", "Outil Connect", "Agence"],
    "official_name": ["Direction de la chose publique (DC)", "OutilConnect", None],
    "official_source_id": ["s1", "s2", None],
    "period_start": [2008, 2008, 2019], "table_row": [3, 4, 2],
})


def test_official_names_keep_only_the_names_that_differ():
    table = context.official_names(NAMES, {"s1": "Source 1"})
    assert list(table["item_id"]) == ["a", "b"]
    assert table.loc[0, "Source du nom officiel"] == "Source 1"
    assert table.loc[1, "Source du nom officiel"] == "s2"


@pytest.mark.parametrize(("rows", "start"), [
    (slice(0, 0), "Les noms d'institutions et d'outils du Tableau 1 que nous avons vérifiés"),
    (slice(1, 2), "Un nom du Tableau 1 diffère du nom officiel"),
    (slice(0, 2), "Deux noms du Tableau 1 diffèrent du nom officiel. L'écart le plus net"),
])
def test_naming_statement_variants(rows, start):
    text = context.naming_statement(context.official_names(NAMES.iloc[rows]))
    assert text.startswith(start)
    if rows.stop > rows.start:
        assert f"le policy paper écrit «{NBSP}" in text and "le nom officiel est" in text
    if rows == slice(0, 2):  # the example is the name furthest from the official one
        assert "Direction à la chose" in text and "Outil Connect" not in text


def egdi(ranks: dict[int, int], scores: dict[int, float]) -> pd.DataFrame:
    ids = [f"egdi_rank_fr_{y}" for y in ranks] + [f"egdi_fr_{y}" for y in scores]
    return pd.DataFrame({"indicator_id": ids + ["egdi_dk_2022"],
                         "value": [*ranks.values(), *scores.values(), 0.97]})


CAUSES = ("tient à", "plus vite", "d'autres pays", "davantage", "relatif", "accompagne",
          "inchangé", "non à une baisse", "parce que")


@pytest.mark.parametrize(("ranks", "scores", "words"), [
    ({2016: 10, 2018: 9, 2020: 19, 2022: 19}, {2018: 0.879, 2020: 0.8718, 2022: 0.8832},
     ["10e en 2016, puis 9e en 2018, puis 19e en 2020 et en 2022",
      "0,8790 en 2018, 0,8718 en 2020 et 0,8832 en 2022"]),
    ({2018: 9, 2022: 19}, {2018: 0.80, 2022: 0.88}, ["9e en 2018, puis 19e en 2022"]),
    ({2018: 19, 2022: 9}, {2018: 0.88, 2022: 0.885}, ["19e en 2018, puis 9e en 2022"]),
    ({2022: 19}, {2022: 0.88}, ["classée 19e en 2022", "0,8800 en 2022"]),
    ({}, {}, ["ni le rang ni le score"]),
])
def test_egdi_statement_states_ranks_and_scores_without_a_cause(ranks, scores, words):
    text = context.egdi_statement(egdi(ranks, scores))
    for word in words:
        assert word in text, (word, text)
    assert not [c for c in CAUSES if c in text], text


def test_egdi_statement_on_the_data_gives_no_cause_for_the_fall_of_2020():
    """The old fixed rule read the fall of 2020 as other countries moving faster, though
    the score fell too (0,8790 then 0,8718) and no source gives a cause."""
    text = context.egdi_statement(loaders.load_context_indicators())
    assert "0,8790 en 2018, 0,8718 en 2020" in text
    assert not [c for c in CAUSES if c in text], text


def alt_entries(where: list[str], budgets: list[str | None]) -> pd.DataFrame:
    n = len(where)
    return pd.DataFrame({
        "period": ["2004-2007"] * n, "period_start": [2004] * n,
        "period_end": pd.array([2007] * n, dtype="Int64"),
        "printed_in": where, "shown_name": [f"Entrée {i}" for i in range(n)],
        "budget": budgets,
    })


def test_timeline_alt_counts_entries_by_origin_with_agreement():
    text = context.timeline_alt(alt_entries(["Tableau 1", "encadré 1", "ajout", "ajout"],
                                            [None, None, "2 Md€", None]))
    assert "une bande (2004-2007)" in text
    assert "une entrée du Tableau 1, une entrée tirée de ses encadrés et deux entrées " \
        "ajoutées d'après des sources consultées (Entrée 2 et Entrée 3)." in text
    dated = alt_entries(["Tableau 1", "ajout"], [None, None]).assign(
        year=pd.array([None, 2017], dtype="Int64"), outside_period=[False, True])
    text = context.timeline_alt(dated)
    assert f"Sans date, au début de leur période{NBSP}: Entrée 0." in text
    assert "ne contient pas leur année" in text and text.endswith(": Entrée 1.")


def test_timeline_alt_without_boxes_additions_or_budgets():
    text = context.timeline_alt(alt_entries(["Tableau 1", "Tableau 1"], [None, None]))
    assert "deux entrées du Tableau 1, aucune entrée tirée de ses encadrés et aucune " \
        "entrée ajoutée d'après des sources consultées." in text
    assert "Sans date" not in text


def test_funding_alt_gives_each_group_its_count_and_range():
    money = pd.DataFrame({"scope": ["numerique", "numerique", "sectoriel"],
                          "euros": [1e8, 2e9, 5e8], "name": ["A", "B", "C"],
                          "amount_text": ["100 M€", "2 Md€", "500 M€"]})
    labels = {"numerique": "Numérique", "transformation": "Transformation",
              "sectoriel": "Sectoriel"}
    text = context.funding_alt(money, labels)
    assert f"Numérique, deux montants{NBSP}: de 100 M€ (A) à 2 Md€ (B)" in text
    assert f"sectoriel, un montant{NBSP}: C, 500 M€" in text
    assert "Transformation" not in text and "transformation" not in text
    assert context.funding_alt(money.iloc[0:0], labels).endswith("aucun montant dans les données.")


def desi(fr: list[float], eu: list[float | None]) -> pd.DataFrame:
    ids, values = [], []
    for k, (f, e) in enumerate(zip(fr, eu, strict=True)):
        ids.append(f"x{k}_fr_2022")
        values.append(f)
        if e is not None:
            ids.append(f"x{k}_eu_2022")
            values.append(e)
    return pd.DataFrame({"indicator_id": ids, "value": values, "unit": "score 0-100"})


WORDS = {"x0_fr_2022": "l'offre A", "x1_fr_2022": "l'offre B"}


@pytest.mark.parametrize(("fr", "eu", "expected"), [
    ([60, 70], [70, 65], "se situe sous la moyenne de l'Union pour l'offre A (60 contre 70), "
                         "mais au-dessus pour l'offre B (70 contre 65)."),
    ([60, 61], [70, 65], "se situe sous la moyenne de l'Union pour l'offre A (60 contre 70) et "
                         "l'offre B (61 contre 65)."),
    ([80, 70], [70, None], "se situe au-dessus pour l'offre A (80 contre 70)."),
    ([70, 70], [70, None], "au niveau de la moyenne pour l'offre A"),
    ([70, 70], [None, None], "Les données ne donnent pas la moyenne de l'Union"),
])
def test_eu_comparison_statement_variants(fr, eu, expected):
    text = context.eu_comparison_statement(desi(fr, eu), WORDS, "l'indice X")
    assert expected in text, text


def test_eu_comparison_without_stop_is_a_sentence_to_cite():
    text = context.eu_comparison_statement(desi([60], [70]), WORDS, "l'indice X", stop=False)
    assert text.startswith("Dans l'indice X, la France") and text.endswith("(60 contre 70)")


@pytest.mark.parametrize(("n", "table", "added"), [
    (0, "aucune entrée", "aucune entrée ajoutée"),
    (1, "ne recense qu'une entrée", "une entrée que nous ajoutons d'après une source "
                                    "consultée (losange dans la figure)"),
    (4, "recense 4 plans", "quatre entrées que nous ajoutons d'après des sources consultées "
                           "(losanges dans la figure)"),
])
def test_table_and_added_statements_agree_with_their_count(n, table, added):
    assert table in context.table_statement(n)
    assert added in context.added_statement(n)
