"""Figures and accessible tables of the interview section, in the house style.

Each ``plot_*`` draws one figure and returns its axes; each ``*_table`` gives the same
numbers as a French table for the ``tbl-`` cell beside it.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from ..coding.segments import NOT_STATED
from ..coding.themes import STATUSES, family
from ..plotting import style
from ..plotting.style import DENSE_TEXT_PT, FIGURE_WIDTH_IN, OKABE_ITO, french_axis, wrap_to_width
from ..prose.markdown import unnumbered_figure
from ..prose.typography import NBSP, fr_number
from .summary import french_date

FAMILY_LABELS = {"practices": "Changements de pratiques", "limits": "Limites",
                 "levers": "Leviers"}
EMPTY_COLOUR = "0.6"
COLUMN_LABEL_PT = 140  # length of a (rotated) column label of the counts heatmap
ROW_LABEL_PT = 230  # width of a theme label beside the heatmap
THEME_LABEL_PT = 270  # width of a theme label beside the triangulation dots
STUDY_LABEL_PT = 120  # width of a study's name under its column of dots
PANEL_TITLE_PT = 150  # width of a panel title of the specificity chart
STATUS_LABEL_PT = 100  # width of a group heading (« Les deux études »...)
FAMILY_COLOURS = {"practices": OKABE_ITO[0], "limits": OKABE_ITO[6], "levers": OKABE_ITO[4]}
SOURCE_LABELS = {"pp7": "Policy Paper n° 7 (contacts 2020)",
                 "harris2022": "Enquête Harris 2022 (volet qualitatif)"}
SHORT_SOURCE_LABELS = {"pp7": "Policy Paper n° 7", "harris2022": "Enquête Harris 2022"}
DIMENSION_LABELS = {"source_id": "Source", "sector": "Secteur", "actor_type": "Type d'acteur"}
ORIGIN_LABELS = {"policy_paper": "Policy Paper n° 7", "project": "ajouté par ce projet"}
STATUS_FR = dict(zip(STATUSES, ["Les deux études", "Policy Paper seulement",
                                 "Enquête seulement", "Aucune"], strict=True))


def source_label(source_id: str) -> str:
    return SOURCE_LABELS.get(source_id, source_id)


DESIGN_ROWS = {  # (study, fact): label shown in the design table, in reading order
    ("pp7_interviews", "n_interviews"): "Entretiens",
    ("pp7_interviews", "interview_kind"): "Type d'entretien",
    ("pp7_interviews", "period_start"): "Prises de contact (début)",
    ("pp7_interviews", "period_end"): "Prises de contact (fin)",
    ("pp7_interviews", "mean_duration"): "Durée moyenne",
    ("pp7_interviews", "mode"): "Mode",
    ("pp7_interviews", "field_health"): "Terrain 1",
    ("pp7_interviews", "field_vocational_training"): "Terrain 2",
    ("pp7_interviews", "actor_category_institutional"): "Catégorie d'acteurs 1",
    ("pp7_interviews", "recruitment_institutional"): "Recrutement (catégorie 1)",
    ("pp7_interviews", "actor_category_operational"): "Catégorie d'acteurs 2",
    ("pp7_interviews", "recruitment_operational"): "Recrutement (catégorie 2)",
    ("pp7_interviews", "guide_parts"): "Parties du guide d'entretien",
    ("pp7_interviews", "verification_software"): "Logiciel (vérifications avec les transcriptions)",
    ("pp7_interviews", "breakdown_published"): "Répartition des entretiens",
    ("harris2022_qualitative", "n_interviews"): "Entretiens",
    ("harris2022_qualitative", "population"): "Population",
    ("harris2022_qualitative", "mode"): "Mode",
    ("harris2022_qualitative", "period_start"): "Début du terrain",
    ("harris2022_qualitative", "period_end"): "Fin du terrain",
    ("harris2022_qualitative", "speaker_attribution"): "Fonction des personnes citées",
}
STUDY_LABELS = {"pp7_interviews": "Policy Paper n° 7",
                "harris2022_qualitative": "Enquête Harris 2022 (volet qualitatif)"}


def design_table(design: pd.DataFrame) -> pd.DataFrame:
    """The two interview studies side by side, as the sources describe them."""
    facts = design.set_index(["study", "fact"])
    keys = [k for k in DESIGN_ROWS if k in facts.index]
    rows = facts.loc[keys]
    values = [french_date(v) if f.startswith("period_") else f"{v} {u}" if u == "minutes" else v
              for (_, f), v, u in zip(keys, rows["value"], rows["unit"].fillna(""), strict=True)]
    return pd.DataFrame({
        "Étude": [STUDY_LABELS[s] for s, _ in keys],
        "Élément": [DESIGN_ROWS[k] for k in keys],
        "Valeur": values,
        "Source (section)": rows["source_section"].to_numpy(),
    })


# --------------------------------------------------------------------------- theme tree


def plot_theme_tree(counts: pd.DataFrame, ax=None):
    """The codebook hierarchy, each node with its number of coded excerpts.

    ``counts`` is :func:`coding.themes.tree_layout` applied to :func:`coding.themes.node_counts`.
    Marker area follows the count; project-added themes are drawn hollow; empty themes in grey.
    """
    if ax is None:
        height = max(4.0, 0.22 * counts["y"].max() + 0.8)
        _, ax = plt.subplots(figsize=(FIGURE_WIDTH_IN, height), layout="constrained")
    pos = counts.set_index("code")[["x", "y"]]
    for code, parent in zip(counts["code"], counts["parent"], strict=True):
        if pd.notna(parent):
            (x0, y0), (x1, y1) = pos.loc[parent], pos.loc[code]
            ax.plot([x0, x0, x1], [y0, y1, y1], color="0.75", lw=0.8, zorder=1)
    areas = 20 + 12 * counts["n_total"]
    gap = np.sqrt(areas.max()) / 2 + 3  # points: labels clear the largest marker
    for row, area in zip(counts.itertuples(), areas, strict=True):
        colour = FAMILY_COLOURS[row.family] if row.n_total else EMPTY_COLOUR
        project = row.origin == "project"
        ax.scatter(row.x, row.y, s=area, zorder=2, linewidths=1.5,
                   facecolors="white" if project else colour, edgecolors=colour)
        ax.annotate(f"{row.label_fr} ({fr_number(row.n_total)})", (row.x, row.y),
                    xytext=(gap, 0), textcoords="offset points",
                    va="center", fontsize=DENSE_TEXT_PT,
                    fontstyle="italic" if project else "normal",
                    fontweight="bold" if row.depth == 0 else "normal")
    ax.set_xlim(-0.3, counts["x"].max() + 4.5)
    ax.invert_yaxis()
    ax.axis("off")
    handles = [plt.Line2D([], [], marker="o", linestyle="", color=c, label=FAMILY_LABELS[f])
               for f, c in FAMILY_COLOURS.items()]
    handles += [plt.Line2D([], [], marker="o", linestyle="", color=EMPTY_COLOUR,
                           label="Aucun extrait publié"),
                plt.Line2D([], [], marker="o", linestyle="", markerfacecolor="white",
                           markeredgecolor="0.3", label="Thème ajouté par ce projet (italique)")]
    ax.legend(handles=handles, loc="lower right", frameon=False, fontsize=DENSE_TEXT_PT)
    return ax


def theme_tree_table(counts: pd.DataFrame) -> pd.DataFrame:
    """The tree as a table, in reading order; each theme names the branch it belongs to.

    The level and the parent theme carry the hierarchy: leading spaces would be dropped by the
    Markdown table, and the dotted codes (in the CSV file) are too long for a page.
    """
    labels = counts.set_index("code")["label_fr"]
    return pd.DataFrame({
        "Thème": counts["label_fr"],
        "Niveau": counts["depth"] + 1,
        "Rattaché à": counts["parent"].map(labels).fillna("—"),
        "Origine": counts["origin"].map(ORIGIN_LABELS),
        "Extraits (sous-thèmes compris)": counts["n_total"],
        "dont codés à ce niveau": counts["n_direct"],
    })


# --------------------------------------------------------------------------- heatmap


def column_order(values, dimension: str) -> list[str]:
    """Known sources first in a fixed order; otherwise alphabetical, « non précisé » last."""
    first = list(SOURCE_LABELS) if dimension == "source_id" else []
    rest = sorted(v for v in values if v not in first and v != NOT_STATED)
    return [v for v in first if v in set(values)] + rest + (
        [NOT_STATED] if NOT_STATED in set(values) else [])


def counts_matrix(tables: dict[str, pd.DataFrame], labels: pd.Series) -> pd.DataFrame:
    """Side-by-side count tables (one per dimension) with readable row and column labels.

    ``tables`` maps a dimension (``source_id``, ``sector``...) to :func:`coding.themes.counts_by`.
    """
    parts = []
    for dimension, table in tables.items():
        table = table[column_order(table.columns, dimension)]
        renamed = table.rename(columns=source_label) if dimension == "source_id" else table
        renamed.columns = pd.MultiIndex.from_product(
            [[DIMENSION_LABELS.get(dimension, dimension)], renamed.columns])
        parts.append(renamed)
    matrix = pd.concat(parts, axis=1)
    matrix.index = matrix.index.map(labels)
    return matrix


def plot_theme_counts(matrix: pd.DataFrame, ax=None):
    """Heatmap of excerpt counts: themes × (source, sector, actor type).

    Every cell carries its count, so the colour only helps the eye and needs no scale.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(FIGURE_WIDTH_IN, 0.32 * len(matrix) + 2.4),
                             layout="constrained")
    columns = [wrap_to_width(str(v), COLUMN_LABEL_PT, DENSE_TEXT_PT) for _, v in matrix.columns]
    rows = [wrap_to_width(str(v), ROW_LABEL_PT, DENSE_TEXT_PT) for v in matrix.index]
    sns.heatmap(matrix.to_numpy(), ax=ax, cmap="Blues", vmin=0, annot=True, fmt="d", cbar=False,
                annot_kws={"fontsize": DENSE_TEXT_PT}, xticklabels=columns, yticklabels=rows,
                linewidths=0.5, linecolor="white")
    groups = matrix.columns.get_level_values(0)
    edges = [i for i in range(1, len(groups)) if groups[i] != groups[i - 1]]
    for edge in edges:
        ax.axvline(edge, color="black", lw=1.5)
    starts = [0, *edges]
    ends = [*edges, len(groups)]
    for start, end in zip(starts, ends, strict=True):
        ax.text((start + end) / 2, -0.3, groups[start], ha="center", va="bottom",
                fontweight="bold", fontsize=DENSE_TEXT_PT + 0.5)
    ax.tick_params(axis="x", labelrotation=90, labelsize=DENSE_TEXT_PT)
    ax.tick_params(axis="y", labelsize=DENSE_TEXT_PT)
    ax.set_xlabel("")
    ax.set_ylabel("")
    return ax


