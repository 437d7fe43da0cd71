"""Quarto's pre-render entry point (issue 17): `dps` from `.venv/`, else from the PATH, else one
line saying what to run first, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT
from tools import dps_step

SCRIPT = PROJECT_ROOT / "tools" / "dps_step.py"


def fake_dps(folder: Path, label: str, status: int = 0) -> Path:
    """An executable ``dps`` that prints who it is and its arguments, and exits ``status``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "dps"
    path.write_text(f'#!/bin/sh\necho "{label} $*"\nexit {status}\n', encoding="utf-8")
    path.chmod(0o755)
    return path


def step(root: Path, path: str, *args: str) -> subprocess.CompletedProcess:
    """The script as Quarto runs it: its own Python, in the project folder, this PATH."""
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=root,
                          env={"PATH": path}, capture_output=True, text=True, timeout=60)


@pytest.fixture
def system_path():
    """A PATH with the shell tools the fake commands need, and no `dps`."""
    return "/usr/bin:/bin"


def test_the_project_environment_is_used_when_it_exists(tmp_path, system_path):
    fake_dps(tmp_path / ".venv" / "bin", "venv", status=3)
    done = step(tmp_path, system_path, "views", "restore")
    assert done.stdout.strip() == "venv views restore"
    assert done.returncode == 3  # the step's status is Quarto's


def test_the_project_environment_wins_over_the_path(tmp_path, system_path):
    fake_dps(tmp_path / ".venv" / "bin", "venv")
    other = fake_dps(tmp_path / "conda" / "bin", "conda")
    done = step(tmp_path, f"{other.parent}:{system_path}", "run")
    assert (done.returncode, done.stdout.strip()) == (0, "venv run")


def test_the_dps_on_the_path_without_a_project_environment(tmp_path, system_path):
    conda = fake_dps(tmp_path / "conda" / "bin", "conda")
    done = step(tmp_path, f"{conda.parent}:{system_path}", "run", "--survey", "a b.csv")
    assert (done.returncode, done.stdout.strip()) == (0, "conda run --survey a b.csv")


def test_no_environment_at_all_is_one_line_and_a_failure(tmp_path, system_path):
    done = step(tmp_path, system_path, "run")
    assert done.returncode == dps_step.MISSING_STATUS != 0
    assert done.stdout == ""
    assert done.stderr.strip() == dps_step.MISSING
    assert "\n" not in done.stderr.strip() and "Traceback" not in done.stderr
    assert "make paper" in done.stderr and "conda env create -f environment.yml" in done.stderr


def test_the_environment_scripts_come_first_on_the_path_of_dps(tmp_path, system_path):
    """The kernels and tools `dps` starts are found as in an activated environment."""
    folder = tmp_path / ".venv" / "bin"
    folder.mkdir(parents=True)
    (folder / "dps").write_text('#!/bin/sh\necho "$PATH"\n', encoding="utf-8")
    (folder / "dps").chmod(0o755)
    done = step(tmp_path, system_path, "run")
    assert done.stdout.strip().split(":")[0] == str(folder)


def test_quarto_runs_the_steps_through_the_script():
    import yaml

    project = yaml.safe_load((PROJECT_ROOT / "_quarto.yml").read_text(encoding="utf-8"))["project"]
    steps = [*project["pre-render"], *project["post-render"]]
    assert steps and all(s.startswith("tools/dps_step.py ") for s in steps), steps
