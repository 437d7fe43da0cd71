"""Quoted interview numbers: French forms, stable names, « n.d. » when data lack a study."""

from __future__ import annotations

import pandas as pd

from digital_public_services.coding import segments
from digital_public_services.coding import themes as coding
from digital_public_services.inputs.loaders import load_codebook, load_interview_design
from digital_public_services.interviews import summary as interview_summary


def by_name(figures):
    return {f.name: f for f in figures}


def test_french_dates():
    assert interview_summary.french_date("2022-08-29") == "29 août 2022"
    assert interview_summary.french_date("2020-10") == "octobre 2020"
    assert interview_summary.french_date("2021-03-01") == "1er mars 2021"


def test_design_figures_read_the_design_table():
    design = load_interview_design()
    figures = by_name(interview_summary.design_figures(design))
    facts = design.set_index(["study", "fact"])
    assert figures["pp7_interviews"].value == facts.loc[("pp7_interviews", "n_interviews"),
                                                        "number"]
    assert figures["pp7_period"].text == "octobre à décembre 2020"
    assert figures["pp7_mean_minutes"].text.endswith("\u00a0minutes")


def test_corpus_figures_count_distinct_excerpts_and_mark_missing_studies():
    table = segments.shipped()
    figures = by_name(interview_summary.corpus_figures(table, "pp7", "nobody"))
    assert figures["excerpts_total"].value == table["excerpt_id"].nunique()
    assert figures["excerpts_policy_paper"].value == table.loc[
        table["source_id"] == "pp7", "excerpt_id"].nunique()
    assert figures["excerpts_survey"].text == "n.d."


def test_triangulation_figures_without_triangulation_keep_every_name():
    names = {f.name for f in interview_summary.triangulation_figures(None)}
    assert {"both_count", "only_a_labels", "only_b_count"} <= names
    table, book = segments.shipped(), load_codebook()
    tri = coding.triangulate(table, book, "pp7", "harris2022")
    figures = by_name(interview_summary.triangulation_figures(tri))
    leaves = tri[tri["is_leaf"]]
    assert figures["both_count"].value == (leaves["status"] == "both").sum()
    assert figures["both_labels"].value.split("; ") == list(
        leaves.loc[leaves["status"] == "both", "code"])


def test_specificity_figures_name_every_lemma_sharing_the_top_score():
    freq = pd.DataFrame({"a": [2, 2, 0, 1], "b": [0, 0, 3, 3]}, index=["x", "y", "z", "w"])
    spec = pd.DataFrame({"lemma": ["x", "y", "z"], "part": ["a", "a", "b"],
                         "score": [1.5, 1.5, 0.4]})
    figures = by_name(interview_summary.specificity_figures(freq, spec))
    assert figures["max_score"].text == "1,5"
    assert figures["max_score_lemmas"].value == "x; y"
    assert figures["specific_lemmas"].value == 0
    assert figures["lexicon_tokens"].value == 11
