"""Evidence profiles: each element says what it shows of a lever; the verdict is in words and
never a grade drawn from a count."""

from __future__ import annotations

import pandas as pd

from digital_public_services.inputs import loaders
from digital_public_services.levers import evidence, profiles
from digital_public_services.levers.evidence import load_lever_links
from digital_public_services.literature.bibliography import load_references


def links(rows: list[tuple[str, str, str, str, str]]) -> pd.DataFrame:
    """(lever, target type, source, relation, basis) rows."""
    return pd.DataFrame([{"lever_code": lever, "target_type": kind, "source_id": source,
                          "relation": relation, "basis": basis, "question_id": "q",
                          "item_id": "i"} for lever, kind, source, relation, basis in rows])


def verdict_of(rows) -> dict:
    table = links(rows)
    labels = pd.Series([f"élément {i}" for i in range(len(table))], index=table.index)
    found = profiles.profile(table, labels, pd.DataFrame({"question_id": ["q"],
                                                          "item_id": ["i"]}))
    return profiles.verdict(found)


def test_a_problem_stated_by_the_policy_paper_is_documented_whatever_the_excerpts() -> None:
    verdict = verdict_of([("levers.a", "theme", "pp7", "problem", "stated")])
    assert verdict["problem"] == "documenté par les entretiens du policy paper"
    assert verdict["mechanism"] == "non documenté dans les extraits publiés"
    assert verdict["effect"] == "non évalué"


def test_evidence_of_the_problem_or_of_the_idea_is_not_evidence_of_the_effect() -> None:
    verdict = verdict_of([("levers.a", "theme", "pp7", "problem", "stated"),
                          ("levers.a", "reference", "pp7", "idea", "stated"),
                          ("levers.a", "theme", "pp7", "mechanism", "inferred")])
    assert verdict["effect"] == "non évalué"
    assert verdict["idea"] == "appuyée par la littérature"
    assert verdict["mechanism"] == ("illustré par les entretiens du policy paper "
                                    "(selon notre lecture)")
    evaluated = verdict_of([("levers.a", "reference", "pp7", "effect", "stated")])
    assert evaluated["effect"] == "évalué par la littérature"


def test_an_unmeasured_survey_item_shows_nothing() -> None:
    table = links([("levers.a", "survey_item", "harris2022", "problem", "inferred")])
    labels = pd.Series(["item"], index=table.index)
    found = profiles.profile(table, labels, pd.DataFrame({"question_id": ["q"],
                                                          "item_id": ["other"]}))
    assert found.empty and profiles.verdict(found)["problem"] == "non documenté"


def test_shipped_profiles_have_no_evaluated_lever_and_name_short_labels() -> None:
    lever_table, link_table = loaders.load_levers(), load_lever_links()
    items, refs = loaders.load_survey_items(), load_references()
    labels = evidence.target_labels(link_table, loaders.load_codebook(), items, refs)
    found = profiles.profile(link_table, labels, loaders.load_survey_results())
    table = profiles.verdicts(lever_table, found)
    assert list(table["label"]) == list(lever_table.sort_values("rank")["label_fr"])
    assert (table["effect"] == "non évalué").all()
    align = table.set_index("lever_code").loc["levers.align_tools"]
    assert align["problem"].startswith("documenté par les entretiens du policy paper")
    assert "Le manque de coordination de l'État" in align["nuances"]  # a short label
    assert "pour mettre en place des outils numériques" not in align["nuances"]
    values = {v["name"]: v["value"] for v in profiles.prose_values(table)}
    assert values["n_levers_effect_evaluated"] == 0
    assert values["n_levers_problem_documented"] == values["n_levers"] == 4
    assert list(profiles.shown_table(table).columns) == list(profiles.SHOWN_COLUMNS.values())
