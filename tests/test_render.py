"""The paper as Quarto renders it from a fresh repository (issue 10): skipped without Quarto.

One render per session (fixture ``rendered_paper``). What a reader gets must be whole: no
warning, both formats, nothing left unresolved (cross-reference, citation, shortcode, value)
on the article or on the notebook pages, and every figure and table the article embeds.
"""

from __future__ import annotations

import re

import pytest

from digital_public_services.paper.manuscript import read_article
from tests.conftest import git

pytestmark = pytest.mark.quarto

# What Quarto and pandoc print where something did not resolve: `?@fig-x` (cross-reference),
# `?meta:v.x` / `?var:` / `?env:` (shortcodes), `{{< … >}}` (a shortcode left as text),
# `<strong>key?</strong>` (a citation missing from the bibliography).
UNRESOLVED = re.compile(r"\?@[\w-]+|\?(?:meta|var|env):[\w.-]+|\{\{(?:<|&lt;)"
                        r"|<strong>[^<]*\?</strong>")


def notebook_pages(rendered_paper):
    return sorted(rendered_paper.manuscript.glob("build/notebooks/*-preview.html"))


def test_render_exits_cleanly_without_warnings(rendered_paper):
    assert rendered_paper.returncode == 0, rendered_paper.log[-5000:]
    noisy = [line for line in rendered_paper.log.splitlines()
             if re.match(r"\s*(\x1b\[[0-9;]*m)?(WARN|ERROR)", line)]
    assert not noisy, "\n".join(noisy)


def test_render_produces_html_and_pdf(rendered_paper):
    assert rendered_paper.html.is_file()
    assert rendered_paper.pdf.stat().st_size > 0


def test_every_notebook_the_article_embeds_has_its_page(rendered_paper):
    article = read_article(rendered_paper.root / "report" / "index.qmd")
    notebooks = {target.rsplit("/", 1)[-1].removesuffix(".ipynb")
                 for target, _ in article.embeds}
    pages = {page.name.removesuffix("-preview.html") for page in notebook_pages(rendered_paper)}
    assert notebooks and notebooks <= pages, (notebooks, pages)


def test_nothing_unresolved_in_the_article_or_the_notebook_pages(rendered_paper):
    found = {}
    for page in [rendered_paper.html, *notebook_pages(rendered_paper)]:
        hits = sorted(set(UNRESOLVED.findall(page.read_text(encoding="utf-8"))))
        if hits:
            found[page.name] = hits
    assert found == {}


def test_every_embedded_figure_and_table_is_in_the_article(rendered_paper):
    article = read_article(rendered_paper.root / "report" / "index.qmd")
    html = rendered_paper.html.read_text(encoding="utf-8")
    labels = [label for _, label in article.embeds]
    assert labels
    missing = [label for label in labels if f'id="{label}"' not in html]
    assert missing == []


def test_every_citation_resolves_to_a_bibliography_entry(rendered_paper):
    article = read_article(rendered_paper.root / "report" / "index.qmd")
    html = rendered_paper.html.read_text(encoding="utf-8")
    keys = set(article.citations)
    assert keys
    missing = sorted(key for key in keys if f'id="ref-{key}"' not in html)
    assert missing == []


def test_the_site_opens_on_the_article(rendered_paper):
    entry = rendered_paper.manuscript / "index.html"
    text = entry.read_text(encoding="utf-8")
    assert 'http-equiv="refresh" content="0; url=report/index.html"' in text
    assert (rendered_paper.manuscript / "report" / "index.html") == rendered_paper.html


def test_the_other_format_is_called_pdf_and_the_notebooks_follow_the_paper(rendered_paper):
    html = rendered_paper.html.read_text(encoding="utf-8")
    formats = re.search(r'class="quarto-alternate-formats">(.*?)</div></div>', html, re.S)
    assert formats, "no « Autres formats » block"
    assert re.findall(r"</i>([^<]+)</a>", formats.group(1)) == ["PDF"]
    listed = re.search(r'class="quarto-alternate-notebooks">(.*?)</ul>', html, re.S)
    assert listed, "no notebook list"
    order = re.findall(r'href="[^"]*/(\d\d_\w+)-preview\.html"', listed.group(1))
    assert order == sorted(order) and len(order) == len(notebook_pages(rendered_paper))


def test_rendering_leaves_the_working_tree_clean(rendered_paper):
    assert git(rendered_paper.root, "status", "--porcelain") == ""


def test_html_captions_put_a_no_break_space_before_the_colon(rendered_paper):
    html = rendered_paper.html.read_text(encoding="utf-8")
    captions = re.findall(r"(?:Figure|Tableau)&nbsp;\d+(&nbsp;)?:", html)
    assert captions and all(captions), "« Tableau 5: » without the no-break space"


def figure_alts(page: str) -> list[tuple[str, str, str]]:
    """(image, alternative text, caption) of every figure of a page, in reading order: the
    images of Quarto's figures, and the generated ones (``img.generated-figure``) whose
    caption is the paragraph after them."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    found = []
    for image in soup.select("figure img, img.generated-figure"):
        figure = image.find_parent("figure")
        if figure is not None:
            caption = figure.find("figcaption")
        else:
            block = image.find_parent("p") or image
            caption = block.find_next_sibling("p")
        found.append((image.get("src", "")[-60:], (image.get("alt") or "").strip(),
                      caption.get_text(" ", strip=True) if caption else ""))
    return found


def test_figure_alts_reads_alt_and_caption():
    page = ('<figure><div><img src="a.png" alt="Barres."></div>'
            '<figcaption>Figure 1 : Titre</figcaption></figure><img src="logo.png" alt="">'
            '<p><img class="generated-figure" src="b.png" alt="Points."></p><p><em>Titre 2'
            '</em></p>')
    assert figure_alts(page) == [("a.png", "Barres.", "Figure 1 : Titre"),
                                 ("b.png", "Points.", "Titre 2")]


def test_every_figure_has_an_alt_text_other_than_its_caption(rendered_paper):
    """Issue 16: a screen-reader user gets a description, not the caption read twice."""
    found = figure_alts(rendered_paper.html.read_text(encoding="utf-8"))
    assert found, "no figure in the article"
    bad = []
    for src, alt, caption in found:
        bare = re.sub(r"^(?:Figure|Tableau)\s*\d+\s*[:.]\s*", "", caption.replace("\xa0", " "))
        if not alt or alt.replace("\xa0", " ") in {caption.replace("\xa0", " "), bare}:
            bad.append((src, alt[:60], caption[:60]))
    assert bad == []
