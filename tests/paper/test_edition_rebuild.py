"""Rebuilding an edition from the commit its snapshot records: the worktree gets the
snapshots recorded after that commit, the environment points at nothing of this checkout,
and edition 0.1.0 rebuilt from its commit quotes exactly what its snapshot recorded."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from digital_public_services.paper import edition_rebuild, edition_store, editions, quarto
from tests.conftest import PROJECT_ROOT, quarto_missing


def test_snapshots_recorded_after_the_commit_are_copied_in_not_overwritten(tmp_path,
                                                                          monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # not a checkout: as now
    root, tree = tmp_path / "root", tmp_path / "tree"
    found = []
    for version in ("0.1.0", "0.2.0", "0.3.0"):
        snap = editions.snapshot(version, "2026-12-02", "c0ffee", {}, {})
        found.append(snap)
        path = root / editions.EDITIONS_DIR / f"{version}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(editions.to_json(snap), encoding="utf-8")
    kept = tree / editions.EDITIONS_DIR / "0.1.0.json"
    kept.parent.mkdir(parents=True)
    kept.write_text("as committed then", encoding="utf-8")
    assert edition_rebuild.copy_snapshots(root, tree, found, "0.2.0") == ["0.2.0.json"]
    assert kept.read_text(encoding="utf-8") == "as committed then"
    assert not (tree / editions.EDITIONS_DIR / "0.3.0.json").exists()  # newer: not its own


def test_0_1_0_is_copied_in_as_released_and_its_amended_digests_are_of_those_texts():
    """The snapshot's later edits (``amended``) record the SHA-256 of the texts the release
    wrote; the release commit's file holds exactly those texts."""
    found = editions.load_editions(PROJECT_ROOT / editions.EDITIONS_DIR)
    current = editions.find(found, "0.1.0")
    released = json.loads(edition_rebuild.as_released(PROJECT_ROOT, "0.1.0.json"))
    if released == json.loads((PROJECT_ROOT / editions.EDITIONS_DIR / "0.1.0.json").read_text(
            encoding="utf-8")):
        pytest.skip("the release commit of 0.1.0 is not in this clone (shallow clone?)")
    amended = current["amended"]["texts"]
    assert amended and set(amended) < set(released["values"])
    for key, digest in amended.items():
        assert edition_store.text_digest(released["values"][key]["text"]) == digest, key
        assert released["values"][key]["text"] != current["values"][key]["text"]
    # Every other value is as released (descriptions aside).
    assert {k: editions.recorded(v) for k, v in released["values"].items()
            if k not in amended} == {k: v for k, v in current["values"].items()
                                     if k not in amended}


def test_the_environment_uses_the_edition_s_scripts_and_nothing_of_this_checkout(
        tmp_path, monkeypatch):
    monkeypatch.setenv("DPS_ROOT", "/somewhere/else")
    monkeypatch.setenv("PYTHONPATH", "/work/src")
    monkeypatch.setenv("DPS_RUN_ARGS", "--survey other.csv")
    env = edition_rebuild.environment(tmp_path / "venv", "/opt/quarto/bin/quarto")
    assert env["PATH"].split(":")[:2] == [str(tmp_path / "venv" / "bin"), "/opt/quarto/bin"]
    assert not {"DPS_ROOT", "PYTHONPATH", "DPS_RUN_ARGS"} & set(env)
    assert env["QUARTO_PYTHON"] == str(tmp_path / "venv" / "bin" / "python")


def test_a_commit_missing_from_the_clone_is_said_before_anything_is_made(tmp_path):
    edition = editions.snapshot("0.1.0", "2026-12-02", "0" * 40, {}, {})
    assert not edition_rebuild.commit_exists(PROJECT_ROOT, "0" * 40)
    with pytest.raises(edition_store.EditionError, match="is not in this clone"):
        edition_rebuild.rebuild(PROJECT_ROOT, edition, "quarto", [edition], into=tmp_path)
    assert not (tmp_path / "cache").exists()


@pytest.mark.quarto
def test_edition_0_1_0_rebuilt_from_its_commit_reproduces_its_snapshot(tmp_path):
    """The real thing, several minutes: worktree of the recorded commit, environment from
    its lock, `quarto render`; every quoted value and input checked, then stored."""
    executable = quarto.find()
    if executable is None:
        quarto_missing("no `quarto` executable on the PATH")
    if shutil.which("git") is None:
        pytest.skip("no git")
    found = editions.load_editions(PROJECT_ROOT / editions.EDITIONS_DIR)
    edition = editions.find(found, "0.1.0")
    if not edition_rebuild.commit_exists(PROJECT_ROOT, edition["commit"]):
        pytest.skip(f"commit {edition['commit']} of edition 0.1.0 is not in this clone "
                    "(shallow clone?)")
    before = worktrees()
    lines: list[str] = []
    manifest = edition_rebuild.rebuild(PROJECT_ROOT, edition, executable, found,
                                       say=lines.append, into=tmp_path)
    assert any("reproduce the snapshot exactly" in line for line in lines), lines
    assert manifest["commit"] == edition["commit"] and manifest["how"] == "rebuild"
    stored, why = edition_store.load(tmp_path, edition)
    assert stored == manifest, why
    site = edition_store.folder(tmp_path, "0.1.0") / edition_store.SITE
    for name in (edition_store.ARTICLE, edition_store.PDF, edition_store.DATA_PACKAGE):
        assert (site / name).is_file(), name
    assert worktrees() == before  # no worktree left behind in the repository


def worktrees() -> set[str]:
    """The repository's worktrees by path (others' may move their HEAD meanwhile)."""
    listing = subprocess.run(["git", "worktree", "list", "--porcelain"], cwd=PROJECT_ROOT,
                             capture_output=True, text=True, check=True).stdout
    return {line for line in listing.splitlines() if line.startswith("worktree ")}
