"""jsonschema is loaded without the IRI grammar in every process the project starts: dps,
its workers and the notebooks' kernels (which reach it through frictionless)."""

from __future__ import annotations

import subprocess
import sys

import pytest

WITHOUT_GRAMMAR = (
    "import jsonschema\n"
    "assert 'rfc3987_syntax' not in sys.modules, 'the IRI grammar was imported'\n"
    "assert 'iri' not in jsonschema.FormatChecker().checkers\n"
    "assert 'uri' in jsonschema.FormatChecker().checkers\n"
)


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


@pytest.mark.parametrize("first_use", [
    "from digital_public_services.inputs import jsonschema_import\njsonschema_import.load()",
    # a notebook's kernel: a table of the data package validated by frictionless
    "from digital_public_services.inputs import datapackage\ndatapackage.load_table('codebook')",
    # the survey notebook's first check, through survey_io's own frictionless schema
    "from digital_public_services.survey import io as survey_io\n"
    "survey_io.read_survey(survey_io.data_dir() / 'survey' / 'survey_results.csv')",
    # a runner's worker, then nbformat validating a notebook
    "import os\nfrom digital_public_services.build import runner\n"
    "runner._worker_init(os.getppid())\n"
    "import nbformat\nnbformat.validate(nbformat.v4.new_notebook())",
    "from digital_public_services import cli\nassert cli.main(['validate']) == 0",
], ids=["load", "kernel", "survey", "worker", "dps"])
def test_jsonschema_comes_without_the_iri_grammar(first_use: str) -> None:
    done = run_python(f"import sys\n{first_use}\n{WITHOUT_GRAMMAR}")
    assert done.returncode == 0, done.stderr


def test_the_grammar_stays_importable_afterwards() -> None:
    """Only jsonschema's own import is affected: no ``None`` is left in ``sys.modules``."""
    done = run_python("import sys\nfrom digital_public_services.inputs import jsonschema_import\n"
                      "jsonschema_import.load()\nassert 'rfc3987_syntax' not in sys.modules\n"
                      "import importlib.util\n"
                      "assert importlib.util.find_spec('rfc3987_syntax') is not None\n")
    assert done.returncode == 0, done.stderr


def test_without_it_jsonschema_would_build_the_grammar() -> None:
    """The check above can fail: a plain import does build it on this environment."""
    done = run_python("import sys, jsonschema\nassert 'rfc3987_syntax' in sys.modules\n")
    assert done.returncode == 0, done.stderr
