"""The execution cache: digests follow content and names; a manifest goes stale on change."""

from __future__ import annotations

import pytest

from digital_public_services.build import cache


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "synthetic_inputs"
    (root / "sub").mkdir(parents=True)
    (root / "a.csv").write_text("x\n1\n", encoding="utf-8")
    (root / "sub" / "b.csv").write_text("y\n2\n", encoding="utf-8")
    return root


def test_file_digest_changes_with_content_only(tmp_path):
    one, two = tmp_path / "synthetic_1.csv", tmp_path / "synthetic_2.csv"
    one.write_bytes(b"a,b\n1,2\n")
    two.write_bytes(b"a,b\n1,2\n")
    assert cache.file_digest(one) == cache.file_digest(two)
    assert len(cache.file_digest(one)) == 64
    two.write_bytes(b"a,b\n1,3\n")
    assert cache.file_digest(one) != cache.file_digest(two)


def test_folder_digest_changes_with_a_file_content(folder):
    before = cache.file_digest(folder)
    (folder / "sub" / "b.csv").write_text("y\n3\n", encoding="utf-8")
    assert cache.file_digest(folder) != before


def test_folder_digest_changes_with_a_file_name(folder):
    before = cache.file_digest(folder)
    (folder / "a.csv").rename(folder / "renamed.csv")
    assert cache.file_digest(folder) != before


def test_folder_digest_changes_when_a_file_is_added(folder):
    before = cache.file_digest(folder)
    (folder / "extra.csv").write_text("", encoding="utf-8")
    assert cache.file_digest(folder) != before


def test_folder_digest_depends_on_relative_names_not_location(folder, tmp_path):
    copy = tmp_path / "elsewhere" / "synthetic_copy"
    (copy / "sub").mkdir(parents=True)
    (copy / "a.csv").write_bytes((folder / "a.csv").read_bytes())
    (copy / "sub" / "b.csv").write_bytes((folder / "sub" / "b.csv").read_bytes())
    assert cache.file_digest(copy) == cache.file_digest(folder)


def test_params_digest_ignores_key_order():
    a = {"survey": "data/synthetic.csv", "level": 0.9, "nested": {"x": 1, "y": 2}}
    b = {"nested": {"y": 2, "x": 1}, "level": 0.9, "survey": "data/synthetic.csv"}
    assert cache.params_digest(a) == cache.params_digest(b)
    assert cache.params_digest(a) != cache.params_digest({**a, "level": 0.95})


def test_code_digest_follows_python_files_only(tmp_path):
    package = tmp_path / "synthetic_pkg"
    package.mkdir()
    (package / "mod.py").write_text("X = 1\n", encoding="utf-8")
    before = cache.code_digest(package)
    (package / "notes.txt").write_text("not code", encoding="utf-8")
    assert cache.code_digest(package) == before
    (package / "mod.py").write_text("X = 2\n", encoding="utf-8")
    assert cache.code_digest(package) != before


def test_input_digests_are_relative_and_mark_vanished_files(folder):
    root = folder.parent
    gone = folder / "gone.csv"
    digests = cache.input_digests([folder / "a.csv", gone], root)
    assert digests == {"synthetic_inputs/a.csv": cache.file_digest(folder / "a.csv"),
                       "synthetic_inputs/gone.csv": "missing"}


def _saved_manifest(folder):
    root = folder.parent
    key = {"source": "synthetic-notebook-digest", "params": cache.params_digest({"n": 1})}
    manifest = cache.Manifest(root / "build" / "cache" / "synthetic.json")
    manifest.save({"key": key, "inputs": cache.input_digests([folder / "a.csv", folder], root)})
    return manifest, key, root


def test_manifest_has_no_problem_when_nothing_changed(folder):
    manifest, key, root = _saved_manifest(folder)
    assert manifest.input_problems(key, root) == []
    assert not list(manifest.path.parent.glob("*.tmp"))


def test_manifest_is_stale_when_the_key_changes(folder):
    manifest, key, root = _saved_manifest(folder)
    assert manifest.input_problems({**key, "params": cache.params_digest({"n": 2})}, root) == [
        "its cache key changed"]
    assert manifest.input_problems({**key, "code": "another"}, root) == [
        "the package's code changed"]


def test_manifest_is_stale_when_an_input_changes(folder):
    manifest, key, root = _saved_manifest(folder)
    (folder / "a.csv").write_text("x\n2\n", encoding="utf-8")
    assert [p for p in manifest.input_problems(key, root) if "a.csv" in p] == [
        f"input {cache.relative(folder / 'a.csv', root)} changed"]


def test_manifest_is_stale_when_a_file_inside_an_input_folder_changes(folder):
    manifest, key, root = _saved_manifest(folder)
    (folder / "sub" / "b.csv").write_text("y\n9\n", encoding="utf-8")
    assert manifest.input_problems(key, root)


def test_manifest_is_stale_when_an_input_vanishes(folder):
    manifest, key, root = _saved_manifest(folder)
    (folder / "a.csv").unlink()
    assert any(p.endswith("a.csv is missing") for p in manifest.input_problems(key, root))


def test_missing_or_corrupt_manifest_is_never_fresh(folder):
    manifest, key, root = _saved_manifest(folder)
    manifest.path.write_text("{not json", encoding="utf-8")
    assert manifest.load() is None
    assert manifest.input_problems(key, root)[0].startswith("no cache entry")
    assert cache.Manifest(root / "absent.json").input_problems(key, root)[0].startswith(
        "no cache entry")


def test_output_problems_name_missing_altered_and_foreign_files(tmp_path):
    kept, changed, resized, gone, foreign = (tmp_path / n for n in
                                             ("kept", "changed", "resized", "gone", "foreign"))
    for path in (kept, changed, resized, gone):
        path.write_bytes(b"abc")
    recorded = cache.output_records({p.name: p for p in (kept, changed, resized, gone)})
    assert recorded["kept"] == {"sha256": cache.file_digest(kept), "size": 3}
    changed.write_bytes(b"abd")
    resized.write_bytes(b"abcdef")
    foreign.write_bytes(b"x")
    actual = {p.name: p for p in (kept, changed, resized, foreign)}
    assert cache.output_problems(recorded, actual) == [
        "changed differs from what its run wrote (same size, another SHA-256)",
        "gone is missing",
        "resized differs from what its run wrote (6 bytes instead of 3)",
        "foreign was not written by its run",
    ]
    assert cache.output_problems(recorded, {}) == [f"{n} is missing" for n in sorted(recorded)]


def test_manifest_says_which_part_of_the_key_changed(folder):
    manifest, key, root = _saved_manifest(folder)
    full = {"notebook": "n", "parameters": "p", "code": "c", "environment": "e"}
    manifest.save({"key": full, "inputs": {}})
    assert manifest.input_problems({**full, "code": "c2"}, root) == [
        "the package's code changed"]
    assert manifest.input_problems({**full, "other": "x"}, root) == ["its cache key changed"]
    (folder / "a.csv").unlink()
    manifest.save({"key": full, "inputs": cache.input_digests([folder / "a.csv"], root)})
    assert manifest.input_problems(full, root) == []
