"""Lay out every stored edition beside the rendered paper, with the « Éditions » page.

A reader of an old edition must see that a newer one exists, and a reviewer must find
every edition with its HTML and PDF. After each render (Quarto's post-render step, ``dps
editions layout``) this module copies each edition verified by ``edition_store`` into
``_manuscript/editions/X.Y.Z/``, puts a banner at the top of each of its pages (French,
an ``aside`` landmark with its own label: which edition this is, how to cite it, and for an
old one « Une édition plus récente existe » with a link to the latest), and writes
``_manuscript/editions/index.html``: every edition with its date, its one-line summary from
the CHANGELOG, links to its HTML, PDF and data, what changed since the edition before, and
how to cite it. An edition not stored on this machine is listed without links, saying so:
no link of the site points to a file that is not there.
"""

from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path

from ..prose.typography import NBSP, french_date
from . import citation, edition_store, editions

OUT = "editions"
PAGE = "index.html"
BANNER_ID = "dps-edition-banner"
SUMMARY = re.compile(rf"^Résumé[ {NBSP}]*:[ {NBSP}]*(.+)$", re.M)
HEADING = re.compile(r"^## \[([^\]]+)\][^\n]*\n", re.M)
CODE = re.compile(r"`([^`]+)`")
#: The paper's own link to the list (``report/title-metadata.html``, ``report/index.qmd``).
LIST_LINK = 'href="../editions/index.html"'
STYLE = f"""<style id="{BANNER_ID}-style">
.dps-edition-banner {{ background: #fdf3d0; color: #1f1f1f; border-bottom: 2px solid #7a5c00;
  padding: .75rem 1rem; font-size: 1rem; line-height: 1.5; }}
.dps-edition-banner p {{ margin: 0 auto; max-width: 60rem; }}
.dps-edition-banner p + p {{ margin-top: .35rem; }}
.dps-edition-banner a {{ color: #0a4a8f; text-decoration: underline; }}
.dps-edition-banner code {{ color: #1f1f1f; background: transparent; }}
.dps-edition-banner a:focus {{ outline: 3px solid #0a4a8f; outline-offset: 2px; }}
/* An edition rendered before the links of running text were underlined (0.1.0) gets the
   current rules of report/brand.yml: a style repair, no text change. */
:is(p, li, dd, dt, td, th, caption, figcaption, blockquote, .csl-entry, .footnotes)
  a:not(nav a, #quarto-margin-sidebar a, .quarto-alternate-formats a,
        .quarto-alternate-notebooks a, .btn, .nav-link, .dropdown-item, .anchorjs-link,
        pre a) {{
  text-decoration-line: underline; text-decoration-thickness: max(1px, .07em);
  text-underline-offset: .18em; }}
.sourceCode code span.at {{ color: #4d5720; }}
</style>"""


def summaries(changelog: str) -> dict[str, str]:
    """The « Résumé : … » line of each version's CHANGELOG section (French, one line)."""
    found = {}
    matches = list(HEADING.finditer(changelog))
    for match, following in zip(matches, [*matches[1:], None], strict=False):
        section = changelog[match.end():following.start() if following else len(changelog)]
        line = SUMMARY.search(section)
        if line:
            found[match[1]] = line[1].strip()
    return found


def _text(text: str) -> str:
    """Text as HTML content (apostrophes kept as typed)."""
    return html.escape(text, quote=False)


def _href(page: Path, target: Path) -> str:
    return Path(os.path.relpath(target, page.parent)).as_posix()


def _inline(markdown: str) -> str:
    """The history table's Markdown (code spans only) as HTML."""
    return CODE.sub(r"<code>\1</code>", html.escape(markdown, quote=False))


def _when(edition: dict) -> str:
    return f"l'édition {edition['version']} du {french_date(edition['date'])}"


def address(edition: dict, site_url: str | None) -> str:
    """Where an edition is cited: under the site's address when ``CITATION.cff`` gives one,
    else its path in the site."""
    if site_url:
        return citation.edition_address(site_url, edition["version"])
    return f"{OUT}/{edition['version']}/{edition_store.ARTICLE}"


