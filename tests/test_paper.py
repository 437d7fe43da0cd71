"""The paper command end to end on a copy of the project: all notebooks, a survey override,
a bad survey file. Tests that change the build work on their own copy of the built project."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from digital_public_services import __version__
from digital_public_services.notebook import cell_options
from digital_public_services.paper import editions
from tests.conftest import dps

STEMS = ("01_literature", "02_interviews", "03_survey", "04_levers")


def _values(root: Path) -> dict:
    return json.loads((root / "build" / "values.json").read_text(encoding="utf-8"))


def _states(stdout: str) -> dict[str, str]:
    """Final state of each notebook from the runner's plain progress lines."""
    states = {}
    for line in stdout.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in STEMS:
            states[parts[0]] = parts[1]
    return states


def test_paper_command_succeeds_and_every_notebook_produces_its_outputs(paper_project):
    log = (paper_project / "paper.log").read_text(encoding="utf-8")
    assert log.startswith("exit status 0"), log[-3000:]
    assert "needs Quarto" in log
    build = paper_project / "build"
    for stem in STEMS:
        nb = nbformat.read(build / "notebooks" / f"{stem}.ipynb", as_version=4)
        cells = cell_options.labelled_cells(nb)
        assert cells, stem
        empty = [label for label, cell in cells.items() if not cell.outputs]
        assert empty == [], f"{stem}: labelled cells without output: {empty}"
        assert not [o for c in nb.cells for o in c.get("outputs", [])
                    if o.get("output_type") == "error"], stem
        figures = {p.stem for p in (build / "outputs" / stem / "figures").glob("*.png")}
        drawn = {label for label, cell in cells.items() if label.startswith("fig-") and any(
            "image/png" in o.get("data", {}) for o in cell.outputs)}
        assert drawn and figures == drawn, stem
        assert (build / "outputs" / stem / "values.json").is_file()


def test_every_claim_holds_on_the_shipped_data_and_every_figure_has_its_data(paper_project):
    from digital_public_services.notebook import figure_data
    from digital_public_services.paper import claims

    verdicts = claims.load(paper_project / "build")
    assert len(verdicts) >= 10  # the key messages and the argued sections are guarded
    assert all(verdicts.values()), [c for c, holds in verdicts.items() if not holds]
    build = paper_project / "build"
    written = {p.stem for p in build.glob("outputs/*/data/*.csv")}
    assert written == set(figure_data.DATA)
    assert (build / "data-package.zip").is_file() and (build / "citation.yml").is_file()


@pytest.fixture
def built_copy(paper_project: Path, tmp_path: Path) -> Path:
    """A private copy of the built project (its cache still valid: paths are relative)."""
    root = tmp_path / "project"
    shutil.copytree(paper_project, root)
    return root


@pytest.fixture
def synthetic_survey(built_copy: Path, tmp_path: Path) -> Path:
    """The shipped survey with the public's support for teleconsultation moved to 80 %."""
    frame = pd.read_csv(built_copy / "data/survey/survey_results.csv", dtype=str,
                        keep_default_na=False)
    row = (frame["item_id"] == "teleconsultation") & (frame["population"] == "grand_public")
    assert row.sum() == 1
    frame.loc[row, "pct"] = "80"
    path = tmp_path / "synthetic_survey_teleconsultation.csv"
    frame.to_csv(path, index=False)
    return path


def test_survey_override_reruns_only_its_notebooks_and_updates_the_text(
        built_copy, synthetic_survey):
    before = _values(built_copy)
    edition = editions.snapshot(__version__, "2026-01-01", "synthetic", {}, before)
    snapshot = built_copy / editions.EDITIONS_DIR / f"{__version__}.json"
    snapshot.parent.mkdir(parents=True, exist_ok=True)
    snapshot.write_text(editions.to_json(edition), encoding="utf-8")  # as if released
    done = dps(built_copy, "run", "--survey", str(synthetic_survey))
    assert _states(done.stdout + done.stderr) == {
        "01_literature": "cached", "02_interviews": "cached",
        "03_survey": "executed", "04_levers": "executed"}
    after = _values(built_copy)
    moved = {k for k in before if k in after and before[k]["text"] != after[k]["text"]}
    assert moved and all(k.startswith(("survey.", "levers.")) for k in moved)
    assert "survey.gap_departements_largest" in moved  # teleconsultation was the largest
    changes = (built_copy / "build" / "changes.csv").read_text(encoding="utf-8")
    assert "survey.gap_departements_largest" in changes
    provenance = (built_copy / "build" / "provenance.md").read_text(encoding="utf-8")
    assert "synthetic_survey_teleconsultation.csv" in provenance
    dps(built_copy, "run")  # back to the shipped survey: the first values again
    assert _values(built_copy) == before


def test_bad_survey_file_is_refused_before_any_notebook_runs(built_copy, tmp_path):
    bad = tmp_path / "synthetic_bad_survey.csv"
    text = (built_copy / "data/survey/survey_results.csv").read_text(encoding="utf-8")
    header, first, *rest = text.splitlines()
    bad.write_text("\n".join([header, first.replace(",99,325,", ",199,325,"), *rest]) + "\n",
                   encoding="utf-8")
    executed = built_copy / "build" / "notebooks" / "03_survey.ipynb"
    stamp = executed.stat().st_mtime_ns
    done = dps(built_copy, "run", "--survey", str(bad), check=False)
    assert done.returncode == 1
    assert "synthetic_bad_survey.csv" in done.stderr and "line 2" in done.stderr
    assert "pct" in done.stderr
    assert executed.stat().st_mtime_ns == stamp
