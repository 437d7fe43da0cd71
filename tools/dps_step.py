"""Quarto's pre- and post-render steps: ``dps`` from the project's own environment.

``_quarto.yml`` lists ``tools/dps_step.py run`` (and ``views restore``/``views save``) instead of
a bare ``dps``, so that ``quarto render`` works in a new shell where no environment is
activated. Quarto runs a ``.py`` step with its own Python (``QUARTO_PYTHON`` or ``python3``),
not the project's, so this script uses the standard library only. It runs, in this order:

1. ``.venv/bin/dps`` of the project (what ``make paper`` creates; ``.venv\\Scripts\\dps.exe``
   on Windows);
2. the ``dps`` on the ``PATH`` (an activated conda environment, ``environment.yml``);
3. otherwise it prints one line, in French and English, saying what to run first, and exits
   with status 1: no traceback.

Quarto runs project scripts in the project folder, which is where ``.venv`` is looked for.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

MISSING = (
    "dps introuvable : lancez d'abord `make paper` (ou `conda env create -f environment.yml` "
    "puis `conda activate digital-public-services`) / dps not found: run `make paper` first "
    "(or `conda env create -f environment.yml`, then `conda activate digital-public-services`)"
)
MISSING_STATUS = 1


def find_dps(root: Path, path: str | None) -> Path | None:
    """The project's ``.venv`` command if it exists, else the one on ``path``, else None."""
    for candidate in (root / ".venv" / "bin" / "dps", root / ".venv" / "Scripts" / "dps.exe"):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which("dps", path=path)
    return Path(found) if found else None


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    env = dict(os.environ)
    dps = find_dps(root or Path.cwd(), env.get("PATH"))
    if dps is None:
        print(MISSING, file=sys.stderr)
        return MISSING_STATUS
    # The environment's scripts first on the PATH, as an activated environment would have them.
    env["PATH"] = str(dps.parent) + os.pathsep + env.get("PATH", "")
    try:
        return subprocess.run([str(dps), *args], env=env).returncode
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
