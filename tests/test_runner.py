"""The runner on a throwaway project: cache, selective re-runs, failures, atomic outputs."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import nbformat
import pytest
import yaml
from conftest import write_any_schema

from digital_public_services import cli, runner

ROOT = Path(__file__).resolve().parents[1]

READS_SURVEY = [
    ("parameters", 'survey = "data/survey/survey_results.csv"\noutput_dir = "out"'),
    ("", "from digital_public_services import loaders, values\n"
         "frame = loaders.load_survey_results(survey)\n"
         "book = values.ValueBook('synthetic_a')\n"
         "book.add('rows', len(frame), str(len(frame)))\n"
         "book.save(output_dir)"),
]
READS_NOTHING = [
    ("parameters", 'label = "x"\noutput_dir = "out"'),
    ("", "from pathlib import Path\n"
         "Path(output_dir, 'label.txt').write_text(label)"),
    ("", "#| label: fig-synthetic-line\n#| fig-cap: 'A line'\n#| fig-alt: 'A rising line.'\n"
         "import matplotlib.pyplot as plt\nplt.plot([0, 1])\nplt.show()"),
]
FAILS = [
    ("parameters", 'output_dir = "out"'),
    ("", "x = 1"),
    ("", "raise ValueError('synthetic failure for the test')"),
]


def _notebook(cells: list[tuple[str, str]]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    for i, (tag, source) in enumerate(cells):
        cell = nbformat.v4.new_code_cell(source)
        cell.id = f"cell-{i}"
        if tag:
            cell.metadata["tags"] = [tag]
        nb.cells.append(cell)
    return nb


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the data with two synthetic notebooks (one reads the survey)."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "params").mkdir()
    nbformat.write(_notebook(READS_SURVEY), tmp_path / "notebooks" / "synthetic_a.ipynb")
    nbformat.write(_notebook(READS_NOTHING), tmp_path / "notebooks" / "synthetic_b.ipynb")
    _params(tmp_path, {"synthetic_a": {"survey": "data/survey/survey_results.csv"},
                       "synthetic_b": {"label": "first"}})
    monkeypatch.setenv("DPS_ROOT", str(tmp_path))
    return tmp_path


def _params(root: Path, notebooks: dict) -> None:
    text = yaml.safe_dump({"notebooks": notebooks})
    (root / "params" / "default.yml").write_text(text, encoding="utf-8")
    write_any_schema(root, notebooks)


def _run(root: Path, **options) -> dict[str, str]:
    args = argparse.Namespace(params="params/default.yml", survey=None, set=None, only=None,
                              force=False, workers=2)
    for name, value in options.items():
        setattr(args, name, value)
    jobs = runner.plan(root, root / args.params, cli._overrides(args), args.only)
    outcomes = runner.run(jobs, root, workers=args.workers, force=args.force)
    return {o.stem: o.status for o in outcomes}


def test_cold_then_warm_run(project: Path) -> None:
    assert _run(project) == {"synthetic_a": "executed", "synthetic_b": "executed"}
    executed = project / "build" / "notebooks" / "synthetic_a.ipynb"
    nb = nbformat.read(executed, as_version=4)
    assert "execution" not in nb.cells[-1].metadata  # timings scrubbed
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert [c.id for c in injected] == ["injected-parameters"]
    figure = project / "build/outputs/synthetic_b/figures/fig-synthetic-line.png"
    assert figure.read_bytes().startswith(b"\x89PNG")
    values = json.loads((project / "build/outputs/synthetic_a/values.json").read_text())
    assert values["synthetic_a.rows"]["value"] == 68
    assert _run(project) == {"synthetic_a": "cached", "synthetic_b": "cached"}


def test_survey_change_reruns_only_the_notebook_that_reads_it(project: Path) -> None:
    _run(project)
    survey = project / "data" / "survey" / "survey_results.csv"
    lines = survey.read_text(encoding="utf-8").splitlines(keepends=True)
    survey.write_text("".join(lines[:-1]), encoding="utf-8")  # drop one row
    assert _run(project) == {"synthetic_a": "executed", "synthetic_b": "cached"}
    values = json.loads((project / "build/outputs/synthetic_a/values.json").read_text())
    assert values["synthetic_a.rows"]["value"] == 67


def test_changed_parameter_reruns(project: Path) -> None:
    _run(project)
    assert _run(project, set=["label=second"]) == {"synthetic_a": "cached",
                                                    "synthetic_b": "executed"}
    assert (project / "build/outputs/synthetic_b/label.txt").read_text() == "second"


def test_unknown_parameter_is_refused(project: Path) -> None:
    with pytest.raises(Exception, match="unknown parameter"):
        _run(project, set=["nonexistent=1"])


def test_failure_keeps_previous_outputs_and_the_failed_notebook(project: Path) -> None:
    _run(project)
    good = project / "build" / "notebooks" / "synthetic_b.ipynb"
    before = good.read_bytes()
    label = project / "build/outputs/synthetic_b/label.txt"
    nbformat.write(_notebook(FAILS), project / "notebooks" / "synthetic_b.ipynb")
    jobs = runner.plan(project, project / "params/default.yml")
    outcomes = {o.stem: o for o in runner.run(jobs, project, workers=1)}
    failed = outcomes["synthetic_b"]
    assert failed.status == "failed"
    assert "synthetic_b.ipynb failed in cell 3 (id cell-2" in failed.error
    assert "ValueError: synthetic failure for the test" in failed.error
    assert (project / "build" / "failed" / "synthetic_b.ipynb").is_file()
    assert good.read_bytes() == before
    assert label.read_text() == "first"
    assert not (project / "build" / ".staging" / "synthetic_b").exists()


def test_cli_exit_status_on_failure(project: Path, capsys) -> None:
    nbformat.write(_notebook(FAILS), project / "notebooks" / "synthetic_b.ipynb")
    assert cli.main(["run", "--only", "synthetic_b", "--workers", "1"]) == 1
    err = capsys.readouterr().err
    assert "synthetic_b.ipynb failed in cell 3 (id cell-2" in err
    assert "build/failed/synthetic_b.ipynb" in err


def test_running_one_notebook_keeps_the_others_values(project: Path) -> None:
    assert cli.main(["run", "--workers", "2"]) == 0
    assert cli.main(["run", "--only", "synthetic_b", "--force"]) == 0
    merged = json.loads((project / "build" / "values.json").read_text(encoding="utf-8"))
    assert merged["synthetic_a.rows"]["value"] == 68
