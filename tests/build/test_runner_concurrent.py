"""Two `dps run` at once in one project (issue 29): the second waits for the first to finish
with the build, then checks; it never reports « up to date » on outputs being replaced."""

from __future__ import annotations

import fcntl
import sys
import threading
import time
from pathlib import Path

import pytest

from digital_public_services.build import runner
from tests.build.conftest import dps_process, first_build, kernels_running

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="POSIX processes, Linux /proc")


def _delays(project: Path) -> dict[str, str]:
    outputs = project / "build" / "outputs"
    return {stem: (outputs / stem / "delay.txt").read_text()
            for stem in ("synthetic_slow_a", "synthetic_slow_b")}


def test_a_run_started_during_another_waits_then_rebuilds_what_it_asked(
        slow_project: Path) -> None:
    first_build(slow_project)  # delay=0: what the second run will ask for again
    replacing = dps_process(slow_project, "--set", "delay=8")
    kernels_running(replacing, 1)  # it holds the build and is replacing both notebooks
    second = dps_process(slow_project)
    out_1, err_1 = replacing.communicate(timeout=300)
    out_2, err_2 = second.communicate(timeout=300)
    assert replacing.returncode == 0, err_1
    assert "2 executed, 0 up to date" in out_1
    assert second.returncode == 0, err_2
    assert (f"waiting for the `dps run` holding build/ (process {replacing.pid}) to finish, "
            "then checking what is up to date") in err_2
    # Not « 0 executed, 2 up to date »: once the first run is done, the build holds delay=4.
    assert "2 executed, 0 up to date" in out_2
    assert _delays(slow_project) == {"synthetic_slow_a": "0", "synthetic_slow_b": "0"}
    check = dps_process(slow_project, "--check")
    out, err = check.communicate(timeout=120)
    assert check.returncode == 0, err


def test_a_check_started_during_a_run_reports_on_the_build_that_run_leaves(
        slow_project: Path) -> None:
    first_build(slow_project)
    replacing = dps_process(slow_project, "--set", "delay=8")
    kernels_running(replacing, 1)
    # Checked against the first run's parameters: verified only once that run is done.
    check = dps_process(slow_project, "--check", "--set", "delay=8")
    out, err = check.communicate(timeout=300)
    replacing.communicate(timeout=300)
    assert replacing.returncode == 0
    assert "then checking the build" in err
    assert check.returncode == 0, err
    assert "build verified" in out


def test_the_lock_is_shared_by_readers_and_waited_for_by_a_writer(tmp_path: Path) -> None:
    """Locks of separate opens of the file conflict as between processes (``flock``)."""
    build = tmp_path / "build"
    waited: list[str] = []
    order: list[str] = []
    with runner.build_lock(build, shared=True), runner.build_lock(build, shared=True):
        writer = threading.Thread(target=lambda: _write(build, waited, order))
        writer.start()
        time.sleep(0.5)
        order.append("readers done")
    writer.join(timeout=10)
    assert order == ["readers done", "writer"]
    assert len(waited) == 1  # told once, with the number the last writer left (none yet)
    with runner.build_lock(build):
        pass
    handle = (build / ".lock").open()
    fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)  # released: free again
    handle.close()
    assert (build / ".lock").read_text() != ""  # the writer's process number


def _write(build: Path, waited: list[str], order: list[str]) -> None:
    with runner.build_lock(build, on_wait=waited.append):
        order.append("writer")
