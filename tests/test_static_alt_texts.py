"""Alternative texts typed in a notebook may not state a data-dependent finding (issue 16).

A ``fig-alt`` is either a placeholder the package fills (``{v.namespace.key}``) or a static
description of the chart's form; a static one with a number or a ranking word would turn
false on another data set while the figure beside it stays right.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from digital_public_services.notebook.cell_values import PLACEHOLDER
from digital_public_services.paths import project_root

#: Notebooks whose alternative texts are all computed (extend as the others are converted).
CHECKED = ("01_literature",)
RANKING = re.compile(r"\b(plus|moins|domine\w*|devant|tête|premi\w+|dernie\w+|majorit\w+|"
                     r"la plupart|aucun\w*|seul\w*|tous|toutes)\b", re.IGNORECASE)


def static_alts(name: str) -> list[tuple[str, str]]:
    nb = nbformat.read(project_root() / "notebooks" / f"{name}.ipynb", as_version=4)
    found = []
    for cell in nb.cells:
        for line in cell.source.splitlines():
            if line.startswith("#| fig-alt:"):
                found.append((cell.source.splitlines()[0], line.split(":", 1)[1].strip()))
    return found


@pytest.mark.parametrize("name", CHECKED)
def test_static_alternative_texts_state_no_number_or_ranking(name):
    alts = static_alts(name)
    assert alts, name
    for label, alt in alts:
        static = PLACEHOLDER.sub("", alt)
        assert not re.search(r"\d", static), (label, alt)
        assert not RANKING.search(static), (label, alt)


def test_the_check_catches_a_typed_finding():
    typed = "Barres : le plan domine avec 15 Md€."
    assert re.search(r"\d", typed) and RANKING.search(typed)
    assert not re.search(r"\d", PLACEHOLDER.sub("", '"{v.context.alt_funding}"'))
