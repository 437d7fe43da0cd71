"""A render whose build another `dps run` changed between its pre-render and its post-render
says so in one line, with the command that renders again (issue 29)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from digital_public_services.build import render_plan
from tests.build.conftest import dps_process, first_build, kernels_running

# What Quarto gives its pre- and post-render steps (``run_request.under_quarto``).
QUARTO_ENV = {"QUARTO_PROJECT_OUTPUT_DIR": "_out", "QUARTO_PROFILE": ""}


def _step(project: Path, *args: str, command: str = "run") -> tuple[int, str, str]:
    step = dps_process(project, *args, command=command, env=QUARTO_ENV)
    out, err = step.communicate(timeout=300)
    return step.returncode, out, err


@pytest.mark.skipif(sys.platform != "linux", reason="POSIX processes, Linux /proc")
def test_a_run_during_the_render_is_waited_for_and_reported(slow_project: Path) -> None:
    first_build(slow_project)
    status, out, err = _step(slow_project)  # pre-render: nothing to do, the plan is recorded
    assert status == 0, err
    assert (slow_project / "build" / render_plan.PLAN).is_file()
    other = dps_process(slow_project, "--set", "delay=8")  # another run, while Quarto renders
    kernels_running(other, 1)
    status, out, err = _step(slow_project, "save", command="views")  # post-render
    other.communicate(timeout=300)
    assert other.returncode == 0
    assert "then comparing the build with the one rendered" in err  # it waited for the run
    assert status == 1
    lines = [line for line in err.splitlines() if line.startswith("warning:")]
    assert lines == ["warning: the build changed while Quarto rendered (another `dps run` "
                     "replaced synthetic_slow_a, synthetic_slow_b): the "
                     "rendered paper may mix two builds; render again: `quarto render`"]
    assert not (slow_project / "build" / render_plan.PLAN).exists()  # used up


@pytest.mark.skipif(sys.platform != "linux", reason="POSIX processes, Linux /proc")
def test_an_unchanged_build_ends_the_render_quietly(slow_project: Path) -> None:
    first_build(slow_project)
    assert _step(slow_project)[0] == 0
    again = dps_process(slow_project)  # a run that finds everything up to date changes nothing
    out, _ = again.communicate(timeout=300)
    assert "0 executed, 2 up to date" in out
    status, out, err = _step(slow_project, "save", command="views")
    assert (status, err) == (0, "")


def test_the_state_names_each_notebook_and_the_values(tmp_path: Path) -> None:
    build = tmp_path / "build"
    (build / "cache").mkdir(parents=True)
    (build / "cache" / "03_survey.json").write_text("{}", encoding="utf-8")
    assert render_plan.changes(build) is None  # no plan: nothing to compare
    render_plan.save(build)
    (build / "values.json").write_text("{}", encoding="utf-8")
    (build / "cache" / "04_levers.json").write_text("{}", encoding="utf-8")
    assert render_plan.changes(build) == ["04_levers", "values.json"]


def test_the_command_to_render_again_keeps_the_profile_and_the_run_options() -> None:
    env = {"QUARTO_PROFILE": "wave2025", "DPS_RUN_ARGS": "--survey /data/new wave.xlsx"}
    line = render_plan.changed_line(["03_survey"], env)
    assert line.endswith("render again: `DPS_RUN_ARGS='--survey /data/new wave.xlsx' "
                         "quarto render --profile wave2025`")
    assert "replaced 03_survey)" in line
