"""Helpers for tests that run `dps run` as real processes on a small project whose two
notebooks wait ``delay`` seconds: interrupting a run, two runs at once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import psutil
import pytest
import yaml

from tests.conftest import synthetic_notebook, write_any_schema

ROOT = Path(__file__).resolve().parents[2]
SLOW = [
    ("parameters", 'delay = 0\noutput_dir = "out"'),
    ("", "import time\nfrom pathlib import Path\n"
         "Path(output_dir).mkdir(parents=True, exist_ok=True)\n"
         "Path(output_dir, 'delay.txt').write_text(str(delay))\n"
         "time.sleep(delay)"),
]

@pytest.fixture
def slow_project(tmp_path: Path) -> Path:
    """Two notebooks, ``synthetic_slow_a`` and ``_b``, each writing ``delay.txt`` and then
    sleeping ``delay`` seconds (0 by default)."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "params").mkdir()
    for stem in ("synthetic_slow_a", "synthetic_slow_b"):
        nbformat.write(synthetic_notebook(SLOW), tmp_path / "notebooks" / f"{stem}.ipynb")
    params = {"notebooks": {"synthetic_slow_a": {"delay": 0}, "synthetic_slow_b": {"delay": 0}}}
    (tmp_path / "params" / "default.yml").write_text(yaml.safe_dump(params), "utf-8")
    write_any_schema(tmp_path, params["notebooks"])
    return tmp_path


def dps_process(project: Path, *args: str, command: str = "run",
                env: dict[str, str] | None = None) -> subprocess.Popen:
    """``dps run --workers 2 ARGS`` (or ``dps COMMAND ARGS``) started on ``project``, with
    ``env`` added to this environment."""
    options = ["--workers", "2"] if command == "run" else []
    return subprocess.Popen(
        [sys.executable, "-m", "digital_public_services.cli", command, *options, *args],
        cwd=project, env={**os.environ, "DPS_ROOT": str(project), **(env or {})},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def build_bytes(project: Path) -> dict[str, bytes]:
    build = project / "build"
    return {p.relative_to(build).as_posix(): p.read_bytes()
            for sub in ("notebooks", "outputs", "cache")
            for p in (build / sub).rglob("*") if p.is_file()}


def kernels_running(run: subprocess.Popen, count: int, timeout: float = 120.0) -> list:
    """The run's descendants once ``count`` kernels are executing the slow cell."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        children = psutil.Process(run.pid).children(recursive=True)
        kernels = [c for c in children if "ipykernel" in " ".join(cmdline(c))]
        if len(kernels) >= count:
            time.sleep(3.0)  # past the kernel start, into the cell
            return psutil.Process(run.pid).children(recursive=True)
        time.sleep(0.2)
    run.kill()
    pytest.fail(f"no {count} kernels within {timeout} s: {run.communicate()}")


def cmdline(process: psutil.Process) -> list[str]:
    try:
        return process.cmdline()
    except psutil.Error:
        return []


def alive(processes: list, timeout: float) -> list[str]:
    """Those still running after ``timeout`` seconds (zombies count as gone)."""
    deadline = time.monotonic() + timeout
    while True:
        alive = []
        for process in processes:
            try:
                if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                    alive.append(f"{process.pid} {' '.join(cmdline(process))[:120]}")
            except psutil.NoSuchProcess:
                pass
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.2)


def first_build(project: Path) -> dict[str, bytes]:
    first = dps_process(project)
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    return build_bytes(project)
