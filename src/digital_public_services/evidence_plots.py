"""Figures of the literature, context and levers sections, in the house style.

Each function takes a table computed by :mod:`.literature`, :mod:`.context` or :mod:`.levers`
and returns the matplotlib figure; the notebook shows it. Nothing here computes a number.
"""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import LogLocator

from .context import ROW_LABELS
from .literature import STREAM_LABELS
from .style import DENSE_TEXT_PT, FIGURE_WIDTH_IN, OKABE_ITO, french_axis, wrap_to_width

STREAM_COLOURS = dict(zip(STREAM_LABELS, [OKABE_ITO[4], OKABE_ITO[0], "#999999",
                                          OKABE_ITO[2]], strict=True))
TIMELINE_TITLE_PT = 10
NUMBER_AND_WORD = re.compile(r"(\d) (?=[^\W\d])")  # « 700 m euros » stays on one line
TIMELINE_PAD_PT = 4  # white space around the texts of a band
TIMELINE_LEFT_IN = 0.8  # room for the years and their label
TIMELINE_TOP_IN = 0.35  # room for the column headings
TIMELINE_BOTTOM_IN = 0.05
FUNDING_LABEL_PT = 190  # width of a plan's name beside its bar


def references_by_stream(table: pd.DataFrame) -> Figure:
    """Stacked bars: references per year (columns of ``literature.streams_by_year``)."""
    fig, ax = plt.subplots(figsize=(9, 4.5))
    bottom = np.zeros(len(table))
    x = np.arange(len(table))
    for stream in table.columns:
        values = table[stream].to_numpy()
        ax.bar(x, values, bottom=bottom, color=STREAM_COLOURS[stream],
               label=STREAM_LABELS[stream], edgecolor="white", linewidth=0.5)
        bottom += values
    ax.set_xticks(x, table.index, rotation=45, ha="right")
    ax.set_xlabel("Année de publication")
    ax.set_ylabel("Nombre de références")
    ax.yaxis.get_major_locator().set_params(integer=True)
    french_axis(ax.yaxis)
    ax.legend(title="Courant", frameon=False)
    return fig


def evidence_heatmap(matrix: pd.DataFrame, row_labels: pd.Series,
                     column_labels: pd.Series) -> Figure:
    """References × claims: a filled cell where the reference supports the claim.

    A claim no reference supports is an empty column; the legend says what a cell means.
    """
    fig, ax = plt.subplots(figsize=(FIGURE_WIDTH_IN, 0.27 * len(matrix) + 2.6),
                           layout="constrained")
    colours = ["#f2f2f2", OKABE_ITO[4]]
    sns.heatmap(matrix, ax=ax, cmap=ListedColormap(colours), cbar=False, linewidths=0.6,
                linecolor="white", vmin=0, vmax=1, square=False)
    ax.set_yticks(np.arange(len(matrix)) + 0.5, [row_labels[k] for k in matrix.index],
                  rotation=0, fontsize=DENSE_TEXT_PT)
    ax.set_xticks(np.arange(len(matrix.columns)) + 0.5,
                  [column_labels[c] for c in matrix.columns], rotation=60, ha="right",
                  rotation_mode="anchor", fontsize=DENSE_TEXT_PT)
    ax.set_xlabel("Affirmation du policy paper")
    ax.set_ylabel("")
    handles = [plt.Rectangle((0, 0), 1, 1, facecolor=c, edgecolor="0.6", linewidth=0.5)
               for c in reversed(colours)]
    ax.legend(handles, ["La référence appuie l'affirmation", "Pas d'appui"],
              loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False,
              fontsize=DENSE_TEXT_PT)
    return fig


def period_title(period_label: str, start: int, end, theme: str) -> str:
    """``2004-2007 · thème``; a period the source leaves open (``2019-``) reads ``Depuis 2019``."""
    label = f"Depuis {start}" if pd.isna(end) else period_label
    return f"{label} · {theme}"


