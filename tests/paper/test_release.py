"""`dps release`: refused unless the tree is clean and the paper checks; then a snapshot, a
drafted CHANGELOG section, a commit and a tag. Tried on throw-away git repositories."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from digital_public_services import __version__
from digital_public_services.paper import editions, release
from digital_public_services.prose.typography import NBSP
from tests.conftest import NOT_COPIED, dps, git

CHANGELOG = f"""# Changelog

## [Unreleased]

### Added
- A synthetic note.

## [{__version__}] — unreleased

### Added
- The first things.
"""


def commit_all(root, message="synthetic"):
    git(root, "add", "-A")
    git(root, "-c", "user.name=test", "-c", "user.email=test@example.invalid", "commit",
        "--quiet", "-m", message)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A minimal project under git: CHANGELOG, CITATION.cff, an ignored build folder."""
    root = tmp_path / "project"
    root.mkdir()
    (root / "CHANGELOG.md").write_text(CHANGELOG, encoding="utf-8")
    (root / "CITATION.cff").write_text(f"cff-version: 1.2.0\nversion: {__version__}\n",
                                       encoding="utf-8")
    (root / ".gitignore").write_text("build/\n", encoding="utf-8")
    git(root, "init", "--quiet", "--initial-branch=main")
    commit_all(root)
    for name, value in (("GIT_AUTHOR_NAME", "test"), ("GIT_COMMITTER_NAME", "test"),
                        ("GIT_AUTHOR_EMAIL", "test@example.invalid"),
                        ("GIT_COMMITTER_EMAIL", "test@example.invalid")):
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return root


def fake_build(quoted, problems=()):
    """Stands for `dps run` + `dps check`: writes the two files a release reads."""
    def build(root):
        folder = root / "build"
        folder.mkdir(exist_ok=True)
        (folder / "values.json").write_text(json.dumps(quoted), encoding="utf-8")
        (folder / "provenance.json").write_text(json.dumps(
            {"inputs": {"data/survey.csv": "ab" * 32}}), encoding="utf-8")
        return list(problems)
    return build


VALUES = {"survey.share": {"value": 58, "text": "58 %", "low": 50, "high": 65}}


def test_a_release_writes_the_snapshot_and_changelog_commits_and_tags(repo):
    built = git(repo, "rev-parse", "HEAD").strip()
    edition = release.release(repo, __version__, fake_build(VALUES), date="2026-12-01")
    snap = json.loads((repo / editions.EDITIONS_DIR / f"{__version__}.json").read_text(
        encoding="utf-8"))
    assert snap == edition
    assert snap["commit"] == built and snap["date"] == "2026-12-01"
    assert snap["values"] == {k: editions.recorded(v) for k, v in VALUES.items()}
    assert snap["inputs"] == {"data/survey.csv": "ab" * 32}
    log = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "[Unreleased]" not in log and "unreleased" not in log
    section = log.split(f"## [{__version__}] — 2026-12-01\n", 1)[1]
    assert section.index("A synthetic note.") < section.index("The first things.")
    assert "### Quoted values" in section and "First edition: 1 quoted values" in section
    assert git(repo, "status", "--porcelain") == ""
    assert git(repo, "rev-parse", "HEAD~1").strip() == built
    assert git(repo, "tag", "--list").split() == [f"v{__version__}"]
    assert git(repo, "cat-file", "-t", f"v{__version__}").strip() == "tag"  # annotated
    assert sorted(git(repo, "show", "--name-only", "--format=", "HEAD").split()) == [
        "CHANGELOG.md", f"report/editions/{__version__}.json"]


def test_the_default_date_is_the_commit_date_not_the_clock(repo):
    stamp = git(repo, "log", "-1", "--format=%cs").strip()
    assert release.release(repo, __version__, fake_build(VALUES))["date"] == stamp


def refused(repo, build, match, version=__version__):
    before = git(repo, "rev-parse", "HEAD")
    with pytest.raises(release.ReleaseError, match=match):
        release.release(repo, version, build)
    assert git(repo, "rev-parse", "HEAD") == before
    assert not (repo / editions.EDITIONS_DIR).exists()
    assert git(repo, "tag", "--list") == ""


def test_a_dirty_tree_is_refused(repo):
    (repo / "CHANGELOG.md").write_text(CHANGELOG + "- edited\n", encoding="utf-8")
    refused(repo, fake_build(VALUES), "not clean .*CHANGELOG.md")


def test_an_untracked_file_is_refused(repo):
    (repo / "new_data.csv").write_text("a\n", encoding="utf-8")
    refused(repo, fake_build(VALUES), "not clean .*new_data.csv")


def test_a_failing_check_is_refused(repo):
    refused(repo, fake_build(VALUES, ["report/index.qmd:3: value not found"]),
            r"`dps check` found 1 problem\(s\), the first: report/index.qmd:3")


def test_another_version_than_the_package_s_is_refused(repo):
    refused(repo, fake_build(VALUES), "package version is", version="9.9.9")


