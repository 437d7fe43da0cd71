"""Tables ``dps run`` has checked, so that its notebooks do not check the same bytes again.

Before any notebook starts, ``dps run`` validates the data package (frictionless, against
each table's Table Schema). Every notebook then loads some of those tables again, and would
validate each one again in its own kernel: about a quarter of a second per notebook. The run
therefore writes the checks that passed (file, SHA-256 of its content, SHA-256 of its
schema) to a file named by ``DPS_CHECKED_TABLES`` in its kernels' environment; a kernel
skips frictionless for a table whose path, content and schema are exactly those of a check
that passed. Anything else (another file, an edited byte, another schema, a notebook run by
hand) is checked as usual. Foreign keys are always checked, against the files as they are.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

ENV = "DPS_CHECKED_TABLES"
_PASSED: dict[str, str] = {}  # checks that passed in this process: {resolved path: key}


def key(content_digest: str, schema: str) -> str:
    """One check: the file's content and the schema (canonical JSON) it was checked against."""
    return hashlib.sha256(f"{content_digest}\n{schema}".encode()).hexdigest()


def record(path: str, check: str) -> None:
    """A check that passed in this process."""
    _PASSED[str(Path(path).resolve())] = check


def passed_in_this_run(path: str, check: str) -> bool:
    """Whether the run that started this process passed this very check already."""
    shared = os.environ.get(ENV)
    return bool(shared) and _shared(shared).get(str(Path(path).resolve())) == check


@lru_cache(maxsize=4)
def _shared(file: str) -> dict[str, str]:
    try:
        return json.loads(Path(file).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # not written (the run stopped) or unreadable: check everything


def write(target: Path) -> None:
    """Write the checks passed so far in this process, for the kernels of this run."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(_PASSED, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, target)


@contextmanager
def shared_with_kernels(target: Path) -> Iterator[None]:
    """Name ``target`` in the environment the run's workers and kernels inherit; remove it
    afterwards (it says nothing once the run is over)."""
    previous = os.environ.get(ENV)
    os.environ[ENV] = str(target)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = previous
        target.unlink(missing_ok=True)
