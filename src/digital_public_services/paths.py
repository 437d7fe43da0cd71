"""Where the project lives on disk.

Commands can be run from anywhere inside a checkout; the root is the folder that holds
``data/datapackage.json``. ``DPS_ROOT`` overrides the search (tests use it).
"""

from __future__ import annotations

import os
from pathlib import Path

MARKER = Path("data") / "datapackage.json"


def project_root(start: Path | None = None) -> Path:
    """Return the checkout root, looking upwards from ``start`` (default: cwd)."""
    env = os.environ.get("DPS_ROOT")
    if env:
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).is_file():
            return folder
    source_tree = Path(__file__).resolve().parents[2]
    if (source_tree / MARKER).is_file():
        return source_tree
    raise FileNotFoundError(
        f"no {MARKER} found above {here}; run from inside the project or set DPS_ROOT"
    )


def data_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "data"


def build_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "build"
