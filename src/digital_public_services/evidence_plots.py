"""Figures of the literature, context and levers sections, in the house style.

Each function takes a table computed by :mod:`.literature`, :mod:`.context` or :mod:`.levers`
and returns the matplotlib figure; the notebook shows it. Nothing here computes a number.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import LogLocator

from .context import ROW_LABELS
from .literature import STREAM_LABELS
from .style import OKABE_ITO, french_axis

STREAM_COLOURS = dict(zip(STREAM_LABELS, [OKABE_ITO[4], OKABE_ITO[0], "#999999",
                                          OKABE_ITO[2]], strict=True))
SECTOR_COLOURS = {
    "sante": OKABE_ITO[5],
    "formation_professionnelle": OKABE_ITO[4],
    "administration": OKABE_ITO[2],
    "economie_numerique": OKABE_ITO[6],
}
SECTOR_LABELS = {
    "sante": "Santé",
    "formation_professionnelle": "Formation professionnelle",
    "administration": "Administration",
    "economie_numerique": "Économie numérique",
}


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
    """References × claims: a filled cell where the reference supports the claim."""
    height = 0.32 * len(matrix) + 2.5
    fig, ax = plt.subplots(figsize=(10, height))
    cmap = ListedColormap(["#f2f2f2", OKABE_ITO[4]])
    sns.heatmap(matrix, ax=ax, cmap=cmap, cbar=False, linewidths=0.6, linecolor="white",
                vmin=0, vmax=1, square=False)
    ax.set_yticks(np.arange(len(matrix)) + 0.5, [row_labels[k] for k in matrix.index],
                  rotation=0)
    ax.set_xticks(np.arange(len(matrix.columns)) + 0.5,
                  [column_labels[c] for c in matrix.columns], rotation=50, ha="right")
    ax.set_xlabel("Affirmation du policy paper")
    ax.set_ylabel("")
    totals = matrix.sum(axis=0)
    for i, total in enumerate(totals):
        if total == 0:
            ax.text(i + 0.5, -0.15, "0", ha="center", va="bottom", fontsize=8,
                    color=OKABE_ITO[5], fontweight="bold")
    return fig


def policy_timeline(cells: pd.DataFrame, last_year: int) -> Figure:
    """Tableau 1 on a time axis: one band per period, one column per row of the table."""
    columns = sorted(ROW_LABELS)
    fig, ax = plt.subplots(figsize=(12, 8.5))
    periods = cells.drop_duplicates("period").sort_values("period_start")
    shades = ["#e8f1f8", "#fdf0dc", "#e6f4ee"]
    for shade, period in zip(shades, periods.itertuples(), strict=False):
        end = last_year if pd.isna(period.period_end) else period.period_end
        ax.axhspan(period.period_start - 0.5, end + 0.5, color=shade, zorder=0)
        title = f"{period.period}\n{period.period_theme_fr}"
        ax.text(0.05, period.period_start - 0.3, _wrap(title, 22), va="top", fontsize=8.5,
                fontweight="bold")
        if pd.isna(period.period_end):
            ax.annotate("", xy=(0.5, last_year + 0.9), xytext=(0.5, last_year - 0.4),
                        arrowprops={"arrowstyle": "->", "color": "#555555"})
    for cell in cells.itertuples():
        x = columns.index(cell.table_row) + 1
        ax.text(x + 0.05, cell.period_start - 0.3, cell.text, va="top", fontsize=7.5)
    ax.set_xlim(0, len(columns) + 1)
    ax.set_ylim(last_year + 1, periods["period_start"].min() - 0.6)
    ax.set_xticks([c + 0.5 for c in range(1, len(columns) + 1)],
                  [ROW_LABELS[c] for c in columns])
    ax.xaxis.tick_top()
    ax.set_yticks(range(int(periods["period_start"].min()), last_year + 1, 2))
    ax.set_ylabel("Année")
    ax.grid(False)
    for x in range(1, len(columns) + 1):
        ax.axvline(x, color="white", linewidth=2)
    return fig


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.fill(line, width) for line in text.split("\n"))


def funding_amounts(amounts: pd.DataFrame) -> Figure:
    """Horizontal bars on a log axis in millions of euros, each labelled as printed."""
    rows = amounts.iloc[::-1].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(10, 0.55 * len(rows) + 1.5))
    millions = rows["euros"] / 1e6
    colours = rows["sector"].map(SECTOR_COLOURS)
    ax.barh(rows.index, millions, color=colours)
    for i, row in rows.iterrows():
        grey = " (source grise)" if row["source_id"] == "idruide2022" else ""
        ax.text(millions[i] * 1.08, i, f"{row['value_text']}{grey}", va="center", fontsize=8)
    labels = [f"{n}\n({p})" for n, p in zip(rows["name"], rows["period_label"], strict=True)]
    ax.set_yticks(rows.index, labels, fontsize=8)
    ax.set_xscale("log")
    ax.set_xlim(millions.min() / 2, millions.max() * 8)
    ax.xaxis.set_major_locator(LogLocator(base=10))
    french_axis(ax.xaxis)
    ax.set_xlabel("Montant en millions d'euros (échelle logarithmique)")
    handles = [plt.Rectangle((0, 0), 1, 1, color=SECTOR_COLOURS[s])
               for s in SECTOR_LABELS if s in set(rows["sector"])]
    ax.legend(handles, [SECTOR_LABELS[s] for s in SECTOR_LABELS if s in set(rows["sector"])],
              frameon=False, loc="lower right", fontsize=8)
    return fig


def levers_matrix(matrix: pd.DataFrame, row_labels: pd.Series,
                  column_labels: dict[str, str]) -> Figure:
    """Levers × sources, each cell the number of pieces of evidence (0 stands out)."""
    fig, ax = plt.subplots(figsize=(8, 3.8))
    shown = matrix.rename(index=row_labels.to_dict(), columns=column_labels)
    sns.heatmap(shown, ax=ax, annot=True, fmt="d", cmap="Blues", cbar=False,
                linewidths=1, linecolor="white", vmin=0)
    ax.set_xlabel("Source")
    ax.set_ylabel("")
    ax.tick_params(axis="y", rotation=0)
    return fig
