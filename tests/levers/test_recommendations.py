"""Evidence grades: a lever from the sources' own links only, a recommendation from its
elements; the sentence that states the grades names every group."""

from __future__ import annotations

import pandas as pd
import pytest

from digital_public_services.levers import evidence as levers
from digital_public_services.levers import recommendations
from digital_public_services.levers import sentences as levers_sentences
from digital_public_services.levers.evidence import load_lever_links
from digital_public_services.prose.typography import NBSP


@pytest.mark.parametrize(("kinds", "expected"), [(0, "non étayé"), (1, "partiel"),
                                                 (2, "solide"), (3, "solide")])
def test_lever_grade_from_the_kinds_of_evidence(kinds, expected):
    assert levers.grade(kinds) == expected


def test_project_links_never_count():
    links = pd.DataFrame({"basis": ["stated", "inferred", "stated"],
                          "relation": ["supports", "supports", "nuances"]})
    assert levers.source_made(links).index.tolist() == [0]


@pytest.mark.parametrize(("grades", "expected"), [
    (["solide", "solide"], "solide"), (["solide", "partiel"], "partiel"),
    (["non étayé", "partiel"], "partiel"), (["non étayé"], "non étayé"), ([], "non étayé")])
def test_recommendation_grade_combines_its_elements(grades, expected):
    assert recommendations.combine(grades) == expected


def test_element_grades_and_an_unknown_kind():
    results = pd.DataFrame({"question_id": ["main_obstacles"], "item_id": ["agent_training"]})
    grade = recommendations.element_grade
    assert grade("lever:levers.x", {"levers.x": "partiel"}, results, set()) == "partiel"
    assert grade("survey:main_obstacles/agent_training", {}, results, set()) == "solide"
    assert grade("survey:main_obstacles/other", {}, results, set()) == "non étayé"
    assert grade("context:ill", {}, results, {"ill"}) == "solide"
    with pytest.raises(ValueError, match="lever:, survey: or context:"):
        grade("opinion:x", {}, results, set())


def test_every_recommendation_names_known_evidence_kinds():
    for rec in recommendations.RECOMMENDATIONS:
        assert rec.actor and rec.evidence
        assert all(e.split(":")[0] in {"lever", "survey", "context"} for e in rec.evidence)


LABELS = pd.Series({"a": "A", "b": "B", "c": "C"})


def _grades(*values: str) -> pd.DataFrame:
    return pd.DataFrame({"lever_code": list("abc")[:len(values)], "grade": list(values)})


def test_grades_sentence_names_each_group():
    text = levers_sentences.grades_text(_grades("partiel", "partiel", "non étayé"), LABELS)
    assert text == ("Selon les seuls liens que font les sources elles-mêmes, aucun levier "
                    f"n'est solidement étayé{NBSP}; « A » et « B » le sont en partie{NBSP}; "
                    "« C » ne l'est pas.").replace(" »", f"{NBSP}»").replace("« ", f"«{NBSP}")
    assert levers_sentences.grades_text(_grades("solide", "solide"), LABELS).endswith(
        "étayent solidement les deux leviers.")
    one = levers_sentences.grades_text(_grades("solide", "partiel"), LABELS)
    assert "est solidement étayé" in one and "l'est en partie" in one


def test_shipped_levers_are_graded_from_stated_links_only():
    from digital_public_services.coding import segments
    from digital_public_services.inputs import loaders
    lever_table, links = loaders.load_levers(), load_lever_links()
    results = pd.DataFrame({"question_id": links["question_id"].dropna(),
                            "item_id": links["item_id"].dropna()})
    grades = levers.evidence_grades(lever_table, links, segments.shipped("data"),
                                    loaders.load_codebook(), results)
    assert (grades["n_survey"] == 0).all()  # no source ties a survey item to a lever
    assert (grades["n_links_source"] + grades["n_links_project"]).sum() == len(links)
    stated = links[links["basis"] == "stated"]
    assert grades["n_references"].sum() == (stated["target_type"] == "reference").sum()
    assert set(grades["grade"]) <= set(levers.GRADES)


def test_the_body_table_numbers_the_recommendations_and_names_its_columns_in_french():
    recs = pd.DataFrame({"code": ["access", "data"], "actor": ["ANCT", "État (DINUM)"],
                         "title": ["Cibler", "Mesurer"], "evidence": ["e1", "e2"],
                         "n_solid": [2, 0], "grade": ["solide", "non étayé"]})
    shown = recommendations.shown_table(recs)
    assert list(shown.columns) == ["N°", "Destinataire", "Recommandation",
                                   "Appuis (appréciation de chacun)", "Appréciation"]
    assert shown["N°"].tolist() == ["R1", "R2"]
    values = recommendations.prose_values(recs)
    assert [(v["name"], v["text"]) for v in values] == [("rec_access", "solide"),
                                                        ("rec_data", "non étayé")]
