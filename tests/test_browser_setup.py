"""The browser setup step: finds the browser, says why it cannot install, never fails make."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tools import browser_setup


def fake_browser(folder: Path, body: str) -> Path:
    script = folder / "synthetic_chromium"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def test_chromium_version_reads_what_the_browser_prints(tmp_path):
    browser = fake_browser(tmp_path, 'echo "Chromium 999.0 synthetic"')
    assert browser_setup.chromium_version(browser) == "Chromium 999.0 synthetic"


def test_chromium_version_is_none_for_a_missing_or_broken_browser(tmp_path):
    assert browser_setup.chromium_version(tmp_path / "absent") is None
    assert browser_setup.chromium_version(fake_browser(tmp_path, "exit 3")) is None


def test_why_cannot_install_names_root_when_not_root(monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert "root" in browser_setup.why_cannot_install()


def test_main_explains_and_exits_zero_when_it_cannot_install(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(browser_setup, "why_cannot_install", lambda: "synthetic reason")
    assert browser_setup.main(tmp_path / "absent") == 0
    out = capsys.readouterr().out
    assert "synthetic reason" in out
    assert "skipped" in out


def test_main_does_not_install_when_the_browser_is_there(tmp_path, monkeypatch, capsys):
    def refuse(*_args):
        raise AssertionError("apt-get must not run when the browser is present")

    monkeypatch.setattr(browser_setup, "apt_install", refuse)
    assert browser_setup.main(fake_browser(tmp_path, 'echo "Chromium 1 synthetic"')) == 0
    assert "already installed" in capsys.readouterr().out


def test_the_axe_wrapper_bundles_axe_core():
    assert browser_setup.axe_problem() is None
