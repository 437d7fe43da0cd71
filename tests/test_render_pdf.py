"""The PDF as Quarto and Typst produce it (issue 10): legible tables, French captions, metadata.

The layout checks read the PDF with pdfplumber (MIT): every glyph's box on every page.
They are tested first on small synthetic PDFs drawn with matplotlib, so that a check that
cannot fail is caught here and not trusted on the paper.
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib
import nbformat
import pdfplumber
import pytest
import yaml
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from pdfminer.pdftypes import resolve1

from digital_public_services.notebook import cell_options
from digital_public_services.paper import manuscript

POINTS_PER_CM = 72 / 2.54
TOLERANCE = 0.5  # points
HANGING = set(",.;:-–—»«\"'’)(\u00ad")  # U+00AD: the hyphen Typst draws where it breaks a word
PROTRUSION = 4.0  # points a punctuation mark may hang into the margin


KERNED_MARKS = set(".,")


def kerned(a: dict, b: dict) -> bool:
    """A full stop or comma tucked under the letter before it on the same baseline (« IV.A »,
    « V. »): the font's kerning, not one text drawn over another."""
    first, second = sorted((a, b), key=lambda c: c["x0"])
    return (second["text"] in KERNED_MARKS and first["text"] not in KERNED_MARKS
            and abs(first["bottom"] - second["bottom"]) < TOLERANCE
            and second["x0"] > first["x0"])