def theme_counts_table(matrix: pd.DataFrame) -> pd.DataFrame:
    """The heatmap's numbers, narrow enough for a page: one row per theme, one column per
    source, then for each other breakdown (sector, actor type) its non-zero categories with
    their counts; a grid of every category, mostly zeros, would not fit."""
    source = DIMENSION_LABELS["source_id"]
    short = {SOURCE_LABELS[k]: v for k, v in SHORT_SOURCE_LABELS.items()}
    table = pd.DataFrame(index=matrix.index)
    for group in dict.fromkeys(matrix.columns.get_level_values(0)):
        part = matrix[group]
        if group == source:
            for column in part.columns:
                table[short.get(column, column)] = part[column].to_numpy()
        else:
            table[group] = [f"{NBSP}; ".join(f"{category} ({fr_number(n)})"
                                              for category, n in row.items() if n) or "—"
                            for _, row in part.iterrows()]
    return table.rename_axis("Thème").reset_index()


def theme_counts_long(matrix: pd.DataFrame) -> pd.DataFrame:
    """Every count of the heatmap, zeros included, one per row (for the CSV file)."""
    long = matrix.rename_axis(index="Thème", columns=["Croisement", "Catégorie"]).stack(
        ["Croisement", "Catégorie"], future_stack=True)
    return long.rename("Extraits").reset_index()


