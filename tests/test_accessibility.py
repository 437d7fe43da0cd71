"""Accessibility of the paper's HTML, checked in a real browser (issue 7).

French public services follow the RGAA (WCAG 2.1 AA); the paper about them should too. Every
HTML page of the paper (found by a glob, so a page added to the site is audited too) is opened
in headless Chromium twice, served on 127.0.0.1 and from the file system (``file://``, as a
reviewer who downloaded the site opens it), at a desktop and a phone width, and audited with
axe-core (bundled with axe-playwright-python, so no network is needed) plus a few checks of our
own that axe leaves to judgement: French page language, a real description on every image (not
nbconvert's placeholder), headings without skipped levels, a table of the numbers next to every
data figure, and an underline under every link in running text (issue 28: axe accepts a link
told by colour alone when its colour is far enough from the text's; the house rule does not).
Two synthetic pages prove the audit passes a good page and catches a bad one.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pytest

SEVERE_IMPACTS = {"serious", "critical"}
# Rules named in issue 7: they fail the test whatever impact axe gives them.
REQUIRED_RULES = {"color-contrast", "image-alt", "heading-order", "html-has-lang",
                  "html-lang-valid", "link-in-text-block"}
# nbconvert writes this when a figure has no description; it says nothing of the figure.
PLACEHOLDER_ALTS = {"no description has been provided for this image"}
FIGURE_IMAGES = "figure img, .jp-RenderedImage img, .cell-output-display img"
ARTIFACTS = Path(__file__).parent / "artifacts"
# A link from a figure to the page of the notebook that made it, where its table sits.
NOTEBOOK_LINK = 'a[href*=".html"], a[href*=".ipynb"]'
# How a reader opens the pages: from a web server, or from a downloaded copy of the site.
OPENINGS = ("http", "file")
# A page that sends its reader on at once (the site's entry page) would leave before axe runs.
REFRESH = re.compile(r"""<meta\s[^>]*http-equiv=["']?refresh[^>]*>""", re.IGNORECASE)
# Where a link sits in running text, and what is navigation rather than text.
TEXT_BLOCKS = "p, li, dd, dt, td, th, caption, figcaption, blockquote, .csl-entry, .footnotes"
NAVIGATION = "nav, [role=navigation], pre, .btn, .nav-link, .dropdown-item"

PAGE_FACTS_JS = """({figureSelector, notebookLink}) => {
  const figures = new Set(document.querySelectorAll(figureSelector));
  const dataLink = img => img.closest('.quarto-embed-nb-cell')?.nextElementSibling
    ?.querySelector('.data-link a[href$=".csv"]')?.href;
  const link = img => img.closest('figure')?.querySelector(notebookLink)?.href
    || dataLink(img) || null;
  const flow = [...document.querySelectorAll('img, table')]
    .filter(el => el.tagName === 'TABLE' || figures.has(el))
    .map(el => el.tagName === 'TABLE' ? {kind: 'table'}
      : {kind: 'figure', alt: el.getAttribute('alt') || '', link: link(el)});
  return {
    lang: document.documentElement.getAttribute('lang'),
    images: [...document.images].map(img => ({
      src: (img.getAttribute('src') || '').slice(0, 50), alt: img.getAttribute('alt')})),
    headings: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
      .filter(h => !['none', 'presentation'].includes(h.getAttribute('role'))).map(h => ({
      level: Number(h.tagName[1]), text: h.textContent.trim().slice(0, 60)})),
    flow: flow,
  };
}"""

# Links in running text that only their colour tells from the text around them: a link is in
# running text when its block (paragraph, list item, cell, caption, footnote, reference) holds
# other words; navigation and code are left out.
BARE_LINKS_JS = """({textBlocks, navigation}) => {
  const letters = s => s.replace(/[\\s\\p{P}\\p{S}]/gu, '');
  const underlined = link => {
    for (let el = link; el; el = el.parentElement) {
      if (getComputedStyle(el).textDecorationLine.includes('underline')) return true;
      if (el.matches(textBlocks)) return false;
    }
    return false;
  };
  return [...document.querySelectorAll('a[href]')].filter(link => {
    const block = link.closest(textBlocks);
    if (!block || link.closest(navigation) || !link.getClientRects().length) return false;
    if (!letters(link.textContent)) return false;
    const others = letters(block.textContent).length - letters(link.textContent).length;
    return others > 0 && !underlined(link);
  }).map(link => link.textContent.trim().replace(/\\s+/g, ' ').slice(0, 40));
}"""


