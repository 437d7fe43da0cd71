"""The paper as Quarto renders it from a fresh repository (issue 10): skipped without Quarto."""

from __future__ import annotations

import re

import pytest
from conftest import git

pytestmark = pytest.mark.quarto


def test_render_exits_cleanly_without_warnings(rendered_paper):
    assert rendered_paper.returncode == 0, rendered_paper.log[-5000:]
    noisy = [line for line in rendered_paper.log.splitlines()
             if re.match(r"\s*(\x1b\[[0-9;]*m)?(WARN|ERROR)", line)]
    assert not noisy, "\n".join(noisy)


def test_render_produces_html_and_pdf(rendered_paper):
    assert rendered_paper.html.is_file()
    assert rendered_paper.pdf.stat().st_size > 0


def test_no_unresolved_reference_or_shortcode_in_the_html(rendered_paper):
    text = rendered_paper.html.read_text(encoding="utf-8")
    assert "?@" not in text
    assert "{{<" not in text and "{{&lt;" not in text


def test_rendering_leaves_the_working_tree_clean(rendered_paper):
    assert git(rendered_paper.root, "status", "--porcelain") == ""