# --------------------------------------------------------------------------- triangulation


def triangulation_order(tri: pd.DataFrame) -> pd.DataFrame:
    """Leaves grouped by status (shared first), then by family and codebook order."""
    rows = tri[tri["is_leaf"]].copy()
    rank = {s: i for i, s in enumerate(STATUS_FR)}
    rows["status_rank"] = rows["status"].map(rank)
    rows["family_rank"] = rows["code"].map(family).map({"limits": 0, "levers": 1,
                                                        "practices": 2})
    rows["book_rank"] = np.arange(len(rows))
    return rows.sort_values(["status_rank", "family_rank", "book_rank"],
                            kind="stable").reset_index(drop=True)


def plot_triangulation(tri: pd.DataFrame, a_label: str, b_label: str, ax=None):
    """Which limits and levers each study brings up: dots sized by published excerpts.

    A hollow ring marks a theme the study describes in its text without a published excerpt.
    """
    rows = triangulation_order(tri)
    if ax is None:
        _, ax = plt.subplots(figsize=(FIGURE_WIDTH_IN, 0.3 * len(rows) + 1.4),
                             layout="constrained")
    y = np.arange(len(rows))
    for x, side in ((0, "a"), (1, "b")):
        n, described = rows[f"n_{side}"], rows[f"described_{side}"]
        colours = rows["code"].map(family).map(FAMILY_COLOURS)
        has = n > 0
        ax.scatter(np.full(has.sum(), x), y[has], s=30 + 45 * n[has], c=colours[has],
                   zorder=3)
        ring = described & ~has
        ax.scatter(np.full(ring.sum(), x), y[ring], s=50, facecolors="white",
                   edgecolors=colours[ring], linewidths=1.5, zorder=3)
        for yi, ni in zip(y[has], n[has], strict=True):
            ax.text(x + 0.12, yi, fr_number(ni), va="center", fontsize=DENSE_TEXT_PT)
    ax.set_yticks(y, [wrap_to_width(t, THEME_LABEL_PT, DENSE_TEXT_PT)
                      for t in rows["label_fr"]], fontsize=DENSE_TEXT_PT)
    ax.set_xticks([0, 1], [wrap_to_width(label, STUDY_LABEL_PT, DENSE_TEXT_PT + 0.5)
                           for label in (a_label, b_label)], fontsize=DENSE_TEXT_PT + 0.5)
    ax.set_xlim(-0.4, 2.1)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.grid(False)
    status = rows["status"].to_numpy()
    for s in STATUS_FR:
        where = np.flatnonzero(status == s)
        if len(where):
            if where[-1] < len(rows) - 1:
                ax.axhline(where[-1] + 0.5, color="0.7", lw=0.8)
            ax.text(2.05, where.mean(), wrap_to_width(STATUS_FR[s], STATUS_LABEL_PT,
                                                      DENSE_TEXT_PT, weight="bold"),
                    ha="right", va="center", fontsize=DENSE_TEXT_PT, fontweight="bold",
                    color="0.25")
    handles = [plt.Line2D([], [], marker="o", linestyle="", color=c, label=FAMILY_LABELS[f])
               for f, c in FAMILY_COLOURS.items() if f != "practices"]
    handles.append(plt.Line2D([], [], marker="o", linestyle="", markerfacecolor="white",
                              markeredgecolor="0.3", label="Décrit sans extrait publié"))
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3,
              frameon=False, fontsize=DENSE_TEXT_PT)
    return ax