def test_a_malformed_version_is_refused(repo):
    refused(repo, fake_build(VALUES), "X.Y.Z", version="v1")


def test_a_citation_out_of_step_is_refused(repo):
    (repo / "CITATION.cff").write_text("version: 0.0.1\n", encoding="utf-8")
    commit_all(repo)
    refused(repo, fake_build(VALUES), "CITATION.cff says version 0.0.1")


def test_an_existing_tag_is_refused(repo):
    git(repo, "tag", f"v{__version__}")
    with pytest.raises(release.ReleaseError, match="already exists"):
        release.release(repo, __version__, fake_build(VALUES))


def test_an_edition_already_released_is_refused(repo):
    release.release(repo, __version__, fake_build(VALUES))
    git(repo, "tag", "-d", f"v{__version__}")
    with pytest.raises(release.ReleaseError, match="already released"):
        release.release(repo, __version__, fake_build(VALUES))


def test_not_a_git_repository_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    (tmp_path / "CITATION.cff").write_text(f"version: {__version__}\n", encoding="utf-8")
    with pytest.raises(release.ReleaseError, match="git"):
        release.release(tmp_path, __version__, fake_build(VALUES))


def test_the_changelog_draft_describes_the_value_diff():
    base = editions.snapshot("0.1.0", "2026-01-01", "a", {"data/s.csv": "1"}, {
        "survey.a": {"value": 50, "text": "50 %", "low": 45, "high": 55},
        "survey.b": {"value": 1, "text": "1"}, "context.c": {"value": 2, "text": "2"}})
    new = editions.snapshot("0.2.0", "2026-02-01", "b", {"data/s.csv": "2"}, {
        "survey.a": {"value": 60, "text": "60 %"}, "survey.b": {"value": 1, "text": "1"},
        "levers.d": {"value": 3, "text": "3"}})
    draft = release.changelog_draft(new, base)
    assert "Compared with edition 0.1.0 (2026-01-01): 1 quoted value(s) changed (1 beyond" \
        in draft
    assert "1 new, 1 removed" in draft and "Input files changed: `data/s.csv`." in draft
    assert "- survey: 1 value(s) — `survey.a`" in draft
    assert "- context: 1 value(s) — `context.c`" in draft
    assert release.DRAFT_NOTE in draft
    assert draft.startswith(f"Résumé{NBSP}: 2 valeurs citées nouvelles ou modifiées depuis "
                            f"l'édition 0.1.0{NBSP}; données{NBSP}: modifié{NBSP}: `s.csv`.")
    assert release.changelog_draft(base, None).startswith(
        f"Résumé{NBSP}: première édition, 3 valeurs citées.")
    assert release.changelog_draft(new, base, summary=False).startswith("### Quoted values")


@pytest.mark.parametrize("text, expected", [
    (f"## [Unreleased]\n\nRésumé{NBSP}: écrit à la main.\n\n## [0.1.0] — x\n", True),
    ("## [Unreleased]\n\n- notes\n\n## [0.1.0] — x\n\nRésumé : ancien.\n", False),
    ("## [0.2.0] — unreleased\n\nRésumé : écrit.\n", True),
    ("", False),
])
def test_an_author_s_summary_is_kept_and_not_drafted_twice(text, expected):
    assert release.has_summary(text, "0.2.0") is expected


def fake_render(seen):
    """Stands for `quarto render`: a site whose article says what the snapshot was then."""
    def render(root):
        site = root / "_manuscript"
        (site / "report").mkdir(parents=True, exist_ok=True)
        snap = root / editions.EDITIONS_DIR / f"{__version__}.json"
        seen.append(snap.is_file())
        (site / "report" / "index.html").write_text("<html><body>édition</body></html>",
                                                    encoding="utf-8")
        (site / "report" / "index.pdf").write_bytes(b"%PDF-1.7 synthetic")
        return site
    return render


def test_a_release_keeps_the_rendered_edition_with_its_digests(repo):
    seen = []
    (repo / ".gitignore").write_text("build/\n_manuscript/\ncache/editions/\n",
                                     encoding="utf-8")
    commit_all(repo)
    edition = release.release(repo, __version__, fake_build(VALUES), date="2026-12-01",
                              render=fake_render(seen))
    assert seen == [True]  # rendered with its snapshot in place: it labels itself an edition
    stored = repo / "cache" / "editions" / __version__ / "site" / "report" / "index.pdf"
    assert edition["artefacts"]["pdf"] == {
        "path": "report/index.pdf",
        "sha256": hashlib.sha256(b"%PDF-1.7 synthetic").hexdigest()}
    assert stored.read_bytes() == b"%PDF-1.7 synthetic"
    committed = json.loads(git(repo, "show", f"v{__version__}:report/editions/"
                               f"{__version__}.json"))
    assert committed["artefacts"] == edition["artefacts"]
    assert git(repo, "status", "--porcelain") == ""


