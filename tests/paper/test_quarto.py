"""Finding Quarto, the bounded install attempt remembered on failure, rendering's PATH."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from digital_public_services.paper import quarto


def executable(folder: Path, name: str = "quarto") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.fixture
def env_bin(tmp_path, monkeypatch):
    """A fake environment whose scripts folder is tmp_path/env/bin."""
    folder = tmp_path / "env" / "bin"
    folder.mkdir(parents=True)
    monkeypatch.setattr(sys, "executable", str(folder / "python"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    return folder


def test_find_prefers_the_path(tmp_path, env_bin, monkeypatch):
    on_path = executable(tmp_path / "path_bin")
    executable(env_bin)
    monkeypatch.setenv("PATH", str(on_path.parent))
    assert quarto.find() == str(on_path)


def test_find_falls_back_to_the_environment_scripts(env_bin):
    local = executable(env_bin)
    assert quarto.find() == str(local)


def test_find_returns_none_when_quarto_is_nowhere(env_bin):
    assert quarto.find() is None


class FakeRun:
    """Stands for subprocess.run: records calls, installs nothing."""

    def __init__(self, returncode=0, stderr="", raises=None, creates=None):
        self.calls = []
        self.returncode, self.stderr, self.raises, self.creates = (
            returncode, stderr, raises, creates)

    def __call__(self, command, **kwargs):
        self.calls.append((command, kwargs))
        if self.raises is not None:
            raise self.raises
        if self.creates is not None:
            executable(self.creates)
        return subprocess.CompletedProcess(command, self.returncode, "", self.stderr)


def test_failed_install_writes_the_marker_and_is_not_retried(tmp_path, env_bin, monkeypatch):
    fake = FakeRun(returncode=1, stderr="Collecting quarto-cli\nERROR: synthetic failure")
    monkeypatch.setattr(quarto.subprocess, "run", fake)
    build = tmp_path / "build"
    path, reason = quarto.try_install(build)
    assert path is None
    assert reason == "ERROR: synthetic failure"
    marker = build / quarto.MARKER
    assert "synthetic failure" in marker.read_text(encoding="utf-8")
    assert len(fake.calls) == 1
    command, kwargs = fake.calls[0]
    assert command[0] == sys.executable and "quarto-cli" in command
    assert kwargs["timeout"] == quarto.INSTALL_TIMEOUT

    path, reason = quarto.try_install(build)
    assert path is None
    assert "not retried" in reason and str(marker) in reason
    assert len(fake.calls) == 1


def test_existing_marker_prevents_any_attempt(tmp_path, env_bin, monkeypatch):
    fake = FakeRun()
    monkeypatch.setattr(quarto.subprocess, "run", fake)
    build = tmp_path / "build"
    build.mkdir()
    (build / quarto.MARKER).write_text("earlier synthetic failure\n", encoding="utf-8")
    assert quarto.try_install(build)[0] is None
    assert fake.calls == []


def test_timeout_is_a_remembered_failure(tmp_path, env_bin, monkeypatch):
    fake = FakeRun(raises=subprocess.TimeoutExpired("pip", quarto.INSTALL_TIMEOUT))
    monkeypatch.setattr(quarto.subprocess, "run", fake)
    path, reason = quarto.try_install(tmp_path / "build")
    assert path is None and str(quarto.INSTALL_TIMEOUT) in reason
    assert (tmp_path / "build" / quarto.MARKER).is_file()


def test_pip_success_without_a_binary_is_a_failure(tmp_path, env_bin, monkeypatch):
    monkeypatch.setattr(quarto.subprocess, "run", FakeRun(returncode=0))
    path, _ = quarto.try_install(tmp_path / "build")
    assert path is None
    assert (tmp_path / "build" / quarto.MARKER).is_file()


def test_successful_install_returns_the_binary_and_writes_no_marker(tmp_path, env_bin,
                                                                    monkeypatch):
    monkeypatch.setattr(quarto.subprocess, "run", FakeRun(returncode=0, creates=env_bin))
    path, reason = quarto.try_install(tmp_path / "build")
    assert path == str(env_bin / "quarto")
    assert reason == "installed"
    assert not (tmp_path / "build" / quarto.MARKER).exists()


def test_render_puts_the_environment_scripts_first_on_the_path(tmp_path, env_bin,
                                                               monkeypatch):
    fake = FakeRun(returncode=3)
    monkeypatch.setattr(quarto.subprocess, "run", fake)
    monkeypatch.setenv("PATH", os.pathsep.join(["/synthetic/one", "/synthetic/two"]))
    monkeypatch.delenv("QUARTO_PYTHON", raising=False)
    status = quarto.render("/synthetic/quarto", tmp_path)
    assert status == 3
    command, kwargs = fake.calls[0]
    assert command == ["/synthetic/quarto", "render"]
    assert kwargs["cwd"] == tmp_path
    assert kwargs["env"]["PATH"].split(os.pathsep) == [
        str(env_bin), "/synthetic/one", "/synthetic/two"]
    assert kwargs["env"]["QUARTO_PYTHON"] == sys.executable


def test_render_keeps_a_quarto_python_already_chosen(tmp_path, env_bin, monkeypatch):
    fake = FakeRun()
    monkeypatch.setattr(quarto.subprocess, "run", fake)
    monkeypatch.setenv("QUARTO_PYTHON", "/synthetic/python")
    assert quarto.render("quarto", tmp_path) == 0
    assert fake.calls[0][1]["env"]["QUARTO_PYTHON"] == "/synthetic/python"


def test_render_passes_extra_environment_to_quarto(tmp_path, env_bin, monkeypatch):
    fake = FakeRun()
    monkeypatch.setattr(quarto.subprocess, "run", fake)
    quarto.render("quarto", tmp_path, {"DPS_RUN_ARGS": "--survey synthetic.csv"})
    assert fake.calls[0][1]["env"]["DPS_RUN_ARGS"] == "--survey synthetic.csv"
