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
    entries = pd.DataFrame({
        "period": ["2010-2015", "2010-2015", "2010-2015", "2016-", "2016-"],
        "period_start": [2010, 2010, 2010, 2016, 2016],
        "period_end": [2015, 2015, 2015, np.nan, np.nan],
        "period_theme_fr": ["Thème un"] * 3 + ["Thème deux"] * 2,
        "table_row": [1, 1, 3, 2, 2],
        "year": pd.array([2012, 2017, None, 2020, 2024], dtype="Int64"),
        "label": ["Synthetic plan (2012)", "Synthetic fund (2017)", "Synthetic office",
                  "Synthetic agency (2020)", "Synthetic review (2024) [ajout]"],
        "outside_period": [False, True, False, False, False],
        "printed_in": ["Tableau 1", "Tableau 1", "Tableau 1", "encadré 1", "ajout"],
    })
    return entries, 2022


def drawn_texts(ax):
    return {" ".join(t.get_text().split()): t for t in ax.texts}


def test_policy_timeline_writes_every_entry_and_period():
    entries, last_year = synthetic_timeline()
    fig = evidence_plots.policy_timeline(entries, last_year)
    ax = fig.axes[0]
    texts = list(drawn_texts(ax))
    for label in entries["label"]:
        assert any(t.startswith(label) for t in texts), label
    assert sum("Thème un" in t for t in texts) == 1  # one title per period, not per entry
    assert tick_texts(ax.get_xticklabels()) == [ROW_LABELS[r] for r in sorted(ROW_LABELS)]
    low, high = sorted(ax.get_ylim())
    assert low < 2010 and high > 2024  # the axis runs to the latest entry, past last_year


def test_policy_timeline_names_an_open_period_instead_of_drawing_an_arrow():
    entries, last_year = synthetic_timeline()
    ax = evidence_plots.policy_timeline(entries, last_year).axes[0]
    assert not [a for a in ax.texts if isinstance(a, Annotation)]
    titles = [t.get_text() for t in ax.texts if t.get_text() in ("2010-2015", "Depuis 2016")]
    assert titles == ["2010-2015", "Depuis 2016"]


def test_policy_timeline_draws_each_dated_entry_at_its_year():
    """Fig. 1 drew every entry at the top of its band: ARS (2010) near 2009, the SNS and
    the PIC (2018) near 2011-2013. A dated entry now has its dot at its year, and its
    text starts next to it unless the column is crowded (a line then joins them)."""
    entries, last_year = synthetic_timeline()
    fig = evidence_plots.policy_timeline(entries, last_year)
    ax = fig.axes[0]
    dots = sorted(float(line.get_ydata()[0]) for line in ax.lines
                  if line.get_marker() not in ("None", "", None) and len(line.get_ydata()) == 1)
    assert dots == [2012.0, 2017.0, 2020.0, 2024.0]
    fig.canvas.draw()
    to_data = ax.transData.inverted()
    texts = drawn_texts(ax)
    for label, year in [("Synthetic plan (2012)", 2012), ("Synthetic agency (2020)", 2020)]:
        text = next(t for k, t in texts.items() if k.startswith(label))
        (_, y_a), (_, y_b) = to_data.transform(text.get_window_extent().get_points())
        assert min(y_a, y_b) <= year <= max(y_a, y_b), label  # the text faces its dot


def test_policy_timeline_marks_undated_and_misplaced_entries():
    entries, last_year = synthetic_timeline()
    ax = evidence_plots.policy_timeline(entries, last_year).axes[0]
    texts = drawn_texts(ax)
    office = texts["Synthetic office"]
    assert office.get_fontstyle() == "italic"  # no source dates it
    assert "Synthetic fund (2017) \u2020" in texts  # Tableau 1 prints it in 2010-2015


def test_policy_timeline_keeps_crowded_columns_legible():
    entries, last_year = synthetic_timeline()
    crowd = entries.iloc[[0] * 6].assign(
        label=[f"Synthetic long plan number {i} with a long name (2012)" for i in range(6)])
    fig = evidence_plots.policy_timeline(pd.concat([entries, crowd], ignore_index=True),
                                         last_year)
    ax = fig.axes[0]
    fig.canvas.draw()
    assert style.overlapping([t for t in ax.texts if t.get_text().startswith("Synthetic")]) \
        == []
    to_data = ax.transData.inverted()
    low, high = sorted(ax.get_ylim())
    for text in ax.texts:
        (x0, y_a), (x1, y_b) = to_data.transform(text.get_window_extent().get_points())
        assert low <= min(y_a, y_b) and max(y_a, y_b) <= high, text.get_text()[:30]
    assert style.smallest_text_pt(fig) >= style.MIN_TEXT_PT


def test_stack_moves_labels_as_little_as_possible_within_bounds():
    tops = evidence_plots._stack([0.0, 0.1, 5.0], [1.0, 1.0, 1.0], 0.0, low=0.0, high=6.0)
    assert tops == [0.0, 1.0, 5.0]
    tops = evidence_plots._stack([5.5, 5.6], [1.0, 1.0], 0.0, low=0.0, high=6.0)
    assert tops == [4.0, 5.0]  # pushed up to stay inside


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
