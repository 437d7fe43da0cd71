"""House style: reproducible figure files, French tick labels, distinct colours."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from digital_public_services.plotting import style
from digital_public_services.prose.typography import NNBSP  # noqa: E402


def synthetic_figure():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.bar(["a", "b", "c"], [1.5, 2.25, 0.75], color=style.OKABE_ITO[:3])
    ax.set_title("Synthetic figure")
    return fig


def test_apply_sets_a_fixed_svg_hash_salt_and_the_palette(house_style):
    assert mpl.rcParams["svg.hashsalt"]
    cycle = [to_hex(c["color"]) for c in mpl.rcParams["axes.prop_cycle"]]
    assert cycle == [c.lower() for c in style.OKABE_ITO]


def test_saving_twice_gives_identical_bytes(house_style, tmp_path):
    style.save(synthetic_figure(), tmp_path / "first")
    style.save(synthetic_figure(), tmp_path / "second")
    for fmt in ("svg", "png"):
        first = (tmp_path / f"first.{fmt}").read_bytes()
        assert first, fmt
        assert first == (tmp_path / f"second.{fmt}").read_bytes(), fmt


def test_saved_svg_has_no_date_or_creator(house_style, tmp_path):
    style.save(synthetic_figure(), tmp_path / "fig", formats=("svg",))
    text = (tmp_path / "fig.svg").read_text(encoding="utf-8")
    assert "<dc:date>" not in text
    assert "Matplotlib v" not in text
    assert not (tmp_path / "fig.png").exists()


def test_save_closes_the_figure(house_style, tmp_path):
    fig = synthetic_figure()
    style.save(fig, tmp_path / "fig", formats=("png",))
    assert not plt.fignum_exists(fig.number)


def test_french_axis_uses_a_decimal_comma_and_thin_thousands(house_style):
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
    # without decimals, automatic ticks are whole numbers: no « 8 » printed at 7.5
    fig, ax = plt.subplots()
    ax.plot([-10, 8], [0, 1])
    style.french_axis(ax.xaxis)
    fig.canvas.draw()
    assert all(float(t).is_integer() for t in ax.get_xticks())


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


# --- Legibility in the page column ------------------------------------------------------------

SYNTHETIC_WORDING = ("Synthetic proposal wording long enough to need several lines when drawn "
                     "beside a chart, with 700\u00a0m euros kept together")


def drawn_width(line: str, fontsize: float) -> float:
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    return TextToPath().get_text_width_height_descent(line, FontProperties(size=fontsize),
                                                      ismath=False)[0]


def test_wrap_to_width_keeps_every_word_and_each_line_fits(house_style):
    wrapped = style.wrap_to_width(SYNTHETIC_WORDING, 120, 10, indent="  ")
    lines = wrapped.split("\n")
    assert len(lines) > 2
    assert all(drawn_width(line, 10) <= 120 for line in lines)
    assert wrapped.split() == SYNTHETIC_WORDING.split()
    assert all(line.startswith("  ") for line in lines[1:])  # hanging indent
    assert any("700\u00a0m" in line for line in lines)  # never broken at a no-break space


def test_wrap_to_width_keeps_existing_line_breaks(house_style):
    assert style.wrap_to_width("first\nsecond", 500, 10) == "first\nsecond"


def text_figure(width_in: float, fontsize: float):
    fig = plt.figure(figsize=(width_in, 1))
    fig.text(0.02, 0.5, "synthetic label", fontsize=fontsize)
    fig.patches.append(plt.Rectangle((0, 0), 1, 1, transform=fig.transFigure, fill=False))
    return fig


def test_text_sizes_shrink_with_a_figure_wider_than_the_page(house_style):
    (_, wide), = [s for s in style.text_sizes_on_page(text_figure(16, 10))
                  if s[0] == "synthetic label"]
    (_, half), = [s for s in style.text_sizes_on_page(text_figure(8, 10))
                  if s[0] == "synthetic label"]
    assert wide < style.MIN_TEXT_PT <= half
    assert wide == pytest.approx(half * (8 + 0.2) / (16 + 0.2), rel=0.02)


def test_a_figure_narrower_than_the_page_is_not_enlarged(house_style):
    fig = text_figure(3, 10)
    (_, size), = [s for s in style.text_sizes_on_page(fig) if s[0] == "synthetic label"]
    assert size == pytest.approx(10 * fig.dpi / style.CSS_PX_PER_INCH)


def test_overlapping_finds_labels_drawn_on_top_of_each_other(house_style):
    fig, ax = plt.subplots()
    first = ax.text(0.5, 0.5, "synthetic one")
    second = ax.text(0.5, 0.5, "synthetic two")
    apart = ax.text(0.1, 0.1, "synthetic three")
    assert style.overlapping([first, second, apart]) == [("synthetic one", "synthetic two")]
