"""Text from a file is text: escaped for Markdown (both readers), code spans, CSV cells."""

from __future__ import annotations

import html
import json
import subprocess

import pytest
import yaml
from markdown_it import MarkdownIt

from digital_public_services.prose import escape
from digital_public_services.prose.markdown import unnumbered_figure

HOSTILE = [
    "<script>document.title='x'</script> Le courrier",
    "<img src=x onerror=\"alert(1)\"> Selon vous ?",
    "[lien](javascript:alert(1)) et <a href=\"javascript:alert(1)\">lien</a>",
    "**gras** _souligné_ `code` $x^2$ H~2~O 2^10^ [@harris2022] @harris2022 [x]{.cls}",
    "{{< meta v.paper.version >}} &amp; &lt;b&gt; \\emph{x} \\<b\\>",
    "# titre", "- liste", "+ plus", "1. un", "2) deux", "> citation", "=SUM(1)", "%titre",
    "a | b", "<http://example.invalid>", "![i](x.png)", "x^[note]", "::: {.div}",
    "<!-- commentaire -->", "* puce", "__init__ et snake_case_",
]


def commonmark_text(markdown: str) -> str:
    """The text a paragraph renders to in the preview's reader (HTML on, as it runs)."""
    rendered = MarkdownIt("commonmark", {"html": True}).render(markdown).strip()
    assert rendered.startswith("<p>") and rendered.endswith("</p>"), rendered
    inner = rendered[3:-4]
    assert "<" not in inner, f"an element came out of {markdown!r}: {inner}"
    return html.unescape(inner)


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_as_its_characters_in_commonmark(text):
    assert commonmark_text(escape.markdown(text)) == text


def test_newlines_become_spaces_and_an_intraword_underscore_stays():
    assert escape.markdown("a\nb\r\nc\td") == "a b c d"
    assert escape.markdown("survey_results.csv") == "survey_results.csv"
    assert escape.markdown("_x_") == "\\_x\\_"


def test_markup_written_by_the_package_is_left_as_it_is():
    mark = escape.Markup("`online_appointments` (libellé absent du fichier)")
    assert escape.markdown(mark) is mark


@pytest.mark.parametrize("text", ["online_appointments", "a`b", "`x`", "a``b`c"])
def test_code_is_one_span_whatever_backticks_it_holds(text):
    rendered = MarkdownIt("commonmark").renderInline(escape.code(text))
    assert rendered == f"<code>{html.escape(text, quote=False)}</code>"


@pytest.mark.parametrize("text", HOSTILE)
def test_unescape_gives_back_the_text_as_an_attribute_reads_it(text):
    assert escape.unescape(escape.markdown(text)) == " ".join(text.split("\n"))


@pytest.mark.parametrize(("cell", "safe"), [
    ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"),
    ("@SUM(1+1)", "'@SUM(1+1)"), ("+1+1", "'+1+1"), ("-1+cmd", "'-1+cmd"),
    ("\tx", "'\tx"), ("-3", "-3"), ("+2.5", "+2.5"), ("-1e-05", "-1e-05"), ("-", "-"),
    ("Le guichet", "Le guichet"), ("", ""), ("a=b", "a=b"),
])
def test_a_csv_cell_never_starts_a_formula(cell, safe):
    assert escape.csv_cell(cell) == safe


# --- Pandoc, as Quarto runs it (skipped without Quarto) -------------------------------------


def _inlines_text(node: object) -> str:
    """Plain text of Pandoc's JSON, with any construct other than text made visible."""
    if isinstance(node, list):
        return "".join(_inlines_text(n) for n in node)
    if not isinstance(node, dict):
        return ""
    kind, content = node.get("t"), node.get("c")
    if kind == "Str":
        return content
    if kind in ("Space", "SoftBreak"):
        return " "
    if kind in ("Para", "Plain", "MetaInlines"):
        return _inlines_text(content)
    if kind == "Header":
        return _inlines_text(content[2])
    if kind == "Quoted":  # typography: 'x' gets curly quotes, not markup
        mark = "'" if content[0]["t"] == "SingleQuote" else '"'
        return f"{mark}{_inlines_text(content[1])}{mark}"
    return f"<{kind}>"


def pandoc_json(markdown: str) -> dict:
    from digital_public_services.paper import quarto
    from tests.conftest import quarto_missing

    executable = quarto.find()
    if executable is None:
        quarto_missing("no `quarto` executable on the PATH (see README, « Rendering with Quarto »)")
    done = subprocess.run([executable, "pandoc", "-f", "markdown", "-t", "json"], input=markdown,
                          capture_output=True, text=True, check=True, timeout=60)
    return json.loads(done.stdout)


def typographic(text: str) -> str:
    """``text`` with Pandoc's typography undone on apostrophes (curly in its output)."""
    return text.replace("’", "'")


@pytest.mark.quarto
@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_as_its_characters_in_pandoc(text):
    """In a paragraph, a heading, a pipe-table cell, a meta value (``build/values.yml``) and
    an attribute value (a generated figure's ``alt``), Pandoc reads the escaped text as its
    characters."""
    escaped = escape.markdown(text)
    document = pandoc_json(
        f"---\n{yaml.safe_dump({'v': escaped}, allow_unicode=True)}---\n\n{escaped}\n\n"
        f"### {escaped}\n\n| a |\n|---|\n| {escaped} |\n\n"
        f"{unnumbered_figure('x.png', escaped, 'Titre')}\n")
    para, heading, table, image, _ = document["blocks"]
    expected = text.replace("--", "–")  # Pandoc's typography, not markup
    cell = table["c"][4][0][3][0][1][0][4]  # first body, first row, first cell: its blocks
    for block in (para, heading, document["meta"]["v"], cell):
        assert typographic(_inlines_text(block)) == expected
    attributes = dict(image["c"][0]["c"][0][2])
    assert attributes["alt"] == text.replace('"', "'")  # as unnumbered_figure writes it