def triangulation_table(tri: pd.DataFrame | None, a_label: str, b_label: str) -> pd.DataFrame:
    """Same content as the figure; a one-line explanation when the data hold one study."""
    if tri is None:
        return pd.DataFrame({"Constat": [f"Triangulation impossible : les extraits ne viennent "
                                         f"pas à la fois de {a_label} et de {b_label}."]})
    rows = triangulation_order(tri)
    yes_no = {True: "oui", False: "non"}
    return pd.DataFrame({
        "Thème": rows["label_fr"],
        "Famille": rows["code"].map(family).map(FAMILY_LABELS),
        f"{a_label} : extraits": rows["n_a"],
        f"{a_label} : décrit dans le texte": rows["described_a"].map(yes_no),
        f"{b_label} : extraits": rows["n_b"],
        f"{b_label} : décrit dans le texte": rows["described_b"].map(yes_no),
        "Constat": rows["status"].map(STATUS_FR),
    })


# --------------------------------------------------------------------------- specificities


def part_label(part: str) -> str:
    return FAMILY_LABELS.get(part, part)


def part_order(parts) -> list[str]:
    """Theme families in the paper's order (practices, limits, levers), other parts after."""
    found = list(dict.fromkeys(parts))
    return [p for p in FAMILY_LABELS if p in found] + [p for p in found if p not in FAMILY_LABELS]