def policy_timeline(cells: pd.DataFrame, last_year: int) -> Figure:
    """Tableau 1 on a time axis: one band per period, one column per row of the table.

    The time scale is set by the most crowded period, so that each band holds its title and
    its entries at a legible size; a period left open by the source is drawn up to
    ``last_year``.
    """
    columns = sorted(ROW_LABELS)
    periods = cells.drop_duplicates("period").sort_values(["period_start", "period"],
                                                           kind="stable")
    first = int(periods["period_start"].min())
    ends = periods["period_end"].fillna(last_year).astype(int).to_numpy()
    fig, ax = plt.subplots(figsize=(FIGURE_WIDTH_IN, 6))
    fig.subplots_adjust(left=TIMELINE_LEFT_IN / FIGURE_WIDTH_IN, right=0.99)
    axes_pt = ax.get_position().width * FIGURE_WIDTH_IN * 72
    column_pt = axes_pt / len(columns)
    pad = TIMELINE_PAD_PT / column_pt  # in column units
    renderer = fig.canvas.get_renderer()

    def height_in(text) -> float:
        return text.get_window_extent(renderer).height / fig.dpi

    bands = []
    for period in periods.itertuples():
        title = ax.text(pad, 0, wrap_to_width(
            period_title(period.period, period.period_start, period.period_end,
                         period.period_theme_fr), axes_pt - 2 * TIMELINE_PAD_PT,
            TIMELINE_TITLE_PT, weight="bold"),
            va="top", fontsize=TIMELINE_TITLE_PT, fontweight="bold")
        body = [ax.text(columns.index(cell.table_row) + pad, 0,
                        wrap_to_width(NUMBER_AND_WORD.sub("\\1\u00a0", cell.text),
                                      column_pt - 2 * TIMELINE_PAD_PT, DENSE_TEXT_PT,
                                      indent="  "),
                        va="top", fontsize=DENSE_TEXT_PT)
                for cell in cells[cells["period"] == period.period].itertuples()]
        bands.append((period.period_start, title, body))
    gap = TIMELINE_PAD_PT / 72
    need = [3 * gap + height_in(title) + max(map(height_in, body), default=0)
            for _, title, body in bands]
    inch_per_year = max(n / (end - start + 1)
                        for n, (start, _, _), end in zip(need, bands, ends, strict=True))
    height = inch_per_year * (last_year - first + 1) + TIMELINE_TOP_IN + TIMELINE_BOTTOM_IN
    fig.set_size_inches(FIGURE_WIDTH_IN, height)
    fig.subplots_adjust(top=1 - TIMELINE_TOP_IN / height, bottom=TIMELINE_BOTTOM_IN / height)
    shades = ["#e8f1f8", "#fdf0dc", "#e6f4ee"]
    for shade, (start, title, body), end in zip(shades * len(bands), bands, ends,
                                                strict=False):
        top = start - 0.5
        ax.axhspan(top, end + 0.5, color=shade, zorder=0)
        title.set_y(top + gap / inch_per_year)
        for text in body:
            text.set_y(top + (2 * gap + height_in(title)) / inch_per_year)
    ax.set_xlim(0, len(columns))
    ax.set_ylim(last_year + 0.5, first - 0.5)
    ax.set_xticks([c + 0.5 for c in range(len(columns))], [ROW_LABELS[c] for c in columns])
    ax.xaxis.tick_top()
    ax.tick_params(axis="x", length=0)
    ax.set_yticks(range(first, last_year + 1, 2))
    ax.set_ylabel("Année")
    ax.grid(False)
    for x in range(1, len(columns)):
        ax.axvline(x, color="white", linewidth=2)
    return fig


SCOPE_LABELS = {
    "numerique": "Budgets du numérique (réseaux, services, inclusion)",
    "transformation": "Transformation de l'action publique",
    "sectoriel": "Budgets sectoriels (santé, formation), non numériques",
}
SCOPE_COLOURS = {"numerique": OKABE_ITO[4], "transformation": OKABE_ITO[2],
                 "sectoriel": OKABE_ITO[5]}
SCOPE_MARKERS = {"numerique": "o", "transformation": "s", "sectoriel": "D"}


def funding_labels(amounts: pd.DataFrame) -> list[str]:
    """A plan's name and period; a name shown twice also says what its figure measures."""
    twice = amounts["name"].duplicated(keep=False)
    return [f"{name}{' – ' + measure[0].lower() + measure[1:] if dup else ''} ({period})"
            for name, measure, dup, period in zip(amounts["name"], amounts["measure"], twice,
                                                  amounts["period_label"], strict=True)]


