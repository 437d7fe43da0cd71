"""Shared pytest fixtures."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tools.browser_setup import CHROMIUM, axe_problem, chromium_version

# --- Browser tests (issue 7): Debian's Chromium driven by Playwright ---------------------------

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def skip_or_fail(reason: str) -> None:
    """Skip with the reason; under CI a missing browser is a failure, never a quiet skip."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser test cannot run under CI=true: {reason}", pytrace=False)
    pytest.skip(reason)


def browser_missing_reason() -> str | None:
    problem = axe_problem()
    if problem:
        return problem
    if chromium_version(CHROMIUM) is None:
        return f"no working Chromium at {CHROMIUM}; run `python -m tools.browser_setup` as root"
    return None


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole session (starting one costs about a second)."""
    reason = browser_missing_reason()
    if reason:
        skip_or_fail(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def markup_from_files(browser, path: Path) -> dict:
    """What a page opened in Chromium made of the hostile wording of
    ``tools.make_synthetic_surveys`` (issue 27): its title once loaded (a script from the
    file sets it to « XSS »), elements whose id starts with ``xss-``, scripts and
    ``javascript:`` links that hold the file's code, dialogs opened, and the text it shows."""
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_timeout(500)  # an onerror or onload handler runs after the load event
    found = page.evaluate("""() => ({
        title: document.title,
        elements: [...document.querySelectorAll('[id^="xss-"]')].map(e => e.outerHTML),
        scripts: [...document.scripts].filter(s => s.text.includes('XSS')).length,
        links: [...document.querySelectorAll('a[href^="javascript"]')].map(a => a.outerHTML),
        text: document.body.innerText,
    })""")
    page.close()
    return {**found, "dialogs": dialogs}


# --- One paper build per session (issue 7), shared by the accessibility and reproducibility
# tests; built in a private copy so the developer's own build/ is never touched. -------------

PROJECT_ROOT = Path(__file__).resolve().parents[1]
NOT_COPIED = (".venv", ".uv", "build", "_manuscript", ".quarto", ".pytest_cache", ".ruff_cache",
              "__pycache__", "tests", "bench")


def not_copied(top: Path, *names: str):
    """A ``copytree`` ignore: :data:`NOT_COPIED` and ``names`` at the top of ``top`` only (the
    package's own ``build`` subpackage is code, not the build folder), ``__pycache__``
    everywhere."""
    top = Path(top).resolve()

    def ignore(folder: str, entries: list[str]) -> set[str]:
        skipped = set(NOT_COPIED) | set(names) if Path(folder).resolve() == top else set()
        return {e for e in entries if e in skipped or e == "__pycache__"}

    return ignore


def synthetic_notebook(cells: list[tuple[str, str]]) -> nbformat.NotebookNode:
    """A notebook of ``(tag, source)`` code cells with stable ids, for runner tests."""
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


def path_without_quarto(path: str) -> str:
    """``path`` less the folders that hold a ``quarto`` executable."""
    return os.pathsep.join(folder for folder in path.split(os.pathsep)
                           if folder and not (Path(folder) / "quarto").is_file())


def dps(root: Path, *args: str, check: bool = True,
        quarto: bool = True) -> subprocess.CompletedProcess:
    """Run the ``dps`` command of this environment on the project at ``root``, with the
    copy's own package first on the path (edits made meanwhile in the working tree do not
    reach it, so both builds run the same code). ``quarto=False``: as on a machine without
    Quarto, whatever this one has."""
    command = [str(Path(sys.executable).with_name("dps")), *args]
    env = {**os.environ, "DPS_ROOT": str(root), "PYTHONPATH": str(root / "src")}
    if not quarto:
        env["PATH"] = path_without_quarto(env.get("PATH", ""))
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True,
                          timeout=1800)
    assert not check or done.returncode == 0, (
        f"`dps {' '.join(args)}` exited {done.returncode}\n{done.stdout[-3000:]}\n"
        f"{done.stderr[-3000:]}"
    )
    return done


