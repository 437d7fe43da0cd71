"""What is rendered is what was asked (issue 14), and `quarto render` finds the project's
environment by itself (issue 17): skipped without Quarto (`DPS_REQUIRE_QUARTO=1` fails).

A changed survey (the public's support for teleconsultation, 65 % → 71 %) goes through both
routes, each in a fresh copy of the project: `dps paper --survey FILE`, and a parameter set
`params/wave2025.yml` rendered with `quarto render --profile wave2025` from a shell whose
PATH has no `dps` (only the copy's `.venv/bin/dps`). Each must quote 71 % in the HTML and
the PDF, name the file with its SHA-256, and execute the notebooks once.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import (
    RenderedPaper,
    changed_survey,
    dps,
    fresh_repository,
    quarto_missing,
    wave_profile,
)

pytestmark = pytest.mark.quarto

# A row of the notebook's table of proposals: communes, départements, public.
ROW = re.compile(r"pratique de la téléconsultation \d+ \[[^\]]+\] % \d+ \[[^\]]+\] % (\d+) \[")


def flat(text: str) -> str:
    """Text with every kind of space (NBSP, thin NBSP, line breaks) as one plain space, and
    the hyphen as « - » (Typst's PDF gives a visible hyphen, « SHA-256 », as U+00AD)."""
    text = text.replace("\u00ad", "-")
    spaced = re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))
    return re.sub(r"\( | (?=[),.])", lambda m: m.group(0).strip(), spaced)


def html_text(paper: RenderedPaper) -> str:
    page = paper.html.read_text(encoding="utf-8")
    return flat(html.unescape(re.sub(r"<[^>]+>", " ", page)))


def pdf_text(paper: RenderedPaper) -> str:
    import pdfplumber

    with pdfplumber.open(paper.pdf) as pdf:
        return flat("\n".join(page.extract_text() or "" for page in pdf.pages))


def quarto_bin() -> Path:
    from digital_public_services.paper import quarto

    found = quarto.find()
    if found is None:
        quarto_missing("no `quarto` executable on the PATH (see README, « Rendering with Quarto »)")
    return Path(found)


def new_shell_path() -> str:
    """A new shell's PATH: Quarto and the system, no environment activated."""
    return os.pathsep.join([str(quarto_bin().parent), "/usr/local/bin", "/usr/bin", "/bin"])


@pytest.fixture(scope="module")
def paper_route(tmp_path_factory):
    """`dps paper --survey FILE` with Quarto on the PATH, in a fresh copy."""
    quarto_bin()
    root = fresh_repository(tmp_path_factory, "paper_route")
    survey = changed_survey(tmp_path_factory.mktemp("incoming"))
    done = dps(root, "paper", "--survey", str(survey), "--no-quarto-install", check=False)
    return RenderedPaper(root, done.returncode, f"{done.stdout}\n{done.stderr}"), survey


@pytest.fixture(scope="module")
def profile_route(tmp_path_factory):
    """`dps run --profile wave2025`, then `quarto render --profile wave2025` in a new shell:
    Quarto and the system on the PATH, the environment not activated, `.venv/bin/dps` there."""
    executable = quarto_bin()
    root = fresh_repository(tmp_path_factory, "profile_route")
    survey = wave_profile(root)
    (root / ".venv" / "bin").mkdir(parents=True)
    (root / ".venv" / "bin" / "dps").symlink_to(Path(sys.executable).with_name("dps"))
    first = dps(root, "run", "--profile", "wave2025", check=False)
    env = {"HOME": os.environ.get("HOME", "/tmp"), "DPS_ROOT": str(root),
           "PYTHONPATH": str(root / "src"), "LANG": "C.UTF-8", "PATH": new_shell_path()}
    done = subprocess.run([str(executable), "render", "--profile", "wave2025"], cwd=root,
                          env=env, capture_output=True, text=True, timeout=1800)
    log = f"{first.stdout}\n{first.stderr}\n{done.stdout}\n{done.stderr}"
    return RenderedPaper(root, done.returncode, log), survey


def notebook_page_text(paper: RenderedPaper) -> str:
    page = paper.manuscript / "build" / "notebooks" / "03_survey-preview.html"
    return flat(html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))))


def check_paper(paper: RenderedPaper, survey: Path) -> None:
    """Since the survey section's rewrite the article's prose quotes the public's support for
    teleconsultation only where a proposal divides the respondents (65 % does, 71 % does
    not), so 71 % is looked for where the paper shows it for any value: the table of the
    survey notebook's page and the figure's data (« Données (CSV) ») on the HTML site; in the
    article (HTML and PDF), every sentence quoting that support says 71 and the default
    survey's 65 % [63 ; 67] appears nowhere."""
    assert paper.returncode == 0, paper.log[-5000:]
    assert ROW.findall(notebook_page_text(paper)) == ["71"]
    data = paper.manuscript / "build/outputs/03_survey/data/fig-proposals-by-population.csv"
    assert "2022,grand_public,favourability,teleconsultation,favorable,71," in data.read_text(
        encoding="utf-8")
    digest = hashlib.sha256(survey.read_bytes()).hexdigest()
    for name, text in (("HTML", html_text(paper)), ("PDF", pdf_text(paper))):
        assert "65 % [63 ; 67]" not in text, name
        quoted = re.findall(r"téléconsultation[^.]{0,60}? (\d+) % \[[^\]]+\] chez le grand public",
                            text)
        assert set(quoted) <= {"71"}, (name, quoted)
        # method note and provenance appendix: the file and its SHA-256
        assert f"lus dans le fichier {survey.name} (empreinte SHA-256 : {digest})" in text, name
        # (the PDF may break the path's line after a « / »)
        assert re.search(rf"Fichier d’enquête : [^•]*?{re.escape(survey.name)} SHA-256 : "
                         rf"{digest}",
                         text.replace("'", "’")), name
    assert "note: quarto render" not in paper.log


ROUTES = ["paper_route", "profile_route"]


@pytest.mark.parametrize("route", ROUTES)
def test_the_changed_survey_is_rendered_in_html_and_pdf(route, request):
    paper, survey = request.getfixturevalue(route)
    check_paper(paper, survey)


@pytest.mark.parametrize("route", ROUTES)
def test_the_notebooks_run_once_and_quarto_finds_them_in_the_cache(route, request):
    """`dps paper`'s own run (or `dps run --profile`) executes; Quarto's pre-render run
    plans the same parameters and finds every notebook up to date."""
    paper, _ = request.getfixturevalue(route)
    assert paper.log.count("4 executed, 0 up to date") == 1, paper.log[-3000:]
    assert "0 executed, 4 up to date" in paper.log


def test_quarto_render_without_activated_environment_uses_the_project_venv(profile_route):
    """Issue 17: no `dps` on the PATH, only `.venv/bin/dps`; the render succeeds."""
    paper, _ = profile_route
    assert paper.returncode == 0, paper.log[-5000:]
    assert shutil.which("dps", path=new_shell_path()) is None  # only the copy's .venv has it
    assert "0 executed, 4 up to date" in paper.log  # its pre-render `dps run` did run
    assert "dps introuvable" not in paper.log and "Failed to spawn" not in paper.log
    assert paper.html.is_file() and paper.pdf.stat().st_size > 0