def axe_problems(response: dict, required: set[str] = REQUIRED_RULES) -> list[str]:
    """Violations that fail the check: serious or critical, or one of the required rules."""
    problems = []
    for violation in response["violations"]:
        if violation["impact"] in SEVERE_IMPACTS or violation["id"] in required:
            targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
            problems.append(
                f"axe {violation['id']} ({violation['impact']}, {len(violation['nodes'])} "
                f"element(s)): {violation['help']} -> {targets}"
            )
    return problems


def lang_problems(lang: str | None) -> list[str]:
    if lang and (lang == "fr" or lang.startswith("fr-")):
        return []
    return [f"lang: <html lang={lang!r}>, expected 'fr' (the paper is in French)"]


def alt_problems(images: list[dict]) -> list[str]:
    problems = []
    for image in images:
        alt = (image["alt"] or "").strip()
        if not alt or alt.lower() in PLACEHOLDER_ALTS:
            problems.append(f"alt: image {image['src']!r} has alt={image['alt']!r}, "
                            "expected a description of what it shows")
    return problems


def heading_problems(headings: list[dict]) -> list[str]:
    """The first heading is a h1 and no heading goes down more than one level at once."""
    problems = []
    previous = 0
    for heading in headings:
        if heading["level"] > previous + 1:
            problems.append(f"headings: h{heading['level']} {heading['text']!r} follows "
                            f"{'h' + str(previous) if previous else 'the start of the page'}, "
                            f"expected at most h{previous + 1}")
        previous = heading["level"]
    return problems


def table_problems(flow: list[dict]) -> list[str]:
    """Every data figure has a table of its numbers right before or after it, or links to
    its notebook's page (audited too) or to its data (« Données (CSV) » right below it):
    the numbers are « one click away »."""
    problems = []
    for i, item in enumerate(flow):
        if item["kind"] != "figure" or item["linked"]:
            continue
        neighbours = flow[max(i - 1, 0): i] + flow[i + 1: i + 2]
        if not any(n["kind"] == "table" for n in neighbours):
            problems.append(f"table: no table next to the figure {item['alt'][:60]!r}, "
                            "nor a link to its notebook")
    return problems


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) for the duration of the block."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature fixed by the base class
        pass


@contextmanager
def opened(site: Path, opening: str) -> Iterator[Callable[[Path], str]]:
    """The URL of each page of ``site`` as the reader opens it: ``http`` (served on 127.0.0.1
    for the duration of the block) or ``file`` (the downloaded site, no server)."""
    if opening == "file":
        yield lambda path: path.resolve().as_uri()
        return
    with served(site) as base:
        yield lambda path: f"{base}/{path.relative_to(site).as_posix()}"


def link_loads(page, link: str) -> bool:
    """Whether ``link`` leads to something: fetched when served, found on disk when opened
    from the file system (the browser's request API has no ``file:``)."""
    parts = urlsplit(link)
    if parts.scheme == "file":
        return Path(url2pathname(parts.path)).is_file()
    return page.request.get(link.split("#")[0]).ok


def check_links(page, flow: list[dict]) -> None:
    """Mark each figure ``linked`` when its notebook link loads: a link that leads nowhere
    is not « one click away »."""
    loads: dict[str, bool] = {}
    for item in flow:
        link = item.get("link")
        if link and link not in loads:
            loads[link] = link_loads(page, link)
        item["linked"] = bool(link) and loads[link]


def bare_link_problems(links: list[str]) -> list[str]:
    if not links:
        return []
    shown = "; ".join(repr(text) for text in links[:5])
    return [f"links: {len(links)} link(s) in running text told by colour alone, with no "
            f"underline (WCAG 1.4.1, RGAA 3.2): {shown}"]


def open_page(page, url: str, path: Path | None = None) -> None:
    """Open ``url``. A page that sends its reader on at once (``<meta http-equiv=refresh>``,
    the site's entry page) is opened as its own markup less the refresh, its links resolved
    from where it lives: else the browser would leave it before the audit ran."""
    markup = path.read_text(encoding="utf-8") if path else ""
    if not REFRESH.search(markup):
        page.goto(url, wait_until="load")
        return
    page.goto("about:blank")
    page.set_content(re.sub(r"<head[^>]*>", lambda m: f'{m.group(0)}<base href="{url}">',
                            REFRESH.sub("", markup), count=1))


