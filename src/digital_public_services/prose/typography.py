"""French number formatting for text, tables and axes.

French typography: decimal comma, a narrow no-break space between thousands, a no-break
space before « % ». Writing it once keeps prose, tables and figures consistent.
"""

from __future__ import annotations

import math
import re

NNBSP = "\u202f"  # narrow no-break space: thousands separator
NBSP = "\u00a0"  # no-break space: before %, :, ;, inside « »


def fr_number(value: float | int, decimals: int = 0) -> str:
    """``2185`` -> ``2 185``; ``0.5`` with 1 decimal -> ``0,5``. NaN -> ``n.d.``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n.d."
    text = f"{value:,.{decimals}f}"
    return text.replace(",", NNBSP).replace(".", ",").replace("-", "\u2212")


AMOUNT_SCALES = ((1e9, "Md€"), (1e6, "M€"), (1e3, "k€"), (1.0, "€"))


def fr_amount(euros: float) -> str:
    """An amount of money in the paper's one style: ``1,8 Md€``, ``700 M€``, ``88 M€``.

    The largest scale the amount reaches; the digits the amount has at that scale (no
    rounding beyond float noise), so « 3,7 milliards » stays « 3,7 Md€ ».
    """
    size, unit = next(((size, unit) for size, unit in AMOUNT_SCALES if abs(euros) >= size),
                      AMOUNT_SCALES[-1])
    scaled = round(euros / size, 6)
    decimals = len(f"{scaled:.6f}".rstrip("0").split(".")[1])
    return f"{fr_number(scaled, decimals)}{NBSP}{unit}"


def fr_percent(value: float, decimals: int = 0) -> str:
    """``58`` -> ``58 %`` (value already in percent)."""
    return f"{fr_number(value, decimals)}{NBSP}%"


def fr_points(value: float, decimals: int = 0, signed: bool = True) -> str:
    """A difference of percentages: ``+24 points``."""
    sign = "+" if signed and value > 0 else ""
    return f"{sign}{fr_number(value, decimals)}{NBSP}points"


def fr_interval(low: float, high: float, decimals: int = 0, unit: str = "%") -> str:
    """``[52 ; 64] %``: French usage separates interval bounds with a semicolon."""
    lo, hi = fr_number(low, decimals), fr_number(high, decimals)
    return f"[{lo}{NBSP};{NBSP}{hi}]{NBSP}{unit}".rstrip()


def quoted(text: str) -> str:
    """French quotation marks with no-break spaces inside."""
    return f"«{NBSP}{text}{NBSP}»"


MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre"]


def french_date(iso: str) -> str:
    """``2026-11-21`` -> ``21 novembre 2026`` (a date that is not ISO is left as it is)."""
    try:
        year, month, day = (int(p) for p in iso.split("-"))
    except ValueError:
        return iso
    return f"{day}{NBSP}{MONTHS[month - 1]} {year}"


def french_spaces(text: str) -> str:
    """Wording typed with ordinary spaces (« Oui ? ») given the no-break spaces French
    typography puts before ``: ; ! ? %`` and inside « »."""
    text = re.sub(r" ([:;!?%»])", f"{NBSP}\\1", text)
    return re.sub(r"« ", f"«{NBSP}", text)
