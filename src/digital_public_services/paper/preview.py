"""A readable HTML preview of the paper for machines without Quarto.

It renders the article's own text (includes, values, embedded figures and tables, numbered
cross-references, citations) with markdown-it, and each executed notebook with nbconvert,
so reviewers can read the paper and open the notebook behind every figure. It is a preview:
the typeset paper (HTML site and Typst PDF) needs Quarto.
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

import nbformat
from markdown_it import MarkdownIt

from ..inputs.textfiles import read_utf8
from ..literature import bibliography
from ..notebook.cell_options import cell_options, labelled_cells
from ..prose.escape import unescape
from ..prose.typography import NBSP, quoted
from . import claims, manuscript

PAGE = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: "DejaVu Serif", Georgia, serif; max-width: 52rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.55; color: #1a1a1a; background: #ffffff; }}
h1, h2, h3 {{ font-family: "DejaVu Sans", Arial, sans-serif; line-height: 1.25; }}
figure {{ margin: 1.5rem 0; max-width: 100%; }}
.table-wrap {{ max-width: 100%; overflow-x: auto; }}
pre {{ white-space: pre-wrap; overflow-wrap: anywhere; }}
code {{ overflow-wrap: anywhere; }}
figure img {{ max-width: 100%; height: auto; }}
figcaption {{ font-size: 0.95rem; color: #333333; margin-top: 0.4rem; }}
table {{ border-collapse: collapse; margin: 0.5rem 0; font-size: 0.92rem; }}
th, td {{ border: 1px solid #8a8a8a; padding: 0.25rem 0.5rem; text-align: left; }}
th {{ background: #eef1f5; }}
a {{ color: #0b4f8a; }}
{link_css}
.banner {{ border: 2px solid #0b4f8a; padding: 0.75rem 1rem; background: #f3f7fb; }}
.notebook-link {{ font-size: 0.9rem; }}
.abstract {{ font-style: italic; }}
</style>
</head>
<body>
<main>
{body}
</main>
</body>
</html>
"""

# Links in running text are underlined, so that colour is not the only thing telling them from
# the text around them (WCAG 1.4.1, RGAA 3.2); the same rule as the Quarto site's
# (report/brand.yml). JupyterLab's stylesheet, which the notebook pages carry, removes the
# underline of links in Markdown cells (`.jp-RenderedHTMLCommon a:link`): the selector is
# written to win over it. The list of notebooks (a navigation landmark) is left as it is.
LINK_CSS = """:is(p, li, dd, dt, td, th, caption, figcaption, blockquote) a:not(nav a, pre a),
.jp-RenderedHTMLCommon :is(p, li, dd, dt, td, th, caption, figcaption, blockquote) a:link {
  text-decoration-line: underline; text-decoration-thickness: max(1px, 0.07em);
  text-underline-offset: 0.18em;
}
:is(p, li, dd, dt, td, th, caption, figcaption, blockquote) a:is(:hover, :focus-visible) {
  text-decoration-thickness: max(2px, 0.12em);
}"""

BANNER = (
    '<p class="banner" role="note">Aperçu sans Quarto\u00a0: texte, figures et tableaux sont '
    "ceux du document, mais sa mise en page complète (site HTML et PDF Typst) demande "
    "Quarto. Installez-le (<code>conda install -c conda-forge quarto</code> ou "
    "<code>pip install quarto-cli</code>) puis lancez <code>quarto render</code>.</p>"
)

KIND_NAMES = {"fig": "Figure", "tbl": "Tableau", "sec": "section"}
#: How each kind is numbered, as ``crossref`` in ``_quarto.yml`` asks: tables by letter
#: (« Tableau A »), so that they are not confused with the policy paper's numbered tables.
LABELS = {"fig": str, "tbl": lambda n: chr(ord("A") + n - 1)}
PLACEHOLDER = "DPSEMBED{}XEND"


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True, "typographer": False}).enable("table")


