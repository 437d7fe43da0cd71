"""What a reviewer expects of the rendered HTML (issue 12): key messages, authors and
citation, the data behind each figure and table, opt-in comments. Skipped without Quarto."""

from __future__ import annotations

import csv
import html
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml

from digital_public_services import __version__
from digital_public_services.paper import manuscript
from tests.conftest import fresh_repository, quarto_render

pytestmark = pytest.mark.quarto

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = Path(__file__).parent / "artifacts"
HYPOTHESIS = "https://hypothes.is/embed.js"


class Page(HTMLParser):
    """The parts of the article page these tests look at."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: list[tuple[str, str]] = []  # (href, class of the enclosing span)
        self.floats: list[str] = []  # ids of figure and table floats, in page order
        self.data_links: list[str] = []  # hrefs of « Données (CSV) » links, in page order
        self._span: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name"):
            self.meta.setdefault(attrs["name"], []).append(attrs.get("content", ""))
        if tag == "span":
            self._span.append(attrs.get("class") or "")
        if tag == "div" and re.fullmatch(r"(fig|tbl)-[\w-]+", attrs.get("id") or "") \
                and "quarto-float" in (attrs.get("class") or ""):
            self.floats.append(attrs["id"])
        if tag == "a" and attrs.get("href"):
            if self._span and "data-link" in self._span[-1]:
                self.data_links.append(attrs["href"])
            self.links.append((attrs["href"], self._span[-1] if self._span else ""))

    def handle_endtag(self, tag):
        if tag == "span" and self._span:
            self._span.pop()


def parse(html: Path) -> tuple[str, Page]:
    text = html.read_text(encoding="utf-8")
    page = Page()
    page.feed(text)
    return text, page


def resolve(html: Path, href: str) -> Path:
    return (html.parent / unquote(urlparse(href).path)).resolve()


@pytest.fixture(scope="module")
def article(rendered_paper):
    assert rendered_paper.returncode == 0, rendered_paper.log[-3000:]
    return parse(rendered_paper.html)


# --- 1. « Messages clés » -------------------------------------------------------------------


def plain(html_text: str) -> str:
    """Text of an HTML fragment, with typographic apostrophes made straight."""
    return html.unescape(re.sub(r"<[^>]+>", "", html_text)).replace("\u2019", "'")


def test_key_messages_box_under_the_title_with_a_link_to_each_section(article):
    """Four or five authored findings under the title, each pointing to its evidence, none
    marked as a claim the data no longer support."""
    text, _ = article
    box = re.search(r'<div class="callout callout-style-simple callout-important.*?</ul>',
                    text, flags=re.S)
    assert box and "Messages clés" in plain(box.group(0)), "no « Messages clés » box"
    assert box.start() < text.index('id="sec-context"')
    items = re.findall(r"<li>(.*?)</li>", box.group(0), flags=re.S)
    assert 4 <= len(items) <= 5
    for item in items:
        assert re.search(r'href="#sec-[\w-]+"', item), plain(item)[:80]
        assert "Affirmation non vérifiée" not in plain(item), plain(item)[:80]


# --- 2. Authors, version, date, licence; citation -----------------------------------------


def test_title_block_has_author_version_date_and_licence(article, rendered_paper):
    text, _ = article
    header = text[text.index('id="title-block-header"'):text.index("</header>")]
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    for author in cff["authors"]:
        assert author["name"] in header
    shown = manuscript.quarto_values(rendered_paper.root / "build" / "values.yml")[
        "v.paper.label"]
    version = re.search(r'class="version edition-label"[^>]*>(.*?)</p>', header, re.S)
    # Pandoc's smart punctuation types the apostrophe as « ’ ».
    assert html.unescape(version[1]).strip().replace("\u2019", "'") == shown
    assert re.search(r'<a href="\.\./editions/index\.html">Toutes les éditions</a>', header)
    assert 'class="date"' in header
    assert re.search(r'class="license"><a rel="license" href="https://creativecommons.org/'
                     r'licenses/by/4.0/', header)


def test_citation_appendix_bibtex_and_google_scholar_tags(article, rendered_paper):
    text, page = article
    assert 'id="quarto-citation"' in text
    bibtex = re.search(r'quarto-appendix-bibtex"><code[^>]*>(.*?)</code>', text, flags=re.S)
    assert bibtex and "@report{dps-paper," in bibtex.group(1)
    # The label's version: the package's for an edition, X.Y.Z+commit for a working version.
    cited = manuscript.quarto_values(rendered_paper.root / "build" / "values.yml")[
        "v.paper.version"]
    assert re.fullmatch(rf"{re.escape(__version__)}|\d+\.\d+\.\d+\+[0-9a-f]{{7}}(\.dirty)?",
                        cited)
    assert f"version = {{{cited}}}" in bibtex.group(1)
    assert page.meta["citation_title"] and page.meta["citation_publication_date"]
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert page.meta["citation_author"] == [a["name"] for a in cff["authors"]]
    if not cff.get("doi"):
        assert "citation_doi" not in page.meta and "doi.org" not in bibtex.group(1)


# --- 3. The data behind each figure and table ---------------------------------------------


def test_every_figure_and_table_has_its_csv_link_and_every_link_resolves(article,
                                                                         rendered_paper):
    _, page = article
    html = rendered_paper.html
    labels = [Path(urlparse(href).path).stem for href in page.data_links]
    assert page.floats, "no figure or table found in the page"
    assert labels == page.floats
    manuscript = rendered_paper.manuscript.resolve()
    for href in page.data_links:
        target = resolve(html, href)
        assert target.is_relative_to(manuscript) and target.is_file(), href
        with target.open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        assert header and all(name.strip() for name in header), href


def test_the_whole_data_package_downloads_as_one_zip(article, rendered_paper):
    _, page = article
    zips = [href for href, _ in page.links if href.endswith("data-package.zip")]
    assert zips, "no link to the data package"
    target = resolve(rendered_paper.html, zips[0])
    assert target.is_file()
    with zipfile.ZipFile(target) as archive:
        assert "donnees/datapackage.json" in archive.namelist()


# --- 4. Comments for reviewers, opt-in -------------------------------------------------------


def test_default_render_loads_no_comment_script(article):
    text, _ = article
    assert HYPOTHESIS not in text


def test_review_profile_turns_on_hypothesis(tmp_path_factory):
    review = quarto_render(fresh_repository(tmp_path_factory, "review"), "--profile", "review")
    assert review.returncode == 0, review.log[-3000:]
    assert HYPOTHESIS in review.html.read_text(encoding="utf-8")


# --- Screenshots of the top of the article, for a person to look at ------------------------


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshot_of_the_top_of_the_article(chromium, rendered_paper, width):
    page = chromium.new_page(viewport={"width": width, "height": 1000 if width > 500 else 844})
    page.goto(rendered_paper.html.as_uri())
    assert page.locator("text=Messages clés").count() >= 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"article_top_{width}.png"))
    page.close()


# --- 6. Editions (issue 28) -------------------------------------------------------------------


def test_the_site_lists_every_edition_and_its_links_resolve(article, rendered_paper):
    """The title block's « Toutes les éditions » leads to the list; every edition stored on
    this machine is laid out with a banner on each page; no link of editions/ is broken
    (Quarto's own « Télécharger le carnet » link of notebook previews aside: it names the
    unexecuted notebook, in the current paper as in every edition)."""
    from digital_public_services.paper import edition_store, editions
    from tests.paper.test_edition_site import broken_links

    text, _ = article
    assert '<a href="../editions/index.html">Toutes les éditions</a>' in text
    listing = resolve(rendered_paper.html, "../editions/index.html")
    assert listing.is_file(), rendered_paper.log[-2000:]
    page = listing.read_text(encoding="utf-8")
    found = editions.load_editions(rendered_paper.root / editions.EDITIONS_DIR)
    assert [e["version"] for e in found] == re.findall(r'<th scope="row">([\d.]+)</th>',
                                                       page)[::-1]
    for edition in found:
        stored, _ = edition_store.load(rendered_paper.root, edition)
        folder = listing.parent / edition["version"]
        assert folder.is_dir() == bool(stored), edition["version"]
        for html_page in folder.rglob("*.html"):
            assert html_page.read_text(encoding="utf-8").count('id="dps-edition-banner"') == 1
    broken = [link for link in broken_links(listing.parent)
              if not re.search(r"-preview\.html -> .*\.ipynb$", link)]
    assert broken == []
