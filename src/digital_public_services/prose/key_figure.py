"""A number the paper quotes, with the French text that quotes it.

Every domain's summary and sentence functions return these records, and the notebooks hand
them to ``ValueBook.add``; a figure the data cannot give is a placeholder, never a missing key.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class KeyFigure:
    name: str
    value: float | int | str
    text: str
    low: float | None = None
    high: float | None = None
    description: str = ""
    quantity: str = ""  # what is measured, when two keys quote the same thing (one value each)
    # What the value is, for a survey share: its wave, population, item (question/item), base
    # (respondents) and source (a ``sources`` id, or the user's file it was read from).
    wave: str = ""
    population: str = ""
    item: str = ""
    base: float | None = None
    source: str = ""

    def as_kwargs(self) -> dict:
        """Arguments for ``ValueBook.add``."""
        return asdict(self)


def unavailable(*names: str) -> list[KeyFigure]:
    """Placeholders for figures this survey file cannot give, so the text never loses a key."""
    return [KeyFigure(name, "n.d.", "n.d.", description="absente de ce fichier d'enquête")
            for name in names]
