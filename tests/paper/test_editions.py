"""Edition snapshots: versions compared as numbers, the edition a build descends from, the
« Éditions » table."""

from __future__ import annotations

import json

import pytest

from digital_public_services import __version__
from digital_public_services.paper import editions
from digital_public_services.prose.typography import NBSP
from tests.conftest import PROJECT_ROOT


def write(folder, version, date="2026-01-02", quoted=None, inputs=None, **extra):
    folder.mkdir(parents=True, exist_ok=True)
    snap = editions.snapshot(version, date, "c0ffee", inputs or {}, quoted or {}) | extra
    (folder / f"{version}.json").write_text(editions.to_json(snap), encoding="utf-8")
    return snap


@pytest.mark.parametrize("text", ["1.0", "v1.0.0", "1.0.0-rc1", "01.0.0", "", "1.0.0 "])
def test_only_plain_semantic_versions_are_accepted(text):
    with pytest.raises(ValueError, match="X.Y.Z"):
        editions.parse_version(text)


def test_editions_are_ordered_as_numbers_not_as_text(tmp_path):
    for version in ("0.10.0", "0.9.1", "0.2.0"):
        write(tmp_path, version)
    assert [e["version"] for e in editions.load_editions(tmp_path)] == [
        "0.2.0", "0.9.1", "0.10.0"]


def test_no_folder_means_no_edition(tmp_path):
    assert editions.load_editions(tmp_path / "absent") == []


def test_base_edition_is_the_latest_at_most_the_version(tmp_path):
    for version in ("0.1.0", "0.2.0", "0.10.0"):
        write(tmp_path, version)
    found = editions.load_editions(tmp_path)
    assert editions.base_edition(found, "0.2.0")["version"] == "0.2.0"  # itself: no change
    assert editions.base_edition(found, "0.3.0")["version"] == "0.2.0"
    assert editions.base_edition(found, "0.0.9") is None
    assert editions.find(found, "0.3.0") is None


@pytest.mark.parametrize("change, message", [
    (lambda e: e.pop("values"), "lacks field"),
    (lambda e: e.update(version="0.2.0"), "file name says '0.1.0'"),
    (lambda e: e.update(date="2 janvier 2026"), "expected YYYY-MM-DD"),
    (lambda e: e.update(inputs=[]), "'inputs' must be an object"),
])
def test_a_malformed_edition_is_refused_with_its_file_named(tmp_path, change, message):
    snap = write(tmp_path, "0.1.0")
    change(snap)
    (tmp_path / "0.1.0.json").write_text(json.dumps(snap), encoding="utf-8")
    with pytest.raises(ValueError, match=message) as err:
        editions.load_editions(tmp_path)
    assert "0.1.0.json" in str(err.value)


def test_invalid_json_names_the_file_and_line(tmp_path):
    (tmp_path / "0.1.0.json").write_text('{"version": "0.1.0",\n oops}', encoding="utf-8")
    with pytest.raises(ValueError, match=r"0\.1\.0\.json: not valid JSON \(line 2"):
        editions.load_editions(tmp_path)


def test_data_summary_names_the_files_that_changed():
    old = {"data/a.csv": "1", "data/b.csv": "1", "data/gone.csv": "1"}
    new = {"data/a.csv": "2", "data/b.csv": "1", "/home/x/new_wave.xlsx": "1"}
    assert editions.data_summary(old, new) == (
        f"modifié{NBSP}: `a.csv`{NBSP}; ajouté{NBSP}: `new_wave.xlsx`{NBSP}; "
        f"retiré{NBSP}: `gone.csv`")
    assert editions.data_summary(old, old) == "aucun fichier de données modifié"
    many = {f"data/f{i}.csv": "2" for i in range(5)}
    assert editions.data_summary({k: "1" for k in many}, many).endswith("et 2 autres")


def test_history_counts_the_values_each_edition_moved(tmp_path):
    value = {"text": "1", "value": 1}
    write(tmp_path, "0.1.0", "2026-01-02", {"a.x": value, "a.y": value}, {"data/s.csv": "1"})
    write(tmp_path, "0.2.0", "2026-03-04", {"a.x": {"text": "2", "value": 2}, "a.z": value},
          {"data/s.csv": "2"})
    found = editions.load_editions(tmp_path)
    working = {"version": "0.3.0", "date": "unknown", "inputs": {"data/s.csv": "2"},
               "values": found[-1]["values"]}
    rows = editions.history(found, working)
    assert rows[0] == {"version": "0.1.0", "date": f"2{NBSP}janvier 2026",
                       "data": "première édition", "moved": "—"}
    assert rows[1]["moved"] == "1 (1 nouvelle, 1 retirée)"
    assert rows[1]["data"] == f"modifié{NBSP}: `s.csv`"
    assert rows[2] == {"version": "0.3.0 (version de travail)", "date": "inconnue",
                       "data": "aucun fichier de données modifié", "moved": "0"}
    table = editions.history_markdown(rows).splitlines()
    assert table[0].startswith("| Version | Date |") and len(table) == 5


def test_the_shipped_editions_are_valid_and_the_current_version_is_not_older():
    """Every committed snapshot loads; none is newer than the package's version."""
    found = editions.load_editions(PROJECT_ROOT / editions.EDITIONS_DIR)
    current = editions.parse_version(__version__)
    assert all(editions.parse_version(e["version"]) <= current for e in found)
    for edition in found:
        assert edition["values"] and edition["inputs"], edition["version"]
        assert all(name.startswith("data/") for name in edition["inputs"]), edition["version"]
