"""Text from a file is text in the rendered paper (issue 27): skipped without Quarto
(`DPS_REQUIRE_QUARTO=1` fails).

A survey file whose wording is written to run as markup (``tools.make_synthetic_surveys``:
a script, an event attribute, ``javascript:`` links, a Markdown link, a shortcode, a formula)
and whose name holds markup too goes through `dps paper --survey FILE` with Quarto, in a
fresh copy of the project. Opened in Chromium, the article and the notebook pages run
nothing and add no element from the file, and show the wording as typed; the PDF shows it
too.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import RenderedPaper, dps, fresh_repository, markup_from_files
from tests.test_render_inputs import pdf_text, quarto_bin
from tools import make_synthetic_surveys as synthetic

pytestmark = pytest.mark.quarto

NAME = "synthetic_hostile_<img src=x id=xss-file onerror=alert(1)>_`x`.csv"
QUOTES = re.compile(r"«\s*|\s*»|[\"'“”‘’]")


def readable(text: str) -> str:
    """Text as a reader compares it: quotes left out (Pandoc's typography makes ' and "
    curly in the site and « … », with their spaces, in the French PDF), one kind of space,
    no soft hyphen."""
    text = text.replace("\u00ad", "").replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", QUOTES.sub("", text))


@pytest.fixture(scope="module")
def hostile_paper(tmp_path_factory):
    quarto_bin()
    root = fresh_repository(tmp_path_factory, "hostile")
    folder = tmp_path_factory.mktemp("incoming")
    survey = synthetic.hostile_wording(folder).rename(folder / NAME)
    done = dps(root, "paper", "--survey", str(survey), "--no-quarto-install", check=False)
    return RenderedPaper(root, done.returncode, f"{done.stdout}\n{done.stderr}")


def test_the_hostile_file_renders(hostile_paper):
    assert hostile_paper.returncode == 0, hostile_paper.log[-3000:]
    assert "Paper rendered with Quarto" in hostile_paper.log


def test_nothing_from_the_file_is_active_in_the_site(hostile_paper, chromium):
    pages = [hostile_paper.html,
             *sorted((hostile_paper.manuscript / "build" / "notebooks").glob("*-preview.html"))]
    assert len(pages) == 5
    for page in pages:
        found = markup_from_files(chromium, page)
        assert found["title"] != "XSS" and found["dialogs"] == [], page.name
        assert found["elements"] == [] and found["links"] == [], page.name
        assert found["scripts"] == 0, page.name


def test_the_wording_reads_as_typed_in_the_site_and_the_pdf(hostile_paper, chromium):
    article = readable(markup_from_files(chromium, hostile_paper.html)["text"])
    pdf = readable(pdf_text(hostile_paper))
    for text in [synthetic.HOSTILE_QUESTION, NAME]:  # a heading, a sentence: in full
        assert readable(text) in article and readable(text) in pdf, text
    for text in synthetic.HOSTILE_ITEMS.values():  # a table cell: the PDF wraps it
        assert readable(text) in article, text
        assert readable(text)[:40] in pdf, text
    survey_page = hostile_paper.manuscript / "build" / "notebooks" / "03_survey-preview.html"
    assert readable(synthetic.HOSTILE_KNOWN[2]) in readable(
        markup_from_files(chromium, survey_page)["text"])
