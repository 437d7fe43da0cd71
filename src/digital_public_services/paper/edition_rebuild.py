"""Rebuild an edition from the commit its snapshot records, in a git worktree.

Why the commit and not the tag: every clone has every commit of its branch, while tags
travel only when asked for (``git clone`` of a mirror without ``--tags``, CI checkouts with
``fetch-tags: false``); the snapshot is committed, so its ``commit`` is always at hand. The
edition is rebuilt as it was: that commit's code, notebooks, data and lock, in a fresh
environment made from that commit's ``requirements.lock`` (by this checkout's
``tools/setup_venv.py``, which needs nothing but the standard library), rendered by the
``quarto`` found here. Snapshots the worktree lacks (an edition is recorded after its
commit) are copied in as their release commit wrote them, so a commit that knows editions
labels itself as the edition and its appendix says what it said when released.
The rebuild is kept only when it quotes exactly the snapshot's values from the snapshot's
inputs (``edition_store.value_problems``); the worktree and environment are then removed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from . import edition_store, editions
from .edition_store import EditionError

SETUP = Path("tools") / "setup_venv.py"
RENDER_TIMEOUT = 3600
#: Variables of the calling session that would point the rebuild at this checkout.
CLEARED = ("DPS_ROOT", "DPS_RUN_ARGS", "QUARTO_PROFILE", "QUARTO_PROJECT_OUTPUT_DIR",
           "PYTHONPATH", "VIRTUAL_ENV", "QUARTO_PYTHON")


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None,
         timeout: float = 600) -> None:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)
    if done.returncode:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise EditionError(f"`{' '.join(command)}` failed in {cwd} (status "
                           f"{done.returncode}):\n{tail}")


def commit_exists(root: Path, commit: str) -> bool:
    done = subprocess.run(["git", "cat-file", "-e", f"{commit}^{{commit}}"], cwd=root,
                          capture_output=True, timeout=30)
    return done.returncode == 0


def environment(venv: Path, quarto: str) -> dict[str, str]:
    """The rebuild's environment: its own scripts, then Quarto's folder, then the PATH."""
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env["PATH"] = os.pathsep.join([str(venv / "bin"), str(Path(quarto).parent),
                                   env.get("PATH", "")])
    env["QUARTO_PYTHON"] = str(venv / "bin" / "python")
    return env


def as_released(root: Path, name: str) -> str:
    """A snapshot's text as its release commit wrote it (the last commit that added the
    file), else as it is now: an edition's appendix compares it with what it was released
    with, not with later edits of the snapshot (``amended``)."""
    path = (editions.EDITIONS_DIR / name).as_posix()
    done = subprocess.run(["git", "log", "--diff-filter=A", "-1", "--format=%H", "--", path],
                          cwd=root, capture_output=True, text=True, timeout=60)
    commit = done.stdout.strip()
    if done.returncode == 0 and commit:
        shown = subprocess.run(["git", "show", f"{commit}:{path}"], cwd=root,
                               capture_output=True, text=True, timeout=60)
        if shown.returncode == 0:
            return shown.stdout
    return (root / path).read_text(encoding="utf-8")


def copy_snapshots(root: Path, tree: Path, found: list[dict], version: str) -> list[str]:
    """Put the snapshots of editions up to ``version`` the worktree lacks into it, as
    released."""
    copied = []
    for edition in found:
        if editions.parse_version(edition["version"]) > editions.parse_version(version):
            continue
        name = f"{edition['version']}.json"
        target = tree / editions.EDITIONS_DIR / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(as_released(root, name), encoding="utf-8")
            copied.append(name)
    return copied


def verify(tree: Path, edition: dict) -> list[str]:
    """What the rebuild in ``tree`` quotes and read, against the snapshot."""
    build = tree / "build"
    built = json.loads((build / "values.json").read_text(encoding="utf-8"))
    inputs = json.loads((build / "provenance.json").read_text(encoding="utf-8"))["inputs"]
    return (edition_store.input_problems(edition, inputs)
            + edition_store.value_problems(edition, built))


def rebuild(root: Path, edition: dict, quarto: str, found: list[dict],
            say: Callable[[str], None] = print, keep: Path | None = None,
            into: Path | None = None) -> dict:
    """Rebuild ``edition`` in a worktree of its commit, check it, store it; its manifest.
    ``keep``: a folder for the worktree and environment, left in place (for inspection);
    ``into``: the project whose ``cache/editions/`` receives it (default: ``root``)."""
    version, commit = edition["version"], edition["commit"]
    if not commit_exists(root, commit):
        raise EditionError(f"edition {version}: commit {commit} is not in this clone (fetch "
                           "the branch it was made on, e.g. `git fetch origin`)")
    work = keep or Path(tempfile.mkdtemp(prefix=f"dps-edition-{version}-"))
    tree, venv = work / "tree", work / "venv"
    try:
        say(f"edition {version}: worktree of commit {commit[:12]} in {tree}")
        _run(["git", "worktree", "add", "--detach", "--force", str(tree), commit], root)
        copied = copy_snapshots(root, tree, found, version)
        if copied:
            say(f"edition {version}: snapshot(s) recorded after the commit copied in: "
                f"{', '.join(copied)}")
        say(f"edition {version}: environment from that commit's requirements.lock")
        _run([sys.executable, str(root / SETUP), "--venv", str(venv), "--lock",
              "requirements.lock"], tree, timeout=1800)
        say(f"edition {version}: rendering with {quarto} (several minutes)")
        _run([quarto, "render"], tree, environment(venv, quarto), timeout=RENDER_TIMEOUT)
        problems = verify(tree, edition)
        if problems:
            shown = "; ".join(problems[:5])
            raise EditionError(f"edition {version}: the rebuild of {commit[:12]} does not "
                               f"reproduce the snapshot ({len(problems)} difference(s): "
                               f"{shown}{' …' if len(problems) > 5 else ''}); nothing stored")
        say(f"edition {version}: the {len(edition['values'])} quoted values and "
            f"{len(edition['inputs'])} inputs reproduce the snapshot exactly")
        return edition_store.store(into or root, version, tree / "_manuscript", "rebuild",
                                   commit)
    finally:
        if keep is None:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=root,
                           capture_output=True, timeout=120)
            shutil.rmtree(work, ignore_errors=True)
