"""The store of rendered editions: a rebuild is kept only when it quotes exactly what the
snapshot recorded; stored files are checked by their SHA-256."""

from __future__ import annotations

import hashlib

import pytest

from digital_public_services.paper import edition_store, editions

VALUES = {"survey.share": {"value": 58, "text": "58 %", "low": 50, "high": 65, "unit": "%"},
          "survey.item": {"value": "teleconsultation", "text": "« Développer la "
                          "téléconsultation »", "low": None, "high": None, "unit": ""}}


def snapshot(**extra):
    return editions.snapshot("0.1.0", "2026-12-02", "c0ffee", {"data/a.csv": "1"},
                             VALUES) | extra


def built(**changes):
    """What a rebuild quotes: the same values with their (current) descriptions."""
    return {key: {**entry, "description": "prose", **changes.get(key, {})}
            for key, entry in VALUES.items()}


def test_an_exact_rebuild_has_no_problem():
    assert edition_store.value_problems(snapshot(), built()) == []


@pytest.mark.parametrize("changes, expected", [
    ({"survey.share": {"value": 58.0000001}}, "survey.share: value differ(s)"),
    ({"survey.share": {"text": "58 % (n = 325)"}}, "survey.share: text differ(s)"),
    ({"survey.share": {"high": 66}}, "survey.share: high differ(s)"),
])
def test_any_difference_is_named_by_key_and_field(changes, expected):
    assert edition_store.value_problems(snapshot(), built(**changes)) == [
        f"{expected} from the snapshot"]


def test_missing_and_extra_values_are_problems():
    quoted = built()
    del quoted["survey.item"]
    quoted["survey.new"] = {"value": 1, "text": "1"}
    assert edition_store.value_problems(snapshot(), quoted) == [
        "survey.item: in the snapshot, not quoted by the rebuild",
        "survey.new: quoted by the rebuild, absent from the snapshot"]


def test_a_text_amended_after_release_is_checked_by_its_digest():
    """The snapshot says « la téléconsultation » now; the release quoted the wording, whose
    SHA-256 it keeps: the rebuild must quote that wording, and only that."""
    released = VALUES["survey.item"]["text"]
    snap = snapshot(amended={"commit": "b0b", "texts": {
        "survey.item": hashlib.sha256(released.encode()).hexdigest()}})
    snap["values"]["survey.item"]["text"] = "la téléconsultation"
    assert edition_store.value_problems(snap, built()) == []
    other = built(**{"survey.item": {"text": "la téléconsultation"}})
    assert edition_store.value_problems(snap, other) == [
        "survey.item: text differs from the one the release quoted (SHA-256 recorded under "
        "'amended')"]
    moved = built(**{"survey.item": {"value": "other"}})
    assert edition_store.value_problems(snap, moved) == [
        "survey.item: value differ(s) from the snapshot"]


def test_input_problems_name_the_files():
    assert edition_store.input_problems(snapshot(), {"data/a.csv": "2"}) == [
        "input data/a.csv: modified"]
    assert edition_store.input_problems(snapshot(), {"data/a.csv": "1"}) == []


def site(folder):
    for name, content in (("report/index.html", "<html></html>"), ("report/index.pdf", "%PDF"),
                          ("build/data-package.zip", "PK"), ("editions/index.html", "list")):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return folder


def test_store_keeps_the_site_without_nested_editions_and_load_checks_it(tmp_path):
    root = tmp_path / "project"
    manifest = edition_store.store(root, "0.1.0", site(tmp_path / "site"), "rebuild", "c0ffee")
    assert sorted(manifest["files"]) == ["build/data-package.zip", "report/index.html",
                                         "report/index.pdf"]
    assert manifest["files"]["report/index.pdf"] == hashlib.sha256(b"%PDF").hexdigest()
    assert edition_store.artefacts(manifest)["data_package"]["path"] == "build/data-package.zip"
    loaded, why = edition_store.load(root, snapshot())
    assert loaded == manifest and why == ""
    assert not edition_store.is_released_copy(snapshot(), manifest)
    assert edition_store.is_released_copy(
        snapshot(artefacts=edition_store.artefacts(manifest)), manifest)
    stored = edition_store.folder(root, "0.1.0") / "site" / "report" / "index.pdf"
    stored.write_text("%PDF altered", encoding="utf-8")
    loaded, why = edition_store.load(root, snapshot())
    assert loaded is None and "differs from its manifest" in why


def test_an_edition_never_stored_says_how_to_build_it(tmp_path):
    assert edition_store.load(tmp_path, snapshot()) == (
        None, "not stored: run `dps editions build 0.1.0`")


def test_a_site_without_its_pdf_is_not_stored(tmp_path):
    folder = site(tmp_path / "site")
    (folder / "report" / "index.pdf").unlink()
    with pytest.raises(edition_store.EditionError, match="no report/index.pdf"):
        edition_store.store(tmp_path / "project", "0.1.0", folder, "release", "c0ffee")
