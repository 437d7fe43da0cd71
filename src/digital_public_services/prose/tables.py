"""Tables as notebooks show them: Markdown, so Quarto embeds them in HTML and Typst alike.

The Markdown is a pipe table written here rather than by ``DataFrame.to_markdown`` because
its separator line is how Pandoc learns column widths and alignment. When a table is wider
than a line, Pandoc gives each column the share of the page its dashes have; those shares
are chosen the way a browser lays out an automatic table: every column at least as wide as
its longest word, the remaining room shared in proportion to how much text each column has.
Numbers are right-aligned; everything else is left-aligned.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from IPython.display import Markdown

from . import escape
from .typography import fr_number

LINE_CHARS = 100
"""Characters of table text on one line of the PDF's text block (8.5 pt serif, 16 cm)."""
CELL_PADDING = 2
"""A cell's inset on both sides, in characters."""
PANDOC_COLUMNS = 72
"""Pandoc's line width: a pipe table with a longer line gets the relative widths of its dashes."""
SEPARATOR_DASHES = 200
"""Dashes shared among the columns of a wide table (more than PANDOC_COLUMNS, finer shares)."""
_NUMBER = r"[−+\-]?\d[\d\u202f\u00a0 ]*(?:,\d+)?"
_UNIT = r"(?:\u00a0?(?:%|points?))?"
NUMBER_LIKE = re.compile(
    rf"^(?=.*\d)(?:{_NUMBER}{_UNIT})? ?(?:\[{_NUMBER};[\u00a0 ]?{_NUMBER}\]{_UNIT})?$")
"""A number, a percentage, a difference in points, an interval, or one with its interval."""
EMPTY_CELLS = ("—", "-", "n.d.")
"""What a table writes where it has no value."""


def french(frame: pd.DataFrame, decimals: dict[str, int] | int = 0) -> pd.DataFrame:
    """Copy of ``frame`` with numeric columns written the French way, as text."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_numeric_dtype(out[col]) and not pd.api.types.is_bool_dtype(out[col]):
            d = decimals.get(col, 0) if isinstance(decimals, dict) else decimals
            out[col] = [fr_number(x, d) if pd.notna(x) else "" for x in out[col]]
    return out


def _text(value: object) -> str:
    """One cell's text on one line, as the reader sees it (an :class:`escape.Markup` kept)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, escape.Markup):
        return escape.Markup(value.replace("\n", " ").strip())
    return str(value).replace("\n", " ").strip()


def _cell(text: str) -> str:
    """One cell as Markdown: its text escaped (``prose.escape``: a wording from a file is
    text, never markup), a number or an empty mark as it is, the package's own
    :class:`escape.Markup` kept with its pipes escaped."""
    if isinstance(text, escape.Markup):
        return text.replace("|", "\\|")
    if text in EMPTY_CELLS or NUMBER_LIKE.match(text):
        return text
    return escape.markdown(text)


def is_number_column(cells: Sequence[str]) -> bool:
    """Every filled cell is a number (a French number, percentage or interval)."""
    filled = [c for c in cells if c and c not in EMPTY_CELLS]
    return bool(filled) and all(NUMBER_LIKE.match(c) for c in filled)


def _longest_word(text: str) -> int:
    """Length of the longest run a line cannot break (spaces break, no-break spaces do not)."""
    return max((len(word) for word in re.split(r"[ \t]+", text)), default=0)


def column_widths(header: Sequence[str], rows: Sequence[Sequence[str]],
                  line: int = LINE_CHARS) -> list[float]:
    """Each column's share of the line.

    The shares follow automatic table layout, with headers allowed to wrap: a column wants
    its longest cell (its header only as wide as the header's longest word). A table that
    fits shares the line in proportion to what its columns want; otherwise each column
    gets its longest word (its minimum) and the rest of the line goes to the columns in
    proportion to what they lack. When the minima do not fit, header words leave the
    minima (the PDF hyphenates table text); when the body's minima alone do not fit, the
    shares are those minima.
    """
    columns = list(zip(header, *rows, strict=True))
    wanted = [max([_longest_word(col[0]), *(len(c) for c in col[1:])]) + CELL_PADDING
              for col in columns]
    if sum(wanted) <= line:
        return [n / sum(wanted) for n in wanted]
    minimum = [max(_longest_word(c) for c in col) + CELL_PADDING for col in columns]
    if sum(minimum) >= line:
        minimum = [max((_longest_word(c) for c in col[1:]), default=0) + CELL_PADDING
                   for col in columns]
    room = line - sum(minimum)
    if room <= 0:
        sizes = [float(n) for n in minimum]
    else:
        lack = [max(0, hi - lo) for hi, lo in zip(wanted, minimum, strict=True)]
        sizes = [lo + room * extra / max(1, sum(lack))
                 for lo, extra in zip(minimum, lack, strict=True)]
    return [s / sum(sizes) for s in sizes]


def _rows(lines: Sequence[Sequence[str]]) -> str:
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def pipe_table(frame: pd.DataFrame) -> str:
    """``frame`` (cells already text) as a Pandoc pipe table with widths and alignment.

    A table whose lines all fit Pandoc's line keeps automatic widths (it is narrow);
    any other gets the shares of :func:`column_widths` through its dashes, shared by the
    text the reader sees (escapes take no room on the page).
    """
    header_text = [_text(c) for c in frame.columns]
    rows_text = [[_text(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    header = [_cell(c) for c in header_text]
    rows = [[_cell(v) for v in row] for row in rows_text]
    right = [is_number_column([r[i] for r in rows_text]) for i in range(len(header))]

    def separator(dashes: list[int]) -> list[str]:
        return [("-" * (n - 1) + ":") if r else "-" * n
                for n, r in zip(dashes, right, strict=True)]

    narrow = _rows([header, separator([3] * len(header)), *rows])
    if max(len(line) for line in narrow.splitlines()) <= PANDOC_COLUMNS:
        return narrow
    dashes = [max(3, round(w * SEPARATOR_DASHES))
              for w in column_widths(header_text, rows_text)]
    return _rows([header, separator(dashes), *rows])


def show(frame: pd.DataFrame, decimals: dict[str, int] | int = 0) -> Markdown:
    """Display a table as Markdown with French number formats (for a ``tbl-`` cell)."""
    return Markdown(pipe_table(french(frame, decimals)))


def write_csv(frame: pd.DataFrame, output_dir: Path | str, name: str) -> Path:
    """Write a computed table next to the notebook's other outputs (plain, machine-readable)."""
    folder = Path(output_dir) / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.csv"
    frame.to_csv(path, index=False, lineterminator="\n", float_format="%.6g")
    return path
