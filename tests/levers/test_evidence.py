"""Lever evidence: link checks, excerpt counts, survey figures and the scorecard."""

from __future__ import annotations

import pandas as pd
import pytest

from digital_public_services.coding import segments
from digital_public_services.errors import DataError
from digital_public_services.inputs import loaders
from digital_public_services.levers import evidence as levers
from digital_public_services.levers.evidence import load_lever_links
from digital_public_services.literature.bibliography import load_references
from digital_public_services.paths import data_dir
from digital_public_services.prose.typography import NBSP
from digital_public_services.survey import estimates as survey
from digital_public_services.survey import io as survey_io

SYNTHETIC_LEVERS = pd.DataFrame({
    "lever_code": ["levers.a", "levers.b"], "rank": [1, 2], "label_fr": ["A", "B"],
})
SYNTHETIC_CODEBOOK = pd.DataFrame({
    "code": ["levers", "levers.a", "levers.b", "limits", "limits.x", "limits.x.y"],
    "parent": [None, "levers", "levers", None, "limits", "limits.x"],
    "label_fr": ["L", "A", "B", "Lim", "X", "Y"],
    "origin": ["policy_paper"] * 6,
})
SYNTHETIC_LINKS = pd.DataFrame({
    "link_id": ["a_theme", "a_item", "b_ref"],
    "lever_code": ["levers.a", "levers.a", "levers.b"],
    "target_type": ["theme", "survey_item", "reference"],
    "code": ["limits.x", None, None],
    "question_id": [None, "q", None],
    "item_id": [None, "i", None],
    "bib_key": [None, None, "ref1"],
    "relation": ["motivates", "nuances", "supports"],
})
SYNTHETIC_SEGMENTS = pd.DataFrame({
    "excerpt_id": ["p_01", "p_01", "p_02", "p_03", "h_01", "h_02"],
    "source_id": ["pp7", "pp7", "pp7", "pp7", "harris2022", "harris2022"],
    "code": ["levers.a", "limits.x.y", "limits.x", "levers.b", "levers.b", "limits"],
})
SYNTHETIC_REFS = pd.DataFrame({"key": ["ref1"], "author": ["Doe, J."], "title": ["T"],
                               "year": pd.array([2010], dtype="Int64"), "stream": ["grey"]})


def test_check_links_accepts_consistent_links():
    levers.check_links(SYNTHETIC_LINKS, SYNTHETIC_REFS, "synthetic_links.csv")


def test_check_links_refuses_a_filled_column_of_another_type():
    bad = SYNTHETIC_LINKS.copy()
    bad.loc[0, "bib_key"] = "ref1"
    with pytest.raises(DataError) as err:
        levers.check_links(bad, SYNTHETIC_REFS, "synthetic_links.csv")
    assert (err.value.first.line, err.value.first.field) == (2, "bib_key")


def test_check_links_refuses_an_unknown_reference_or_a_missing_target():
    bad = SYNTHETIC_LINKS.copy()
    bad.loc[2, "bib_key"] = "nobody2020"
    bad.loc[1, "item_id"] = None
    with pytest.raises(DataError) as err:
        levers.check_links(bad, SYNTHETIC_REFS, "synthetic_links.csv")
    found = {(p.line, p.field, p.value) for p in err.value.problems}
    assert (4, "bib_key", "nobody2020") in found
    assert (3, "item_id", None) in found


def test_excerpt_evidence_counts_distinct_excerpts_through_linked_themes():
    ev = levers.excerpt_evidence(SYNTHETIC_LEVERS, SYNTHETIC_LINKS, SYNTHETIC_SEGMENTS,
                                 SYNTHETIC_CODEBOOK).set_index(["lever_code", "source_id"])
    # lever a: p_01 (own code and limits.x.y, counted once) and p_02 (limits.x)
    assert ev.loc[("levers.a", "pp7"), "n_linked"] == 2
    assert ev.loc[("levers.a", "pp7"), "n_direct"] == 1
    assert ev.loc[("levers.a", "pp7"), "share"] == pytest.approx(200 / 3)
    assert ev.loc[("levers.a", "harris2022"), "n_linked"] == 0  # « limits » is above limits.x
    assert ev.loc[("levers.b", "harris2022"), "share"] == pytest.approx(50)


