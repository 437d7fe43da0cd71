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
TIMELINE_BOTTOM_IN = 0.3  # room for the legend of the markers
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


def period_title(period_label: str, start: int, end) -> str:
    """``2004-2007``; a period the source leaves open (``2019-``) reads ``Depuis 2019``."""
    return f"Depuis {start}" if pd.isna(end) else period_label


#: Marker of a dated entry by where it comes from: (label, marker, filled)
ORIGIN_MARKERS = {"Tableau 1": ("Tableau 1", "o", True),
                  "encadré": ("Encadrés 1 et 2", "o", False),
                  "ajout": ("Ajout (source vérifiée)", "D", False)}
OUTSIDE_MARK = "\u2020"  # † : Tableau 1 prints the entry under a period without its year
PERIOD_COLUMN_IN = 0.9  # width of the column that names the periods
MARK_IN = 0.045  # x of an entry's dot from its column's left edge
MARK_STEP_IN = 0.045  # dots of one year in one column sit side by side
LABEL_IN = 0.22  # x of an entry's text from its column's left edge
TIMELINE_GAP_IN = 0.035  # vertical white space between two entries of a column
TIMELINE_MAX_IN = 30  # the figure stops growing here (it would no longer fit a page)


def _stack(targets: list[float], heights: list[float], gap: float,
           low: float = -np.inf, high: float = np.inf,
           floors: list[float] | None = None) -> list[float]:
    """Tops (inches from the top) of labels wanted at ``targets`` (in that order), moved as
    little as possible so that none overlaps the next: labels that would collide form a
    block centred on their wanted places, kept between ``low`` and ``high`` and with no
    label above its floor (where one is given). When everything cannot fit, the last
    labels run past ``high``: the caller then makes room."""
    n = len(targets)
    floors = floors or [low] * n
    step = [heights[k] + gap for k in range(n)]

    def place(first: int, last: int) -> tuple[float, float]:
        members = range(first, last + 1)
        offsets = np.cumsum([0.0] + [step[k] for k in members])[:-1]
        wanted = float(np.mean([targets[k] - o for k, o in zip(members, offsets,
                                                                strict=True)]))
        lowest = max(low, *(floors[k] - o for k, o in zip(members, offsets, strict=True)))
        size = float(offsets[-1]) + heights[last]
        return max(min(wanted, high - size), lowest), size

    blocks: list[list] = []  # [first, last, top, size]
    for i in range(n):
        blocks.append([i, i, *place(i, i)])
        while len(blocks) > 1 and blocks[-2][2] + blocks[-2][3] + gap > blocks[-1][2]:
            first = blocks[-2][0]
            last = blocks[-1][1]
            blocks[-2:] = [[first, last, *place(first, last)]]
    tops = []
    for first, last, top, _ in blocks:
        for k in range(first, last + 1):
            tops.append(top)
            top += step[k]
    return tops


