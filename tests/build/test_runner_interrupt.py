"""Stopping `dps run` (Ctrl-C, SIGKILL) in a subprocess: no process survives, the build
stays whole, the next run clears what is left and goes on."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import pytest

from tests.build.conftest import alive, build_bytes, dps_process, first_build, kernels_running

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="POSIX signals, Linux /proc")


def test_ctrl_c_stops_every_kernel_and_keeps_the_build(slow_project: Path) -> None:
    before = first_build(slow_project)
    run = dps_process(slow_project, "--set", "delay=120")
    descendants = kernels_running(run, 2)
    assert len(descendants) >= 4  # two workers, two kernels
    run.send_signal(signal.SIGINT)
    out, err = run.communicate(timeout=60)
    assert run.returncode == 130, err
    assert "interrupted:" in err and "keep their previous outputs" in err
    assert alive(descendants, 5.0) == []
    assert build_bytes(slow_project) == before
    assert not (slow_project / "build" / ".staging").exists()
    again = dps_process(slow_project)  # the previous parameters: nothing to do, the build is whole
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert "0 executed, 2 up to date" in out
    resumed = dps_process(slow_project, "--set", "delay=1")
    out, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, err
    assert "2 executed" in out


def test_sigkill_leaves_no_process_and_at_most_the_staging_folder(slow_project: Path) -> None:
    before = first_build(slow_project)
    run = dps_process(slow_project, "--set", "delay=120")
    descendants = kernels_running(run, 2)
    run.kill()
    run.communicate(timeout=30)
    assert alive(descendants, 10.0) == []
    assert build_bytes(slow_project) == before
    assert (slow_project / "build" / ".staging").is_dir()  # the only trace, cleared below
    check = dps_process(slow_project, "--check")
    out, err = check.communicate(timeout=120)
    assert check.returncode == 0, err
    again = dps_process(slow_project)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert "0 executed, 2 up to date" in out
    assert not (slow_project / "build" / ".staging").exists()