def funding_amounts(amounts: pd.DataFrame) -> Figure:
    """A labelled dot per amount on a log axis (millions of euros), grouped by what the money
    is for (``scope``): a dot marks a value, it has no length to compare."""
    order = {s: i for i, s in enumerate(SCOPE_LABELS)}
    rows = amounts.assign(_scope=amounts["scope"].map(order)).sort_values(
        ["_scope", "euros"], ascending=[True, False], kind="stable").reset_index(drop=True)
    labels = funding_labels(rows)
    y = np.arange(len(rows))[::-1]
    fig, ax = plt.subplots(figsize=(FIGURE_WIDTH_IN, 0.5 * len(rows) + 1.4),
                           layout="constrained")
    millions = rows["euros"] / 1e6
    for scope in SCOPE_LABELS:
        mask = (rows["scope"] == scope).to_numpy()
        if mask.any():
            ax.scatter(millions[mask], y[mask], s=42, color=SCOPE_COLOURS[scope],
                       marker=SCOPE_MARKERS[scope], label=SCOPE_LABELS[scope], zorder=3)
    for yi, value, text in zip(y, millions, rows["amount_text"], strict=True):
        ax.annotate(text, (value, yi), xytext=(6, 0), textcoords="offset points",
                    va="center", fontsize=DENSE_TEXT_PT)
    ax.set_yticks(y, [wrap_to_width(label, FUNDING_LABEL_PT, DENSE_TEXT_PT)
                      for label in labels], fontsize=DENSE_TEXT_PT)
    ax.set_xscale("log")
    ax.set_xlim(millions.min() / 2, millions.max() * 4)
    ax.xaxis.set_major_locator(LogLocator(base=10))
    french_axis(ax.xaxis)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("Montant en millions d'euros (échelle logarithmique)")
    ax.legend(frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=1,
              fontsize=DENSE_TEXT_PT)
    return fig


MATRIX_UNITS = {"pp7": "extraits", "harris2022": "extraits", "survey": "items",
                "literature": "références"}
MATRIX_PANEL_PT = 95  # width of a panel title of the levers chart
LEVER_LABEL_PT = 110  # width of a lever name beside its bars


def levers_matrix(matrix: pd.DataFrame, row_labels: pd.Series,
                  column_labels: dict[str, str]) -> Figure:
    """Levers × sources as one bar panel per source, each on its own scale.

    Excerpts, survey items and references are not the same unit: a shared colour or length
    scale would make 8 excerpts look stronger than 2 references. Each panel says its unit
    (:data:`MATRIX_UNITS`), every bar carries its count, and a zero is written « 0 ».
    """
    shown = matrix.rename(index=row_labels.to_dict())
    fig, axes = plt.subplots(1, len(shown.columns), figsize=(FIGURE_WIDTH_IN, 0.45 * len(shown)
                                                             + 1.5),
                             sharey=True, squeeze=False, layout="constrained")
    y = np.arange(len(shown))
    for ax, column in zip(axes[0], shown.columns, strict=True):
        values = shown[column].astype(int).to_numpy()
        ax.barh(y, values, color=OKABE_ITO[4], height=0.6)
        top = max(int(values.max()), 1)
        for yi, value in zip(y, values, strict=True):
            ax.text(value + top * 0.04, yi, str(value), va="center", fontsize=DENSE_TEXT_PT)
        ax.set_xlim(0, top * 1.35)
        ax.set_xticks([])
        title = column_labels.get(column, column)
        unit = MATRIX_UNITS.get(str(column), "éléments")
        if unit.rstrip("s") not in title.casefold():  # « Références » says its unit
            title = f"{title}\nnombre d'{unit}"
        ax.set_title("\n".join(wrap_to_width(line, MATRIX_PANEL_PT, DENSE_TEXT_PT)
                               for line in title.split("\n")), fontsize=DENSE_TEXT_PT)
        ax.spines[["top", "right", "bottom"]].set_visible(False)
        ax.grid(False)
    axes[0][0].set_yticks(y, [wrap_to_width(str(t), LEVER_LABEL_PT, DENSE_TEXT_PT)
                              for t in shown.index], fontsize=DENSE_TEXT_PT)
    axes[0][0].invert_yaxis()
    fig.supxlabel("Nombre d'éléments de chaque source, chaque panneau à sa propre échelle",
                  fontsize=DENSE_TEXT_PT)
    return fig