def audit(page, url: str, required: set[str] = REQUIRED_RULES, path: Path | None = None,
          name: str | None = None) -> list[str]:
    """Open ``url`` (the file ``path``, when given) and return every accessibility problem
    found on it, one line each, starting with ``name`` (default: the URL's last part)."""
    from axe_playwright_python.sync_playwright import Axe

    open_page(page, url, path)
    facts = page.evaluate(PAGE_FACTS_JS, {"figureSelector": FIGURE_IMAGES,
                                          "notebookLink": NOTEBOOK_LINK})
    check_links(page, facts["flow"])
    bare_links = page.evaluate(BARE_LINKS_JS, {"textBlocks": TEXT_BLOCKS,
                                               "navigation": NAVIGATION})
    problems = (
        axe_problems(Axe().run(page).response, required)
        + lang_problems(facts["lang"])
        + alt_problems(facts["images"])
        + heading_problems(facts["headings"])
        + table_problems(facts["flow"])
        + bare_link_problems(bare_links)
    )
    name = name or url.rsplit("/", 1)[-1]
    return [f"{name}: {problem}" for problem in problems]


def html_pages(site: Path) -> list[Path]:
    """Every HTML page under ``site``, whatever made it (article, notebook pages, entry page,
    editions): a glob, so that a page added to the site is audited without a change here.
    Quarto's ``site_libs/`` holds scripts and styles, not pages."""
    return sorted(p for p in site.rglob("*.html")
                  if "site_libs" not in p.relative_to(site).parts)


def audit_site(browser, site: Path, opening: str, width: int,
               required: set[str] = REQUIRED_RULES,
               screenshot: Callable[[Path], str | None] = lambda path: None) -> list[str]:
    """Audit every page of ``site``, opened the ``opening`` way at ``width`` pixels, in one
    browser page; ``screenshot(path)`` names the file to keep a screenshot of that page in."""
    pages = html_pages(site)
    assert pages, f"no HTML page under {site}"
    page = browser.new_page(viewport={"width": width, "height": VIEWPORTS[width]})
    problems = []
    try:
        with opened(site, opening) as url:
            for path in pages:
                name = path.relative_to(site).as_posix()
                problems += [f"{opening}, {width} px, {problem}"
                             for problem in audit(page, url(path), required, path, name)]
                if shot := screenshot(path):
                    ARTIFACTS.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(ARTIFACTS / shot))
    finally:
        page.close()
    return problems


def paper_pages(root: Path) -> list[Path]:
    """What a reader gets: Quarto's manuscript where Quarto rendered it, else the nbconvert
    preview (its index first)."""
    manuscript = root / "_manuscript"
    if manuscript.is_dir():
        return html_pages(manuscript)
    preview = root / "build" / "preview"
    return [preview / "index.html",
            *(p for p in html_pages(preview) if p.name != "index.html")]


# A desktop and a phone: on a phone more tables scroll sideways, and each one that does must
# take the focus.
VIEWPORTS = {1280: 900, 390: 844}


@pytest.mark.parametrize("width", sorted(VIEWPORTS, reverse=True))
@pytest.mark.parametrize("opening", OPENINGS)
def test_paper_html_is_accessible(chromium, paper_project, opening, width):
    """The pages `dps paper` leaves where Quarto is missing (the HTML preview)."""
    pages = paper_pages(paper_project)
    assert pages and all(p.is_file() for p in pages), (
        f"paper HTML missing: {pages}; see {paper_project / 'paper.log'}")
    site = Path(os.path.commonpath([p.parent for p in pages]))
    # For a person to look at (ignored by git).
    first = "first_page.png" if (opening, width) == ("http", 1280) else None
    problems = audit_site(chromium, site, opening, width,
                          screenshot=lambda path: first if path == pages[0] else None)
    print("\n".join(problems))
    assert problems == [], f"{len(problems)} accessibility problem(s):\n" + "\n".join(problems)


def test_paper_reflows_on_a_phone_without_horizontal_scrolling(chromium, paper_project):
    """WCAG 1.4.10 (reflow): at 320 CSS pixels wide, only tables may scroll, inside their box."""
    page = chromium.new_page(viewport={"width": 320, "height": 800})
    widths = {}
    for path in paper_pages(paper_project)[:1]:
        page.goto(path.as_uri())
        widths[path.name] = page.evaluate("document.documentElement.scrollWidth")
    page.close()
    assert widths and all(width <= 320 for width in widths.values()), widths


