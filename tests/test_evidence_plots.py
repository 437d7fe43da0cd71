"""Figures of the literature, context and levers sections, drawn from small synthetic tables."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import QuadMesh  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.text import Annotation  # noqa: E402

from digital_public_services import evidence_plots, style  # noqa: E402
from digital_public_services.context import ROW_LABELS  # noqa: E402
from digital_public_services.literature import STREAM_LABELS  # noqa: E402

pytestmark = pytest.mark.usefixtures("house_style")


def bars(ax):
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def tick_texts(labels):
    return [t.get_text() for t in labels]


def test_references_by_stream_stacks_one_bar_per_year_and_stream():
    table = pd.DataFrame({"management": [1, 0, 2], "economics": [0, 3, 1],
                          "grey": [2, 1, 0], "methods": [0, 0, 1]},
                         index=pd.Index(["2019", "2021", "s.d."], name="year"))
    fig = evidence_plots.references_by_stream(table)
    ax = fig.axes[0]
    drawn = bars(ax)
    assert len(drawn) == table.size
    assert tick_texts(ax.get_xticklabels()) == list(table.index)
    tops = {}
    for patch in drawn:
        x = round(patch.get_x() + patch.get_width() / 2)
        tops[x] = max(tops.get(x, 0), patch.get_y() + patch.get_height())
    assert [tops[i] for i in range(len(table))] == table.sum(axis=1).tolist()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [STREAM_LABELS[s] for s in table.columns]
    colours = {to_hex(p.get_facecolor()) for p in drawn}
    assert len(colours) == len(table.columns)


def test_evidence_heatmap_has_one_cell_per_pair_and_a_legend_for_each_state():
    matrix = pd.DataFrame([[1, 0, 0], [0, 1, 0]],
                          index=pd.Index(["ref_a", "ref_b"], name="key"),
                          columns=pd.Index(["claim_x", "claim_y", "claim_z"], name="claim_id"))
    rows = pd.Series({"ref_a": "Synthetic A (2020)", "ref_b": "Synthetic B (2021)"})
    cols = pd.Series({"claim_x": "Claim X", "claim_y": "Claim Y", "claim_z": "Claim Z"})
    fig = evidence_plots.evidence_heatmap(matrix, rows, cols)
    ax = fig.axes[0]
    mesh = next(c for c in ax.collections if isinstance(c, QuadMesh))
    assert mesh.get_array().size == matrix.size
    assert tick_texts(ax.get_yticklabels()) == ["Synthetic A (2020)", "Synthetic B (2021)"]
    assert tick_texts(ax.get_xticklabels()) == ["Claim X", "Claim Y", "Claim Z"]
    assert len(ax.texts) == 0  # an unsupported claim is an empty column, no unexplained mark
    legend = ax.get_legend()
    assert len(legend.get_texts()) == 2
    swatches = {to_hex(h.get_facecolor()) for h in legend.legend_handles}
    assert swatches == {to_hex(c) for c in mesh.get_cmap().colors}


def test_evidence_heatmap_stays_legible_with_many_references_and_claims():
    refs = [f"ref_{i}" for i in range(30)]
    claims = [f"claim_{j}" for j in range(17)]
    matrix = pd.DataFrame(np.eye(30, 17, dtype=int), index=refs, columns=claims)
    rows = pd.Series({r: f"Synthetic author et al. ({2000 + i})" for i, r in enumerate(refs)})
    cols = pd.Series({c: f"Synthetic claim label {j}" for j, c in enumerate(claims)})
    fig = evidence_plots.evidence_heatmap(matrix, rows, cols)
    assert style.smallest_text_pt(fig) >= style.MIN_TEXT_PT
    assert style.overlapping(fig.axes[0].get_yticklabels()) == []


def test_evidence_heatmap_keeps_long_labels_inside_the_figure():
    """Column labels are long and slanted; none may be cut at an edge of the image."""
    refs = [f"ref_{i}" for i in range(12)]
    claims = [f"claim_{j}" for j in range(17)]
    matrix = pd.DataFrame(np.eye(12, 17, dtype=int), index=refs, columns=claims)
    rows = pd.Series({r: f"« Synthetic title of a grey report » ({2000 + i})"
                      for i, r in enumerate(refs)})
    cols = pd.Series({c: f"Synthetic claim with a rather long French label {j}"
                      for j, c in enumerate(claims)})
    fig = evidence_plots.evidence_heatmap(matrix, rows, cols)
    fig.canvas.draw()
    renderer, frame = fig.canvas.get_renderer(), fig.bbox
    ax = fig.axes[0]
    cut = [t.get_text() for t in [*ax.get_xticklabels(), *ax.get_yticklabels()]
           if not frame.contains(*t.get_window_extent(renderer).min)
           or not frame.contains(*t.get_window_extent(renderer).max)]
    assert cut == []


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


def test_levers_matrix_gives_each_source_its_own_panel_and_scale():
    matrix = pd.DataFrame({"pp7": [3, 0], "survey": [1, 2]},
                          index=pd.Index(["levers.a", "levers.b"], name="lever_code"))
    rows = pd.Series({"levers.a": "Levier A", "levers.b": "Levier B"})
    fig = evidence_plots.levers_matrix(matrix, rows, {"pp7": "Entretiens", "survey": "Items"})
    panels = fig.axes
    assert len(panels) == matrix.shape[1]  # incomparable counts: one scale per source
    for ax, column in zip(panels, matrix.columns, strict=True):
        assert [t.get_text() for t in ax.texts] == [str(v) for v in matrix[column]]
        assert ax.get_xlim()[1] > matrix[column].max()  # its own scale: longest bar fits
    assert panels[0].get_xlim() != panels[1].get_xlim()
    assert "nombre d'extraits" in panels[0].get_title()  # the unit is said
    assert panels[1].get_title() == "Items"  # « Items » already names its unit
    assert tick_texts(panels[0].get_yticklabels()) == ["Levier A", "Levier B"]
