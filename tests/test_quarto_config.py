"""The project's Quarto configuration against the notebooks it names (no Quarto needed)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]


def first_heading(notebook: Path) -> str:
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise AssertionError(f"{notebook.name}: no level-1 heading")


def test_notebook_views_name_every_notebook_by_its_heading_in_the_paper_order():
    config = yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))
    views = config["format"]["html"]["notebook-view"]
    listed = [(Path(view["notebook"]).stem, view["title"], view["order"]) for view in views]
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    expected = [(nb.stem, first_heading(nb), i) for i, nb in enumerate(notebooks, start=1)]
    assert listed == expected
