"""The same inputs give the same bytes (issue 7).

The paper is built twice from scratch in the same private copy of the project; every product
a reader or a reviewer sees must be byte-for-byte identical: executed notebooks (the runner
scrubs execution times), tables, figures, the values quoted in the text, the provenance
appendix and the HTML preview. A changed input must change the provenance appendix.
"""

from __future__ import annotations

import hashlib
import shutil
from fnmatch import fnmatch
from pathlib import Path

import nbformat
import pytest
from conftest import build_paper, dps

SURVEY_FILE = Path("data/survey/survey_results.csv")

# What a reader or reviewer sees, by kind; each kind must be produced and be identical.
# Figures are compared both as the files the runner exports and as the images inside the
# executed notebooks (keys ``figures/...``, see figure_checksums), which the paper embeds.
PRODUCTS = {
    "executed notebooks": ["notebooks/*.ipynb"],
    "tables": ["outputs/*.csv"],
    "figure files": ["outputs/*.png", "outputs/*.svg"],
    "figures in the notebooks": ["figures/*"],
    "values quoted in the text": ["values.json", "values.yml"],
    "provenance appendix": ["provenance.md", "provenance.json"],
    "HTML preview": ["preview/*.html"],
}
IMAGE_TYPES = ("image/png", "image/svg+xml")


def figure_checksums(build: Path) -> dict[str, str]:
    """SHA-256 of every image output, keyed ``figures/<notebook>/<cell id>/<n>/<type>``."""
    sums = {}
    for path in sorted((build / "notebooks").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for number, output in enumerate(cell.get("outputs", [])):
                for kind in IMAGE_TYPES:
                    if kind in output.get("data", {}):
                        name = f"figures/{path.stem}/{cell.id}/{number}/{kind}"
                        sums[name] = hashlib.sha256(output.data[kind].encode()).hexdigest()
    return sums


def checksums(build: Path) -> dict[str, str]:
    """SHA-256 of every file under ``build`` by relative path, plus every figure. Hidden
    entries (``.lock``, ``.staging``) are the runner's bookkeeping, not products."""
    files = {
        path.relative_to(build).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(build.rglob("*"))
        if path.is_file() and not any(part.startswith(".")
                                      for part in path.relative_to(build).parts)
    }
    return files | figure_checksums(build)


def select(sums: dict[str, str], patterns: list[str]) -> dict[str, str]:
    return {name: digest for name, digest in sums.items()
            if any(fnmatch(name, pattern) for pattern in patterns)}


@pytest.fixture(scope="module")
def two_builds(paper_project: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Checksums of the session's build, then of a second build from a clean folder."""
    build = paper_project / "build"
    first = checksums(build)
    shutil.rmtree(build)
    build_paper(paper_project)
    return first, checksums(build)


@pytest.mark.parametrize("kind", PRODUCTS)
def test_two_builds_give_identical_bytes(two_builds, kind):
    first, second = (select(sums, PRODUCTS[kind]) for sums in two_builds)
    assert first, f"no {kind} produced (looked for {PRODUCTS[kind]})"
    assert sorted(first) == sorted(second), f"{kind}: not the same files"
    differing = sorted(name for name in first if first[name] != second[name])
    assert differing == [], f"{kind}: these files differ between two builds: {differing}"


def test_everything_in_the_build_is_identical(two_builds):
    first, second = two_builds
    found = {
        "only in the first build": sorted(set(first) - set(second)),
        "only in the second build": sorted(set(second) - set(first)),
        "different bytes": sorted(n for n in set(first) & set(second)
                                  if first[n] != second[n]),
    }
    assert not any(found.values()), found


def test_a_changed_input_changes_the_provenance_appendix(paper_project, two_builds):
    """Same survey rows in reverse order: same data, new bytes, so a new SHA-256 listed."""
    survey = paper_project / SURVEY_FILE
    original = survey.read_bytes()
    header, *rows = original.decode("utf-8").splitlines(keepends=True)
    changed = (header + "".join(reversed(rows))).encode("utf-8")
    appendix = paper_project / "build" / "provenance.md"
    before = appendix.read_text(encoding="utf-8")
    try:
        survey.write_bytes(changed)
        dps(paper_project, "run")
        after = appendix.read_text(encoding="utf-8")
    finally:
        survey.write_bytes(original)
    assert hashlib.sha256(original).hexdigest() in before
    assert hashlib.sha256(changed).hexdigest() in after
    assert hashlib.sha256(original).hexdigest() not in after
