"""Recommendations on two axes: what establishes the problem (for the populations addressed),
and what evaluates the remedy; a source's bias follows its evidence."""

from __future__ import annotations

import pandas as pd

from digital_public_services.inputs import loaders
from digital_public_services.levers import recommendations as rec
from digital_public_services.levers.recommendations import Recommendation, Survey

CONTEXT = {"illectronisme_fr_2021"}


def results(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["question_id", "item_id", "population"])


TRAINING = Recommendation(
    "training", "Collectivités", "Former",
    (Survey("main_obstacles", "agent_training", ("communes", "departements"), "formation"),),
    ("policy paper, compétences",), (), ())


def test_the_problem_counts_only_the_populations_the_recommendation_addresses() -> None:
    only_public = results([("main_obstacles", "agent_training", "grand_public")])
    row = rec.assess(TRAINING, only_public, CONTEXT)
    assert row["problem"] == "policy paper, compétences" and row["n_problem"] == 1
    both = results([("main_obstacles", "agent_training", "communes"),
                    ("main_obstacles", "agent_training", "departements")])
    row = rec.assess(TRAINING, both, CONTEXT)
    assert row["problem"].startswith("enquête, formation (acteurs communaux et acteurs "
                                     "départementaux)")
    assert row["n_problem"] == 2


def test_evidence_of_a_problem_is_never_evidence_that_the_remedy_works() -> None:
    row = rec.assess(TRAINING, results([("main_obstacles", "agent_training", "communes")]),
                     CONTEXT)
    assert row["effect"] == "effet non évalué" and row["n_evaluations"] == 0
    evaluated = Recommendation("x", "État", "X", (), ("Insee",), (), ("Évaluation 2024",))
    assert rec.assess(evaluated, results([]), CONTEXT)["effect"] == "Évaluation 2024"


def test_a_source_s_reserve_follows_its_evidence_only_when_used() -> None:
    equipment = next(r for r in rec.RECOMMENDATIONS if r.code == "equipment")
    measured = rec.assess(equipment, results([("main_obstacles", "equipment_cost", "communes")]),
                          CONTEXT)
    assert "Samsung" in measured["reserves"] and "3\u202f500" in measured["reserves"]
    absent = rec.assess(equipment, results([]), CONTEXT)
    assert "Samsung" not in absent["reserves"]
    assert absent["problem"] == "non établi dans les données analysées"


def test_documents_need_their_context_indicator_in_the_data() -> None:
    data = next(r for r in rec.RECOMMENDATIONS if r.code == "data")
    assert rec.assess(data, results([]), CONTEXT)["n_problem"] == 2
    assert rec.assess(data, results([]), set())["n_problem"] == 0


def test_shipped_recommendations_and_their_table() -> None:
    recs = rec.assess_all(loaders.load_survey_results(), loaders.load_context_indicators())
    assert list(recs["code"]) == [r.code for r in rec.RECOMMENDATIONS]
    assert (recs["effect"] == "effet non évalué").all()  # no source evaluates a remedy
    assert (recs["n_problem"] >= 1).all()
    training = recs.set_index("code").loc["training"]
    assert "personnel" not in training["problem"]  # hospital staff is not local agents
    shown = rec.shown_table(recs)
    assert list(shown.columns) == ["N°", "Destinataire", "Recommandation",
                                   "Le problème est établi par", "L'effet du remède",
                                   "Réserves"]
    assert list(shown["N°"]) == [f"R{i}" for i in range(1, len(recs) + 1)]
    values = {v["name"]: v for v in rec.prose_values(recs)}
    assert values["rec_equipment_problem"]["value"] == 1
    assert values["rec_access_evaluations"]["value"] == 0
