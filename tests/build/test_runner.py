"""The runner on a throwaway project: cache, selective re-runs, failures, atomic outputs."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import nbformat
import pytest
import yaml

from digital_public_services import cli
from digital_public_services.build import runner
from tests.conftest import synthetic_notebook, write_any_schema

ROOT = Path(__file__).resolve().parents[2]

READS_SURVEY = [
    ("parameters", 'survey = "data/survey/survey_results.csv"\noutput_dir = "out"'),
    ("", "from digital_public_services.inputs import loaders\n"
         "from digital_public_services.notebook import values\n"
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


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the data with two synthetic notebooks (one reads the survey)."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "params").mkdir()
    nbformat.write(synthetic_notebook(READS_SURVEY), tmp_path / "notebooks" / "synthetic_a.ipynb")
    nbformat.write(synthetic_notebook(READS_NOTHING), tmp_path / "notebooks" / "synthetic_b.ipynb")
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
    nbformat.write(synthetic_notebook(FAILS), project / "notebooks" / "synthetic_b.ipynb")
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
    nbformat.write(synthetic_notebook(FAILS), project / "notebooks" / "synthetic_b.ipynb")
    assert cli.main(["run", "--only", "synthetic_b", "--workers", "1"]) == 1
    err = capsys.readouterr().err
    assert "synthetic_b.ipynb failed in cell 3 (id cell-2" in err
    assert "build/failed/synthetic_b.ipynb" in err


def test_running_one_notebook_keeps_the_others_values(project: Path) -> None:
    assert cli.main(["run", "--workers", "2"]) == 0
    assert cli.main(["run", "--only", "synthetic_b", "--force"]) == 0
    merged = json.loads((project / "build" / "values.json").read_text(encoding="utf-8"))
    assert merged["synthetic_a.rows"]["value"] == 68


def test_damaged_output_is_named_and_the_notebook_runs_again(project: Path, capsys) -> None:
    _run(project)
    figure = project / "build/outputs/synthetic_b/figures/fig-synthetic-line.png"
    good = figure.read_bytes()
    figure.write_bytes(b"not a png")
    assert cli.main(["run", "--check"]) == 1
    err = capsys.readouterr().err
    assert ("synthetic_b: build/outputs/synthetic_b/figures/fig-synthetic-line.png differs "
            "from what its run wrote (9 bytes instead of") in err
    assert "synthetic_a" not in err
    assert cli.main(["run", "--workers", "1"]) == 0
    out, err = capsys.readouterr()
    assert "synthetic_b: runs again: build/outputs/synthetic_b/figures/" in err
    assert "1 executed, 1 up to date" in out
    assert figure.read_bytes() == good
    assert cli.main(["run", "--check"]) == 0


def test_same_size_overwrite_is_caught_by_the_checksum(project: Path) -> None:
    _run(project)
    label = project / "build/outputs/synthetic_b/label.txt"
    label.write_text("FIRST", encoding="utf-8")  # same size as "first"
    job = runner.plan(project, project / "params/default.yml", only=["synthetic_b"])[0]
    assert runner.problems(job, project) == [
        "build/outputs/synthetic_b/label.txt differs from what its run wrote "
        "(same size, another SHA-256)"]
    assert _run(project)["synthetic_b"] == "executed"
    assert label.read_text(encoding="utf-8") == "first"


@pytest.mark.parametrize("name", ["build/outputs/synthetic_a/values.json",
                                  "build/notebooks/synthetic_a.ipynb"])
def test_deleted_output_is_named_and_the_notebook_runs_again(project: Path, name) -> None:
    _run(project)
    (project / name).unlink()
    jobs = runner.plan(project, project / "params/default.yml")
    assert runner.reasons(jobs, project) == {"synthetic_a": [f"{name} is missing"],
                                             "synthetic_b": []}
    assert _run(project) == {"synthetic_a": "executed", "synthetic_b": "cached"}
    assert (project / name).is_file()


def test_a_file_the_run_did_not_write_makes_the_notebook_run_again(project: Path) -> None:
    _run(project)
    stray = project / "build/outputs/synthetic_b/tables/from_elsewhere.csv"
    stray.parent.mkdir(parents=True)
    stray.write_text("x\n1\n", encoding="utf-8")
    job = runner.plan(project, project / "params/default.yml", only=["synthetic_b"])[0]
    assert runner.problems(job, project) == [
        "build/outputs/synthetic_b/tables/from_elsewhere.csv was not written by its run"]
    assert _run(project)["synthetic_b"] == "executed"
    assert not stray.exists()


def test_check_names_a_quoted_value_no_run_produced(project: Path, capsys) -> None:
    assert cli.main(["run", "--workers", "2"]) == 0
    merged = project / "build" / "values.json"
    values = json.loads(merged.read_text(encoding="utf-8"))
    values["synthetic_a.rows"]["text"] = "99"
    values["synthetic_a.extra"] = {**values["synthetic_a.rows"], "key": "synthetic_a.extra"}
    merged.write_text(json.dumps(values), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["run", "--check"]) == 1
    err = capsys.readouterr().err
    assert ("build/values.json: synthetic_a.rows differs from "
            "build/outputs/synthetic_a/values.json") in err
    assert "build/values.json: synthetic_a.extra is produced by no notebook run" in err
    assert cli.main(["run"]) == 0  # the values are assembled again from the runs
    assert cli.main(["run", "--check"]) == 0


def test_check_runs_nothing_and_lists_stale_notebooks(project: Path, capsys) -> None:
    assert cli.main(["run", "--check"]) == 1
    assert not (project / "build" / "notebooks").exists()
    _run(project)
    (project / "data" / "survey" / "survey_results.csv").write_text("changed\n", "utf-8")
    capsys.readouterr()
    assert cli.main(["run", "--check"]) == 1
    assert ("synthetic_a: input data/survey/survey_results.csv changed"
            in capsys.readouterr().err)


def test_manifest_of_an_older_version_without_checksums_runs_again(project: Path) -> None:
    _run(project)
    entry = runner.manifest(project, "synthetic_b")
    record = entry.load()
    del record["outputs"]
    entry.save(record)
    assert _run(project)["synthetic_b"] == "executed"
    assert "outputs" in entry.load()


def test_leftover_staging_is_cleared_by_the_next_run(project: Path) -> None:
    _run(project)
    leftover = project / "build" / ".staging" / "synthetic_b" / "outputs"
    leftover.mkdir(parents=True)
    (project / "build" / "outputs" / "synthetic_a.old").mkdir()
    assert _run(project) == {"synthetic_a": "cached", "synthetic_b": "cached"}
    assert not (project / "build" / ".staging").exists()
    assert not (project / "build" / "outputs" / "synthetic_a.old").exists()


def test_notebook_run_by_hand_leaves_the_build_alone(tmp_path: Path) -> None:
    """The way the design says notebooks are run by hand: plain papermill, from the root,
    with another survey, after a build. Nothing the paper reads changes."""
    import papermill

    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    build = tmp_path / "build"
    for name in ("outputs/01_literature/values.json", "notebooks/01_literature.ipynb",
                 "cache/01_literature.json", "values.json"):
        (build / name).parent.mkdir(parents=True, exist_ok=True)
        (build / name).write_text("synthetic build file\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in build.rglob("*") if p.is_file()}
    papermill.execute_notebook(
        str(tmp_path / "notebooks" / "01_literature.ipynb"), str(tmp_path / "out.ipynb"),
        cwd=str(tmp_path), kernel_name="python3", progress_bar=False)
    after = {p: p.read_bytes() for p in build.rglob("*") if p.is_file()}
    scratch = build / "scratch" / "01_literature"
    assert {p: b for p, b in after.items() if not p.is_relative_to(scratch)} == before
    assert (scratch / "values.json").is_file()


def test_check_verifies_the_whole_build_even_with_only(project: Path, capsys) -> None:
    assert cli.main(["run", "--workers", "2"]) == 0
    (project / "build/outputs/synthetic_a/values.json").unlink()
    capsys.readouterr()
    assert cli.main(["run", "--check", "--only", "synthetic_b"]) == 1
    assert "synthetic_a: build/outputs/synthetic_a/values.json is missing" in (
        capsys.readouterr().err)


EXIT_HOOK = [
    ("parameters", 'output_dir = "out"'),
    ("", "import atexit\nfrom pathlib import Path\n"
         "Path(output_dir, 'cell.txt').write_text('written by a cell')\n"
         "atexit.register(Path(output_dir, 'exit.txt').write_text, 'written at exit')"),
]


def test_kernels_are_stopped_at_once_after_the_last_cell(project: Path) -> None:
    """What a cell writes is kept; an exit hook never runs (README, « Adding a notebook »):
    the runner does not wait for a graceful kernel exit, half a second per notebook."""
    nbformat.write(synthetic_notebook(EXIT_HOOK), project / "notebooks" / "exit_hook.ipynb")
    _params(project, {"exit_hook": {}})
    assert _run(project) == {"exit_hook": "executed"}
    outputs = project / "build" / "outputs" / "exit_hook"
    assert (outputs / "cell.txt").read_text() == "written by a cell"
    assert not (outputs / "exit.txt").exists()
    assert not list(project.rglob("exit.txt"))


def test_workers_start_without_pandas_or_the_manuscript_check() -> None:
    """A worker only runs papermill and writes files: what it imports when it starts is
    CPU the notebooks' kernels do not get (about 0.3 s per worker for pandas and the
    article check, which the kernels and ``dps`` import anyway)."""
    import subprocess
    import sys

    code = ("import importlib, sys\nfrom digital_public_services.build import runner\n"
            "for name in runner.WORKER_IMPORTS:\n    importlib.import_module(name)\n"
            "heavy = {'pandas', 'digital_public_services.paper.manuscript', 'matplotlib'}\n"
            "assert not heavy & set(sys.modules), heavy & set(sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_worker_imports_cover_what_a_job_imports() -> None:
    """``WORKER_IMPORTS`` lists every module :func:`build.runner.execute` imports, so that they
    are loaded while ``dps`` checks the inputs rather than when the first job starts."""
    import ast
    import importlib.util
    import inspect

    tree = ast.parse(inspect.getsource(runner.execute).lstrip())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = importlib.util.resolve_name("." * node.level + (node.module or ""),
                                               runner.__package__)
            imported |= ({f"{base}.{alias.name}" for alias in node.names} if not node.module
                         else {base})
    assert imported <= set(runner.WORKER_IMPORTS), imported - set(runner.WORKER_IMPORTS)


def test_bad_data_stop_the_run_before_any_kernel_and_leave_no_worker(project: Path,
                                                                     capsys) -> None:
    """The inputs are checked while the workers start: a refusal stops those workers, starts
    no kernel and writes no notebook."""
    import psutil

    survey = project / "data" / "survey" / "survey_results.csv"
    header, first, *rest = survey.read_text(encoding="utf-8").splitlines(keepends=True)
    cells = first.split(",")
    cells[header.split(",").index("pct")] = "104"
    survey.write_text(header + ",".join(cells) + "".join(rest), encoding="utf-8")
    capsys.readouterr()
    already = {child.pid for child in psutil.Process().children(recursive=True)}  # e.g. a browser
    assert cli.main(["run", "--workers", "2"]) == 1
    err = capsys.readouterr().err
    assert "error: invalid input data" in err and "survey_results.csv" in err
    left = [" ".join(child.cmdline()) for child in psutil.Process().children(recursive=True)
            if child.pid not in already]
    assert [c for c in left if "multiprocessing.resource_tracker" not in c] == []
    assert not (project / "build" / "notebooks").exists()
    assert not list((project / "build").rglob("checked-tables.json"))
