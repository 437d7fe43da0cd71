"""The build a ``quarto render`` planned on, and whether it still is that build at the end.

Quarto's pre-render ``dps run`` leaves the build as the render is to read it. Another
``dps run`` in the same project (another survey file, ``--force``) may replace outputs while
Quarto renders, and the paper would then mix two builds. So the pre-render run records the
build's state in ``build/render-plan.json``: the SHA-256 of each notebook's cache entry (which
holds the SHA-256 of every file its run produced) and of ``build/values.json``. The
post-render step compares it with the state then, once any run holding the build has
finished, and says in one line what changed and the command that renders again.
"""

from __future__ import annotations

import json
import os
import shlex
from collections.abc import Mapping
from pathlib import Path

from .cache import file_digest
from .run_request import RUN_ARGS_ENV
from .runner import Waiting, build_lock

PLAN = "render-plan.json"
VALUES = "values.json"


def state(build: Path) -> dict[str, str]:
    """``{name: SHA-256}`` of each notebook's cache entry (named by its notebook) and of the
    quoted values; a missing file is ``"missing"``."""
    files = {path.stem: path for path in sorted((build / "cache").glob("*.json"))}
    files[VALUES] = build / VALUES
    return {name: file_digest(path) if path.is_file() else "missing"
            for name, path in files.items()}


def save(build: Path) -> None:
    """Record the state the render plans on (the caller holds the build lock)."""
    tmp = build / f"{PLAN}.tmp"
    tmp.write_text(json.dumps({"state": state(build)}, indent=2, sort_keys=True) + "\n",
                   encoding="utf-8")
    tmp.replace(build / PLAN)


def changes(build: Path, on_wait: Waiting | None = None) -> list[str] | None:
    """What differs from the recorded plan (notebooks, then ``values.json``), once no run
    holds the build; None when no plan was recorded. The plan is used up."""
    path = build / PLAN
    try:
        planned = json.loads(path.read_text(encoding="utf-8"))["state"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    with build_lock(build, shared=True, on_wait=on_wait):
        now = state(build)
    path.unlink(missing_ok=True)
    return sorted(name for name in set(planned) | set(now)
                  if planned.get(name) != now.get(name))


def render_command(env: Mapping[str, str]) -> str:
    """The ``quarto render`` that renders the same choice again (profile, run options)."""
    extra = env.get(RUN_ARGS_ENV, "").strip()
    profile = env.get("QUARTO_PROFILE", "")
    return " ".join(part for part in (
        f"{RUN_ARGS_ENV}={shlex.quote(extra)}" if extra else "",
        "quarto render",
        f"--profile {shlex.quote(profile)}" if profile else "") if part)


def changed_line(changed: list[str], env: Mapping[str, str] = os.environ) -> str:
    """One line: what another run replaced during the render, and how to render again."""
    notebooks = [name for name in changed if name != VALUES]
    what = ", ".join([*notebooks, *(["build/values.json"] if VALUES in changed else [])])
    return (f"warning: the build changed while Quarto rendered (another `dps run` replaced "
            f"{what}): the rendered paper may mix two builds; render again: "
            f"`{render_command(env)}`")
