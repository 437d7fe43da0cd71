"""Placeholders in cell options are replaced by the values the notebook recorded."""

from __future__ import annotations

import json

import nbformat

from digital_public_services.notebook import cell_values

VALUES = {"survey.alt": {"text": 'Le « coût » en tête\u00a0: 57\u00a0% "cité"'}}


def test_fill_replaces_placeholders_in_options_only():
    source = ('#| label: fig-x\n#| fig-alt: "Graphique. {v.survey.alt}"\n'
              'print("{v.survey.alt}")')
    filled = cell_values.fill(source, VALUES)
    assert "#| fig-alt: \"Graphique. Le « coût » en tête\u00a0: 57\u00a0% 'cité'\"" in filled
    assert filled.endswith('print("{v.survey.alt}")')  # code is left alone


def test_unknown_placeholder_is_kept_and_reported():
    filled = cell_values.fill('#| fig-alt: "{v.survey.nothing}"', VALUES)
    assert cell_values.unfilled(filled) == ["survey.nothing"]


def test_fill_notebook_rewrites_the_executed_copy(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('#| label: fig-x\n#| fig-alt: "{v.survey.alt}"\n1')]
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    values = tmp_path / "values.json"
    values.write_text(json.dumps(VALUES), encoding="utf-8")
    cell_values.fill_notebook(path, values)
    source = nbformat.read(path, as_version=4).cells[0].source
    assert "{v." not in source and "coût" in source