def overlapping_glyphs(page, share: float = 0.3, cell: float = 12.0) -> list[str]:
    """Glyphs of one page drawn over other glyphs: text over text, a cell run into the next.

    Two glyph boxes collide when they share more than ``share`` of the smaller box's
    width and height (kerning makes neighbours touch, never that much). Glyphs are
    bucketed on a grid of ``cell`` points so only neighbours are compared.
    """
    glyphs = [c for c in page.chars if c["text"].strip() and c["width"] > 0]
    grid: dict[tuple[int, int], list[int]] = {}
    for i, c in enumerate(glyphs):
        for gx in range(int(c["x0"] // cell), int(c["x1"] // cell) + 1):
            for gy in range(int(c["top"] // cell), int(c["bottom"] // cell) + 1):
                grid.setdefault((gx, gy), []).append(i)
    found = set()
    for members in grid.values():
        for k, i in enumerate(members):
            a = glyphs[i]
            for j in members[k + 1:]:
                b = glyphs[j]
                wide = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
                high = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
                if (wide > share * min(a["width"], b["width"])
                        and high > share * min(a["height"], b["height"])
                        and not kerned(a, b)):
                    found.add((min(i, j), max(i, j)))
    return [f"{glyphs[i]['text']}/{glyphs[j]['text']} at "
            f"({glyphs[i]['x0']:.0f}, {glyphs[i]['top']:.0f})" for i, j in sorted(found)]


def glyphs_outside(page, left: float, right: float, edge: float) -> list[str]:
    """Glyphs outside the text block's width, or closer than ``edge`` to the page edge.

    Punctuation may hang into the margin by up to PROTRUSION (Typst's optical margin
    alignment); spaces are not glyphs.
    """
    def allowed(c: dict) -> float:
        return PROTRUSION if c["text"] in HANGING else TOLERANCE

    return [c["text"] for c in page.chars if c["text"].strip() and (
        c["x0"] < left - allowed(c) or c["x1"] > page.width - right + allowed(c)
        or c["top"] < edge or c["bottom"] > page.height - edge)]


def unembedded_fonts(pdf) -> set[str]:
    """Names of the fonts used by a page whose program is not in the file."""
    missing = set()
    for page in pdf.pages:
        fonts = resolve1(resolve1(page.page_obj.resources or {}).get("Font", {})) or {}
        for ref in fonts.values():
            font = resolve1(ref)
            for part in [font, *map(resolve1, resolve1(font.get("DescendantFonts", [])))]:
                descriptor = resolve1(part.get("FontDescriptor"))
                if part.get("Subtype") and part["Subtype"].name == "Type3":
                    continue  # glyphs drawn in the file itself
                if descriptor is None and part is font and "DescendantFonts" in font:
                    continue
                if descriptor is None or not any(
                        k in descriptor for k in ("FontFile", "FontFile2", "FontFile3")):
                    missing.add(str(resolve1(part.get("BaseFont"))))
    return missing


def _text_margin_cm(root: Path) -> float:
    config = yaml.safe_load((root / "_quarto.yml").read_text(encoding="utf-8"))
    margin = str(config["format"]["typst"]["margin"]["x"])
    assert margin.endswith("cm"), margin
    return float(margin.removesuffix("cm"))


def _synthetic_pdf(path: Path, texts: list[tuple[float, float, str]], core_fonts=False) -> Path:
    with matplotlib.rc_context({"pdf.use14corefonts": core_fonts, "pdf.fonttype": 42}), \
            PdfPages(path) as pages:
        figure = Figure(figsize=(8.27, 11.69))
        for x, y, text in texts:
            figure.text(x, y, text, fontsize=10)
        pages.savefig(figure)
    return path


def _plain(text: str) -> str:
    """Text as the PDF and the source can both be compared: one space, straight apostrophes
    (Typst prints typographic ones)."""
    return re.sub(r"\s+", " ", text.replace("’", "'"))


# The checks themselves, on synthetic PDFs -------------------------------------------------

def test_overlap_check_finds_text_drawn_over_text(tmp_path):
    clash = _synthetic_pdf(tmp_path / "synthetic_overlap.pdf",
                           [(0.2, 0.5, "Politique publique"), (0.22, 0.501, "numérique")])
    apart = _synthetic_pdf(tmp_path / "synthetic_apart.pdf",
                           [(0.2, 0.5, "Politique publique"), (0.2, 0.45, "numérique"),
                            (0.6, 0.5, "territoires")])
    with pdfplumber.open(clash) as pdf:
        assert overlapping_glyphs(pdf.pages[0])
    with pdfplumber.open(apart) as pdf:
        assert overlapping_glyphs(pdf.pages[0]) == []


def test_a_kerned_full_stop_is_not_text_over_text():
    letter = {"text": "V", "x0": 202.8, "x1": 210.0, "bottom": 605.0}
    stop = {"text": ".", "x0": 209.0, "x1": 211.5, "bottom": 605.0}
    assert kerned(letter, stop) and kerned(stop, letter)
    assert not kerned(letter, {**stop, "text": "A"})
    assert not kerned(letter, {**stop, "bottom": 600.0})


def test_margin_check_finds_a_glyph_past_the_text_block(tmp_path):
    path = _synthetic_pdf(tmp_path / "synthetic_margins.pdf",
                          [(0.3, 0.5, "dedans"), (0.93, 0.4, "dehors")])
    margin = 2.5 * POINTS_PER_CM
    with pdfplumber.open(path) as pdf:
        outside = glyphs_outside(pdf.pages[0], margin, margin, POINTS_PER_CM)
    assert "".join(outside) == "dehors"


def test_font_check_finds_a_font_left_out_of_the_file(tmp_path):
    embedded = _synthetic_pdf(tmp_path / "synthetic_embedded.pdf", [(0.3, 0.5, "texte")])
    core = _synthetic_pdf(tmp_path / "synthetic_core.pdf", [(0.3, 0.5, "texte")],
                          core_fonts=True)
    with pdfplumber.open(embedded) as pdf:
        assert unembedded_fonts(pdf) == set()
    with pdfplumber.open(core) as pdf:
        assert unembedded_fonts(pdf)


# The paper's PDF ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def paper_pdf(rendered_paper):
    assert rendered_paper.returncode == 0, rendered_paper.log[-3000:]
    with pdfplumber.open(rendered_paper.pdf) as pdf:
        yield pdf


@pytest.fixture(scope="module")
def paper_text(paper_pdf) -> str:
    return "\n".join(page.extract_text() or "" for page in paper_pdf.pages)


@pytest.fixture(scope="module")
def embedded_cells(rendered_paper) -> dict[str, dict]:
    """Cell options of every figure and table the PDF shows (the article's embeds but those
    of its HTML-only blocks), by label."""
    article = manuscript.read_article(rendered_paper.root / "report" / "index.qmd")
    html_only = manuscript.html_only_embeds(article.body)
    cells = {}
    for target, label in article.embeds:
        if label in html_only:
            continue
        notebook = (article.path.parent / target).resolve()
        cell = cell_options.labelled_cells(nbformat.read(notebook, as_version=4))[label]
        cells[label] = cell_options.cell_options(cell.source)
    return cells


@pytest.mark.quarto
def test_no_text_is_drawn_over_other_text(paper_pdf):
    clashes = {number: overlapping_glyphs(page)
               for number, page in enumerate(paper_pdf.pages, start=1)}
    assert {n: c[:5] for n, c in clashes.items() if c} == {}


@pytest.mark.quarto
def test_every_glyph_is_inside_the_text_block(paper_pdf, rendered_paper):
    margin = _text_margin_cm(rendered_paper.root) * POINTS_PER_CM
    outside = {number: "".join(glyphs_outside(page, margin, margin, POINTS_PER_CM))[:60]
               for number, page in enumerate(paper_pdf.pages, start=1)}
    assert {n: o for n, o in outside.items() if o} == {}


@pytest.mark.quarto
def test_every_embedded_table_and_figure_has_its_french_caption(paper_text, embedded_cells):
    flat = _plain(paper_text)
    # Figures are numbered, tables lettered (« Tableau A »: not the policy paper's Tableau 1).
    kinds = {"tbl": ("Tableau", "[A-Z]", lambda n: chr(ord("A") + n)),
             "fig": ("Figure", r"\d+", lambda n: str(n + 1))}
    for kind, (word, mark, name) in kinds.items():
        labels = [label for label in embedded_cells if label.startswith(f"{kind}-")]
        numbers = re.findall(rf"^{word} ({mark})\. – ", paper_text, flags=re.M)
        assert numbers == [name(n) for n in range(len(labels))], word
    for label, options in embedded_cells.items():
        caption = _plain(str(options[f"{label[:3]}-cap"]))
        start = caption[:40]
        assert start in flat, f"{label}: caption « {start}… » not in the PDF"


@pytest.mark.quarto
def test_no_unresolved_reference_or_citation_key_in_the_pdf(paper_text, rendered_paper):
    assert "?@" not in paper_text
    article = manuscript.read_article(rendered_paper.root / "report" / "index.qmd")
    keys = manuscript.bibliography_keys(
        (article.path.parent / article.meta["bibliography"]).resolve())
    # An unresolved citation is left as « @key » or printed by citeproc as « key? »; a key
    # may legitimately appear as a notebook parameter value in the provenance appendix.
    left = [k for k in keys if re.search(rf"@{re.escape(k)}\b|\b{re.escape(k)}\?", paper_text)]
    assert left == []
    assert "{{<" not in paper_text


@pytest.mark.quarto
def test_pdf_metadata_and_embedded_fonts(paper_pdf, rendered_paper):
    article = manuscript.read_article(rendered_paper.root / "report" / "index.qmd")
    info = paper_pdf.metadata
    assert info["Title"] == article.meta["title"]
    authors = yaml.safe_load((rendered_paper.root / "CITATION.cff").read_text(encoding="utf-8"))
    assert info["Author"] == authors["authors"][0]["name"]  # from CITATION.cff, no one else
    assert set(article.meta["keywords"]) == {k.strip() for k in info["Keywords"].split(",")}
    assert resolve1(paper_pdf.doc.catalog["Lang"]).decode() in ("fr", "fr-FR")
    assert unembedded_fonts(paper_pdf) == set()


TABLE_CAPTION = re.compile(r"^Tableau\s*\d+\.\s*–")


def captions_left_at_page_foot(pages_lines: list[list[str]]) -> list[int]:
    """Pages whose last two lines above the folio open a table caption: a table's title
    stranded at the foot with its table on the next page."""
    return [number for number, lines in enumerate(pages_lines, start=1)
            if any(TABLE_CAPTION.match(line) for line in lines[:-1][-2:])]


def test_stranded_caption_check_finds_a_caption_at_the_page_foot():
    page = ["Du texte.", "Tableau 3. – Un titre", "sur deux lignes", "9"]
    fine = ["Tableau 3. – Un titre", "Colonne A Colonne B", "1 2", "10"]
    assert captions_left_at_page_foot([page, fine]) == [1]


@pytest.mark.quarto
def test_no_table_caption_is_left_alone_at_a_page_foot(paper_pdf):
    lines = [(page.extract_text() or "").splitlines() for page in paper_pdf.pages]
    assert captions_left_at_page_foot(lines) == []


@pytest.mark.quarto
def test_running_header_gives_short_title_and_version(paper_pdf, rendered_paper):
    article = manuscript.read_article(rendered_paper.root / "report" / "index.qmd")
    shown = manuscript.quarto_values(rendered_paper.root / "build" / "values.yml")

    def plain(text: str) -> str:  # no-break spaces read as spaces, « ’ » typed by pandoc
        return " ".join(text.split()).replace("\u2019", "'")

    for page in paper_pdf.pages[1:]:
        top = page.crop((0, 0, page.width, 2.5 * POINTS_PER_CM)).extract_text() or ""
        assert article.meta["shorttitle"] in top and plain(shown["v.paper.header"]) in plain(top)
    first = plain(paper_pdf.pages[0].extract_text() or "")
    assert plain(shown["v.paper.label"]) in first  # page 1 says what it is


def pdf_figure_alts(pdf) -> list[str]:
    """Alternative texts of the tagged PDF's figures (Typst writes ``/Alt`` on each)."""
    found: list[str] = []
    seen: set[int] = set()

    def walk(node) -> None:
        node = resolve1(node)
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict) and id(node) not in seen:
            seen.add(id(node))
            if getattr(node.get("S"), "name", None) == "Figure" and "Alt" in node:
                alt = resolve1(node["Alt"])
                found.append(alt.decode("utf-16") if alt[:2] == b"\xfe\xff"
                             else alt.decode("latin-1"))
            if "K" in node:
                walk(node["K"])

    walk(resolve1(pdf.doc.catalog).get("StructTreeRoot"))
    return found


def test_every_figure_of_the_pdf_carries_the_alt_text_of_the_html(paper_pdf, rendered_paper):
    """Issue 16: the computed alternative texts reach the PDF's figure descriptions too."""
    from tests.test_render import figure_alts

    def plain(text: str) -> str:
        return re.sub(r"\s+", " ", text.replace("\xa0", " ").replace("\u202f", " ")).strip()

    article = manuscript.read_article(rendered_paper.root / "report" / "index.qmd")
    html_only = manuscript.html_only_embeds(article.body)
    assert html_only  # the theme tree and the gaps chart are drawn in the HTML only
    in_pdf = [plain(alt) for alt in pdf_figure_alts(paper_pdf)]
    in_html = [plain(alt) for image, alt, _ in
               figure_alts(rendered_paper.html.read_text(encoding="utf-8"))
               if not any(label in image for label in html_only)]
    assert in_pdf and all(in_pdf)
    assert in_pdf == in_html
