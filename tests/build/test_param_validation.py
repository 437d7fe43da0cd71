"""Parameters checked before any notebook runs (issue 18): each value within the type and
domain `params/schema.json` declares, from the defaults, a profile's file, `--set` and
`--survey`, in `dps run`, `dps paper` and Quarto's pre-render step; one line per problem."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from digital_public_services import cli
from digital_public_services.build import params
from tests.conftest import PROJECT_ROOT

BAD = {
    "not an integer": (["--set", "specificity_top_n=abc"],
                       ["02_interviews.specificity_top_n': 'abc' is not of type 'integer'; "
                        "expected an integer ≥ 1"]),
    "unknown source id": (["--set", "triangulate_a=pp8"],
                          ["02_interviews.triangulate_a': not a source of data/sources.csv"]),
    "probability out of (0, 1)": (["--set", "confidence=1.5"],
                                  ["03_survey.confidence': 1.5 is greater than or equal to the "
                                   "maximum of 1; expected a number strictly between 0 and 1",
                                   "04_levers.confidence': 1.5 is greater"]),
    "not one of the choices": (["--set", "multiple_comparison=bonferroni"],
                               ["03_survey.multiple_comparison': 'bonferroni' is not one of "
                                "['holm', 'fdr_bh']; expected one of holm, fdr_bh"]),
    "integer below 1": (["--set", "cut_depth=-1"],
                        ["02_interviews.cut_depth': -1 is less than the minimum of 1"]),
    "a file where a folder is expected": (["--set", "corpus_dir=data/sources.csv"],
                                          ["02_interviews.corpus_dir': is a file, not a folder "
                                           "(value: 'data/sources.csv')"]),
    "a folder where a file is expected": (["--set", "excerpts=data"],
                                          ["02_interviews.excerpts': is a folder, not a file"]),
    "missing survey file": (["--survey", "synthetic_missing.csv"],
                            ["03_survey.survey': no such file", "04_levers.survey': no such"]),
    "design effect below 1": (["--set", "design_effect_public=0.5"],
                              ["03_survey.design_effect_public': 0.5 is less than the minimum "
                               "of 1", "04_levers.design_effect_public': 0.5 is less"]),
    "a number where null or an integer is expected": (
        ["--set", "fpc_departements_population=101.5"],
        ["03_survey.fpc_departements_population': 101.5 is not of type 'integer', 'null'"]),
}


def refused_lines(err: str) -> list[str]:
    lines = err.strip().splitlines()
    assert lines[0] == "error: invalid input data", err
    return lines[1:]


@pytest.mark.parametrize("case", sorted(BAD))
def test_each_class_of_bad_value_is_refused_before_any_kernel(case, run_project, planned_runs,
                                                               capsys):
    options, expected = BAD[case]
    assert cli.main(["run", *options]) == 1
    lines = refused_lines(capsys.readouterr().err)
    assert len(lines) == len(expected), lines  # one line per problem
    for line, fragment in zip(lines, expected, strict=True):
        assert line.startswith("parameters, field '") and fragment in line, (line, fragment)
    assert planned_runs == []  # the runner was never called: no kernel started


def test_every_problem_is_listed_not_only_the_first(run_project, planned_runs, capsys):
    assert cli.main(["run", "--set", "specificity_top_n=abc", "--set", "triangulate_b=pp8",
                     "--set", "multiple_comparison=bonferroni"]) == 1
    lines = refused_lines(capsys.readouterr().err)
    assert [line.split("'")[1] for line in lines] == [
        "02_interviews.specificity_top_n", "02_interviews.triangulate_b",
        "03_survey.multiple_comparison"]
    assert planned_runs == []


def test_bad_values_in_the_parameters_file_and_a_profile_are_refused(run_project, planned_runs,
                                                                     capsys):
    default = run_project / "params" / "default.yml"
    default.write_text(default.read_text(encoding="utf-8").replace(
        "cut_depth: 2", "cut_depth: 0"), encoding="utf-8")
    (run_project / "params" / "wave2025.yml").write_text(
        "notebooks:\n  04_levers:\n    confidence: 0\n", encoding="utf-8")
    assert cli.main(["run", "--profile", "wave2025"]) == 1
    lines = refused_lines(capsys.readouterr().err)
    assert [line.split("'")[1] for line in lines] == ["02_interviews.cut_depth",
                                                      "04_levers.confidence"]
    assert planned_runs == []


def test_dps_paper_and_the_pre_render_step_refuse_too(run_project, planned_runs, monkeypatch,
                                                      capsys):
    assert cli.main(["paper", "--set", "confidence=2", "--no-quarto-install"]) == 1
    monkeypatch.setenv("QUARTO_PROJECT_OUTPUT_DIR", "_manuscript")  # as Quarto runs it
    monkeypatch.setenv(cli.RUN_ARGS_ENV, "--set multiple_comparison=bonferroni")
    assert cli.main(["run"]) == 1
    err = capsys.readouterr().err
    assert "03_survey.confidence': 2 is greater than or equal" in err
    assert "03_survey.multiple_comparison': 'bonferroni' is not one of" in err
    assert planned_runs == []


def test_an_undeclared_parameter_is_refused(run_project, planned_runs, capsys):
    default = run_project / "params" / "default.yml"
    default.write_text(default.read_text(encoding="utf-8").replace(
        "    cut_depth: 2\n", "    cut_depth: 2\n    synthetic_extra: 1\n"), encoding="utf-8")
    assert cli.main(["run"]) == 1
    assert refused_lines(capsys.readouterr().err) == [
        "parameters, field '02_interviews.synthetic_extra': no declared type and domain; "
        "expected an entry in params/schema.json"]


def test_the_shipped_parameters_are_valid():
    table = params.load_params(PROJECT_ROOT / "params" / "default.yml")
    assert params.problems(PROJECT_ROOT, table) == []


def test_the_command_refuses_without_starting_a_kernel(tmp_path):
    """The installed command on a copy of the project: exit 1, the lines, nothing built."""
    import shutil

    root = tmp_path / "project"
    for folder in ("data", "notebooks", "params"):
        shutil.copytree(PROJECT_ROOT / folder, root / folder)
    env = {**os.environ, "DPS_ROOT": str(root)}
    env.pop("QUARTO_PROJECT_OUTPUT_DIR", None)
    done = subprocess.run([str(Path(sys.executable).with_name("dps")), "run",
                           "--set", "specificity_top_n=abc", "--set", "triangulate_a=pp8"],
                          cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert len(refused_lines(done.stderr)) == 2
    assert "Traceback" not in done.stderr
    assert not (root / "build" / "notebooks").exists()  # no notebook was executed or staged