def banner(page: Path, out: Path, edition: dict, latest: dict, site_url: str | None) -> str:
    """The banner of one page of an edition laid out in ``out/editions/``."""
    listing = html.escape(_href(page, out / OUT / PAGE))
    lines = []
    if edition["version"] != latest["version"]:
        newest = _href(page, out / OUT / latest["version"] / edition_store.ARTICLE)
        lines.append(f"<p><strong>Une édition plus récente existe{NBSP}:</strong> "
                     f'<a href="{html.escape(newest)}">{_text(_when(latest))}</a>.</p>')
        state = "conservée telle qu'elle a été publiée"
    else:
        state = "la plus récente"
    where = html.escape(address(edition, site_url))
    lines.append(f"<p>Vous lisez {_text(_when(edition))}, {state}. Pour la citer{NBSP}: "
                 f"version {edition['version']}, adresse <code>{where}</code>"
                 f"{_doi(edition)}. <a href=\"{listing}\">Toutes les éditions</a></p>")
    return (f'<aside id="{BANNER_ID}" class="dps-edition-banner" lang="fr" '
            f'aria-label="Édition de ce document">{"".join(lines)}</aside>')


def _doi(edition: dict) -> str:
    doi = edition.get("doi")
    return (f', DOI de cette édition <a href="https://doi.org/{html.escape(doi)}">'
            f"{html.escape(doi)}</a>") if doi else ""


#: Markup repairs on archived pages (no text changes): Quarto's « Citation » entry carries
#: role="listitem" with no list around it (axe: aria-required-parent, critical); the paper
#: drops the role since commit 4807d34 (report/citation-appendix.html), older editions not.
LONE_LISTITEM = re.compile(r'(<div\b[^>]*\bquarto-appendix-citeas\b[^>]*?)\s+role="listitem"')


def repair(text: str) -> str:
    """An archived page with the accessibility repairs the current paper has."""
    return LONE_LISTITEM.sub(r"\1", text)


def inject(text: str, aside: str) -> str:
    """The page with the banner first in its body and its style in its head (once)."""
    if f'id="{BANNER_ID}"' in text:
        return text
    text = text.replace("</head>", f"{STYLE}\n</head>", 1)
    return re.sub(r"(<body[^>]*>)", lambda m: f"{m[1]}\n{aside}", text, count=1)