def policy_timeline(entries: pd.DataFrame, last_year: int) -> Figure:
    """Tableau 1 on a time axis: a band per period, a column per row of the table, and each
    entry at its year.

    A dated entry has a dot at its year in its column and its text just below (pushed
    further down, with a line back to the dot, only where the column is crowded). An entry
    no source dates is written in italics at the start of its period. An entry that
    Tableau 1 prints under a period that does not contain its year carries a dagger.
    ``entries`` is :func:`..context.timeline`'s table; a period left open by the source is
    drawn up to ``last_year``.
    """
    columns = sorted(ROW_LABELS)
    periods = entries.drop_duplicates("period").sort_values(["period_start", "period"],
                                                             kind="stable")
    first = int(periods["period_start"].min())
    last = int(max(last_year, entries["year"].dropna().max()
                   if entries["year"].notna().any() else last_year))
    ends = periods["period_end"].fillna(last).astype(int).to_numpy()
    fig, ax = plt.subplots(figsize=(FIGURE_WIDTH_IN, 6))
    fig.subplots_adjust(left=TIMELINE_LEFT_IN / FIGURE_WIDTH_IN, right=0.99)
    axes_in = ax.get_position().width * FIGURE_WIDTH_IN
    column_in = (axes_in - PERIOD_COLUMN_IN) / len(columns)
    x0 = {row: PERIOD_COLUMN_IN + i * column_in for i, row in enumerate(columns)}
    renderer = fig.canvas.get_renderer()

    def height_in(text) -> float:
        return text.get_window_extent(renderer).height / fig.dpi

    titles = []
    for period in periods.itertuples():
        head = ax.text(0.06, 0, period_title(period.period, period.period_start,
                                             period.period_end),
                       va="top", fontsize=TIMELINE_TITLE_PT, fontweight="bold")
        theme = ax.text(0.06, 0, wrap_to_width(period.period_theme_fr,
                                               (PERIOD_COLUMN_IN - 0.12) * 72,
                                               DENSE_TEXT_PT), va="top",
                        fontsize=DENSE_TEXT_PT, color="0.25")
        titles.append((period.period_start, head, theme))

    placed = []  # (row, anchor year, dated, text)
    for row in columns:
        rows = entries[entries["table_row"] == row].copy()
        rows["dated_"] = rows["year"].notna()
        rows["anchor_"] = rows["year"].astype("Float64").fillna(
            rows["period_start"].astype("Float64") - 0.5)
        rows = rows.sort_values(["anchor_", "dated_", "label"], kind="stable")
        for entry in rows.itertuples():
            label = entry.label + (f" {OUTSIDE_MARK}" if entry.outside_period else "")
            text = ax.text(x0[row] + LABEL_IN, 0,
                           wrap_to_width(NUMBER_AND_WORD.sub("\\1\u00a0", label),
                                         (column_in - LABEL_IN - 0.05) * 72, DENSE_TEXT_PT,
                                         indent="  "),
                           va="top", fontsize=DENSE_TEXT_PT,
                           fontstyle="normal" if entry.dated_ else "italic",
                           color="black" if entry.dated_ else "0.3")
            origin = entry.printed_in if entry.printed_in in ("Tableau 1", "ajout") \
                else "encadré"
            placed.append((row, float(entry.anchor_), bool(entry.dated_), text, origin))

    line_in = DENSE_TEXT_PT * 1.2 / 72

    def layout(ipy: float) -> tuple[dict, bool]:
        """Tops of every text, in inches from the axis top, and whether all fit."""
        tops, fits = {}, True
        for row in columns:
            items = [p[:4] for p in placed if p[0] == row]
            targets = [(a - (first - 0.5)) * ipy - (line_in / 2 if dated else -TIMELINE_GAP_IN)
                       for _, a, dated, _ in items]
            floors = [TIMELINE_GAP_IN if dated else target for target, (_, _, dated, _)
                      in zip(targets, items, strict=True)]  # undated: not above its period
            stacked = _stack(targets, [height_in(t) for *_, t in items], TIMELINE_GAP_IN,
                             low=TIMELINE_GAP_IN, high=(last - first + 1) * ipy,
                             floors=floors)
            for (_, _, _, text), top in zip(items, stacked, strict=True):
                tops[text] = top
                fits &= top + height_in(text) <= (last - first + 1) * ipy + 1e-9
        for (start, head, theme), end in zip(titles, ends, strict=True):
            top = (start - first) * ipy + TIMELINE_GAP_IN
            tops[head] = top
            tops[theme] = top + height_in(head) + TIMELINE_GAP_IN
            fits &= tops[theme] + height_in(theme) <= (end - first + 1) * ipy + 1e-9
        return tops, fits

    ipy = 0.2
    tops, fits = layout(ipy)
    while not fits and ipy * (last - first + 1) < TIMELINE_MAX_IN:
        ipy *= 1.05
        tops, fits = layout(ipy)
    height = ipy * (last - first + 1) + TIMELINE_TOP_IN + TIMELINE_BOTTOM_IN
    fig.set_size_inches(FIGURE_WIDTH_IN, height)
    fig.subplots_adjust(top=1 - TIMELINE_TOP_IN / height, bottom=TIMELINE_BOTTOM_IN / height)

    def year_at(inches: float) -> float:
        return first - 0.5 + inches / ipy

    shades = ["#e8f1f8", "#fdf0dc", "#e6f4ee"]
    for shade, (start, _, _), end in zip(shades * len(titles), titles, ends, strict=False):
        ax.axhspan(start - 0.5, end + 0.5, color=shade, zorder=0)
    for text, top in tops.items():
        text.set_y(year_at(top))
    same_year: dict[tuple, int] = {}
    for row, anchor, dated, text, origin in placed:
        if not dated:
            continue
        k = same_year[(row, anchor)] = same_year.get((row, anchor), -1) + 1
        x = x0[row] + MARK_IN + min(k, 3) * MARK_STEP_IN
        _, marker, filled = ORIGIN_MARKERS[origin]
        ax.plot([x], [anchor], marker=marker, markersize=4, color="0.15", zorder=3,
                markerfacecolor="0.15" if filled else "white", markeredgewidth=1)
        first_line = year_at(tops[text] + line_in / 2)
        if abs(first_line - anchor) * ipy > line_in:  # moved off its year: a line back to it
            ax.plot([x, x0[row] + LABEL_IN - 0.02], [anchor, first_line], color="0.45",
                    linewidth=0.7, zorder=2)
    ax.set_xlim(0, axes_in)
    ax.set_ylim(last + 0.5, first - 0.5)
    ax.set_xticks([x0[r] + column_in / 2 for r in columns], [ROW_LABELS[r] for r in columns])
    ax.xaxis.tick_top()
    ax.tick_params(axis="x", length=0)
    ax.set_yticks(range(first, last + 1, 2))
    ax.set_ylabel("Année")
    ax.grid(False)
    for x in [PERIOD_COLUMN_IN, *[x0[r] for r in columns[1:]]]:
        ax.axvline(x, color="white", linewidth=2)
    shown = [o for o in ORIGIN_MARKERS if any(p[4] == o and p[2] for p in placed)]
    handles = [plt.Line2D([], [], linestyle="", marker=ORIGIN_MARKERS[o][1], markersize=5,
                          color="0.15", markeredgewidth=1,
                          markerfacecolor="0.15" if ORIGIN_MARKERS[o][2] else "white",
                          label=ORIGIN_MARKERS[o][0]) for o in shown]
    if handles:
        fig.legend(handles=handles, loc="lower center", ncol=len(handles), frameon=False,
                   fontsize=DENSE_TEXT_PT, bbox_to_anchor=(0.5, 0))
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
