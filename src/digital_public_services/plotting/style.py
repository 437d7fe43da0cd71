"""House style for figures: colour-blind-safe palette, French axes, reproducible files.

Call :func:`apply` once at the top of a notebook. Colours are the Okabe–Ito palette, which
stays distinguishable under the common colour-vision deficiencies; each population always
has the same colour so that figures can be compared.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import seaborn as sns
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath
from matplotlib.ticker import AutoLocator, FuncFormatter, MaxNLocator

from ..prose.typography import fr_number

OKABE_ITO = [
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#000000",  # black
]

POPULATION_COLOURS = {
    "communes": "#0072B2",
    "departements": "#D55E00",
    "grand_public": "#009E73",
    "communes_departements": "#CC79A7",
}

POPULATION_LABELS = {
    "communes": "Acteurs communaux",
    "departements": "Acteurs départementaux",
    "grand_public": "Grand public",
    "communes_departements": "Acteurs communaux et départementaux",
}

POPULATION_MARKERS = {"communes": "o", "departements": "s", "grand_public": "D",
                      "communes_departements": "^"}

# The preview's text column (52rem) is about 832 CSS pixels wide: a figure wider than that
# is scaled down to it, so its text must be drawn large enough to stay legible there.
PAGE_WIDTH_PX = 832
MIN_TEXT_PT = 9.0
FIGURE_WIDTH_IN = 8.0  # drawn at this width, text of DENSE_TEXT_PT stays above MIN_TEXT_PT
DENSE_TEXT_PT = 9.5  # cell texts, long tick labels, annotations
CSS_PX_PER_INCH = 96
_TEXT_PATH = TextToPath()


def apply() -> None:
    """Set seaborn/matplotlib defaults and make saved files byte-for-byte reproducible."""
    sns.set_theme(context="notebook", style="whitegrid", palette=OKABE_ITO)
    mpl.rcParams.update(
        {
            "figure.dpi": 110,
            "savefig.dpi": 150,
            "figure.figsize": (8, 5),
            "axes.titleweight": "bold",
            "axes.formatter.use_locale": False,
            "svg.hashsalt": "digital-public-services",
            "svg.fonttype": "none",
            "pdf.fonttype": 42,
            "font.family": "DejaVu Sans",
            # Text is text: a wording from a file with two « $ » is not a formula.
            "text.parse_math": False,
        }
    )


def french_axis(axis, decimals: int = 0, suffix: str = "") -> None:
    """Format an axis' tick labels the French way (decimal comma, thin thousands space).

    Without decimals the ticks are whole numbers: a tick at 7.5 printed « 8 » would put a
    label where its value is not.
    """
    if decimals == 0 and isinstance(axis.get_major_locator(), AutoLocator):
        axis.set_major_locator(MaxNLocator(integer=True))  # ticks a caller fixed are kept
    axis.set_major_formatter(
        FuncFormatter(lambda x, _pos: fr_number(x, decimals) + suffix)
    )


def wrap_to_width(text: str, width_pt: float, fontsize: float, weight: str = "normal",
                  indent: str = "") -> str:
    """Break each line of ``text`` between words so that, drawn, no line is wider than
    ``width_pt``; continuation lines start with ``indent`` (a hanging indent)."""
    font = FontProperties(size=fontsize, weight=weight)

    def width(line: str) -> float:
        return _TEXT_PATH.get_text_width_height_descent(line, font, ismath=False)[0]

    out = []
    for paragraph in text.split("\n"):
        line = ""
        for word in filter(None, paragraph.split(" ")):  # no break at a no-break space
            candidate = f"{line} {word}" if line.strip() else f"{line}{word}"
            if line.strip() and width(candidate) > width_pt:
                out.append(line)
                line = indent + word
            else:
                line = candidate
        out.append(line)
    return "\n".join(out)


def text_sizes_on_page(fig, page_px: int = PAGE_WIDTH_PX) -> list[tuple[str, float]]:
    """Each text the figure draws, with its size in points once shown in the page column.

    The notebook image is cropped to the drawn content (``bbox_inches="tight"``), then scaled
    down to ``page_px`` if wider; the sizes a reader sees follow from that scale, so they are
    measured on the drawn figure rather than read from the code.
    """
    renderer = fig.canvas.get_renderer()
    drawn: list[tuple[str, float]] = []
    draw_text = renderer.draw_text

    def record(gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if s.strip():
            drawn.append((s, prop.get_size_in_points()))
        return draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)

    renderer.draw_text = record
    try:
        fig.draw(renderer)
    finally:
        del renderer.draw_text
    width_in = fig.get_tightbbox(renderer).width + 2 * mpl.rcParams["savefig.pad_inches"]
    px_per_inch = min(fig.dpi, page_px / width_in)
    return [(s, size * px_per_inch / CSS_PX_PER_INCH) for s, size in drawn]


def smallest_text_pt(fig, page_px: int = PAGE_WIDTH_PX) -> float:
    """Size of the smallest text of the figure as shown in the page column."""
    return min(size for _, size in text_sizes_on_page(fig, page_px))


def overlapping(texts) -> list[tuple[str, str]]:
    """Pairs of drawn texts whose boxes intersect: labels a reader could not tell apart."""
    shown = [t for t in texts if t.get_visible() and t.get_text().strip()]
    if not shown:
        return []
    canvas = shown[0].get_figure().canvas
    canvas.draw()  # ticks and constrained layouts take their places when drawn
    renderer = canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in shown]
    return [(shown[i].get_text(), shown[j].get_text())
            for i in range(len(shown)) for j in range(i + 1, len(shown))
            if boxes[i].overlaps(boxes[j])]


def save(fig, path, formats: tuple[str, ...] = ("svg", "png")) -> None:
    """Save without timestamps or software versions, so reruns give identical bytes."""
    for fmt in formats:
        meta = {"Date": None} if fmt in {"svg", "pdf"} else {"Software": None}
        if fmt == "svg":
            meta["Creator"] = None
        fig.savefig(f"{path}.{fmt}", format=fmt, metadata=meta, bbox_inches="tight")
    plt.close(fig)
