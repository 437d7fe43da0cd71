"""The same inputs give the same bytes (issue 7).

The paper is built twice from scratch in the same private copy of the project; every product
a reader or a reviewer sees must be byte-for-byte identical: executed notebooks (the runner
scrubs execution times), tables, figures, the values quoted in the text, the provenance
appendix and the HTML preview. A changed input must change the provenance appendix.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
import shutil
from fnmatch import fnmatch
from pathlib import Path

import nbformat
import pytest
import yaml

from tests.conftest import build_paper, dps

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


# --- Issue 11: the same data in another order, unrelated rows, and two build folders with
# different histories give the same paper. -----------------------------------------------

SEED = 20261202


def project_copy(paper_project: Path, target: Path) -> Path:
    """The built project without its git link, so nothing here can touch the real repository."""
    shutil.copytree(paper_project, target, ignore=shutil.ignore_patterns(".git", "paper.log"))
    dps(target, "run")  # the default inputs, whatever an earlier test left in the copy
    return target


def survey_rows(root: Path) -> tuple[list[str], list[list[str]]]:
    with (root / SURVEY_FILE).open(encoding="utf-8", newline="") as handle:
        header, *rows = csv.reader(handle)
    return header, rows


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def products(build: Path) -> dict[str, bytes]:
    """What the reader sees that must not depend on the order of the survey rows. The method
    note's sentence naming the survey file with its SHA-256 (``v.paper.survey_files``) is
    provenance, like the appendix: a file with its rows in another order is another file.
    So is what the paper is (``v.paper``, Annexe B): an input that differs from the edition's
    makes a build of a released commit a working version (issue 28)."""
    names = ["values.json", "values.yml",
             *(f"notebooks/{p.name}" for p in sorted((build / "notebooks").glob("*.ipynb")))]
    found = {name: (build / name).read_bytes() for name in names}
    meta = yaml.safe_load(found["values.yml"])
    meta["v"].pop("paper", None)
    found["values.yml"] = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True).encode()
    return found


def test_shuffled_survey_rows_give_the_same_paper(paper_project, tmp_path):
    """The shipped survey, rows shuffled: every value and every executed notebook (figures
    included) is byte-identical; only the provenance appendix sees a new file."""
    root = project_copy(paper_project, tmp_path / "project")
    before = products(root / "build")
    header, rows = survey_rows(root)
    shuffled = rows.copy()
    random.Random(SEED).shuffle(shuffled)
    assert shuffled != rows
    write_rows(root / SURVEY_FILE, header, shuffled)
    done = dps(root, "run")
    assert re.search(r"^\s*03_survey\s+executed", done.stderr + done.stdout, flags=re.M)
    after = products(root / "build")
    assert sorted(after) == sorted(before)
    differing = sorted(name for name in before if before[name] != after[name])
    assert differing == [], f"the order of the survey rows changed: {differing}"


def other_wave(rows: list[list[str]], header: list[str], wave: str) -> list[list[str]]:
    """Synthetic rows of another wave: the 2022 rows with other shares, file order reversed."""
    column = {name: i for i, name in enumerate(header)}
    made = []
    for number, row in enumerate(reversed(rows)):
        copy = row.copy()
        copy[column["wave"]] = wave
        copy[column["pct"]] = str(max(0, min(100, round(float(row[column["pct"]])) - 7
                                             + number % 5)))
        made.append(copy)
    return made


def write_synthetic(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """A survey file as an analyst sends it: no source columns (its name becomes the source)."""
    keep = [i for i, name in enumerate(header) if name not in ("source_id", "source_section")]
    write_rows(path, [header[i] for i in keep], [[row[i] for i in keep] for row in rows])


# What describes the set of waves (the effective-size clause names the wave once there are two).
WAVE_LEVEL_KEYS = {"survey.n_waves", "survey.waves_statement", "survey.data_statement",
                   "survey.waves_limit_clause", "survey.n_eff_public_clause",
                   # with two waves, the count across the two levels names its wave
                   "survey.gaps_comparison_statement", "survey.alt_gaps"}
# What says where the survey comes from: a user's file, even one that repeats the report's
# rows, is cited and named as that file (issue 27).
ORIGIN_KEYS = {"survey.obstacles_cite", "survey.proposals_cite", "levers.agent_training_cite",
               "levers.state_coordination_cite", "survey.waves_clause", "survey.waves_clause_en",
               "survey.data_origin_statement", "survey.design_gaps_statement",
               "survey.new_wave_conclusion_statement", "survey.user_file_clause",
               "survey.n_user_waves", "survey.published_proposals"}
QUOTED = ("text", "value", "low", "high")


def test_unrelated_rows_of_another_wave_leave_the_2022_numbers_alone(paper_project, tmp_path):
    """Shipped rows (shuffled) plus synthetic rows of an earlier wave: every value of the 2022
    wave is the same; only what describes the set of waves may differ."""
    root = project_copy(paper_project, tmp_path / "project")
    before = json.loads((root / "build" / "values.json").read_text(encoding="utf-8"))
    header, rows = survey_rows(root)
    mixed = rows + other_wave(rows, header, "2019")
    random.Random(SEED).shuffle(mixed)
    synthetic = tmp_path / "survey_synthetic_extra_wave_2019.csv"
    write_synthetic(synthetic, header, mixed)
    dps(root, "run", "--survey", str(synthetic))
    after = json.loads((root / "build" / "values.json").read_text(encoding="utf-8"))
    assert after["survey.n_waves"]["value"] == 2  # the extra wave was read
    assert set(before) <= set(after)
    differing = sorted(key for key in before if [before[key].get(f) for f in QUOTED]
                       != [after[key].get(f) for f in QUOTED])
    assert set(differing) <= WAVE_LEVEL_KEYS | ORIGIN_KEYS, differing
    # the same 2022 numbers, now attributed to the file they were read from
    share = after["survey.obstacle_communes_access_disparities"]
    assert (share["wave"], share["source"]) == ("2022", "survey_synthetic_extra_wave_2019.csv")
    assert "survey_synthetic_extra_wave_2019.csv" in after["survey.obstacles_cite"]["text"]


def test_two_build_folders_with_different_histories_give_the_same_bytes(paper_project, tmp_path):
    """Machine A first built the paper on another survey file, machine B only on the default;
    both then build the same commit: every product is byte-identical."""
    first = project_copy(paper_project, tmp_path / "a" / "project")
    header, rows = survey_rows(first)
    other = tmp_path / "survey_synthetic_other_file.csv"
    write_synthetic(other, header, other_wave(rows, header, "2022"))
    dps(first, "run", "--survey", str(other))
    assert json.loads((first / "build" / "values.json").read_text(encoding="utf-8")) != (
        json.loads((paper_project / "build" / "values.json").read_text(encoding="utf-8")))
    dps(first, "run")
    second = project_copy(paper_project, tmp_path / "b" / "project")
    names = ["provenance.md", "provenance.json"]
    a, b = (products(root / "build") | {n: (root / "build" / n).read_bytes() for n in names}
            for root in (first, second))
    assert sorted(a) == sorted(b)
    assert sorted(name for name in a if a[name] != b[name]) == []
    assert not (first / "build" / "values.previous.json").exists()