# --- The site as Quarto renders it (issues 10, 28): every HTML page under _manuscript/ -------
# (article, notebook pages, entry page, and whatever is added to the site), served and from the
# file system, at a desktop and a phone width. Skipped without Quarto (DPS_REQUIRE_QUARTO=1
# fails instead). With DPS_REQUIRE_QUARTO=1 the run also refreshes the screenshots kept in
# tests/artifacts/ (committed, for the record); a normal run never writes them, so it never
# dirties the tree.

RENDERED_REQUIRED_RULES = REQUIRED_RULES | {"scrollable-region-focusable"}


def rendered_pages(manuscript: Path) -> list[Path]:
    """Every page of the rendered site; the tests below check the ones they must find."""
    return html_pages(manuscript)


@pytest.mark.quarto
@pytest.mark.parametrize("width", sorted(VIEWPORTS, reverse=True))
@pytest.mark.parametrize("opening", OPENINGS)
def test_rendered_site_is_accessible(chromium, rendered_paper, opening, width):
    manuscript = rendered_paper.manuscript
    pages = rendered_pages(manuscript)
    expected = {manuscript / "index.html", rendered_paper.html,
                *manuscript.glob("build/notebooks/*-preview.html")}
    assert len(expected) > 3 and expected <= set(pages), (pages, rendered_paper.log[-3000:])
    keep = opening == "http" and os.environ.get("DPS_REQUIRE_QUARTO") == "1"
    problems = audit_site(
        chromium, manuscript, opening, width, RENDERED_REQUIRED_RULES,
        screenshot=lambda path: (f"rendered_article_{width}px.png"
                                 if keep and path == rendered_paper.html else None))
    assert problems == [], f"{len(problems)} accessibility problem(s):\n" + "\n".join(problems)


@pytest.mark.quarto
def test_rendered_article_has_a_french_resume_and_an_english_abstract(chromium, rendered_paper):
    page = chromium.new_page()
    page.goto(rendered_paper.html.as_uri())
    lang = page.evaluate("document.documentElement.lang")
    resume = page.evaluate("document.querySelector('.abstract').textContent")
    english = page.evaluate(
        "[...document.querySelectorAll('#abstract-en')].map(e => [e.lang, e.textContent])")
    page.close()
    assert lang == "fr"
    assert "Résumé" in resume and len(resume.split()) > 40  # the French résumé
    assert [code for code, _ in english] == ["en"]
    assert len(english[0][1].split()) > 20  # the whole abstract, not a stray word


@pytest.mark.quarto
@pytest.mark.parametrize("opening", OPENINGS)
def test_rendered_site_opens_on_the_article(chromium, rendered_paper, opening):
    page = chromium.new_page()
    with opened(rendered_paper.manuscript, opening) as url:
        entry = url(rendered_paper.manuscript / "index.html")
        page.goto(entry.removesuffix("index.html") if opening == "http" else entry)
        page.wait_for_url("**/report/index.html", timeout=10_000)
        title = page.evaluate("document.querySelector('h1.title')?.textContent")
    page.close()
    assert title and "services publics" in title


# --- Synthetic pages: the audit must pass the first and catch everything in the second -------

PIXEL = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
         "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")

SYNTHETIC_ACCESSIBLE = f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Page synthétique accessible</title></head>
<body><main>
<h1>Titre</h1>
<h2>Section</h2>
<figure><img src="{PIXEL}" alt="Une barre : 50 %">
<figcaption>Figure 1 — <a href="synthetic_notebook.html#fig">voir le carnet</a></figcaption>
</figure>
<figure><img src="{PIXEL}" alt="Deux barres : 40 % puis 60 %"></figure>
<table><caption>Valeurs de la figure 2</caption>
<tr><th scope="col">Groupe</th><th scope="col">Part</th></tr>
<tr><td>A</td><td>40 %</td></tr><tr><td>B</td><td>60 %</td></tr></table>
<h3>Sous-section</h3>
<p>Texte lisible, noir sur blanc.</p>
<p style="color:#373a3c">Un renvoi <a href="#fig" style="color:#1c5ea8">souligné</a> dans le
texte, et une liste de liens de navigation :</p>
<nav aria-label="Carnets"><ul><li><a href="synthetic_notebook.html"
style="color:#1c5ea8;text-decoration:none">Carnet</a></li></ul></nav>
</main></body></html>
"""

# The page the accessible one's second figure links to, as the article links to notebooks.
SYNTHETIC_NOTEBOOK = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Carnet synthétique</title></head>
<body><main><h1>Carnet</h1><p>Rien d'autre.</p></main></body></html>
"""

