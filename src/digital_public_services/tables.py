"""Tables as notebooks show them: Markdown, so Quarto embeds them in HTML and Typst alike."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from IPython.display import Markdown

from .frformat import fr_number


def french(frame: pd.DataFrame, decimals: dict[str, int] | int = 0) -> pd.DataFrame:
    """Copy of ``frame`` with numeric columns written the French way, as text."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_numeric_dtype(out[col]) and not pd.api.types.is_bool_dtype(out[col]):
            d = decimals.get(col, 0) if isinstance(decimals, dict) else decimals
            out[col] = [fr_number(x, d) if pd.notna(x) else "" for x in out[col]]
    return out


def show(frame: pd.DataFrame, decimals: dict[str, int] | int = 0) -> Markdown:
    """Display a table as Markdown with French number formats (for a ``tbl-`` cell)."""
    return Markdown(french(frame, decimals).to_markdown(index=False))


def write_csv(frame: pd.DataFrame, output_dir: Path | str, name: str) -> Path:
    """Write a computed table next to the notebook's other outputs (plain, machine-readable)."""
    folder = Path(output_dir) / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.csv"
    frame.to_csv(path, index=False, lineterminator="\n", float_format="%.6g")
    return path
