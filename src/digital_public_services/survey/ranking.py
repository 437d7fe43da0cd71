"""Which answers of one population the sample can tell apart: the tie rule of every ranking.

Two shares of the same question and population come from the same respondents, so their
difference is not that of two independent samples: var(p₁ − p₂) = (p₁ + p₂ − 2 p₁₂ −
(p₁ − p₂)²) / n, where p₁₂ is the share giving both answers. The sources never publish p₁₂,
so the smallest value it can take is used, max(0, p₁ + p₂ − 1) (Fréchet's bound): the widest
variance the published shares allow. An item is put ahead of another only when no joint
share could make the two equal. Items the sample cannot separate from the first share the
lead, and no sentence, value or figure calls one of them first.
"""

from __future__ import annotations

import math

import pandas as pd
from scipy.stats import norm


def separable(first: pd.Series | dict, second: pd.Series | dict, confidence: float = 0.95
              ) -> bool:
    """Whether two shares (percent) of one population's answers differ beyond sampling."""
    p1, p2 = float(first["pct"]) / 100, float(second["pct"]) / 100
    n = min(float(first["n_eff"]), float(second["n_eff"]))
    both = max(0.0, p1 + p2 - 1)  # the least overlap the two shares allow
    spread = p1 + p2 - 2 * both - (p1 - p2) ** 2
    if p1 == p2:
        return False
    if spread <= 0 or n <= 0:
        return True
    z = norm.ppf(1 - (1 - confidence) / 2)
    return abs(p1 - p2) > z * math.sqrt(spread / n)


def _ordered(rows: pd.DataFrame, highest: bool) -> pd.DataFrame:
    """By share; equal shares by identifier, only so that a listing is stable (the sentence
    then says « à égalité »: no order is claimed among them)."""
    return rows.sort_values(["pct", "item_id"], ascending=[not highest, True], kind="stable")


def leaders(rows: pd.DataFrame, confidence: float = 0.95, highest: bool = True
            ) -> pd.DataFrame:
    """The items that share the lead (``highest``) or the last place: the first item and
    every item the sample cannot separate from it. ``rows`` hold one population's answers
    to one question, with ``pct`` and ``n_eff``."""
    if rows.empty:
        return rows
    ordered = _ordered(rows, highest)
    first = ordered.iloc[0]
    keep = [not separable(first, row, confidence) for _, row in ordered.iterrows()]
    return ordered[keep]


def followers(rows: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """The items behind the leaders, highest share first."""
    lead = leaders(rows, confidence)
    return _ordered(rows.drop(index=lead.index), highest=True)
