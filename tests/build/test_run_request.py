"""One source of truth for the run's parameters (issue 14), checked without Quarto.

`dps paper` starts `quarto render`, whose pre-render step is another `dps run`; here Quarto is
replaced by what it does for that step (its environment, then `dps run`), and the kernels by
a recorder, so each test sees the parameters and cache keys both runs planned.
"""

from __future__ import annotations

from digital_public_services import cli
from digital_public_services.build import run_request
from digital_public_services.paper import quarto
from tests.conftest import changed_survey, wave_profile


def as_quarto(monkeypatch, calls):
    """``quarto.render`` replaced by its pre-render step: Quarto's environment, the options
    ``dps paper`` hands it, its profile in ``QUARTO_PROFILE``, then ``dps run``."""
    def render(executable, root, extra_env=None, profile=None):
        calls.append((extra_env, profile))
        with monkeypatch.context() as inside:
            for name, value in {**(extra_env or {}), "QUARTO_PROFILE": profile or "",
                                "QUARTO_PROJECT_OUTPUT_DIR": "_manuscript"}.items():
                inside.setenv(name, value)
            return cli.main(["run"])

    monkeypatch.setattr(quarto, "find", lambda: "quarto")
    monkeypatch.setattr(quarto, "render", render)


def test_pre_render_run_gets_the_parameters_and_cache_keys_of_dps_paper(
        run_project, planned_runs, monkeypatch, tmp_path, capsys):
    survey = changed_survey(tmp_path / "elsewhere")
    calls: list = []
    as_quarto(monkeypatch, calls)
    assert cli.main(["paper", "--survey", str(survey), "--set", "confidence=0.9",
                     "--no-quarto-install"]) == 0
    paper_run, pre_render_run = planned_runs
    assert pre_render_run == paper_run  # same parameters, same keys: nothing runs twice
    assert paper_run["03_survey"][0]["survey"] == str(survey.resolve())
    assert paper_run["04_levers"][0]["confidence"] == 0.9
    assert "note: quarto render" not in capsys.readouterr().err


def test_a_profile_reaches_quarto_and_its_pre_render_run(run_project, planned_runs, monkeypatch,
                                                         capsys):
    survey = wave_profile(run_project)
    calls: list = []
    as_quarto(monkeypatch, calls)
    assert cli.main(["paper", "--profile", "wave2025", "--no-quarto-install"]) == 0
    assert calls[0][1] == "wave2025"  # `quarto render --profile wave2025`
    paper_run, pre_render_run = planned_runs
    assert pre_render_run == paper_run
    assert paper_run["03_survey"][0]["survey"] == "incoming/synthetic_teleconsultation_71.csv"
    assert survey.is_file()
    assert "note: quarto render" not in capsys.readouterr().err


def test_quarto_render_with_profile_and_dps_run_with_profile_agree(run_project, planned_runs,
                                                                   monkeypatch):
    (run_project / "params" / "wave2025.yml").write_text(
        "notebooks:\n  03_survey:\n    confidence: 0.9\n", encoding="utf-8")
    assert cli.main(["run", "--profile", "wave2025"]) == 0
    monkeypatch.setenv("QUARTO_PROFILE", "wave2025")
    monkeypatch.setenv("QUARTO_PROJECT_OUTPUT_DIR", "_manuscript")
    assert cli.main(["run"]) == 0
    assert planned_runs[0] == planned_runs[1]
    assert planned_runs[0]["03_survey"][0]["confidence"] == 0.9
    assert planned_runs[0]["04_levers"][0]["confidence"] == 0.95  # only what the profile sets


def test_a_survey_inside_the_project_is_the_parameters_file_s_own_entry(run_project, planned_runs):
    """`--survey data/survey/survey_results.csv` is the default run, not another cache entry."""
    assert cli.main(["run"]) == 0
    assert cli.main(["run", "--survey", str(run_project / "data/survey/survey_results.csv")]) == 0
    assert planned_runs[0] == planned_runs[1]


def test_quarto_render_on_other_inputs_than_dps_paper_says_so_in_one_line(
        run_project, planned_runs, monkeypatch, tmp_path, capsys):
    survey = changed_survey(tmp_path / "elsewhere")
    monkeypatch.setattr(quarto, "find", lambda: None)  # `dps paper` renders no Quarto here
    assert cli.main(["paper", "--survey", str(survey), "--no-quarto-install"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("QUARTO_PROJECT_OUTPUT_DIR", "_manuscript")  # a plain `quarto render`
    monkeypatch.setenv("QUARTO_PROFILE", "")
    assert cli.main(["run"]) == 0
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if "quarto render" in line]
    assert len(lines) == 1 and lines[0].startswith("note: "), err  # one line, whole
    line = lines[0]
    assert line.startswith('note: quarto render uses survey="data/survey/survey_results.csv", '
                           f'not survey="{survey.resolve()}" as the last `dps paper` asked')
    assert f"DPS_RUN_ARGS='--survey {survey.resolve()}' quarto render" in line
    assert "quarto render --profile NAME" in line


def test_no_note_without_an_earlier_request_or_when_they_agree(run_project, planned_runs,
                                                               monkeypatch, capsys):
    monkeypatch.setenv("QUARTO_PROJECT_OUTPUT_DIR", "_manuscript")
    assert cli.main(["run"]) == 0  # no request recorded yet
    assert "note:" not in capsys.readouterr().err
    assert not (run_project / "build" / run_request.RECORD).exists()  # Quarto's runs record none


def test_an_unknown_name_in_a_profile_file_fails_naming_file_and_field(run_project, planned_runs,
                                                                       capsys):
    (run_project / "params" / "wave2025.yml").write_text(
        "notebooks:\n  03_survey:\n    suvrey: x.csv\n", encoding="utf-8")
    assert cli.main(["run", "--profile", "wave2025"]) == 1
    err = capsys.readouterr().err
    assert "wave2025.yml, field 'notebooks.03_survey.suvrey': unknown parameter" in err
    assert planned_runs == []


def test_a_quarto_profile_without_parameter_file_changes_nothing(run_project, planned_runs):
    assert cli.main(["run"]) == 0
    assert cli.main(["run", "--profile", "review"]) == 0
    assert planned_runs[0] == planned_runs[1]
