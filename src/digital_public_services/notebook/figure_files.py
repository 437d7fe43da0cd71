"""Each labelled figure of an executed notebook as a file, for readers who want the image.

The images are taken from the notebook's own outputs, so the file and the embedded figure
are the same bytes; the file is named after the cell label (``fig-….png``).
"""

from __future__ import annotations

import base64
from pathlib import Path

import nbformat

from .cell_options import labelled_cells

FORMATS = {"image/png": ".png", "image/svg+xml": ".svg"}


def export_figures(notebook: Path, folder: Path) -> list[Path]:
    """Write the figures of ``notebook`` into ``folder``; return the files written."""
    written = []
    cells = labelled_cells(nbformat.read(notebook, as_version=4))
    for label, cell in cells.items():
        if not label.startswith("fig-"):
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            kind = next((k for k in FORMATS if k in data), None)
            if kind is None:
                continue
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{label}{FORMATS[kind]}"
            content = data[kind]
            path.write_bytes(base64.b64decode(content) if kind == "image/png"
                             else "".join(content).encode("utf-8"))
            written.append(path)
            break
    return written
