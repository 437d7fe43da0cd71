"""Shared pytest fixtures."""

from __future__ import annotations

import os

import pytest

from tools.browser_setup import CHROMIUM, axe_problem, chromium_version

# --- Browser tests (issue 7): Debian's Chromium driven by Playwright ---------------------------

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def skip_or_fail(reason: str) -> None:
    """Skip with the reason; under CI a missing browser is a failure, never a quiet skip."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser test cannot run under CI=true: {reason}", pytrace=False)
    pytest.skip(reason)


def browser_missing_reason() -> str | None:
    problem = axe_problem()
    if problem:
        return problem
    if chromium_version(CHROMIUM) is None:
        return f"no working Chromium at {CHROMIUM}; run `python -m tools.browser_setup` as root"
    return None


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole session (starting one costs about a second)."""
    reason = browser_missing_reason()
    if reason:
        skip_or_fail(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
