"""Guarded claims: a sentence the data could make false says when it is true, and is reported,
marked and refused for release when it is not."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from digital_public_services import __version__
from digital_public_services.paper import claims, release
from tests.conftest import dps
from tests.paper.test_release import VALUES, commit_all, fake_build, repo  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
LEADERS = {"survey.obstacle_communes_n_leaders": {"value": 2},
           "survey.obstacle_communes_leaders": {"value": "access_disparities;equipment_cost"},
           "survey.n_departements": {"value": "n.d."}}
SOURCE = """Intro.

Sur les freins, [les acteurs communaux [@harris2022, p. 4] placent ensemble
en tête le coût et l'accès]{.claim when="survey.obstacle_communes_n_leaders >= 2"}.
[Le coût arrive seul en tête]{.claim when="survey.obstacle_communes_n_leaders == 1"}.
"""


def test_claims_are_found_with_their_text_line_and_condition() -> None:
    found = claims.find(Path("x.qmd"), SOURCE)
    assert [(c.line, c.condition) for c in found] == [
        (3, "survey.obstacle_communes_n_leaders >= 2"),
        (5, "survey.obstacle_communes_n_leaders == 1")]
    assert found[0].text == ("les acteurs communaux [@harris2022, p. 4] placent ensemble en "
                             "tête le coût et l'accès")


@pytest.mark.parametrize(("condition", "holds"), [
    ("survey.obstacle_communes_n_leaders >= 2", True),
    ("'equipment_cost' in items(survey.obstacle_communes_leaders)", True),
    ("'agent_training' in items(survey.obstacle_communes_leaders)", False),
    ("survey.n_departements > 50", False),  # n.d.: a population absent from the data
    ("survey.unknown_value > 1", False),
    ("__import__('os').system('true')", False),  # only expressions over values run
])
def test_conditions_are_judged_on_the_values(condition: str, holds: bool) -> None:
    assert claims.evaluate(condition, LEADERS)[0] is holds


def test_a_condition_over_values_of_two_waves_never_holds() -> None:
    """« bien plus que les acteurs départementaux » must not compare 2025 communes with
    2022 départements: the authored sentence names no wave."""
    values = {"survey.obstacle_communes_equipment_cost": {"value": 57.0, "wave": "2025"},
              "survey.obstacle_departements_equipment_cost": {"value": 16.0, "wave": "2022"}}
    condition = ("survey.obstacle_communes_equipment_cost > "
                 "survey.obstacle_departements_equipment_cost")
    assert claims.evaluate(condition, values) == (
        False, "valeurs de vagues différentes (2022, 2025)")
    values["survey.obstacle_departements_equipment_cost"]["wave"] = "2025"
    assert claims.evaluate(condition, values) == (True, "")


def test_a_false_claim_is_a_problem_naming_its_sentence_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "report" / "sections").mkdir(parents=True)
    (tmp_path / "report" / "index.qmd").write_text("Titre.\n", encoding="utf-8")
    (tmp_path / "report" / "sections" / "_survey.qmd").write_text(SOURCE, encoding="utf-8")
    found = claims.problems(claims.judge(tmp_path, LEADERS), tmp_path)
    assert len(found) == 1
    text = str(found[0])
    assert "report/sections/_survey.qmd, line 5" in text
    assert "« Le coût arrive seul en tête »" in text
    assert "survey.obstacle_communes_n_leaders == 1" in text


def test_the_draft_shows_a_false_claim_marked_and_a_true_one_plain() -> None:
    verdicts = {"survey.obstacle_communes_n_leaders >= 2": True,
                "survey.obstacle_communes_n_leaders == 1": False}
    text = claims.rewrite(SOURCE, verdicts)
    assert "{.claim" not in text
    assert "**[Affirmation non vérifiée]** Le coût arrive seul en tête." in text
    assert "Sur les freins, les acteurs communaux [@harris2022, p. 4] placent ensemble\n" in text
    assert "**[Affirmation non vérifiée]** les acteurs" not in text


def test_a_release_is_refused_while_a_claim_is_false(repo: Path) -> None:  # noqa: F811
    """The release's own check (``dps check`` reports claims): one false claim stops it."""
    (repo / "report" / "sections").mkdir(parents=True)
    (repo / "report" / "index.qmd").write_text(SOURCE, encoding="utf-8")
    commit_all(repo)

    def build_and_check(root: Path) -> list:
        fake_build(VALUES)(root)
        return claims.problems(claims.judge(root, LEADERS), root)

    with pytest.raises(release.ReleaseError, match="claim not supported by the data"):
        release.release(repo, __version__, build_and_check)
    assert not (repo / "report" / "editions").exists()


def test_dps_check_reports_a_claim_the_shipped_data_contradict(paper_project: Path,
                                                                tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(paper_project, root)
    section = root / "report" / "sections" / "_conclusion.qmd"
    section.write_text(section.read_text(encoding="utf-8") + "\n[Les acteurs départementaux "
                       "sont plus nombreux que les acteurs communaux]{.claim "
                       'when="survey.n_departements > survey.n_communes"}.\n',
                       encoding="utf-8")
    dps(root, "run", check=True)
    done = dps(root, "check", check=False)
    assert done.returncode != 0
    assert "_conclusion.qmd" in done.stderr + done.stdout
    assert "« Les acteurs départementaux sont plus nombreux" in done.stderr + done.stdout
    verdicts = json.loads((root / "build" / "claims.json").read_text(encoding="utf-8"))
    assert verdicts["survey.n_departements > survey.n_communes"] is False


@pytest.mark.quarto
def test_quarto_prints_a_true_claim_plain_and_marks_a_false_one(tmp_path: Path) -> None:
    quarto = shutil.which("quarto")
    if quarto is None:
        pytest.skip("no `quarto` executable on the PATH")
    (tmp_path / "_quarto.yml").write_text(
        "project:\n  type: default\nformat:\n  html:\n    filters: [claims.lua]\n",
        encoding="utf-8")
    shutil.copy(ROOT / "report" / "claims.lua", tmp_path / "claims.lua")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "claims.json").write_text(json.dumps(
        {"a > 1": True, "a > 2": False}), encoding="utf-8")
    (tmp_path / "doc.qmd").write_text(
        "---\ntitle: t\n---\n\n[Vrai ici]{.claim when=\"a > 1\"}. "
        "[Faux là]{.claim when=\"a > 2\"}.\n", encoding="utf-8")
    subprocess.run([quarto, "render", "doc.qmd"], cwd=tmp_path, check=True,
                   capture_output=True)
    html = (tmp_path / "doc.html").read_text(encoding="utf-8")
    assert "<p>Vrai ici." in html
    assert "[Affirmation non vérifiée]</strong> Faux là" in html
    assert html.count("Affirmation non vérifiée") == 1
