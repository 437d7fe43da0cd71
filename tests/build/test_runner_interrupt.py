"""Stopping `dps run` (Ctrl-C, SIGKILL) in a subprocess: no process survives, the build
stays whole, the next run clears what is left and goes on."""

from __future__ import annotations

import os
import shutil
import signal
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

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="POSIX signals, Linux /proc")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "params").mkdir()
    for stem in ("synthetic_slow_a", "synthetic_slow_b"):
        nbformat.write(synthetic_notebook(SLOW), tmp_path / "notebooks" / f"{stem}.ipynb")
    params = {"notebooks": {"synthetic_slow_a": {"delay": 0}, "synthetic_slow_b": {"delay": 0}}}
    (tmp_path / "params" / "default.yml").write_text(yaml.safe_dump(params), "utf-8")
    write_any_schema(tmp_path, params["notebooks"])
    return tmp_path


def _dps(project: Path, *args: str, **popen) -> subprocess.Popen:
    env = {**os.environ, "DPS_ROOT": str(project)}
    return subprocess.Popen([sys.executable, "-m", "digital_public_services.cli", "run",
                             "--workers", "2", *args], cwd=project, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def _build_bytes(project: Path) -> dict[str, bytes]:
    build = project / "build"
    return {p.relative_to(build).as_posix(): p.read_bytes()
            for sub in ("notebooks", "outputs", "cache")
            for p in (build / sub).rglob("*") if p.is_file()}


def _kernels_running(run: subprocess.Popen, count: int, timeout: float = 120.0) -> list:
    """The run's descendants once ``count`` kernels are executing the slow cell."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        children = psutil.Process(run.pid).children(recursive=True)
        kernels = [c for c in children if "ipykernel" in " ".join(_cmdline(c))]
        if len(kernels) >= count:
            time.sleep(3.0)  # past the kernel start, into the cell
            return psutil.Process(run.pid).children(recursive=True)
        time.sleep(0.2)
    run.kill()
    pytest.fail(f"no {count} kernels within {timeout} s: {run.communicate()}")


def _cmdline(process: psutil.Process) -> list[str]:
    try:
        return process.cmdline()
    except psutil.Error:
        return []


def _alive(processes: list, timeout: float) -> list[str]:
    """Those still running after ``timeout`` seconds (zombies count as gone)."""
    deadline = time.monotonic() + timeout
    while True:
        alive = []
        for process in processes:
            try:
                if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                    alive.append(f"{process.pid} {' '.join(_cmdline(process))[:120]}")
            except psutil.NoSuchProcess:
                pass
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.2)


def _first_build(project: Path) -> dict[str, bytes]:
    first = _dps(project)
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    return _build_bytes(project)


def test_ctrl_c_stops_every_kernel_and_keeps_the_build(project: Path) -> None:
    before = _first_build(project)
    run = _dps(project, "--set", "delay=120")
    descendants = _kernels_running(run, 2)
    assert len(descendants) >= 4  # two workers, two kernels
    run.send_signal(signal.SIGINT)
    out, err = run.communicate(timeout=60)
    assert run.returncode == 130, err
    assert "interrupted:" in err and "keep their previous outputs" in err
    assert _alive(descendants, 5.0) == []
    assert _build_bytes(project) == before
    assert not (project / "build" / ".staging").exists()
    again = _dps(project)  # the previous parameters: nothing to do, the build is whole
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert "0 executed, 2 up to date" in out
    resumed = _dps(project, "--set", "delay=1")
    out, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, err
    assert "2 executed" in out


def test_sigkill_leaves_no_process_and_at_most_the_staging_folder(project: Path) -> None:
    before = _first_build(project)
    run = _dps(project, "--set", "delay=120")
    descendants = _kernels_running(run, 2)
    run.kill()
    run.communicate(timeout=30)
    assert _alive(descendants, 10.0) == []
    assert _build_bytes(project) == before
    assert (project / "build" / ".staging").is_dir()  # the only trace, cleared below
    check = _dps(project, "--check")
    out, err = check.communicate(timeout=120)
    assert check.returncode == 0, err
    again = _dps(project)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert "0 executed, 2 up to date" in out
    assert not (project / "build" / ".staging").exists()
