"""Provenance: the git state, a reproducible build date, and the French appendix."""

from __future__ import annotations

import hashlib
import subprocess
import time

import pytest

from digital_public_services.build import cache
from digital_public_services.paper import provenance
from digital_public_services.prose.typography import NBSP

COMMIT_EPOCH = 1_700_000_000  # 2023-11-14 UTC


@pytest.fixture
def git_env(monkeypatch, tmp_path):
    """Git with a fixed identity and date, no user configuration, never above tmp_path."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "Synthetic Tester")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "synthetic@example.org")
        monkeypatch.setenv(f"GIT_{who}_DATE", f"@{COMMIT_EPOCH} +0000")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def git(root, *args):
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture
def repo(tmp_path, git_env):
    root = tmp_path / "synthetic_repo"
    root.mkdir()
    git(root, "init", "-q")
    (root / "tracked.txt").write_text("one\n", encoding="utf-8")
    git(root, "add", "tracked.txt")
    git(root, "commit", "-q", "-m", "synthetic commit")
    return root


def test_git_state_of_a_clean_checkout(repo):
    state = provenance.git_state(repo)
    assert state["commit"] == git(repo, "rev-parse", "HEAD")
    assert state["clean"] is True
    assert state["commit_epoch"] == COMMIT_EPOCH


def test_untracked_files_leave_the_checkout_clean(repo):
    (repo / "untracked.txt").write_text("new\n", encoding="utf-8")
    assert provenance.git_state(repo)["clean"] is True


def test_a_modified_tracked_file_makes_the_checkout_dirty(repo):
    (repo / "tracked.txt").write_text("two\n", encoding="utf-8")
    state = provenance.git_state(repo)
    assert state["clean"] is False
    assert state["commit"] == git(repo, "rev-parse", "HEAD")


def test_git_state_outside_a_checkout_is_unknown(tmp_path, git_env):
    plain = tmp_path / "plain"
    plain.mkdir()
    state = provenance.git_state(plain)
    assert state["clean"] is None
    assert state["commit_epoch"] is None
    assert "unknown" in state["commit"]


@pytest.fixture
def far_east_local_time(monkeypatch):
    """Local time 14 hours ahead of UTC, so a local-time date would differ."""
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_build_date_is_the_commit_date_in_utc(monkeypatch, far_east_local_time):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert provenance.build_date({"commit_epoch": COMMIT_EPOCH}) == "2023-11-14"
    late_evening_utc = 1_699_920_000 + 23 * 3600 + 30 * 60  # 2023-11-14 23:30 UTC
    assert provenance.build_date({"commit_epoch": late_evening_utc}) == "2023-11-14"


def test_source_date_epoch_wins_over_the_commit_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert provenance.build_date({"commit_epoch": COMMIT_EPOCH}) == "1970-01-01"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert provenance.build_date({"commit_epoch": None}) == "1970-01-02"


def test_build_date_without_any_date_is_unknown(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert provenance.build_date({"commit_epoch": None}) == "unknown"


def test_collect_gathers_parameters_without_output_dir_and_sorted_inputs(repo):
    build = repo / "build"
    cache.Manifest(build / "cache" / "02_b.json").save({
        "parameters": {"level": 0.9, "output_dir": "build/outputs/02_b"},
        "inputs": {"data/z_synthetic.csv": "z" * 64}})
    cache.Manifest(build / "cache" / "01_a.json").save({
        "parameters": {"output_dir": "build/outputs/01_a"},
        "inputs": {"data/a_synthetic.csv": "a" * 64}})
    prov = provenance.collect(repo, ["01_a", "02_b", "03_never_run"], build)
    assert prov["parameters"] == {"01_a": {}, "02_b": {"level": 0.9}, "03_never_run": {}}
    assert list(prov["inputs"]) == ["data/a_synthetic.csv", "data/z_synthetic.csv"]
    assert prov["commit"] == git(repo, "rev-parse", "HEAD")
    assert prov["date"] == "2023-11-14"


def synthetic_provenance(clean=True):
    return {
        "version": "0.0.synthetic", "commit": "c0ffee" * 6, "clean": clean,
        "date": "2023-11-14", "python": "3.11.0",
        "parameters": {"01_a": {}, "02_b": {"level": 0.9, "survey": "data/s.csv"}},
        "inputs": {"data/a_synthetic.csv": "a" * 64, "data/b_synthetic.csv": "b" * 64},
    }


def test_markdown_lists_every_input_with_its_digest():
    prov = synthetic_provenance()
    text = provenance.to_markdown(prov)
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert len(rows) == len(prov["inputs"])
    for name, digest in prov["inputs"].items():
        assert f"| `{name}` | `{digest}` |" in rows
    assert "SHA-256" in text


def test_markdown_shows_version_commit_state_and_parameters():
    text = provenance.to_markdown(synthetic_provenance(clean=False))
    assert "0.0.synthetic" in text and "c0ffee" * 6 in text and "2023-11-14" in text
    assert "modifié" in text
    assert "`level` = `0.9`" in text and '`survey` = `"data/s.csv"`' in text
    assert "propre" in provenance.to_markdown(synthetic_provenance(clean=True))
    assert "inconnu" in provenance.to_markdown(synthetic_provenance(clean=None))


def test_markdown_puts_a_no_break_space_before_every_colon():
    text = provenance.to_markdown(synthetic_provenance())
    assert " :" not in text
    assert text.count(f"{NBSP}:") >= 5


def test_survey_files_main_first_with_the_digest_the_cache_recorded(tmp_path):
    (tmp_path / "data").mkdir()
    baseline = tmp_path / "data" / "synthetic_baseline.csv"
    baseline.write_text("a\n", encoding="utf-8")
    outside = tmp_path.parent / "synthetic_new_wave.csv"
    parameters = {"03_survey": {"survey": str(outside), "baseline_survey":
                                "data/synthetic_baseline.csv"},
                  "04_levers": {"survey": str(outside)}}
    files = provenance.survey_files(tmp_path, parameters, {str(outside.resolve()): "abc"})
    assert files == [
        {"path": str(outside.resolve()), "name": "synthetic_new_wave.csv", "sha256": "abc"},
        {"path": "data/synthetic_baseline.csv", "name": "synthetic_baseline.csv",
         "sha256": hashlib.sha256(b"a\n").hexdigest()}]
    sentence = provenance.survey_sentence(files)
    assert sentence.startswith("Les résultats d'enquête de ce document sont lus dans le "
                               "fichier `synthetic_new_wave.csv` (empreinte SHA-256\u00a0: "
                               "`abc`)\u00a0; les vagues absentes de ce fichier sont reprises "
                               "de `synthetic_baseline.csv`")
    assert "Fichier d'enquête\u00a0: `data/synthetic_baseline.csv`\\\n  SHA-256\u00a0: `" in \
        provenance.to_markdown({"version": "0", "commit": "c", "clean": True, "date": "d",
                                "python": "3", "parameters": {}, "inputs": {},
                                "survey_files": files})


def test_one_survey_file_is_one_clause():
    files = [{"path": "data/s.csv", "name": "s.csv", "sha256": "abc"}]
    assert provenance.survey_sentence(files) == (
        "Les résultats d'enquête de ce document sont lus dans le fichier `s.csv` "
        "(empreinte SHA-256\u00a0: `abc`).")


def test_a_file_name_is_code_whatever_it_holds():
    """A user's file may be named with markup and backticks: it stays one code span."""
    from markdown_it import MarkdownIt

    name = "synthetic_<img src=x onerror=alert(1)>_`x`.csv"
    files = [{"path": f"incoming/{name}", "name": name, "sha256": "abc"}]
    sentence = provenance.survey_sentence(files)
    assert f"fichier ``{name}`` (empreinte" in sentence
    rendered = MarkdownIt("commonmark", {"html": True}).renderInline(sentence)
    assert "<img" not in rendered and "&lt;img src=x" in rendered
    text = provenance.to_markdown({"version": "0", "commit": "c", "clean": True, "date": "d",
                                   "python": "3", "parameters": {"03_survey": {"survey": name}},
                                   "inputs": {f"a|{name}": "abc"}, "survey_files": files})
    assert f"| ``a\\|{name}`` | `abc` |" in text  # one cell: the pipe escaped
    assert "<img" not in MarkdownIt("commonmark", {"html": True}).enable("table").render(text)


def test_the_appendix_gives_the_version_the_paper_shows():
    """A working version says « 0.1.0+abc1234 », as its title block, not the edition's number."""
    prov = synthetic_provenance()
    assert f"Version du document{NBSP}: 0.1.0+abc1234" in provenance.to_markdown(
        prov, "0.1.0+abc1234")
    assert f"Version du document{NBSP}: {prov['version']}\n" in provenance.to_markdown(prov)