def build_paper(root: Path) -> None:
    """``dps paper`` without Quarto; its log is kept in ``root/paper.log``. Its exit status
    is the manuscript tests' concern: a failed manuscript check still writes the build and
    the HTML preview, which the accessibility and reproducibility tests examine."""
    done = dps(root, "paper", "--no-quarto-install", check=False, quarto=False)
    (root / "paper.log").write_text(f"exit status {done.returncode}\n{done.stdout}\n"
                                    f"{done.stderr}", encoding="utf-8")


@pytest.fixture(scope="session")
def paper_project(tmp_path_factory) -> Path:
    """A copy of the project on which the paper has been built once."""
    root = tmp_path_factory.mktemp("paper") / "project"
    shutil.copytree(PROJECT_ROOT, root, ignore=not_copied(PROJECT_ROOT))
    build_paper(root)
    return root


# --- Figures drawn as the notebooks draw them (house style), then closed ----------------------


@pytest.fixture
def house_style():
    """The notebooks' style (sizes, dpi), so legibility checks see what readers see."""
    import matplotlib
    import matplotlib.pyplot as plt

    from digital_public_services.plotting import style

    with matplotlib.rc_context():
        style.apply()
        yield
    plt.close("all")


# --- Quarto renders (issue 10): a throw-away git repository of the project, rendered once per
# session and profile. Skipped with the reason when no `quarto` is found; DPS_REQUIRE_QUARTO=1
# turns that skip into a failure. `make test` never needs Quarto. --------------------------


def quarto_missing(reason: str) -> None:
    """Skip with the reason, or fail when the run asked for Quarto (DPS_REQUIRE_QUARTO=1)."""
    if os.environ.get("DPS_REQUIRE_QUARTO") == "1":
        pytest.fail(f"Quarto test cannot run under DPS_REQUIRE_QUARTO=1: {reason}",
                    pytrace=False)
    pytest.skip(reason)


class RenderedPaper:
    """What `quarto render` left in a fresh copy of the project."""

    def __init__(self, root: Path, returncode: int, log: str) -> None:
        self.root = root
        self.returncode = returncode
        self.log = log
        self.manuscript = root / "_manuscript"

    @property
    def html(self) -> Path:
        """The article page as Quarto writes it."""
        return self.manuscript / "report" / "index.html"

    @property
    def pdf(self) -> Path:
        """The paper's PDF (not one of the editions laid out in ``editions/``)."""
        pdfs = sorted(p for p in self.manuscript.rglob("*.pdf")
                      if p.relative_to(self.manuscript).parts[0] != "editions")
        assert pdfs, f"no PDF under {self.manuscript}\n{self.log[-3000:]}"
        return pdfs[0]


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


def fresh_repository(tmp_path_factory, name: str) -> Path:
    """The working tree as it is now (uncommitted edits included), committed into a new
    repository, as a fresh clone would be."""
    root = tmp_path_factory.mktemp(name) / "project"
    shutil.copytree(PROJECT_ROOT, root, ignore=not_copied(PROJECT_ROOT, ".git"))
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "-A")
    git(root, "-c", "user.name=test", "-c", "user.email=test@example.invalid",
        "commit", "--quiet", "-m", "fresh copy")
    return root