def test_a_failed_render_releases_nothing(repo):
    def broken(root):
        raise OSError("quarto crashed")
    with pytest.raises(release.ReleaseError, match="rendering the edition failed"):
        release.release(repo, __version__, fake_build(VALUES), render=broken)
    assert not (repo / editions.EDITIONS_DIR / f"{__version__}.json").exists()
    assert git(repo, "tag", "--list") == ""


@pytest.mark.parametrize("before, heading_count", [
    ("# Changelog\n\n## [0.1.0] — 2026-01-01\n- old\n", 2),
    ("# Changelog\n\n## [Unreleased]\n- new\n\n## [0.1.0] — 2026-01-01\n- old\n", 2),
    ("# Changelog\n\n## [0.2.0] — unreleased\n- new\n\n## [0.1.0] — 2026-01-01\n- old\n", 2),
    ("", 1),
])
def test_changelog_gets_one_dated_section_for_the_version(before, heading_count):
    after = release.update_changelog(before, "0.2.0", "2026-02-03", "### Quoted values\n- x\n")
    headings = [line for line in after.splitlines() if line.startswith("## [")]
    assert headings[0] == "## [0.2.0] — 2026-02-03" and len(headings) == heading_count
    section = after.split("## [0.2.0] — 2026-02-03\n", 1)[1].split("## [0.1.0]")[0]
    assert section.rstrip().endswith("### Quoted values\n- x")
    assert ("- new" in section) == ("- new" in before)
    assert after.count("- old") == before.count("- old")


def test_dps_release_on_a_copy_of_the_built_project(paper_project, tmp_path):
    """The real command: the committed inputs are built (cached here) and checked, and the
    snapshot holds exactly the values of that build."""
    root = tmp_path / "project"
    shutil.copytree(paper_project, root, ignore=lambda folder, entries: {
        e for e in entries if Path(folder) == paper_project
        and e in {*NOT_COPIED, ".git", "paper.log"} - {"build"}})
    shutil.rmtree(root / editions.EDITIONS_DIR, ignore_errors=True)
    git(root, "init", "--quiet", "--initial-branch=main")
    commit_all(root)
    done = dps(root, "release", __version__, "--no-render", check=False)  # render: test below
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    snap = json.loads((root / editions.EDITIONS_DIR / f"{__version__}.json").read_text(
        encoding="utf-8"))
    built_values = json.loads((root / "build" / "values.json").read_text(encoding="utf-8"))
    assert snap["values"] == {k: editions.recorded(v) for k, v in built_values.items()}
    assert all("description" not in v for v in snap["values"].values())
    assert "data/survey/survey_results.csv" in snap["inputs"]
    assert git(root, "tag", "--list").split() == [f"v{__version__}"]
    appendix = (root / "build" / "changes.md").read_text(encoding="utf-8")
    assert appendix.startswith(f"Ce document est l'édition {__version__}, publiée le")
    again = dps(root, "release", __version__, "--no-render", check=False)
    assert again.returncode == 1 and "already exists" in again.stderr


def test_dps_release_refuses_a_paper_that_shows_an_unworded_item(paper_project, tmp_path):
    """The shipped survey with a proposal nobody worded builds (``dps check`` only warns),
    but is not published: the refusal names the file, the item and the fix."""
    root = tmp_path / "project"
    shutil.copytree(paper_project, root, ignore=lambda folder, entries: {
        e for e in entries if Path(folder) == paper_project
        and e in {*NOT_COPIED, ".git", "paper.log"} - {"build"}})
    shutil.rmtree(root / editions.EDITIONS_DIR, ignore_errors=True)
    shipped = root / "data" / "survey" / "survey_results.csv"
    rows = [line.replace(",teleconsultation,", ",online_appointments,")
            for line in shipped.read_text(encoding="utf-8").splitlines()
            if ",favourability,teleconsultation," in line]
    assert len(rows) == 3
    shipped.write_text(shipped.read_text(encoding="utf-8") + "\n".join(rows) + "\n",
                       encoding="utf-8")
    git(root, "init", "--quiet", "--initial-branch=main")
    commit_all(root)
    done = dps(root, "release", __version__, check=False)
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr[-2000:]
    refusal = next(line for line in done.stderr.splitlines() if "refused" in line)
    assert "data/survey/survey_results.csv: 1 question(s)/item(s) have no wording" in refusal
    assert "favourability/online_appointments" in refusal and "item_wording" in refusal
    assert not (root / editions.EDITIONS_DIR / f"{__version__}.json").exists()
    assert git(root, "tag", "--list") == ""
    checked = dps(root, "check", check=False)  # the same build only warns
    assert checked.returncode == 0 and "favourability/online_appointments" in checked.stderr


def test_git_missing_is_a_release_error(monkeypatch, tmp_path):
    def missing(*args, **kwargs):
        raise FileNotFoundError("git")
    monkeypatch.setattr(subprocess, "run", missing)
    with pytest.raises(release.ReleaseError, match="cannot run git"):
        release.git(tmp_path, "status")
