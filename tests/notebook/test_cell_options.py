"""Quarto cell options read from the top of a code cell, and the cells they label."""

from __future__ import annotations

import nbformat

from digital_public_services.notebook.cell_options import cell_options, labelled_cells


def test_options_are_the_leading_hash_pipe_lines_only() -> None:
    source = '#| label: fig-x\n#| fig-cap: "Une figure"\nplot()\n#| label: not-an-option'
    assert cell_options(source) == {"label": "fig-x", "fig-cap": "Une figure"}
    assert cell_options("plot()") == {}


def test_invalid_yaml_is_kept_for_the_check_to_report() -> None:
    assert cell_options("#| label: [unclosed") == {"__invalid__": "label: [unclosed"}


def test_labelled_cells_maps_each_label_to_its_code_cell() -> None:
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("#| label: fig-in-markdown"),
        nbformat.v4.new_code_cell("#| label: fig-a\nplot()"),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("#| label: tbl-b\nshow()"),
    ])
    cells = labelled_cells(nb)
    assert list(cells) == ["fig-a", "tbl-b"]
    assert cells["tbl-b"].source.endswith("show()")