def plot_specificities(top: pd.DataFrame, threshold: float = 2.0):
    """Most specific lemmas of each part, one panel per part; the dashed line is the 1 %
    level (score 2) conventionally read as a marked specificity."""
    parts = part_order(top["part"])
    height = 0.3 * top.groupby("part").size().max() + 1.6
    fig, axes = plt.subplots(1, len(parts), figsize=(FIGURE_WIDTH_IN, height), sharex=True,
                             squeeze=False, layout="constrained")
    for ax, part in zip(axes[0], parts, strict=True):
        rows = top[top["part"] == part]
        colour = FAMILY_COLOURS.get(part, OKABE_ITO[7])
        ax.barh(rows["lemma"], rows["score"], color=colour)
        ax.invert_yaxis()
        ax.axvline(threshold, color="0.3", ls="--", lw=0.8)
        ax.set_title(wrap_to_width(part_label(part), PANEL_TITLE_PT, DENSE_TEXT_PT + 1,
                                   weight="bold"), fontsize=DENSE_TEXT_PT + 1)
        french_axis(ax.xaxis, decimals=1)
        ax.tick_params(axis="both", labelsize=DENSE_TEXT_PT)
    fig.supxlabel("Score de spécificité", fontsize=DENSE_TEXT_PT + 1.5)
    return axes[0]


def specificity_table(top: pd.DataFrame) -> pd.DataFrame:
    rank = {p: i for i, p in enumerate(part_order(top["part"]))}
    top = top.sort_values("part", key=lambda col: col.map(rank), kind="stable")
    return pd.DataFrame({
        "Partie": top["part"].map(part_label),
        "Lemme": top["lemma"],
        "Occurrences dans la partie": top["k"],
        "Occurrences dans le corpus": top["F"],
        "Attendu si hasard": top["expected"],
        "Score": top["score"],
    })


VOCABULARY_LINK = "../build/outputs/02_interviews/vocabulary"  # as report/index.qmd reaches it


def vocabulary_section(top: pd.DataFrame | None, statement: str, alt: str, folder: Path,
                       link: str = VOCABULARY_LINK) -> str:
    """The Markdown the paper includes for the vocabulary analysis.

    The figure is a plain image with its caption below, as the generated survey figures are
    (:func:`prose.markdown.unnumbered_figure`): Quarto numbers no figure in generated Markdown.

    Without a corpus of original texts (``top`` is None) it is empty: the paraphrased excerpts
    have our vocabulary, not the interviewees', and the body does not discuss an analysis it
    does not show (Annexe C says how to run it on a corpus). With one, a sub-section with the
    figure (saved in ``folder``), its computed alternative text and the sentence of findings.
    """
    if top is None or top.empty:
        return ""
    folder.mkdir(parents=True, exist_ok=True)
    axes = plot_specificities(top)
    style.save(axes[0].figure, folder / "specificities", formats=("png",))
    caption = (f"Lemmes les plus spécifiques de chaque partie du corpus (score de spécificité"
               f"{NBSP}; tirets{NBSP}: seuil d'une chance sur cent)")
    method = ("Pour chaque lemme, la loi hypergéométrique donne la probabilité d'en observer "
              "autant dans une partie du corpus si le vocabulaire s'y répartissait au hasard"
              f"{NBSP}; le score de spécificité en est l'opposé du logarithme décimal "
              "[@lebart1994].")
    return "\n\n".join([
        "## Le vocabulaire propre à chaque partie du corpus",
        f"{method} {statement}",
        unnumbered_figure(f"{link}/specificities.png", alt, caption),
    ]) + "\n"
