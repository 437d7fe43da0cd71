"""Install the browser the accessibility tests drive, where this machine allows it.

Playwright's own browser download cannot reach its servers here, so the tests drive Debian's
``chromium`` package instead. This step is idempotent and quick once Chromium is present. It
never fails ``make test``: when it cannot install (not root, no apt-get, apt error) it says why
and exits 0; the browser tests then skip with that reason, except under ``CI=true`` where a
missing browser fails them (see ``tests/conftest.py``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
APT_PACKAGES = ("chromium",)
APT_TIMEOUT_S = 900


def chromium_version(executable: Path) -> str | None:
    """Return what the browser says of its version, or None when it is missing or broken."""
    if not executable.is_file():
        return None
    try:
        done = subprocess.run(
            [str(executable), "--version"], capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None


def why_cannot_install() -> str | None:
    """Say why apt cannot be used here, or None when it can."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "not running as root, so apt-get cannot install Debian's chromium"
    if shutil.which("apt-get") is None:
        return "apt-get not found (not a Debian-like system)"
    return None


def apt_install(packages: tuple[str, ...] = APT_PACKAGES) -> str | None:
    """Run ``apt-get update`` then install; return an error text, or None on success."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    steps = (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
    )
    for step in steps:
        try:
            done = subprocess.run(step, env=env, capture_output=True, text=True,
                                  timeout=APT_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            return f"'{' '.join(step)}' did not finish within {APT_TIMEOUT_S} s"
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            return f"'{' '.join(step)}' exited {done.returncode}: " + " | ".join(tail)
    return None


def axe_problem() -> str | None:
    """Check the Python side: playwright and the axe-core script bundled with its wrapper."""
    try:
        import playwright.sync_api  # noqa: F401
        from axe_playwright_python.base import AXE_SCRIPT
    except ImportError as error:
        return f"cannot import the browser test libraries ({error}); install the dev extra"
    if "axe" not in AXE_SCRIPT[:200]:
        return "axe-playwright-python does not bundle axe-core (axe.min.js missing or empty)"
    return None


def main(executable: Path = CHROMIUM) -> int:
    """Install when needed and possible; always exit 0 so ``make test`` goes on to pytest."""
    problem = axe_problem()
    if problem:
        print(f"browser setup: {problem}; browser tests will be skipped")
    version = chromium_version(executable)
    if version:
        print(f"browser setup: {version} already installed at {executable}")
        return 0
    reason = why_cannot_install()
    if reason is None:
        print("browser setup: installing Debian's chromium (apt-get update, then install)...")
        reason = apt_install()
    version = chromium_version(executable)
    if version:
        print(f"browser setup: installed {version} at {executable}")
    else:
        print(f"browser setup: no browser at {executable}: "
              f"{reason or 'the install gave no browser there'}; "
              "browser tests will be skipped (and fail under CI=true)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
