"""The `dps` command: version, validating one file, refusing bad `--set` before any run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from digital_public_services import __version__, cli
from digital_public_services.inputs.datapackage import package_descriptor, resource_path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def shipped_project(monkeypatch):
    monkeypatch.setenv("DPS_ROOT", str(PROJECT_ROOT))


@pytest.fixture
def empty_project(tmp_path, monkeypatch):
    """A synthetic project with a parameters file and no notebook: nothing can run."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "datapackage.json").write_text('{"resources": []}', encoding="utf-8")
    (tmp_path / "params").mkdir()
    (tmp_path / "params" / "default.yml").write_text(
        "notebooks:\n  01_synthetic:\n    confidence: 0.95\n", encoding="utf-8")
    monkeypatch.setenv("DPS_ROOT", str(tmp_path))
    return tmp_path


def test_version_is_printed_by_the_installed_command():
    done = subprocess.run([str(Path(sys.executable).with_name("dps")), "--version"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert done.stdout.strip() == f"dps {__version__}"


def test_version_option_exits_cleanly(capsys):
    with pytest.raises(SystemExit) as caught:
        cli.main(["--version"])
    assert caught.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_a_shipped_file_is_validated_against_its_own_schema(shipped_project, capsys):
    path = resource_path("populations")
    assert cli.main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "OK" in out and "'populations'" in out


def test_a_file_outside_the_package_needs_a_resource(shipped_project, tmp_path, capsys):
    copy = tmp_path / "synthetic_populations.csv"
    copy.write_bytes(resource_path("populations").read_bytes())
    assert cli.main(["validate", str(copy)]) == 2
    err = capsys.readouterr().err
    assert str(copy) in err and "--resource" in err
    tables = [r["name"] for r in package_descriptor()["resources"] if "schema" in r]
    assert all(name in err for name in tables)
    assert cli.main(["validate", str(copy), "--resource", "populations"]) == 0


@pytest.mark.parametrize("resource", ["synthetic_unknown", "references"])
def test_a_resource_that_is_not_a_table_is_refused_without_a_traceback(
        shipped_project, tmp_path, capsys, resource):
    path = tmp_path / "synthetic.csv"
    path.write_text("a\n1\n", encoding="utf-8")
    assert cli.main(["validate", str(path), "--resource", resource]) == 2
    err = capsys.readouterr().err
    assert f"'{resource}'" in err and "survey_results" in err


def test_a_bad_file_exits_1_with_the_problem_on_stderr(shipped_project, tmp_path, capsys):
    rows = pd.read_csv(resource_path("survey_results"), dtype=str, keep_default_na=False)
    rows = rows.head(3).copy()
    rows.loc[1, "pct"] = "not-a-number"
    bad = tmp_path / "synthetic_survey_results.csv"
    rows.to_csv(bad, index=False)
    assert cli.main(["validate", str(bad), "--resource", "survey_results"]) == 1
    captured = capsys.readouterr()
    assert "OK" not in captured.out
    assert str(bad) in captured.err
    assert "line 3" in captured.err and "field 'pct'" in captured.err
    assert "not-a-number" in captured.err


def test_run_refuses_a_set_without_equals(empty_project, capsys):
    assert cli.main(["run", "--set", "bad"]) == 1
    err = capsys.readouterr().err
    assert "--set" in err and "'bad'" in err and "NAME=VALUE" in err
    assert not (empty_project / "build").exists()


def test_run_refuses_an_unknown_parameter_naming_the_known_ones(empty_project, capsys):
    assert cli.main(["run", "--set", "confidance=0.9"]) == 1
    err = capsys.readouterr().err
    assert "confidance" in err and "confidence" in err
    assert not (empty_project / "build").exists()


def test_validate_reads_a_french_survey_export_as_the_survey_reader_does(tmp_path, capsys):
    """An analyst checks a polling firm's file before running: semicolons, decimal commas."""
    shipped = PROJECT_ROOT / "data" / "survey" / "survey_results.csv"
    frame = pd.read_csv(shipped, dtype=str, keep_default_na=False)
    frame["pct"] = frame["pct"].str.replace(".", ",", regex=False)
    path = tmp_path / "synthetic_french_export.csv"
    frame.to_csv(path, sep=";", index=False)
    assert cli.main(["validate", str(path), "--resource", "survey_results"]) == 0
    assert f"{len(frame)} rows" in capsys.readouterr().out


def test_pre_render_run_gets_the_paper_options(tmp_path):
    """`dps paper --survey F` must not be undone by Quarto's pre-render `dps run`."""
    args = cli.build_parser().parse_args(
        ["paper", "--survey", str(tmp_path / "synthetic.csv"), "--set", "confidence=0.9"])
    assert cli.pre_render_arguments(args) == [
        "--survey", str((tmp_path / "synthetic.csv").resolve()), "--set", "confidence=0.9"]
    other = cli.build_parser().parse_args(["paper", "--params", "params/other.yml",
                                           "--profile", "wave2025"])
    assert cli.pre_render_arguments(other) == ["--params", "params/other.yml",
                                               "--profile", "wave2025"]


def test_run_reads_options_from_the_environment_before_its_own(monkeypatch):
    monkeypatch.setenv(cli.RUN_ARGS_ENV, "--survey 'synthetic wave.csv' --set confidence=0.9")
    argv = cli.with_environment_run_args(["run", "--set", "confidence=0.8"])
    args = cli.build_parser().parse_args(argv)
    assert args.survey == "synthetic wave.csv"
    assert args.set == ["confidence=0.9", "confidence=0.8"]  # the command line's own come last


def test_environment_run_options_touch_only_the_run_command(monkeypatch):
    monkeypatch.setenv(cli.RUN_ARGS_ENV, "--survey synthetic.csv")
    assert cli.with_environment_run_args(["check"]) == ["check"]


def test_views_outside_quarto_exit_1_saying_it_is_a_render_step(empty_project, monkeypatch,
                                                                 capsys):
    monkeypatch.delenv("QUARTO_PROJECT_OUTPUT_DIR", raising=False)
    assert cli.main(["views", "restore"]) == 1
    assert "pre- or post-render step of `quarto render`" in capsys.readouterr().err


def test_views_restore_reports_what_it_reused(empty_project, monkeypatch, capsys):
    monkeypatch.setenv("QUARTO_PROJECT_OUTPUT_DIR", "_manuscript")
    assert cli.main(["views", "restore"]) == 0
    assert "0 unchanged since the last render" in capsys.readouterr().out


def test_unworded_questions_are_named_in_a_warning(tmp_path, capsys, shipped_project):
    from digital_public_services.survey.io import read_survey

    frame = pd.read_csv(PROJECT_ROOT / "tests/data/synthetic_new_questions_tidy.csv",
                        dtype=str, keep_default_na=False)
    path = tmp_path / "synthetic_new_questions_unworded.csv"
    frame.drop(columns=["question_wording", "item_wording"]).to_csv(path, index=False)
    cli._warn_unworded(path, read_survey(path))
    err = capsys.readouterr().err
    assert "warning:" in err and "contact_channels/phone" in err and "trust_online" in err
    assert f"{path}: " in err and "to fix, word each" in err and "`dps release` refuses" in err
    cli._warn_unworded(PROJECT_ROOT / "tests/data/synthetic_new_questions_tidy.csv",
                       read_survey(PROJECT_ROOT / "tests/data/synthetic_new_questions_tidy.csv"))
    assert capsys.readouterr().err == ""


def test_editions_layout_needs_a_rendered_paper(empty_project, monkeypatch, capsys):
    monkeypatch.delenv("QUARTO_PROJECT_OUTPUT_DIR", raising=False)
    assert cli.main(["editions", "layout"]) == 1
    assert "no rendered paper in" in capsys.readouterr().err


def test_editions_layout_lists_an_edition_not_stored_with_the_command_to_build_it(
        empty_project, monkeypatch, capsys):
    from digital_public_services.paper import editions

    monkeypatch.setenv("QUARTO_PROJECT_OUTPUT_DIR", "_manuscript")
    (empty_project / "report").mkdir()
    (empty_project / "report" / "index.qmd").write_text('---\ntitle: "T"\n---\n',
                                                        encoding="utf-8")
    (empty_project / "_manuscript" / "report").mkdir(parents=True)
    (empty_project / "_manuscript" / "report" / "index.html").write_text("<html></html>",
                                                                       encoding="utf-8")
    folder = empty_project / editions.EDITIONS_DIR
    folder.mkdir(parents=True)
    (folder / "0.1.0.json").write_text(editions.to_json(editions.snapshot(
        "0.1.0", "2026-12-02", "c0ffee", {}, {})), encoding="utf-8")
    assert cli.main(["editions", "layout"]) == 0
    out = capsys.readouterr()
    assert "editions: 0 laid out" in out.out
    assert "edition 0.1.0 listed without links: not stored: run `dps editions build 0.1.0`" \
        in out.err
    assert (empty_project / "_manuscript" / "editions" / "index.html").is_file()


def test_editions_build_refuses_an_unknown_version(shipped_project, capsys):
    assert cli.main(["editions", "build", "9.9.9"]) == 1
    assert "no edition 9.9.9 in report/editions/" in capsys.readouterr().err
