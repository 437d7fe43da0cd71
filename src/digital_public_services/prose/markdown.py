"""Markdown that ``dps run`` writes for the article to read through the ``generated``
shortcode, after Quarto's cross-referencing (the survey's other questions and waves, the
interviews' vocabulary analysis)."""

from __future__ import annotations


def unnumbered_figure(path: str, alt: str, caption: str) -> str:
    """An image with its alternative text and, below it, its caption in italics.

    Generated Markdown is read after Quarto's cross-referencing: a captioned image there would
    become a figure with a counter of its own (« Fig. 1 » after « Figure 11 » in the PDF). A
    plain image with an ``alt`` attribute and a caption paragraph reads the same and numbers
    nothing.
    """
    alt = alt.replace('"', "'")
    return f'![]({path}){{.generated-figure alt="{alt}"}}\n\n*{caption}.*'