def _cell_html(cell: nbformat.NotebookNode, md: MarkdownIt) -> str:
    """The outputs of one cell: images with their alternative text, tables, text."""
    options = cell_options(cell.source)
    alt = html.escape(unescape(str(options.get("fig-alt", ""))), quote=True)
    parts = []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "image/png" in data:
            parts.append(f'<img src="data:image/png;base64,{data["image/png"].strip()}" '
                         f'alt="{alt}">')
        elif "image/svg+xml" in data:
            svg = base64.b64encode("".join(data["image/svg+xml"]).encode()).decode()
            parts.append(f'<img src="data:image/svg+xml;base64,{svg}" alt="{alt}">')
        elif "text/markdown" in data:
            parts.append(md.render("".join(data["text/markdown"])))
        elif "text/html" in data:
            parts.append("".join(data["text/html"]))
        elif output.get("output_type") == "stream" and output.get("name") == "stdout":
            parts.append(f"<pre>{html.escape(''.join(output.get('text', '')))}</pre>")
    return "\n".join(parts)


def _numbering(article: manuscript.Article) -> dict[str, str]:
    """``fig-x -> Figure 3`` in order of appearance, as Quarto numbers them; sections by title."""
    counters: dict[str, int] = {}
    numbers = {}
    for _, label in article.embeds:
        kind = label.split("-")[0]
        if kind in ("fig", "tbl") and label not in numbers:
            counters[kind] = counters.get(kind, 0) + 1
            numbers[label] = f"{KIND_NAMES[kind]}{NBSP}{LABELS[kind](counters[kind])}"
    for title, label in re.findall(r"^#+\s+(.*?)\s*\{#(sec-[\w-]+)[^}]*\}", article.body,
                                   flags=re.M):
        numbers[label] = f"section {quoted(title)}"
    return numbers


def _citation(key: str, entries: dict[str, dict]) -> str:
    entry = entries.get(key)
    if not entry:
        return key
    return f'<a href="#ref-{key}">{html.escape(entry["short"])}</a>'


def _bib_entries(path: Path | None) -> dict[str, dict]:
    """Author–year labels and a plain reference line, from the project's bibliography reader."""
    if path is None or not path.is_file():
        return {}
    refs = bibliography.parse_references(read_utf8(path), path)
    return {row["key"]: {"short": f"{bibliography.citation_author(row)}, "
                                  f"{bibliography.citation_year(row)}",
                         "full": bibliography.reference_line(row)}
            for _, row in refs.iterrows()}


