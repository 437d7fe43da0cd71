"""Editions laid out beside the rendered paper: the folder a static host serves, the
« Éditions » page, banners on old editions, and every link of it resolving."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from digital_public_services.paper import edition_site, edition_store, editions
from digital_public_services.prose.typography import NBSP

CHANGELOG = f"""# Changelog

## [Unreleased]

## [0.2.0] — 2026-12-10

Résumé{NBSP}: nouvelle vague d'enquête.

### Quoted values
- x

## [0.1.0] — 2026-12-02

Résumé : première édition.
"""


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src"):
            if attrs.get(name):
                self.targets.append(attrs[name])


def broken_links(folder: Path) -> list[str]:
    """Relative links and sources of every page under ``folder`` that name no file."""
    broken = []
    for page in sorted(folder.rglob("*.html")):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for target in parser.targets:
            url = urlparse(target)
            if url.scheme or target.startswith("#") or not url.path:
                continue
            path = (page.parent / unquote(url.path)).resolve()
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file():
                broken.append(f"{page.relative_to(folder)} -> {target}")
    return broken


def rendered_site(folder: Path, version: str, lists_editions: bool) -> Path:
    """A rendered paper as Quarto writes it: article, PDF, data package, a notebook page."""
    link = '<a href="../editions/index.html">Toutes les éditions</a>' if lists_editions else ""
    pages = {
        "index.html": '<html><head></head><body><a href="report/index.html">lire</a></body></html>',
        "report/index.html": f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
                             f'<title>{version}</title></head><body class="x"><main>'
                             f'<h1>Article</h1><p>{link}<a href="index.pdf">PDF</a> '
                             '<a href="../build/data-package.zip">ZIP</a> '
                             '<a href="notebooks/01.html">carnet</a></p></main></body></html>',
        "report/notebooks/01.html": '<html><head></head><body><a href="../index.html">article'
                                    "</a></body></html>",
    }
    for name, text in pages.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "report" / "index.pdf").write_bytes(b"%PDF " + version.encode())
    (folder / "build").mkdir(exist_ok=True)
    (folder / "build" / "data-package.zip").write_bytes(b"PK")
    return folder


def release(root: Path, version: str, date: str, store: bool, **extra) -> dict:
    snap = editions.snapshot(version, date, "c0ffee" + version, {"data/a.csv": version},
                             {"survey.x": {"value": 1, "text": "1"}}) | extra
    folder = root / editions.EDITIONS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{version}.json").write_text(editions.to_json(snap), encoding="utf-8")
    if store:
        site = rendered_site(root / "renders" / version, version, version != "0.1.0")
        edition_store.store(root, version, site, "rebuild", snap["commit"])
    return snap


@pytest.fixture
def laid_out(tmp_path):
    root = tmp_path / "project"
    (root).mkdir()
    (root / "CHANGELOG.md").write_text(CHANGELOG, encoding="utf-8")
    release(root, "0.1.0", "2026-12-02", store=True)
    release(root, "0.2.0", "2026-12-10", store=True, doi="10.5281/zenodo.222")
    out = rendered_site(tmp_path / "_manuscript", "current", lists_editions=True)
    why = edition_site.layout(root, out, "Le titre", "Version de travail (après l'édition "
                              "0.2.0), commit abc1234, 12 décembre 2026",
                              {"doi": "10.5281/zenodo.111"})
    return root, out, why


def test_every_stored_edition_is_laid_out_in_editions_version(laid_out):
    _, out, why = laid_out
    assert why == {"0.1.0": "", "0.2.0": ""}
    for version in ("0.1.0", "0.2.0"):
        folder = out / "editions" / version
        for name in ("report/index.html", "report/index.pdf", "build/data-package.zip",
                     "report/notebooks/01.html"):
            assert (folder / name).is_file(), name
        assert (folder / "report" / "index.pdf").read_bytes() == b"%PDF " + version.encode()
    assert (out / "editions" / "index.html").is_file()


def test_no_link_of_the_site_is_broken(laid_out):
    _, out, _ = laid_out
    assert broken_links(out) == []


def test_each_page_of_an_old_edition_points_to_the_latest(laid_out):
    _, out, _ = laid_out
    for page in (out / "editions" / "0.1.0").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert text.count('id="dps-edition-banner"') == 1, page
        banner = re.search(r"<aside.*?</aside>", text, re.S)[0]
        assert f"Une édition plus récente existe{NBSP}:" in banner
        latest = re.search(r'<a href="([^"]+)">l\'édition 0\.2\.0 du 10', banner)[1]
        assert (page.parent / latest).resolve() == (
            out / "editions" / "0.2.0" / "report" / "index.html").resolve()
        assert 'aria-label="Édition de ce document"' in banner and 'lang="fr"' in banner
        assert "version 0.1.0, adresse <code>editions/0.1.0/report/index.html</code>" in banner


def test_the_latest_edition_says_it_is_the_latest_with_its_doi(laid_out):
    _, out, _ = laid_out
    text = (out / "editions" / "0.2.0" / "report" / "index.html").read_text(encoding="utf-8")
    assert "plus récente existe" not in text
    assert "Vous lisez l'édition 0.2.0 du 10" in text and "la plus récente" in text
    assert "DOI de cette édition" in text and "10.5281/zenodo.222" in text
    # Its own link to the list now leads to the site's list, not into its own folder.
    assert 'href="../../index.html">Toutes les éditions' in text


def test_the_editions_page_lists_every_edition_newest_first(laid_out):
    _, out, _ = laid_out
    text = (out / "editions" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in text and "<h1>Éditions</h1>" in text
    rows = re.findall(r'<tr><th scope="row">([\d.]+)</th>(.*?)</tr>', text, re.S)
    assert [version for version, _ in rows] == ["0.2.0", "0.1.0"]
    newest, first = rows[0][1], rows[1][1]
    assert "nouvelle vague d'enquête." in newest
    assert "première édition." in first
    assert f"modifié{NBSP}: <code>a.csv</code>" in newest  # what changed since 0.1.0
    for row, version in ((newest, "0.2.0"), (first, "0.1.0")):
        assert f'<a href="{version}/report/index.html">HTML</a>' in row
        assert f'<a href="{version}/report/index.pdf">PDF</a>' in row
    assert "DOI de l'ensemble des éditions" in text and "10.5281/zenodo.111" in text
    assert "version de travail (après l" in text  # the current paper, linked
    assert '<a href="../report/index.html">' in text


def test_french_typography_of_what_the_site_adds(laid_out):
    _, out, _ = laid_out
    for page in [out / "editions" / "index.html", out / "editions" / "0.1.0" / "report" /
                 "index.html"]:
        visible = re.sub(r"<style.*?</style>|<[^>]+>", "", page.read_text(encoding="utf-8"),
                         flags=re.S)
        assert not re.search(r" [:;!?»]|« ", visible), page


def test_an_edition_not_stored_is_listed_without_links(tmp_path):
    root = tmp_path / "project"
    release(root, "0.1.0", "2026-12-02", store=False)
    out = rendered_site(tmp_path / "_manuscript", "current", lists_editions=True)
    why = edition_site.layout(root, out, "Le titre", None)
    assert why == {"0.1.0": "not stored: run `dps editions build 0.1.0`"}
    text = (out / "editions" / "index.html").read_text(encoding="utf-8")
    assert "non disponible sur cette machine" in text and 'href="0.1.0/' not in text
    assert not (out / "editions" / "0.1.0").exists()
    assert broken_links(out) == []


def test_banners_point_to_the_newest_edition_laid_out(tmp_path):
    """Released but not stored here: 0.2.0 is listed, and 0.1.0 is the newest laid out."""
    root = tmp_path / "project"
    release(root, "0.1.0", "2026-12-02", store=True)
    release(root, "0.2.0", "2026-12-10", store=False)
    out = rendered_site(tmp_path / "_manuscript", "current", lists_editions=True)
    edition_site.layout(root, out, "Le titre", None)
    text = (out / "editions" / "0.1.0" / "report" / "index.html").read_text(encoding="utf-8")
    assert "plus récente existe" not in text
    assert broken_links(out) == []


def test_the_lone_listitem_of_old_citation_entries_is_dropped():
    old = ('<div id="ref-x" class="csl-entry quarto-appendix-citeas" role="listitem">\n'
           'Projet. 2026.</div><div class="csl-entry" role="listitem">kept</div>')
    assert edition_site.repair(old) == (
        '<div id="ref-x" class="csl-entry quarto-appendix-citeas">\n'
        'Projet. 2026.</div><div class="csl-entry" role="listitem">kept</div>')


def test_summaries_read_the_french_line_of_each_section():
    assert edition_site.summaries(CHANGELOG) == {"0.2.0": "nouvelle vague d'enquête.",
                                                 "0.1.0": "première édition."}


def test_the_editions_page_and_a_banner_pass_axe(laid_out, chromium):
    """No serious or critical axe violation, French, headings in order (the audit of the
    paper's own pages, ``tests/test_accessibility.py``), at a desktop and a phone width."""
    from tests.test_accessibility import RENDERED_REQUIRED_RULES, audit, served

    _, out, _ = laid_out
    problems = []
    for width in (1280, 390):
        page = chromium.new_page(viewport={"width": width, "height": 900})
        with served(out) as base:
            for name in ("editions/index.html", "editions/0.1.0/report/index.html"):
                problems += [f"{width} px, {name}: {problem}"
                             for problem in audit(page, f"{base}/{name}", RENDERED_REQUIRED_RULES)]
        page.close()
    assert problems == []


def test_old_editions_get_the_current_link_underlines_and_contrast():
    """0.1.0 was rendered before links in running text were underlined (axe 4.12:
    link-in-text-block) and before `.at` was darkened: its pages get the current rules."""
    page = "<html><head><title>t</title></head><body><p>Voir <a href='#x'>x</a>.</p></body></html>"
    marked = edition_site.inject(page, "<aside id='dps-edition-banner'>b</aside>")
    head = marked.split("</head>")[0]
    assert "text-decoration-line: underline" in head and "span.at { color: #4d5720; }" in head
    brand = (Path(__file__).parents[2] / "report" / "brand.yml").read_text(encoding="utf-8")
    assert "color: #4d5720" in brand and "text-underline-offset: 0.18em" in brand  # in step