def test_survey_evidence_needs_intervals():
    results = loaders.load_survey_results()
    links = load_lever_links()
    with pytest.raises(ValueError, match="add_intervals"):
        levers.survey_evidence(links, results, loaders.load_survey_items())


def _scorecard(results: pd.DataFrame) -> pd.DataFrame:
    lever_table = loaders.load_levers()
    links = load_lever_links()
    refs = load_references()
    codebook = loaders.load_codebook()
    items = loaders.load_survey_items()
    excerpts = levers.excerpt_evidence(lever_table, links, segments.shipped(), codebook)
    figures = levers.survey_evidence(links, results, items)
    references = levers.reference_evidence(links, refs)
    return levers.scorecard(lever_table, links, excerpts, figures, references, codebook,
                            items, refs)


def test_a_synthetic_survey_update_changes_the_survey_column_only(tmp_path):
    shipped_path = data_dir() / "survey" / "survey_results.csv"
    shipped = pd.read_csv(shipped_path, dtype=str, keep_default_na=False)
    target = (shipped["item_id"] == "agent_training") & (shipped["population"] == "departements")
    assert shipped.loc[target, "pct"].tolist() == ["45"]
    updated = shipped.copy()
    updated.loc[target, "pct"] = "49"  # the freins still sum to at most 200
    path = tmp_path / "synthetic_survey.csv"
    updated.to_csv(path, index=False)

    before = _scorecard(survey.add_intervals(survey_io.read_survey(shipped_path)))
    after = _scorecard(survey.add_intervals(survey_io.read_survey(path)))

    column = next(c for c in before.columns if c.startswith("Enquête"))
    changed = before[column] != after[column]
    labels = before.loc[changed, "Levier"].tolist()
    assert labels == ["Aligner outils et métiers", "Impulsion et leadership"]
    assert all("49\u00a0%" in text for text in after.loc[changed, column])
    assert before.drop(columns=column).equals(after.drop(columns=column))


def test_unlinked_items_are_those_without_a_link():
    items = pd.DataFrame({"question_id": ["q", "q", "r"], "item_id": ["i", "j", "i"]})
    assert levers.unlinked_items(SYNTHETIC_LINKS, items, "q")["item_id"].tolist() == ["j"]


def test_prose_values_quote_every_figure_with_its_interval():
    lever_table = loaders.load_levers()
    links = load_lever_links()
    items = loaders.load_survey_items()
    codebook = loaders.load_codebook()
    results = survey.add_intervals(loaders.load_survey_results())
    excerpts = levers.excerpt_evidence(lever_table, links, segments.shipped(), codebook)
    figures = levers.survey_evidence(links, results, items)
    grid = levers.matrix(lever_table, excerpts, figures,
                         levers.reference_evidence(links, load_references()))
    labels = lever_table.set_index("lever_code")["label_fr"]
    quoted_values = levers.prose_values(links, items, results, excerpts, figures, grid, labels)
    found = {v["name"]: v for v in quoted_values}
    assert len(found) == len(quoted_values), "a name is quoted twice"
    assert all(v["description"] for v in quoted_values)
    assert found["n_sources_predict_needs"]["description"] == (
        f"sources qui étayent le levier «{NBSP}Prédire les besoins{NBSP}»")
    assert found["agent_training_departements_ci"]["description"].startswith(
        f"intervalle de confiance, «{NBSP}")
    training = found["agent_training_departements"]
    assert training["value"] == 45 and training["low"] < 45 < training["high"]
    assert found["agent_training_departements_ci"]["text"].startswith("[")
    assert found["n_links"]["value"] == len(links)
    unlinked = levers.unlinked_items(links, items, "main_obstacles")["item_id"]
    assert {f"unlinked_{i}_communes" for i in unlinked} <= set(found)
