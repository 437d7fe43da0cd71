"""Remove what makes two executions of the same notebook differ: times, durations, random ids.

Papermill and nbclient stamp start/end times on the notebook and on every cell; the
parameters papermill injected are kept, since they say how the notebook was run.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

CELL_KEYS = ("execution", "papermill", "ExecuteTime")
KEPT_PAPERMILL = ("parameters", "default_parameters")


def scrub(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    pm = nb.metadata.get("papermill")
    if pm is not None:
        nb.metadata["papermill"] = {k: pm[k] for k in KEPT_PAPERMILL if k in pm}
    for cell in nb.cells:
        for key in CELL_KEYS:
            cell.metadata.pop(key, None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"  # papermill draws a random id on every run
    return nb


def scrub_notebook(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.write(scrub(nb), path)


def strip_outputs(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A source notebook as it is stored in git: no outputs, no execution counts."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return scrub(nb)