def render_article(root: Path, build: Path, notebook_pages: dict[str, str]) -> str:
    """The article as a standalone HTML page, with links to the notebook pages."""
    article_path = root / "report" / "index.qmd"
    article = manuscript.read_article(article_path)
    md = _markdown()
    values = manuscript.quarto_values(build / "values.yml")
    numbers = _numbering(article)
    bib_path = article.meta.get("bibliography")
    entries = _bib_entries((article_path.parent / bib_path).resolve() if bib_path else None)

    fragments: list[str] = []

    def embed(match: re.Match) -> str:
        target, label = match.group(1), match.group(2)
        nb_path = (article_path.parent / target).resolve()
        if not nb_path.is_file():
            fragment = f"<p><strong>[{label} : carnet non exécuté]</strong></p>"
        else:
            cells = labelled_cells(nbformat.read(nb_path, as_version=4))
            cell = cells.get(label)
            options = cell_options(cell.source) if cell else {}
            caption = options.get("fig-cap") or options.get("tbl-cap") or ""
            page = notebook_pages.get(nb_path.stem, "")
            link = (f'<span class="notebook-link"> — <a href="{page}">voir le carnet '
                    f"{html.escape(nb_path.stem)}</a></span>") if page else ""
            caption_html = (f"<figcaption>{numbers.get(label, '')}{NBSP}: "
                            f"{md.renderInline(str(caption))}{link}</figcaption>")
            content = _cell_html(cell, md) if cell else "<p>[cellule introuvable]</p>"
            if label.startswith("tbl-"):
                fragment = f'<figure id="{label}">{caption_html}{content}</figure>'
            else:
                fragment = f'<figure id="{label}">{content}{caption_html}</figure>'
        fragments.append(fragment)
        return PLACEHOLDER.format(len(fragments) - 1)

    def include_generated(match: re.Match) -> str:
        target = root / match.group(1)
        if not target.is_file():
            return "*Ce fichier est produit par `dps run`.*"
        return _generated_images(target.read_text(encoding="utf-8"), article_path.parent)

    def meta(match: re.Match) -> str:
        key = match.group(1)
        return values.get(key, f"[{key}]")

    text = claims.rewrite(manuscript.GENERATED.sub(include_generated, article.body),
                          claims.load(build))
    text = manuscript.META.sub(meta, text)
    text = manuscript.EMBED.sub(embed, text)
    text = manuscript.XREF.sub(
        lambda m: f'<a href="#{m.group(1)}">{numbers.get(m.group(1), m.group(1))}</a>', text)
    text = re.sub(r"\[((?:-?@[\w:-]+(?:;\s*)?)+)\]", lambda m: "(" + f"{NBSP}; ".join(
        _citation(k, entries) for k in re.findall(r"@([\w:-]+)", m.group(1))) + ")", text)
    # Spans with attributes (« Données (CSV) » links, HTML-only text): keep their content.
    text = re.sub(r"\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\{[.#][^}\n]*\}", r"\1", text)
    # The preview lives in build/preview/: links into build/ start one folder up.
    text = text.replace("](../build/", "](../")
    text = re.sub(r"(?<!\\)\{[#.][^}\n]*\}", "", text)  # attributes Quarto would interpret
    text = re.sub(r"^:::.*$", "", text, flags=re.M)  # fenced divs: keep their content
    text = re.sub(r"\[([^\]]+)\]\{lang=\"?\w+\"?\}", r"\1", text)
    body = md.render(text)
    body = re.sub(r"<p>DPSEMBED(\d+)XEND</p>|DPSEMBED(\d+)XEND",
                  lambda m: fragments[int(m.group(1) or m.group(2))], body)
    cited = [k for k in dict.fromkeys(article.citations) if k in entries]
    refs = "".join(f'<li id="ref-{k}">{html.escape(entries[k]["full"])}</li>' for k in cited)
    body = body.replace("<h1>Références</h1>",
                        f"<h1>Références</h1><ul>{refs}</ul>" if refs else "<h1>Références</h1>")
    meta_data = article.meta
    head = [f"<h1>{html.escape(meta_data.get('title', ''))}</h1>"]
    if meta_data.get("subtitle"):
        head.append(f"<p><strong>{html.escape(meta_data['subtitle'])}</strong></p>")
    head.append(BANNER)
    links = "".join(f'<li><a href="{page}">{html.escape(stem)}</a></li>'
                    for stem, page in notebook_pages.items())
    if links:
        head.append('<nav aria-labelledby="notebooks-title"><h2 id="notebooks-title">'
                    f"Carnets exécutés derrière les figures</h2><ul>{links}</ul></nav>")
    # The front matter's abstract is the French résumé (the English one is in the body); its
    # values are filled as the body's are.
    abstract = re.sub(r"\[([^\]]+)\]\{lang=\"?\w+\"?\}", r"\1",
                      manuscript.META.sub(meta, str(meta_data.get("abstract", "")))).strip()
    if abstract:
        head.append(f'<section class="abstract"><h2>Résumé</h2>'
                    f"{md.render(abstract)}</section>")
    body = _scrollable_tables(_demote_headings(body))
    return PAGE.format(title=html.escape(meta_data.get("title", "")), link_css=LINK_CSS,
                       body="\n".join(head) + "\n" + body)


GENERATED_IMAGE = re.compile(
    r'!\[\]\(([^)\s]+\.png)\)\{\.generated-figure alt="((?:[^"\\]|\\.)*)"\}')
"""An image as ``prose.markdown.unnumbered_figure`` writes it: its ``alt`` is a Pandoc
attribute value, in which a backslash escapes the character after it."""


