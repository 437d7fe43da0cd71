"""The checks ``dps run`` passed are shared with its kernels, and only for the same bytes
against the same schema."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import nbformat
import pytest
import yaml

from digital_public_services import cli
from digital_public_services.errors import DataError
from digital_public_services.inputs import checked_tables, datapackage
from digital_public_services.inputs.datapackage import load_table, resource_path, validate_package
from tests.conftest import synthetic_notebook, write_any_schema

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"


def test_the_key_moves_with_the_content_and_with_the_schema() -> None:
    assert checked_tables.key("a" * 64, "{}") == checked_tables.key("a" * 64, "{}")
    assert checked_tables.key("a" * 64, "{}") != checked_tables.key("b" * 64, "{}")
    assert checked_tables.key("a" * 64, "{}") != checked_tables.key("a" * 64, '{"x": 1}')


def test_a_kernel_of_the_run_skips_what_the_run_checked(tmp_path, monkeypatch,
                                                        frictionless_calls) -> None:
    validate_package(DATA)
    checked_tables.write(tmp_path / "checked.json")
    datapackage._checked_frame.cache_clear()  # as in a new kernel
    frictionless_calls.clear()
    monkeypatch.setenv(checked_tables.ENV, str(tmp_path / "checked.json"))
    assert len(load_table("survey_results", package_dir=DATA)) > 0
    assert frictionless_calls == []


def test_an_edit_after_the_check_is_checked_again(tmp_path, monkeypatch,
                                                  frictionless_calls) -> None:
    """Same path, new bytes: the shared check does not apply, the bad value is refused."""
    package = tmp_path / "data"
    shutil.copytree(DATA, package)
    validate_package(package)
    checked_tables.write(tmp_path / "checked.json")
    monkeypatch.setenv(checked_tables.ENV, str(tmp_path / "checked.json"))
    results = resource_path("survey_results", package)
    header, first, *rest = results.read_text(encoding="utf-8").splitlines(keepends=True)
    fields = header.rstrip("\n").split(",")
    cells = first.rstrip("\n").split(",")
    cells[fields.index("pct")] = "104"
    results.write_text(header + ",".join(cells) + "\n" + "".join(rest), encoding="utf-8")
    datapackage._checked_frame.cache_clear()
    frictionless_calls.clear()
    with pytest.raises(DataError) as info:
        load_table("survey_results", package_dir=package)
    assert (info.value.first.line, info.value.first.field) == (2, "pct")
    assert frictionless_calls == ["survey_results.csv"]


def test_without_the_run_everything_is_checked(monkeypatch, frictionless_calls) -> None:
    monkeypatch.delenv(checked_tables.ENV, raising=False)
    load_table("survey_results", package_dir=DATA)
    assert "survey_results.csv" in frictionless_calls


def test_a_missing_or_damaged_file_means_check_everything(tmp_path, monkeypatch,
                                                          frictionless_calls) -> None:
    (tmp_path / "damaged.json").write_text("{not json", encoding="utf-8")
    for name in ("absent.json", "damaged.json"):
        monkeypatch.setenv(checked_tables.ENV, str(tmp_path / name))
        datapackage._checked_frame.cache_clear()
        frictionless_calls.clear()
        load_table("populations", package_dir=DATA)
        assert frictionless_calls == ["populations.csv"], name


COUNTS_CHECKS = [
    ("parameters", 'survey = "data/survey/survey_results.csv"\noutput_dir = "out"'),
    ("", "import json\nfrom pathlib import Path\n"
         "from digital_public_services.inputs import datapackage, loaders\n"
         "calls = []\nvalidate = datapackage.Resource.validate\n"
         "def counting(self, *args, **kwargs):\n"
         "    calls.append(self.path)\n"
         "    return validate(self, *args, **kwargs)\n"
         "datapackage.Resource.validate = counting\n"
         "loaders.load_survey_results(survey)\n"
         "loaders.load_excerpt_codes()\n"
         "Path(output_dir, 'checks.json').write_text(json.dumps(calls))"),
]


def test_dps_run_shares_its_checks_with_the_kernels(tmp_path, monkeypatch) -> None:
    """End to end: the kernel of a ``dps run`` validates none of the tables the run checked
    (nor those their foreign keys point to); the list is gone after the run."""
    shutil.copytree(DATA, tmp_path / "data")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "params").mkdir()
    nbformat.write(synthetic_notebook(COUNTS_CHECKS), tmp_path / "notebooks" / "counts.ipynb")
    notebooks = {"counts": {"survey": "data/survey/survey_results.csv"}}
    (tmp_path / "params" / "default.yml").write_text(yaml.safe_dump({"notebooks": notebooks}),
                                                      encoding="utf-8")
    write_any_schema(tmp_path, notebooks)
    monkeypatch.setenv("DPS_ROOT", str(tmp_path))
    monkeypatch.delenv(checked_tables.ENV, raising=False)
    assert cli.main(["run", "--workers", "1"]) == 0
    checks = json.loads((tmp_path / "build/outputs/counts/checks.json").read_text())
    assert checks == []
    assert not (tmp_path / "build/.staging/checked-tables.json").exists()
    assert checked_tables.ENV not in os.environ
