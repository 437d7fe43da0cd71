"""Quarto's ``#|`` options of a notebook's code cells, and the cells they label.

Kept apart from :mod:`paper.manuscript` (which checks the whole article) so that the runner's
workers, which only need the labels, do not import what that check needs.
"""

from __future__ import annotations

import re

import nbformat
import yaml

CELL_OPTION = re.compile(r"^#\|\s?(.*)$")


def cell_options(source: str) -> dict:
    """Quarto ``#|`` options at the top of a code cell."""
    lines = []
    for line in source.splitlines():
        match = CELL_OPTION.match(line)
        if not match:
            break
        lines.append(match.group(1))
    if not lines:
        return {}
    try:
        return yaml.safe_load("\n".join(lines)) or {}
    except yaml.YAMLError:
        return {"__invalid__": "\n".join(lines)}


def labelled_cells(notebook: nbformat.NotebookNode) -> dict[str, nbformat.NotebookNode]:
    cells = {}
    for cell in notebook.cells:
        if cell.cell_type == "code":
            label = cell_options(cell.source).get("label")
            if label:
                cells[str(label)] = cell
    return cells