SYNTHETIC_INACCESSIBLE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Synthetic broken page</title></head>
<body><main>
<h1>Title</h1>
<h3>Skipped a level</h3>
<figure><img src="{PIXEL}"></figure>
<figure><img src="{PIXEL}" alt="No description has been provided for this image"></figure>
<figure><img src="{PIXEL}" alt="A bar at 30 %">
<figcaption><a href="missing_notebook.html">notebook</a></figcaption></figure>
<p style="color:#c8c8c8;background:#ffffff">Pale grey text on white.</p>
<p style="color:#373a3c">A citation <a href="#x" style="color:#1c5ea8;text-decoration:none">(Author,
2022)</a> told by its colour alone.</p>
<p style="color:#000000">A link <a href="#y" style="color:#c00000;text-decoration:none">far enough
in colour</a> for axe, yet without an underline.</p>
</main></body></html>
"""


@pytest.fixture(scope="module")
def synthetic_audits(chromium, tmp_path_factory) -> dict[str, list[str]]:
    """Audit both synthetic pages once; the tests below read the findings."""
    site = tmp_path_factory.mktemp("synthetic_site")
    pages = {"synthetic_accessible.html": SYNTHETIC_ACCESSIBLE,
             "synthetic_inaccessible.html": SYNTHETIC_INACCESSIBLE,
             "synthetic_notebook.html": SYNTHETIC_NOTEBOOK}
    for name, html in pages.items():
        (site / name).write_text(html, encoding="utf-8")
    page = chromium.new_page()
    with served(site) as base:
        found = {name: audit(page, f"{base}/{name}") for name in pages}
    page.close()
    return found


def test_accessible_synthetic_page_passes(synthetic_audits):
    problems = synthetic_audits["synthetic_accessible.html"]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(
    "expected",
    ["axe image-alt (critical", "axe color-contrast (serious",
     "lang: <html lang='en'>", "alt: image", "headings: h3", "table: no table",
     "table: no table next to the figure 'A bar at 30 %'",
     "axe heading-order", "axe link-in-text-block (serious",
     "links: 2 link(s) in running text told by colour alone"],
)
def test_inaccessible_synthetic_page_is_caught(synthetic_audits, expected):
    problems = synthetic_audits["synthetic_inaccessible.html"]
    assert any(expected in problem for problem in problems), "\n".join(problems)


def test_heading_problems_accepts_going_back_up():
    levels = [1, 2, 3, 2, 3, 1, 2]
    assert heading_problems([{"level": n, "text": ""} for n in levels]) == []


def test_heading_problems_rejects_a_page_starting_below_h1():
    assert heading_problems([{"level": 2, "text": "Intro"}]) != []


def test_table_problems_accepts_a_table_on_either_side_or_a_notebook_link():
    table, linked = {"kind": "table"}, {"kind": "figure", "alt": "", "linked": True}
    alone = {"kind": "figure", "alt": "", "linked": False}
    assert table_problems([table, alone, alone, table]) == []
    assert table_problems([linked, linked]) == []
    assert len(table_problems([alone, alone, table])) == 1


def test_missing_browser_skips_outside_ci(monkeypatch):
    from tests.conftest import skip_or_fail

    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="synthetic reason"):
        skip_or_fail("synthetic reason")


def test_missing_browser_fails_under_ci(monkeypatch):
    from tests.conftest import skip_or_fail

    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="synthetic reason"):
        skip_or_fail("synthetic reason")


def test_preview_notebook_page_underlines_links_in_markdown_cells(chromium, tmp_path):
    """JupyterLab's stylesheet, which nbconvert puts on the preview's notebook pages, takes the
    underline off links in Markdown cells; the preview's own rule must win over it."""
    import nbformat

    from digital_public_services.paper import preview

    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_markdown_cell(
        "# Carnet\n\nLes chiffres viennent de l'enquête ([Harris Interactive, 2022](#src)) "
        "et du rapport.\n\n- une liste avec [un lien](#liste) dans le texte"))
    page_path = tmp_path / "carnet.html"
    page_path.write_text(preview.render_notebook_node(notebook), encoding="utf-8")
    page = chromium.new_page()
    page.goto(page_path.as_uri())
    in_text = page.evaluate("document.querySelectorAll('.jp-RenderedHTMLCommon p a, "
                            ".jp-RenderedHTMLCommon li a').length")
    bare = page.evaluate(BARE_LINKS_JS, {"textBlocks": TEXT_BLOCKS, "navigation": NAVIGATION})
    page.close()
    assert in_text == 2 and bare == [], bare
