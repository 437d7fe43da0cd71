"""How a ranking is said: one rule for every sentence that puts something first.

« premier », « en tête », « d'abord » are said of one item only when the data separate it
from the next; several items the data cannot separate are « à égalité » (the same share) or
« au coude-à-coude » (close shares), and are listed together. The survey decides which items
share the lead (:mod:`survey.ranking`); this module only words it.
"""

from __future__ import annotations

from collections.abc import Sequence

from .phrasing import french_list

#: Shares closer than this (points) are « au coude-à-coude »; further apart, the sentence
#: says plainly that the sample does not separate them.
CLOSE = 3
NOT_SEPARATED = "sans que l'échantillon les départage"


def tie_words(shares: Sequence[float]) -> str:
    """How items the data cannot separate are said to stand: « » for one item, « à égalité »
    for equal shares, « au coude-à-coude » for close ones, else « sans que l'échantillon les
    départage »."""
    if len(shares) <= 1:
        return ""
    if len(set(shares)) == 1:
        return "à égalité"
    if max(shares) - min(shares) <= CLOSE:
        return "au coude-à-coude"
    return NOT_SEPARATED


def leading(labels: Sequence[str], shares: Sequence[float], details: Sequence[str]) -> str:
    """The leading item(s) with their figures: « le coût des équipements (57 % [52 ; 62]) »,
    « au coude-à-coude le coût des équipements (57 % …) et l'accès inégal (56 % …) », or
    « A (65 % …), B (47 % …) et C (45 % …), sans que l'échantillon les départage »."""
    if not labels:
        raise ValueError("a ranking needs at least one item")
    named = french_list([f"{label} ({detail})" for label, detail in
                         zip(labels, details, strict=True)])
    tie = tie_words(shares)
    if not tie:
        return named
    return f"{named}, {tie}" if tie == NOT_SEPARATED else f"{tie} {named}"
