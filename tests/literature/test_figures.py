"""Figures of the literature and context sections, drawn from small synthetic tables."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.text import Annotation  # noqa: E402

from digital_public_services.literature import figures as evidence_plots
from digital_public_services.literature.context import ROW_LABELS  # noqa: E402
from digital_public_services.plotting import style

pytestmark = pytest.mark.usefixtures("house_style")


def bars(ax):
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def tick_texts(labels):
    return [t.get_text() for t in labels]


def synthetic_map(n_access: int = 3) -> pd.DataFrame:
    rows = [("access", "Accès", 2004 + i, "cited" if i == 0 else "literature")
            for i in range(n_access)] + [("change", "Changement", 2010, "cited")]
    return pd.DataFrame({
        "citation": [f"Synthetic author {i} ({y})" for i, (_, _, y, _) in enumerate(rows)],
        "question": [q for q, _, _, _ in rows], "question_label": [lab for _, lab, _, _ in rows],
        "year": pd.array([y for _, _, y, _ in rows], dtype="Int64"),
        "role": [r for _, _, _, r in rows],
    })


def test_literature_map_draws_one_dot_per_work_grouped_under_its_question():
    table = synthetic_map()
    fig = evidence_plots.literature_map(table)
    ax = fig.axes[0]
    years = sorted(x for c in ax.collections for x, _ in c.get_offsets())
    assert years == sorted(table["year"].astype(float))
    assert tick_texts(ax.get_yticklabels()) == list(table["citation"])  # top to bottom
    heads = [t.get_text() for t in ax.texts]
    assert heads == ["Accès", "Changement"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [evidence_plots.ORIGIN_STYLE[r][0] for r in ("cited", "literature")]
    ticks = dict(zip(tick_texts(ax.get_yticklabels()), ax.get_yticks(), strict=True))
    head_y = {t.get_text(): t.get_position()[1] for t in ax.texts}
    assert ticks[table["citation"].iloc[0]] < head_y["Accès"]  # heading above its works
    assert head_y["Changement"] < ticks[table["citation"].iloc[2]]
    assert style.smallest_text_pt(fig) >= style.MIN_TEXT_PT


def test_literature_map_labels_stay_apart_with_many_works():
    fig = evidence_plots.literature_map(synthetic_map(n_access=25))
    fig.canvas.draw()
    assert style.overlapping(fig.axes[0].get_yticklabels()) == []


def synthetic_timeline():
    cells = pd.DataFrame({
        "period": ["2010-2015", "2010-2015", "2016-"],
        "period_start": [2010, 2010, 2016],
        "period_end": [2015, 2015, np.nan],
        "period_theme_fr": ["Thème un", "Thème un", "Thème deux"],
        "table_row": [1, 3, 2],
        "text": ["Synthetic plan (2011)", "Synthetic office", "Synthetic agency (2017)"],
    })
    return cells, 2024


def test_policy_timeline_writes_every_cell_and_period():
    cells, last_year = synthetic_timeline()
    fig = evidence_plots.policy_timeline(cells, last_year)
    ax = fig.axes[0]
    texts = [" ".join(t.get_text().split()) for t in ax.texts]
    for entry in cells["text"]:
        assert entry in texts
    assert sum("Thème un" in t for t in texts) == 1  # one title per period, not per cell
    assert sum("Thème deux" in t for t in texts) == 1
    assert tick_texts(ax.get_xticklabels()) == [ROW_LABELS[r] for r in sorted(ROW_LABELS)]
    low, high = sorted(ax.get_ylim())
    assert low < 2010 and high > last_year


def test_policy_timeline_names_an_open_period_instead_of_drawing_an_arrow():
    cells, last_year = synthetic_timeline()
    ax = evidence_plots.policy_timeline(cells, last_year).axes[0]
    assert not [a for a in ax.texts if isinstance(a, Annotation)]
    titles = [t.get_text() for t in ax.texts if "Thème" in t.get_text()]
    assert titles == ["2010-2015 · Thème un", "Depuis 2016 · Thème deux"]


def test_policy_timeline_keeps_crowded_cells_legible_inside_their_band_and_column():
    entry = ("Synthetic directorate with a long name written out in full (SDLN), "
             "integrated with a second synthetic mission – 700 m euros (2018-2022)")
    cells, last_year = synthetic_timeline()
    cells.loc[2, "text"] = "\n".join([entry] * 3)  # the short open period gets the most text
    fig = evidence_plots.policy_timeline(cells, last_year)
    ax = fig.axes[0]
    fig.canvas.draw()
    to_data = ax.transData.inverted()
    bands = {2010: (2009.5, 2015.5), 2016: (2015.5, last_year + 0.5)}
    drawn = {" ".join(t.get_text().split()): t for t in ax.texts}
    for cell in cells.itertuples():
        text = drawn[" ".join(cell.text.split())]
        box = to_data.transform(text.get_window_extent().get_points())
        (x0, y_a), (x1, y_b) = box
        top, bottom = sorted((y_a, y_b))
        band_top, band_bottom = bands[cell.period_start]
        column = sorted(ROW_LABELS).index(cell.table_row)
        assert band_top <= top and bottom <= band_bottom, cell.text[:30]
        assert column <= x0 and x1 <= column + 1, cell.text[:30]
    assert style.smallest_text_pt(fig) >= style.MIN_TEXT_PT


def synthetic_amounts():
    return pd.DataFrame({
        "name": ["Synthetic fund", "Synthetic grant", "Synthetic plan", "Synthetic plan"],
        "measure": ["Dotation", "Subvention", "Budget annoncé", "Coût estimé"],
        "period_label": ["2015", "2018-2020", "2021", "année non précisée"],
        "euros": [2e6, 150e6, 5e9, 9e9],
        "scope": ["sectoriel", "numerique", "numerique", "numerique"],
        "source_id": ["synthetic_source"] * 4,
        "amount_text": ["2 M€", "150 M€", "5 Md€", "9 Md€"],
    })


def test_funding_amounts_draws_one_labelled_dot_per_amount_on_a_log_axis():
    amounts = synthetic_amounts()
    fig = evidence_plots.funding_amounts(amounts)
    ax = fig.axes[0]
    assert not bars(ax)  # dots, no bar length to misread on a log axis
    xs = sorted(x for c in ax.collections for x, _ in c.get_offsets())
    assert xs == pytest.approx(sorted(amounts["euros"] / 1e6))
    assert ax.get_xscale() == "log"
    labels = [t.get_text() for t in ax.texts]
    assert sorted(labels) == sorted(amounts["amount_text"])
    ticks = [" ".join(t.split()) for t in tick_texts(ax.get_yticklabels())]
    # digital budgets first, largest first; a name shown twice says what it measures
    assert ticks[0] == "Synthetic plan – coût estimé (année non précisée)"
    assert ticks[-1] == "Synthetic fund (2015)"
    assert style.smallest_text_pt(fig) >= style.MIN_TEXT_PT


def test_funding_legend_lists_only_the_scopes_shown():
    fig = evidence_plots.funding_amounts(synthetic_amounts())
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == [evidence_plots.SCOPE_LABELS["numerique"],
                      evidence_plots.SCOPE_LABELS["sectoriel"]]
