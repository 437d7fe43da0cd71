"""Levers sentences: shares with absent populations, ranks with ties, unlinked obstacles."""

from __future__ import annotations

import pandas as pd
import pytest

from digital_public_services.levers import sentences as ls
from digital_public_services.prose.typography import NBSP


def plain(text: str) -> str:
    return text.replace(NBSP, " ")


def _view(rows: list[tuple[str, str, str, float]], wave: str = "2026") -> pd.DataFrame:
    return pd.DataFrame([{"wave": wave, "population": p, "question_id": q, "item_id": i,
                          "pct": pct, "ci_low": pct - 5, "ci_high": pct + 5, "n_eff": 325.0}
                         for p, q, i, pct in rows])


def test_shares_clause_names_populations_not_asked():
    view = _view([("communes", "main_obstacles", "agent_training", 37.0)])
    text, n = ls.shares_clause(view, "main_obstacles", "agent_training",
                               ("communes", "departements"), "2026")
    assert n == 1
    assert plain(text) == ("37 % [32 ; 42] des acteurs communaux, la question n'ayant pas été "
                           "posée aux acteurs départementaux dans les données analysées")
    nothing, n = ls.shares_clause(view.iloc[0:0], "main_obstacles", "agent_training",
                                  ("communes",), "2026")
    assert n == 0 and nothing.startswith("aucune des populations interrogées")


@pytest.mark.parametrize(("lowest", "word"), [(95, "quasi unanime"), (80, "large"),
                                              (55, "majoritaire"), (40, "partagée")])
def test_qualifier(lowest, word):
    assert ls.qualifier(lowest) == word


def test_rank_text_with_ties_and_absence():
    view = _view([("communes", "main_obstacles", "equipment_cost", 57.0),
                  ("communes", "main_obstacles", "access_disparities", 56.0),
                  ("departements", "main_obstacles", "access_disparities", 65.0),
                  ("departements", "main_obstacles", "equipment_cost", 16.0)])
    items = pd.DataFrame({"question_id": "main_obstacles",
                          "item_id": ["equipment_cost", "access_disparities"],
                          "label_fr": ["le coût des équipements", "l'accès inégal"],
                          "wording": ["Coût", "Accès"]})
    close = plain(ls.rank_text(view, items, "main_obstacles", "access_disparities",
                               "communes", "2026", 0.95))
    assert close.startswith("dans le groupe de tête, au coude-à-coude avec le coût des "
                            "équipements, par les acteurs communaux")
    assert plain(ls.rank_text(view, items, "main_obstacles", "access_disparities",
                              "departements", "2026", 0.95)).startswith(
        "en tête par les acteurs départementaux (65 %")
    assert plain(ls.rank_text(view, items, "main_obstacles", "equipment_cost", "departements",
                              "2026", 0.95)).startswith("derrière l'accès inégal par")
    assert "n'ont pas répondu" in ls.rank_text(view, items, "main_obstacles",
                                                "access_disparities", "grand_public", "2026",
                                                0.95)


def test_obstacle_levers_text_says_none_one_or_several():
    labels = pd.Series({"levers.a": "Prédire", "levers.b": "Mesurer", "levers.c": "Aligner",
                        "levers.d": "Impulser"})
    links = pd.DataFrame({"lever_code": ["levers.b", "levers.c", "levers.a"],
                          "question_id": ["main_obstacles", "main_obstacles", "favourability"],
                          "item_id": ["equipment_cost", "equipment_cost", "equipment_cost"]})
    assert ls.obstacle_levers_text(links.iloc[2:], labels, "equipment_cost") == (
        "Aucun des quatre leviers ne traite ce frein")
    assert plain(ls.obstacle_levers_text(links.iloc[:1], labels, "equipment_cost")) == (
        "Le levier « Mesurer » y est relié")
    assert plain(ls.obstacle_levers_text(links, labels, "equipment_cost")) == (
        "Les leviers « Mesurer » et « Aligner » y sont reliés")
