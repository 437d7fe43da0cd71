"""Which input files a notebook actually read, so the runner's cache can depend on them.

The runner sets ``DPS_READS_LOG`` for each kernel it starts; every reader in the package
calls :func:`record_read`, which appends the file's path to that log. Outside the runner the
variable is unset and recording costs nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV = "DPS_READS_LOG"


def record_read(path: Path | str) -> None:
    log = os.environ.get(ENV)
    if not log:
        return
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(str(Path(path).resolve()) + "\n")


def reads(log: Path) -> list[Path]:
    """Distinct files recorded in ``log``, in first-read order."""
    if not log.is_file():
        return []
    seen: dict[str, None] = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        if line:
            seen.setdefault(line, None)
    return [Path(p) for p in seen]
