"""Finding Quarto, optionally installing it, and rendering the manuscript with it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

INSTALL_TIMEOUT = 300
MARKER = "quarto-install-failed.txt"


def find() -> str | None:
    """``quarto`` on the PATH or in this environment's scripts folder."""
    found = shutil.which("quarto")
    if found:
        return found
    local = Path(sys.executable).parent / "quarto"
    return str(local) if local.is_file() else None


def try_install(build: Path) -> tuple[str | None, str]:
    """Install the ``quarto-cli`` package into this environment, bounded in time.

    The package downloads Quarto's binary while installing, which fails where only package
    registries are reachable; the failure is remembered in ``build/`` so that later runs do
    not wait for it again (delete the file to retry).
    """
    marker = build / MARKER
    if marker.is_file():
        return None, f"not retried: an earlier attempt failed (delete {marker} to retry)"
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "quarto-cli"],
            capture_output=True, text=True, timeout=INSTALL_TIMEOUT,
        )
        reason = (done.stderr.strip().splitlines() or ["pip failed"])[-1]
        ok = done.returncode == 0
    except subprocess.TimeoutExpired:
        ok, reason = False, f"gave up after {INSTALL_TIMEOUT} s"
    path = find() if ok else None
    if path is None:
        build.mkdir(parents=True, exist_ok=True)
        marker.write_text(f"pip install quarto-cli failed: {reason}\n", encoding="utf-8")
        return None, reason
    return path, "installed"


def render(quarto: str, root: Path, extra_env: dict[str, str] | None = None,
           profile: str | None = None) -> int:
    """``quarto render`` (``--profile`` when given) with this environment's scripts first on
    the PATH (for pre-render)."""
    env = {**os.environ, **(extra_env or {})}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.setdefault("QUARTO_PYTHON", sys.executable)
    command = [quarto, "render", *(["--profile", profile] if profile else [])]
    return subprocess.run(command, cwd=root, env=env).returncode
