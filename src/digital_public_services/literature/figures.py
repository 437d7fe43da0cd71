"""Figures of the literature and context sections, in the house style.

Each function takes a table computed by :mod:`.bibliography` or :mod:`.context` and returns
the matplotlib figure; the notebook shows it. Nothing here computes a number.
"""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import LogLocator, MultipleLocator

from ..plotting.style import DENSE_TEXT_PT, FIGURE_WIDTH_IN, OKABE_ITO, french_axis, wrap_to_width
from .context import ROW_LABELS

TIMELINE_TITLE_PT = 10
NUMBER_AND_WORD = re.compile(r"(\d) (?=[^\W\d])")  # « 700 m euros » stays on one line
TIMELINE_PAD_PT = 4  # white space around the texts of a band
TIMELINE_LEFT_IN = 0.8  # room for the years and their label
TIMELINE_TOP_IN = 0.35  # room for the column headings
TIMELINE_BOTTOM_IN = 0.05
FUNDING_LABEL_PT = 190  # width of a plan's name beside its bar


ORIGIN_STYLE = {  # role -> (label, marker, colour, filled)
    "cited": ("Citée par le policy paper", "o", OKABE_ITO[4], True),
    "literature": ("Ajoutée par la synthèse", "D", OKABE_ITO[5], False),
}
MAP_ROW_IN = 0.24  # height of one work's row
MAP_HEADER_ROWS = 1.2  # room for a question's heading, in rows


def literature_map(table: pd.DataFrame) -> Figure:
    """One row per work (``bibliography.literature_map``), grouped by question: a dot at its
    year of publication, its shape saying whether the policy paper cites it or the synthesis
    adds it. Each group is headed by its question."""
    y, ticks, labels, heads = 0.0, [], [], []
    for _question, rows in table.groupby("question", sort=False):
        y -= MAP_HEADER_ROWS
        heads.append((y - 0.15, rows["question_label"].iloc[0]))
        for row in rows.itertuples():
            y -= 1
            ticks.append(y)
            labels.append(row.citation)
    fig, ax = plt.subplots(figsize=(FIGURE_WIDTH_IN, MAP_ROW_IN * -y + 1.3),
                           layout="constrained")
    positions = pd.Series(ticks, index=table.index)
    for role, (label, marker, colour, filled) in ORIGIN_STYLE.items():
        mask = table["role"] == role
        if mask.any():
            ax.scatter(table.loc[mask, "year"].astype(float), positions[mask], s=40,
                       marker=marker, label=label, zorder=3, linewidths=1.4,
                       facecolors=colour if filled else "white", edgecolors=colour)
    ax.set_yticks(ticks, labels, fontsize=DENSE_TEXT_PT)
    for i, (y_head, text) in enumerate(heads):
        ax.text(0.005, y_head, text, transform=ax.get_yaxis_transform(), ha="left",
                va="center", fontsize=DENSE_TEXT_PT, fontweight="bold")
        if i:  # a rule between two questions
            ax.axhline(y_head + 0.65, color="0.8", linewidth=0.8)
    years = table["year"].dropna().astype(int)
    ax.set_xlim(years.min() - 2, years.max() + 2)
    ax.set_ylim(y - 0.8, heads[0][0] + 0.7 if heads else 0.2)
    ax.xaxis.set_major_locator(MultipleLocator(5))
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("Année de publication")
    ax.legend(frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2,
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