def lay_out_one(out: Path, edition: dict, latest: dict, site: Path,
                site_url: str | None) -> Path:
    """Copy one stored edition to ``out/editions/X.Y.Z/`` and mark each of its pages."""
    target = out / OUT / edition["version"]
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(site, target)
    for page in sorted(target.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        # A later edition's own link to the list points into its site; here, to this list.
        text = text.replace(LIST_LINK, f'href="{_href(page, out / OUT / PAGE)}"')
        page.write_text(inject(repair(text), banner(page, out, edition, latest, site_url)),
                        encoding="utf-8")
    return target


def _row(edition: dict, manifest: dict | None, change: dict, summary: str | None,
         site_url: str | None) -> str:
    version = edition["version"]
    if manifest:
        base = f"{version}/"
        links = [f'<a href="{base}{edition_store.ARTICLE}">HTML</a>',
                 f'<a href="{base}{edition_store.PDF}">PDF</a>']
        if manifest.get("data_package"):
            links.append(f'<a href="{base}{manifest["data_package"]}">données (ZIP)</a>')
        kept = ("fichiers publiés, empreintes vérifiées"
                if edition_store.is_released_copy(edition, manifest)
                else f"reconstruite depuis le commit <code>{edition['commit'][:12]}</code>, "
                     "valeurs citées vérifiées")
        read = f"{', '.join(links)}<br><small>{kept}</small>"
    else:
        read = ("non disponible sur cette machine (<code>dps editions build "
                f"{version}</code>)")
    cite = f"version {version}, <code>{html.escape(address(edition, site_url))}</code>"
    if edition.get("doi"):
        cite += f', DOI <a href="https://doi.org/{html.escape(edition["doi"])}">' \
                f"{html.escape(edition['doi'])}</a>"
    changed = (_inline(change["data"]) + f"{NBSP}; valeurs citées modifiées{NBSP}: "
               f"{_inline(change['moved'])}") if change["moved"] != "—" else _inline(
                   change["data"])
    return (f"<tr><th scope=\"row\">{version}</th><td>{french_date(edition['date'])}</td>"
            f"<td>{_text(summary or 'pas de résumé dans le CHANGELOG')}</td>"
            f"<td>{changed}</td><td>{read}</td><td>{cite}</td></tr>")


def page(found: list[dict], stored: dict[str, tuple[dict | None, str]], notes: dict[str, str],
         title: str, current: str | None, site_url: str | None, concept_doi: str | None
         ) -> str:
    """The « Éditions » page (``editions/index.html``), newest edition first."""
    history = {row["version"]: row for row in editions.history(found)}
    rows = "\n".join(_row(e, stored[e["version"]][0], history[e["version"]],
                          notes.get(e["version"]), site_url) for e in reversed(found))
    shown = current[:1].lower() + current[1:] if current else ""
    now = (f"<p>Version actuelle du document{NBSP}: {_text(shown)} "
           f'(<a href="../report/index.html">la lire</a>).</p>') if current else (
               '<p><a href="../report/index.html">Version actuelle du document</a></p>')
    doi = (f"<p>DOI de l'ensemble des éditions{NBSP}: <a href=\"https://doi.org/"
           f"{html.escape(concept_doi)}\">{html.escape(concept_doi)}</a>{NBSP}; chaque "
           "édition déposée a le sien, donné ci-dessous.</p>") if concept_doi else ""
    return f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Éditions — {html.escape(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; color: #1f1f1f; background: #fff; margin: 0;
  line-height: 1.5; }}
main {{ max-width: 72rem; margin: 0 auto; padding: 1.5rem 1rem; }}
a {{ color: #0a4a8f; text-decoration: underline; }}
a:focus {{ outline: 3px solid #0a4a8f; outline-offset: 2px; }}
table {{ border-collapse: collapse; width: 100%; }}
caption {{ text-align: left; font-weight: bold; padding: .5rem 0; }}
th, td {{ border: 1px solid #8a8a8a; padding: .4rem .5rem; text-align: left;
  vertical-align: top; }}
thead th {{ background: #eef0f3; }}
small {{ color: #3d3d3d; }}
</style>
</head>
<body>
<main>
<h1>Éditions</h1>
<p>{_text(title)}. Chaque édition est conservée telle qu'elle a été publiée, avec son
PDF et ses données, et se cite avec son propre numéro de version.</p>
{now}
{doi}
<table>
<caption>Éditions publiées, de la plus récente à la plus ancienne</caption>
<thead><tr><th scope="col">Version</th><th scope="col">Date</th><th scope="col">Résumé</th>
<th scope="col">Ce qui a changé depuis l'édition précédente</th><th scope="col">Lire</th>
<th scope="col">Citer</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</main>
</body>
</html>
"""


def layout(root: Path, out: Path, title: str, current: str | None,
           cff: dict | None = None) -> dict[str, str]:
    """Lay out every edition under ``out/editions/`` and write the list; per edition,
    ``""`` when laid out, else why not."""
    found = editions.load_editions(root / editions.EDITIONS_DIR)
    cff = cff or {}
    site_url = str(cff["url"]) if cff.get("url") else None
    shutil.rmtree(out / OUT, ignore_errors=True)
    (out / OUT).mkdir(parents=True)
    stored = {e["version"]: edition_store.load(root, e) for e in found}
    kept = [e for e in found if stored[e["version"]][0]]
    for edition in kept:  # banners point to the newest edition laid out, never to a gap
        lay_out_one(out, edition, kept[-1],
                    edition_store.folder(root, edition["version"]) / edition_store.SITE,
                    site_url)
    log = root / "CHANGELOG.md"
    notes = summaries(log.read_text(encoding="utf-8")) if log.is_file() else {}
    (out / OUT / PAGE).write_text(
        page(found, stored, notes, title, current, site_url,
             str(cff["doi"]) if cff.get("doi") else None), encoding="utf-8")
    return {version: why for version, (_, why) in stored.items()}
