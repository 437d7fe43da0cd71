"""Setting up `.venv` (issue 29): uv from the PATH or from PyPI, exactly the lock, and pip with
a one-line note when uv cannot be had. The two routes install a small lock for real (from
PyPI, as `make` does): ipykernel and what it needs, pinned as in `requirements.lock`."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import PROJECT_ROOT
from tools import setup_venv

PROJECT_FILES = ("pyproject.toml", "README.md", "LICENSE", "LICENSE-CC-BY-4.0", "src")
NO_SUCH_UV = "uv==0.0.0"  # not on PyPI: stands for « uv cannot be had »


def _closure(name: str) -> set[str]:
    """``name`` and everything it requires (on this platform), as installed here."""
    found: set[str] = set()
    todo = [name]
    while todo:
        current = canonicalize_name(todo.pop())
        if current in found:
            continue
        found.add(current)
        for text in metadata.requires(current) or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return found


@pytest.fixture
def small_project(tmp_path: Path) -> tuple[Path, Path]:
    """The package's sources, and a lock of the lines of `requirements.lock` that ipykernel
    needs (the kernel registration needs it)."""
    root = tmp_path / "project"
    root.mkdir()
    for name in PROJECT_FILES:
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copyfile(source, root / name)
    wanted = _closure("ipykernel")
    lines = [line for line in (PROJECT_ROOT / "requirements.lock").read_text().splitlines()
             if (m := re.match(r"^([A-Za-z0-9_.-]+)==", line))
             and canonicalize_name(m.group(1)) in wanted]
    assert len(lines) == len(wanted)  # every one pinned by the real lock
    (root / "requirements.lock").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root, root / "requirements.lock"


def _installed(venv: Path) -> set[str]:
    code = ("import json; from importlib import metadata; "
            "print(json.dumps(sorted({d.metadata['Name'] for d in metadata.distributions()})))")
    done = subprocess.run([str(venv / "bin" / "python"), "-c", code], capture_output=True,
                          text=True, check=True)
    return {canonicalize_name(name) for name in json.loads(done.stdout)}


def _kernel_python(venv: Path) -> str:
    spec = venv / "share" / "jupyter" / "kernels" / "python3" / "kernel.json"
    return json.loads(spec.read_text(encoding="utf-8"))["argv"][0]


def _path_without_uv() -> str:
    return os.pathsep.join(folder for folder in os.environ["PATH"].split(os.pathsep)
                           if folder and not (Path(folder) / "uv").exists())


def test_with_uv_the_environment_is_exactly_the_lock(small_project, capsys) -> None:
    root, lock = small_project
    venv = root / ".venv"
    venv.mkdir()
    (venv / "left-over").write_text("from an older environment", encoding="utf-8")
    assert setup_venv.setup(root, venv, lock, os.environ["PATH"]) == "uv"
    assert "note:" not in capsys.readouterr().out
    pinned = {canonicalize_name(line.split("==")[0]) for line in lock.read_text().split()}
    assert _installed(venv) == pinned | {"digital-public-services"}
    assert not (venv / "left-over").exists()
    assert _kernel_python(venv) == str(venv / "bin" / "python")
    imported = subprocess.run([str(venv / "bin" / "python"), "-c",
                               "import digital_public_services, ipykernel; "
                               "print(digital_public_services.__file__)"],
                              capture_output=True, text=True, check=True)
    assert imported.stdout.startswith(str(root / "src"))  # the editable install


def test_without_uv_pip_sets_it_up_after_one_line(small_project, capsys) -> None:
    root, lock = small_project
    venv = root / ".venv"
    assert setup_venv.setup(root, venv, lock, _path_without_uv(), NO_SUCH_UV) == "pip"
    notes = [line for line in capsys.readouterr().out.splitlines() if line.startswith("note:")]
    assert notes == [f"note: uv is not on the PATH and `pip install {NO_SUCH_UV}` failed; "
                     "setting up .venv with pip instead (slower)"]
    assert not setup_venv.bootstrap_dir(root, NO_SUCH_UV).exists()
    pinned = {canonicalize_name(line.split("==")[0]) for line in lock.read_text().split()}
    assert pinned | {"digital-public-services"} <= _installed(venv)
    assert _kernel_python(venv) == str(venv / "bin" / "python")


def test_uv_on_the_path_comes_first(tmp_path) -> None:
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "uv").write_text("#!/bin/sh\n", encoding="utf-8")
    (folder / "uv").chmod(0o755)
    assert setup_venv.find_uv(tmp_path, str(folder), NO_SUCH_UV) == str(folder / "uv")
    assert not (tmp_path / ".uv").exists()  # nothing installed


def test_bytecode_is_compiled_at_install_only_when_runs_cannot_write_it() -> None:
    assert setup_venv.compile_bytecode({"PYTHONDONTWRITEBYTECODE": "1"})
    assert not setup_venv.compile_bytecode({})
    assert not setup_venv.compile_bytecode({"PYTHONDONTWRITEBYTECODE": ""})


def test_make_sets_up_with_this_script() -> None:
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    assert "tools/setup_venv.py --venv $(VENV) --lock requirements.lock" in makefile