def quarto_render(root: Path, *args: str) -> RenderedPaper:
    """`quarto render` as a user runs it: this environment's scripts (`dps`) on the PATH."""
    from digital_public_services.paper import quarto

    executable = quarto.find()
    if executable is None:
        quarto_missing("no `quarto` executable on the PATH (see README, « Rendering with Quarto »)")
    env = {**os.environ, "DPS_ROOT": str(root), "PYTHONPATH": str(root / "src"),
           "QUARTO_PYTHON": sys.executable,
           "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")}
    done = subprocess.run([executable, "render", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=1800)
    return RenderedPaper(root, done.returncode, f"{done.stdout}\n{done.stderr}")


@pytest.fixture(scope="session")
def rendered_paper(tmp_path_factory) -> RenderedPaper:
    """The default profile of the paper, rendered once from a fresh repository."""
    return quarto_render(fresh_repository(tmp_path_factory, "rendered"))


# --- Runs planned but not executed (issues 14, 18): a copy of the project's data, notebooks
# and parameters; `runner.run` replaced by a recorder, so no kernel ever starts. -------------

SURVEY_FILE = PROJECT_ROOT / "data" / "survey" / "survey_results.csv"


@pytest.fixture
def run_project(tmp_path, monkeypatch):
    """A copy of the project's data, notebooks and parameters; no kernel, no assembly."""
    from digital_public_services import cli
    from digital_public_services.paper import assemble, preview

    root = tmp_path / "project"
    for folder in ("data", "notebooks", "params"):
        shutil.copytree(PROJECT_ROOT / folder, root / folder)
    monkeypatch.setenv("DPS_ROOT", str(root))
    for name in ("QUARTO_PROFILE", "QUARTO_PROJECT_OUTPUT_DIR", cli.RUN_ARGS_ENV):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(assemble, "assemble", lambda *a, **k: {})
    monkeypatch.setattr(preview, "write_preview", lambda root, build: build / "index.html")
    monkeypatch.setattr(cli, "_report_manuscript", lambda root, **_: 0)
    return root


@pytest.fixture
def planned_runs(monkeypatch):
    """Each run's plan: ``{stem: (parameters, cache key)}``; every notebook « up to date »."""
    from digital_public_services.build import runner

    runs: list[dict] = []

    def record(jobs, root, **options):
        runs.append({job.stem: (job.parameters, job.key) for job in jobs})
        return [runner.Outcome(job.stem, "cached") for job in jobs]

    monkeypatch.setattr(runner, "run", record)
    return runs


def changed_survey(folder, value="71"):
    """The shipped survey with the public's support for teleconsultation changed."""
    text = SURVEY_FILE.read_text(encoding="utf-8").replace(
        "2022,grand_public,favourability,teleconsultation,favorable,favourability,1,65,",
        f"2022,grand_public,favourability,teleconsultation,favorable,favourability,1,{value},")
    assert f",{value},2185," in text
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "synthetic_teleconsultation_71.csv"
    path.write_text(text, encoding="utf-8")
    return path




def wave_profile(root: Path, name: str = "wave2025") -> Path:
    """``params/<name>.yml`` pointing both survey notebooks to the changed survey, written in
    ``root/incoming/``; returns that file."""
    survey = changed_survey(root / "incoming")
    relative = survey.relative_to(root).as_posix()
    (root / "params" / f"{name}.yml").write_text(
        "# The survey of a new wave (test)\nnotebooks:\n"
        f"  03_survey:\n    survey: {relative}\n  04_levers:\n    survey: {relative}\n",
        encoding="utf-8")
    return survey


def write_any_schema(root: Path, notebooks: dict[str, dict]) -> None:
    """A ``params/schema.json`` declaring the synthetic notebooks' parameters with any value,
    for tests about something other than their domains."""
    import json

    schema = {"type": "object", "properties": {"notebooks": {
        "type": "object", "additionalProperties": False,
        "properties": {stem: {"type": "object", "additionalProperties": False,
                              "properties": {name: {} for name in values}}
                       for stem, values in notebooks.items()}}}}
    (root / "params").mkdir(exist_ok=True)
    (root / "params" / "schema.json").write_text(json.dumps(schema), encoding="utf-8")


# --- Tables validated by frictionless (the data package's checks) ---------------------------


@pytest.fixture
def frictionless_calls(monkeypatch) -> list[str]:
    """The file of each table frictionless validates from now on, in a process whose memo of
    checked tables (and of a run's shared checks) starts empty."""
    from digital_public_services.inputs import checked_tables, datapackage

    calls: list[str] = []
    validate = datapackage.Resource.validate

    def counting(self, *args, **kwargs):
        calls.append(self.path)
        return validate(self, *args, **kwargs)

    monkeypatch.setattr(datapackage.Resource, "validate", counting)
    datapackage._checked_frame.cache_clear()
    checked_tables._shared.cache_clear()
    yield calls
    datapackage._checked_frame.cache_clear()
    checked_tables._shared.cache_clear()
