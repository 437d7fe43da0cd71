"""Each figure and its accessible table show the same numbers."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from digital_public_services import coding, interview_figures, segments  # noqa: E402
from digital_public_services.loaders import load_codebook  # noqa: E402


@pytest.fixture(scope="module")
def data():
    return segments.shipped(), load_codebook()


def test_tree_table_matches_the_counts(data):
    table, book = data
    counts = coding.tree_layout(coding.node_counts(table, book))
    shown = interview_figures.theme_tree_table(counts)
    assert shown["Extraits (sous-thèmes compris)"].tolist() == counts["n_total"].tolist()
    ax = interview_figures.plot_theme_tree(counts)
    assert len(ax.collections) == len(counts)  # one marker per node
    plt.close("all")


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
    flat = interview_figures.theme_counts_table(matrix)
    assert flat.shape == (len(nodes), matrix.shape[1] + 1)
    plt.close("all")


def test_triangulation_table_and_figure(data):
    table, book = data
    tri = coding.triangulate(table, book, "pp7", "harris2022")
    shown = interview_figures.triangulation_table(tri, "A", "B")
    assert len(shown) == tri["is_leaf"].sum()
    assert shown["A : extraits"].sum() == tri.loc[tri["is_leaf"], "n_a"].sum()
    ax = interview_figures.plot_triangulation(tri, "A", "B")
    assert len(ax.get_yticklabels()) == len(shown)
    plt.close("all")
    alone = interview_figures.triangulation_table(None, "A", "B")
    assert alone.shape == (1, 1) and "impossible" in alone.iloc[0, 0]


def test_design_table_writes_dates_in_french():
    from digital_public_services.loaders import load_interview_design

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
