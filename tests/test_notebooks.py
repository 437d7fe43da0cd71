"""Source notebooks: stored without outputs, one parameters cell, labelled and thin."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest
import yaml

from digital_public_services.notebook import cell_options
from digital_public_services.notebook.cell_values import PLACEHOLDER
from digital_public_services.paper import manuscript

ROOT = Path(__file__).resolve().parents[1]
PARAMS = yaml.safe_load((ROOT / "params" / "default.yml").read_text(encoding="utf-8"))
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXPECTED = ["01_literature", "02_interviews", "03_survey", "04_levers"]


def test_the_four_notebooks_exist_and_are_listed_in_the_parameters() -> None:
    assert [p.stem for p in NOTEBOOKS] == EXPECTED
    assert sorted(PARAMS["notebooks"]) == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        assert "id" in cell, "cells need stable ids (nbformat 4.5) for Quarto embeds"
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_one_parameters_cell_matching_the_parameters_file(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    defaults: dict[str, object] = {}
    for node in ast.parse(tagged[0].source).body:
        assert isinstance(node, ast.Assign), "the parameters cell holds assignments only"
        defaults[node.targets[0].id] = ast.literal_eval(node.value)
    # Run by hand (JupyterLab, plain papermill), a notebook writes to a scratch folder that
    # the paper never reads; only `dps run` promotes outputs to build/outputs/.
    assert defaults.get("output_dir") == f"build/scratch/{path.stem}"
    declared = PARAMS["notebooks"][path.stem]
    for name, value in declared.items():
        assert defaults.get(name) == value, f"{name}: notebook {defaults.get(name)!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_figures_and_tables_are_labelled_with_captions_and_alt_text(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    assert manuscript.figure_problems(path, nb, executed=False) == []
    labels = list(cell_options.labelled_cells(nb))
    assert len(labels) == len(set(labels))
    assert any(label.startswith("fig-") for label in labels)
    assert any(label.startswith("tbl-") for label in labels)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_logic_lives_in_the_package(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse("\n".join(line for line in cell.source.splitlines()
                                   if not line.startswith(("%", "!"))))
        defined = [n.name for n in ast.walk(tree)
                   if isinstance(n, ast.FunctionDef | ast.ClassDef)]
        assert defined == [], f"define {defined} in the package, not in the notebook"
    narrated = sum(c.cell_type == "markdown" for c in nb.cells)
    assert narrated >= 3, "a notebook reads as a narrated analysis"


# A static alternative text may describe the kind of chart, never what the data show: a
# number (digits or a spelled count) or a ranking word in it is a finding that another data
# set can make false (issue 16). The package writes such texts; the option holds `{v.…}`.
NUMBER_WORDS = [
    "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
    "treize", "quatorze", "quinze", "seize", "vingt", "trente", "quarante", "cinquante",
    "soixante", "cent", "cents", "mille", "moitié", "tiers", "quart", "quarts",
]
RANKING_WORDS = [
    "plus", "moins", "majorité", "majoritaire", "majoritaires", "minorité", "minoritaire",
    "plupart", "premier", "première", "premiers", "premières", "dernier", "dernière",
    "derniers", "dernières", "tête", "principal", "principale", "principaux", "principales",
    "seul", "seule", "seuls", "seules", "aucun", "aucune", "tous", "toutes", "surtout",
    "davantage", "domine", "dominent", "dominant", "dominante", "record", "maximum", "minimum",
    "supérieur", "supérieure", "inférieur", "inférieure", "presque", "essentiel",
    "essentiellement",
]
FINDING = re.compile(r"\d+(?:,\d+)?|\b(?:" + "|".join(NUMBER_WORDS + RANKING_WORDS)
                     + r")\b", re.IGNORECASE)


def static_alt_findings(text: str) -> list[str]:
    """Numbers and ranking words in the static part of an alternative text."""
    return sorted({m.group(0).lower() for m in FINDING.finditer(PLACEHOLDER.sub("", text))})


def test_static_alt_check_catches_numbers_and_rankings_but_not_placeholders() -> None:
    assert static_alt_findings("{v.survey.alt_obstacles}") == []
    assert static_alt_findings("Graphique en points, un item par ligne. {v.x.y}") == []
    assert static_alt_findings("Sur les 45 extraits, la plupart…") == ["45", "plupart"]
    assert static_alt_findings("Arbre à trois branches") == ["trois"]
    assert static_alt_findings("Le coût arrive en tête, devant le temps.") == ["tête"]
    assert static_alt_findings("Plus de la moitié des mairies") == ["moitié", "plus"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_static_alt_text_states_a_finding(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    found = {}
    for label, cell in cell_options.labelled_cells(nb).items():
        alt = str(cell_options.cell_options(cell.source).get("fig-alt", ""))
        if static_alt_findings(alt):
            found[label] = (static_alt_findings(alt), alt[:80])
    assert found == {}, "write these alternative texts in the package ({v.…} placeholders)"
