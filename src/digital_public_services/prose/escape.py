"""Text from a file, written into the paper so that it reads as the text it is.

Wording, labels, identifiers and file names come from files a user brings; the paper is
Markdown that Quarto (Pandoc) and the preview (markdown-it) turn into HTML and Typst. A
wording such as ``<script>…</script>``, ``[lien](javascript:…)``, ``{{< meta … >}}`` or
``$x$`` must reach the reader as those characters, never as an element, a link, a shortcode
or a formula. Both readers take a backslash before any ASCII punctuation as that character
itself, in running text and in attribute values alike (``{alt="…"}``, Quarto's ``fig-alt``),
so one escape serves every place; HTML escaping is then the renderers' job, since they
escape every text node and attribute they write.

Spreadsheets read a CSV cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula
(« CSV injection »): :func:`csv_cell` makes such a text cell plain text.
"""

from __future__ import annotations

import re

MARKUP = re.compile(r"[\\`*\[\]<>&{}$@~^|#]|(?<![^\W_])_|_(?![^\W_])")
"""Characters that open markup in Pandoc's Markdown or CommonMark: emphasis, code, links,
spans, citations, raw HTML, entities, attributes and shortcodes, math, sub- and
superscript, tables, headings. An underscore inside a word is left alone: it opens no
emphasis in either reader, and ``survey_results.csv`` stays as it is typed."""
BLOCK_START = re.compile(r"^([-+=%:]|\d+(?=[.)]))")
"""What makes a line a list item (``-``, ``+``, ``1.``, ``2)``), a setext underline (``=``),
a title block (``%``) or a definition (``:``) when the text starts it: a meta value is parsed
on its own. (``#``, ``>`` and ``*`` are escaped wherever they are.)"""
SPACE = re.compile(r"[\r\n\t]+")
PUNCTUATION_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
FORMULA = re.compile(r"^(?:[=@\t\r]|[+-](?=.))", re.S)
NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


class Markup(str):
    """Markdown the package wrote itself (an identifier as code, with its note): put in the
    paper as it is, where a plain string would be escaped."""


def markdown(text: object) -> str:
    """``text`` as Markdown that renders as exactly its characters, on one line; a
    :class:`Markup` is already Markdown and is returned as it is."""
    if isinstance(text, Markup):
        return text
    line = SPACE.sub(" ", str(text))
    line = MARKUP.sub(lambda m: "\\" + m.group(0), line)
    start = BLOCK_START.match(line)
    if start:
        cut = start.end()
        line = (line[:cut] + "\\" + line[cut:] if start.group(0)[0].isdigit()
                else "\\" + line)
    return line


def code(text: object) -> str:
    """``text`` as inline code: a fence longer than any run of backticks it holds, so
    nothing inside can close it (nor be read as markup: code is never parsed)."""
    line = SPACE.sub(" ", str(text))
    fence = "`" * (max((len(run) for run in re.findall(r"`+", line)), default=0) + 1)
    pad = " " if line.startswith("`") or line.endswith("`") else ""
    return f"{fence}{pad}{line}{pad}{fence}"


def unescape(text: str) -> str:
    """The characters an escaped text stands for, as Pandoc reads an attribute value:
    a backslash before ASCII punctuation is dropped (for an ``alt`` the preview writes)."""
    return PUNCTUATION_ESCAPE.sub(r"\1", text)


def csv_cell(value: str) -> str:
    """A text cell a spreadsheet will not run: a leading ``=``, ``+``, ``-``, ``@``, tab or
    carriage return gets an apostrophe before it, the usual mark of a text cell; a plain
    number (``-3``, ``+2.5``) is left as it is."""
    if FORMULA.match(value) and not NUMBER.match(value):
        return "'" + value
    return value
