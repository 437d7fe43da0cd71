"""Each figure and its accessible table show the same numbers."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from digital_public_services.coding import segments
from digital_public_services.coding import themes as coding
from digital_public_services.inputs.loaders import load_codebook  # noqa: E402
from digital_public_services.interviews import figures as interview_figures
from digital_public_services.plotting import style
from digital_public_services.prose.typography import NBSP  # noqa: E402


@pytest.fixture(scope="module")
def data():
    return segments.shipped(), load_codebook()


pytestmark = pytest.mark.usefixtures("house_style")


def legible(ax) -> bool:
    return style.smallest_text_pt(ax.figure) >= style.MIN_TEXT_PT


@pytest.fixture(scope="module")
def matrix(data):
    table, book = data
    nodes = coding.cut(book, 2)
    return interview_figures.counts_matrix(
        {d: coding.counts_by(table, book, d, nodes) for d in ("source_id", "sector",
                                                             "actor_type")},
        book.set_index("code")["label_fr"])


def test_tree_table_matches_the_counts(data):
    table, book = data
    counts = coding.tree_layout(coding.node_counts(table, book))
    shown = interview_figures.theme_tree_table(counts)
    assert shown["Extraits (sous-thèmes compris)"].tolist() == counts["n_total"].tolist()
    roots = shown[shown["Niveau"] == 1]
    assert len(roots) == counts["parent"].isna().sum() and set(roots["Rattaché à"]) == {"—"}
    child = counts[counts["depth"] == 2].iloc[0]
    parent = counts.set_index("code").loc[child["parent"], "label_fr"]
    assert shown.loc[child.name, "Rattaché à"] == parent
    ax = interview_figures.plot_theme_tree(counts)
    assert len(ax.collections) == len(counts)  # one marker per node
    assert legible(ax)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Aucun extrait publié" in legend  # the grey markers are explained


def test_counts_matrix_orders_columns_and_feeds_the_heatmap(data):
    table, book = data
    nodes = coding.cut(book, 2)
    matrix = interview_figures.counts_matrix(
        {d: coding.counts_by(table, book, d, nodes) for d in ("source_id", "sector")},
        book.set_index("code")["label_fr"])
    sectors = [v for g, v in matrix.columns if g == "Secteur"]
    assert sectors[-1] == "non précisé" and sectors[:-1] == sorted(sectors[:-1])
    assert [v for g, v in matrix.columns if g == "Source"][0].startswith("Policy Paper")
    ax = interview_figures.plot_theme_counts(matrix)
    assert ax.collections[0].get_array().sum() == matrix.to_numpy().sum()


def test_counts_heatmap_is_legible_at_page_width(matrix):
    ax = interview_figures.plot_theme_counts(matrix)
    assert legible(ax)
    assert style.overlapping(ax.get_yticklabels()) == []
    assert style.overlapping(ax.get_xticklabels()) == []


def test_counts_table_has_a_column_per_source_and_lists_the_other_breakdowns(matrix):
    shown = interview_figures.theme_counts_table(matrix)
    groups = list(dict.fromkeys(matrix.columns.get_level_values(0)))
    sources = matrix["Source"]
    assert len(shown) == len(matrix)
    assert shown.shape[1] == 1 + sources.shape[1] + len(groups) - 1  # narrow: 5 columns
    assert shown.iloc[:, 1:1 + sources.shape[1]].to_numpy().tolist() == sources.to_numpy(
        ).tolist()
    for group in groups[1:]:
        for text, (_, row) in zip(shown[group], matrix[group].iterrows(), strict=True):
            listed = {} if text == "—" else dict(
                item.rsplit(" (", 1) for item in text.split(f"{NBSP}; "))
            assert {k: int(v.rstrip(")")) for k, v in listed.items()} == {
                k: n for k, n in row.items() if n}


def test_counts_long_keeps_every_count_including_zeros(matrix):
    long = interview_figures.theme_counts_long(matrix)
    assert len(long) == matrix.size
    assert long["Extraits"].sum() == matrix.to_numpy().sum()
    assert (long["Extraits"] == 0).sum() == (matrix.to_numpy() == 0).sum()


def test_triangulation_table_and_figure(data):
    table, book = data
    tri = coding.triangulate(table, book, "pp7", "harris2022")
    shown = interview_figures.triangulation_table(tri, "A", "B")
    assert len(shown) == tri["is_leaf"].sum()
    assert shown["A : extraits"].sum() == tri.loc[tri["is_leaf"], "n_a"].sum()
    ax = interview_figures.plot_triangulation(tri, "A", "B")
    assert len(ax.get_yticklabels()) == len(shown)
    # every theme named in full (wrapped, never cut short) and legible
    assert [" ".join(t.get_text().split()) for t in ax.get_yticklabels()] == shown[
        "Thème"].tolist()
    assert legible(ax)
    assert style.overlapping(ax.get_yticklabels()) == []
    alone = interview_figures.triangulation_table(None, "A", "B")
    assert alone.shape == (1, 1) and "impossible" in alone.iloc[0, 0]


def test_design_table_writes_dates_in_french():
    from digital_public_services.inputs.loaders import load_interview_design

    shown = interview_figures.design_table(load_interview_design())
    assert "29 août 2022" in set(shown["Valeur"])
    assert "45 minutes" in set(shown["Valeur"])


def test_specificity_table_follows_the_paper_order_of_families():
    import pandas as pd

    top = pd.DataFrame({"part": ["levers", "limits", "practices", "press_2019"],
                        "lemma": ["a", "b", "c", "d"], "k": 1, "F": 1, "expected": 0.1,
                        "score": 1.0})
    shown = interview_figures.specificity_table(top)
    assert shown["Partie"].tolist() == ["Changements de pratiques", "Limites", "Leviers",
                                        "press_2019"]


def test_specificity_panels_are_legible_at_page_width():
    import pandas as pd

    parts = ["practices", "limits", "levers"]
    top = pd.DataFrame({"part": [p for p in parts for _ in range(8)],
                        "lemma": [f"synthétique{i}" for i in range(24)],
                        "score": [0.5 + (i % 8) / 4 for i in range(24)]})
    axes = interview_figures.plot_specificities(top)
    assert [" ".join(ax.get_title().split()) for ax in axes] == [
        interview_figures.FAMILY_LABELS[p] for p in parts]
    assert legible(axes[0])


def test_vocabulary_section_is_empty_without_a_corpus(tmp_path):
    """No analysis is shown on the paraphrases, so the body says nothing of one."""
    assert interview_figures.vocabulary_section(None, "Une phrase.", "Barres.",
                                                tmp_path / "v") == ""
    assert not (tmp_path / "v").exists()


def test_vocabulary_section_with_a_corpus_has_its_figure_and_computed_alt(tmp_path):
    import pandas as pd

    top = pd.DataFrame({"part": ["a", "b"], "lemma": ["x", "y"], "score": [2.5, 1.0]})
    text = interview_figures.vocabulary_section(top, "Le corpus compte…", 'Barres "x".',
                                                tmp_path / "v", link="../v")
    assert (tmp_path / "v" / "specificities.png").is_file()
    assert "![](../v/specificities.png){.generated-figure alt=\"Barres 'x'.\"}" in text
    assert "*Lemmes les plus spécifiques" in text  # the caption, below, numbers nothing
    assert text.startswith("## ") and "Le corpus compte…" in text