def _generated_images(text: str, base: Path) -> str:
    """Images of a generated include (paths relative to the article, as Quarto reads them)
    as ``<img>`` elements with their alternative text and the image as a data URI, since the
    preview page lives elsewhere and markdown-it reads no attributes."""
    def inline(match: re.Match) -> str:
        image = (base / match.group(1)).resolve()
        alt = html.escape(unescape(match.group(2)), quote=True)
        source = (f"data:image/png;base64,{base64.b64encode(image.read_bytes()).decode()}"
                  if image.is_file() else html.escape(match.group(1), quote=True))
        return f'<img class="generated-figure" src="{source}" alt="{alt}">'

    return GENERATED_IMAGE.sub(inline, text)


def _scrollable_tables(body: str) -> str:
    """Wide tables scroll inside their own box (reachable by keyboard), not the whole page."""
    return re.sub(r"<table>(.*?)</table>", lambda m: (
        '<div class="table-wrap" tabindex="0" role="region" aria-label="Tableau">'
        f"<table>{m.group(1)}</table></div>"), body, flags=re.S)


def _demote_headings(body: str) -> str:
    """The page title is the only h1: article sections become h2, and so on."""
    return re.sub(r"<(/?)h([1-5])>", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}>", body)


# JupyterLab's light theme draws some code tokens below the WCAG AA contrast ratio (4.5:1) on
# the code background; these darker shades keep the hues and pass.
CODE_CONTRAST_CSS = """<style>
:root {
  --jp-mirror-editor-keyword-color: #006400; --jp-mirror-editor-builtin-color: #006400;
  --jp-mirror-editor-number-color: #006400; --jp-mirror-editor-atom-color: #3333aa;
  --jp-mirror-editor-def-color: #0000cc; --jp-mirror-editor-punctuation-color: #004488;
  --jp-mirror-editor-property-color: #004488; --jp-mirror-editor-operator-color: #7a1fa2;
  --jp-mirror-editor-comment-color: #2e5c5c; --jp-mirror-editor-string-color: #a31515;
  --jp-mirror-editor-meta-color: #7a1fa2; --jp-mirror-editor-qualifier-color: #444444;
  --jp-mirror-editor-bracket-color: #555533; --jp-mirror-editor-tag-color: #115511;
  --jp-mirror-editor-attribute-color: #0000aa; --jp-mirror-editor-header-color: #0000aa;
  --jp-mirror-editor-quote-color: #116611; --jp-mirror-editor-link-color: #0000aa;
  --jp-mirror-editor-error-color: #b00000;
}
</style>"""


def _alt_texts(nb: nbformat.NotebookNode) -> dict[str, str]:
    """Alternative text of each cell's images: its ``fig-alt``, else its caption."""
    texts = {}
    for cell in nb.cells:
        options = cell_options(cell.source) if cell.cell_type == "code" else {}
        text = options.get("fig-alt") or options.get("fig-cap")
        if text:
            texts[cell.get("id", "")] = str(text)
    return texts


def render_notebook(path: Path) -> str:
    """One executed notebook as a standalone, French-language, accessible HTML page."""
    return render_notebook_node(nbformat.read(path, as_version=4))


def render_notebook_node(nb: nbformat.NotebookNode) -> str:
    """:func:`render_notebook` of a notebook already read."""
    from bs4 import BeautifulSoup
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb)
    soup = BeautifulSoup(body, features="html.parser")
    soup.html["lang"] = "fr"
    for cell_id, text in _alt_texts(nb).items():
        cell = soup.find(id=f"cell-id={cell_id}")
        for img in cell.find_all("img") if cell else []:
            img["alt"] = unescape(text)
    soup.head.append(BeautifulSoup(CODE_CONTRAST_CSS, features="html.parser"))
    soup.head.append(BeautifulSoup(f"<style>\n{LINK_CSS}\n</style>", features="html.parser"))
    return str(soup)


def write_preview(root: Path, build: Path) -> Path:
    """Write ``build/preview/``: the article page plus one page per executed notebook."""
    out = build / "preview"
    out.mkdir(parents=True, exist_ok=True)
    pages = {}
    for nb_path in sorted((build / "notebooks").glob("*.ipynb")):
        name = f"{nb_path.stem}.html"
        (out / name).write_text(render_notebook(nb_path), encoding="utf-8")
        pages[nb_path.stem] = name
    index = out / "index.html"
    index.write_text(render_article(root, build, pages), encoding="utf-8")
    return index
