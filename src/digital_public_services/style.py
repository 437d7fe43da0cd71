"""House style for figures: colour-blind-safe palette, French axes, reproducible files.

Call :func:`apply` once at the top of a notebook. Colours are the Okabe–Ito palette, which
stays distinguishable under the common colour-vision deficiencies; each population always
has the same colour so that figures can be compared.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import seaborn as sns
from matplotlib.ticker import FuncFormatter

from .frformat import fr_number

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
        }
    )


def french_axis(axis, decimals: int = 0, suffix: str = "") -> None:
    """Format an axis' tick labels the French way (decimal comma, thin thousands space)."""
    axis.set_major_formatter(
        FuncFormatter(lambda x, _pos: fr_number(x, decimals) + suffix)
    )


def save(fig, path, formats: tuple[str, ...] = ("svg", "png")) -> None:
    """Save without timestamps or software versions, so reruns give identical bytes."""
    for fmt in formats:
        meta = {"Date": None} if fmt in {"svg", "pdf"} else {"Software": None}
        if fmt == "svg":
            meta["Creator"] = None
        fig.savefig(f"{path}.{fmt}", format=fmt, metadata=meta, bbox_inches="tight")
    plt.close(fig)
