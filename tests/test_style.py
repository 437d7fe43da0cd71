"""House style: reproducible figure files, French tick labels, distinct colours."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from digital_public_services import style  # noqa: E402
from digital_public_services.frformat import NNBSP  # noqa: E402


@pytest.fixture
def styled():
    with mpl.rc_context():
        style.apply()
        yield
    plt.close("all")


def synthetic_figure():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.bar(["a", "b", "c"], [1.5, 2.25, 0.75], color=style.OKABE_ITO[:3])
    ax.set_title("Synthetic figure")
    return fig


def test_apply_sets_a_fixed_svg_hash_salt_and_the_palette(styled):
    assert mpl.rcParams["svg.hashsalt"]
    cycle = [to_hex(c["color"]) for c in mpl.rcParams["axes.prop_cycle"]]
    assert cycle == [c.lower() for c in style.OKABE_ITO]


def test_saving_twice_gives_identical_bytes(styled, tmp_path):
    style.save(synthetic_figure(), tmp_path / "first")
    style.save(synthetic_figure(), tmp_path / "second")
    for fmt in ("svg", "png"):
        first = (tmp_path / f"first.{fmt}").read_bytes()
        assert first, fmt
        assert first == (tmp_path / f"second.{fmt}").read_bytes(), fmt


def test_saved_svg_has_no_date_or_creator(styled, tmp_path):
    style.save(synthetic_figure(), tmp_path / "fig", formats=("svg",))
    text = (tmp_path / "fig.svg").read_text(encoding="utf-8")
    assert "<dc:date>" not in text
    assert "Matplotlib v" not in text
    assert not (tmp_path / "fig.png").exists()


def test_save_closes_the_figure(styled, tmp_path):
    fig = synthetic_figure()
    style.save(fig, tmp_path / "fig", formats=("png",))
    assert not plt.fignum_exists(fig.number)


def test_french_axis_uses_a_decimal_comma_and_thin_thousands(styled):
    fig, ax = plt.subplots()
    ax.plot([0, 2500], [0.0, 1.5])
    ax.set_yticks([0, 0.5, 1, 1.5])
    ax.set_xticks([0, 1000, 2000])
    style.french_axis(ax.yaxis, decimals=1)
    style.french_axis(ax.xaxis, suffix=" €")
    fig.canvas.draw()
    ylabels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    xlabels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert ylabels == ["0,0", "0,5", "1,0", "1,5"]
    assert xlabels == ["0 €", f"1{NNBSP}000 €", f"2{NNBSP}000 €"]
    assert ax.yaxis.get_major_formatter()(-1.25, 0).startswith("\u2212")


def test_palette_colours_are_distinct():
    assert len(set(c.lower() for c in style.OKABE_ITO)) == len(style.OKABE_ITO)
    population = list(style.POPULATION_COLOURS.values())
    assert len(set(population)) == len(population)
    assert set(population) <= set(style.OKABE_ITO)


def test_every_population_has_a_colour_a_label_and_a_marker():
    assert set(style.POPULATION_COLOURS) == set(style.POPULATION_LABELS) == set(
        style.POPULATION_MARKERS)
    markers = list(style.POPULATION_MARKERS.values())
    assert len(set(markers)) == len(markers)
