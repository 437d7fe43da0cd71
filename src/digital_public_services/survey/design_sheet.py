"""The design of a user's wave, read from a ``design`` sheet of the survey workbook.

A polling firm's export seldom says how its wave was collected. When the analyst knows, a
sheet named ``design`` in the ``.xlsx`` records it, one row per wave (and population, when
they differ): ``wave`` and any of ``population``, ``mode``, ``fieldwork_start``,
``fieldwork_end``, ``institute``, ``sponsor``, ``frame``. The method section then says what is
documented and what is not (:mod:`survey.origin`); nothing is filled in when it is absent.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pandas as pd

from ..errors import DataError, Problem

SHEET = "design"
FIELDS = ("mode", "fieldwork_start", "fieldwork_end", "institute", "sponsor", "frame")
COLUMNS = ("wave", "population", *FIELDS)


def empty() -> pd.DataFrame:
    return pd.DataFrame(columns=list(COLUMNS), dtype="string")


def read_design(path: str | Path) -> pd.DataFrame:
    """The ``design`` sheet of an ``.xlsx`` survey file (every column as text), or an empty
    table for another file or a workbook without one. A sheet without ``wave`` or with a
    column it does not know is an error naming the file, sheet, row and column."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        return empty()
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        names = {name.lower(): name for name in book.sheetnames}
        if SHEET not in names:
            return empty()
        label = f"{path}[{names[SHEET]}]"
        rows = [[_text(v) for v in row]
                for row in book[names[SHEET]].iter_rows(values_only=True)]
    finally:
        book.close()
    if not rows:
        return empty()
    header = [h.strip().lower() for h in rows[0]]
    problems = [Problem(label, f"unknown column {h!r}", line=1, field=h,
                        expected=f"columns among {', '.join(COLUMNS)}")
                for h in header if h and h not in COLUMNS]
    if "wave" not in header:
        problems.append(Problem(label, "no 'wave' column", line=1, field="wave",
                                expected="a 'wave' column naming the wave each row describes"))
    kept = [(line, row) for line, row in enumerate(rows[1:], start=2) if any(row)]
    table = pd.DataFrame([dict(zip(header, row, strict=False)) for _, row in kept],
                         columns=header)
    if "wave" in header:
        problems += [Problem(label, "row without a wave", line=line, field="wave",
                             expected="the wave this row describes (e.g. 2025)")
                     for (line, _), wave in zip(kept, table["wave"].fillna(""), strict=True)
                     if not wave]
    if problems:
        raise DataError(problems)
    return table.reindex(columns=list(COLUMNS)).fillna("").astype("string")


def _text(value: object) -> str:
    """A cell as text; a date cell as its ISO date (Excel stores dates as date-times)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return (value.date() if isinstance(value, datetime.datetime) else value).isoformat()
    return str(value).strip()
