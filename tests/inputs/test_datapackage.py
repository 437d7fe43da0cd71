"""The data package validates, and every class of bad input is refused with a clear message."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from digital_public_services import cli
from digital_public_services.errors import DataError
from digital_public_services.inputs.datapackage import (
    BASIS_VOCABULARY,
    load_table,
    package_descriptor,
    resource_path,
    table_schema,
    validate_package,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
SURVEY = DATA / "survey" / "survey_results.csv"


def test_every_resource_validates_and_is_described() -> None:
    counts = validate_package(DATA)
    descriptor = package_descriptor(DATA)
    for res in descriptor["resources"]:
        assert res.get("description"), f"{res['name']} has no description"
        assert res.get("sources"), f"{res['name']} has no source"
        if "schema" in res:
            assert counts[res["name"]] > 0


def test_every_table_row_points_to_a_known_source() -> None:
    known = set(load_table("sources", package_dir=DATA)["source_id"])
    for res in package_descriptor(DATA)["resources"]:
        if "schema" not in res:
            continue
        fields = {f["name"] for f in table_schema(res["name"], DATA)["fields"]}
        if "source_id" in fields and res["name"] != "sources":
            frame = load_table(res["name"], package_dir=DATA)
            assert set(frame["source_id"].dropna()) <= known, res["name"]
            assert frame["source_section"].notna().all(), res["name"]


def test_loader_types_follow_the_schema() -> None:
    frame = load_table("survey_results", package_dir=DATA)
    assert frame["pct"].dtype == "float64"
    assert str(frame["max_answers"].dtype) == "Int64"
    assert str(frame["population"].dtype) == "string"
    design = load_table("survey_design", package_dir=DATA)
    assert pd.api.types.is_datetime64_any_dtype(design["fieldwork_start"])
    items = load_table("survey_items", package_dir=DATA)
    assert str(items["theme_basis"].dtype) == "string"


def _basis_fields() -> list[tuple[str, dict]]:
    return [(res["name"], field) for res in package_descriptor(DATA)["resources"]
            if "schema" in res for field in table_schema(res["name"], DATA)["fields"]
            if field["name"] == "basis" or field["name"].endswith("_basis")]


def test_every_basis_field_uses_the_one_vocabulary() -> None:
    fields = _basis_fields()
    assert len(fields) >= 7  # excerpts (2), survey items (2), lever links, timeline, funding
    for resource, field in fields:
        assert field["type"] == "string", (resource, field["name"])
        assert tuple(field["constraints"]["enum"]) == BASIS_VOCABULARY, (resource, field["name"])
        assert set(load_table(resource, package_dir=DATA)[field["name"]].dropna()) <= set(
            BASIS_VOCABULARY)
    names = [f["name"] for res in package_descriptor(DATA)["resources"] if "schema" in res
             for f in table_schema(res["name"], DATA)["fields"]]
    assert not [n for n in names if n.endswith("_inferred")]  # booleans became *_basis


def test_a_basis_outside_the_vocabulary_is_refused(tmp_path: Path) -> None:
    text = resource_path("lever_links", DATA).read_text(encoding="utf-8")
    path = _write(tmp_path, _edit_cell(text, 3, "basis", "analysis"), "lever_links.csv")
    err = _refused(path, "lever_links")
    assert (err.first.line, err.first.field, err.first.value) == (3, "basis", "analysis")


# --- bad input: one test per class, each message names file, line and field ------------------


def _write(tmp_path: Path, text: str, name: str = "survey_results.csv",
           encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _survey_text() -> str:
    return SURVEY.read_text(encoding="utf-8")


def _edit_cell(text: str, line: int, field: str, value: str) -> str:
    """``text`` with one cell replaced; ``line`` counts the header as line 1."""
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    frame.loc[line - 2, field] = value
    return frame.to_csv(index=False, lineterminator="\n")


def _refused(path: Path, resource: str = "survey_results") -> DataError:
    with pytest.raises(DataError) as info:
        load_table(resource, path, package_dir=DATA)
    return info.value


def test_missing_file(tmp_path: Path) -> None:
    err = _refused(tmp_path / "absent.csv")
    assert "absent.csv" in str(err) and "file not found" in str(err)


def test_missing_column(tmp_path: Path) -> None:
    frame = pd.read_csv(SURVEY, dtype=str, keep_default_na=False).drop(columns=["base"])
    err = _refused(_write(tmp_path, frame.to_csv(index=False)))
    assert err.first.line == 1
    assert "base" in str(err)


def test_unexpected_column(tmp_path: Path) -> None:
    frame = pd.read_csv(SURVEY, dtype=str, keep_default_na=False).assign(extra="x")
    err = _refused(_write(tmp_path, frame.to_csv(index=False)))
    assert err.first.line == 1
    assert "extra" in str(err)


def test_wrong_type(tmp_path: Path) -> None:
    err = _refused(_write(tmp_path, _edit_cell(_survey_text(), 5, "pct", "beaucoup")))
    assert (err.first.line, err.first.field, err.first.value) == (5, "pct", "beaucoup")
    assert "survey_results.csv, line 5, field 'pct'" in str(err)


def test_value_out_of_range(tmp_path: Path) -> None:
    err = _refused(_write(tmp_path, _edit_cell(_survey_text(), 7, "pct", "104")))
    assert (err.first.line, err.first.field, err.first.value) == (7, "pct", "104")
    assert "maximum" in str(err)


def test_duplicate_key(tmp_path: Path) -> None:
    lines = _survey_text().splitlines()
    err = _refused(_write(tmp_path, "\n".join([*lines, lines[3]]) + "\n"))
    assert err.first.line == len(lines) + 1
    assert "primary key" in str(err)


def test_unknown_population(tmp_path: Path) -> None:
    err = _refused(_write(tmp_path, _edit_cell(_survey_text(), 4, "population", "regions")))
    assert (err.first.line, err.first.field, err.first.value) == (4, "population", "regions")
    assert "grand_public" in err.first.expected


def test_unknown_theme_code(tmp_path: Path) -> None:
    source = resource_path("excerpt_codes", DATA)
    text = _edit_cell(source.read_text(encoding="utf-8"), 2, "code", "limits.imaginary")
    err = _refused(_write(tmp_path, text, "excerpt_codes.csv"), "excerpt_codes")
    assert (err.first.line, err.first.field, err.first.value) == (2, "code", "limits.imaginary")


def test_not_utf8(tmp_path: Path) -> None:
    err = _refused(_write(tmp_path, _survey_text(), encoding="cp1252"))
    assert "not UTF-8" in str(err)
    assert err.first.line is not None and err.first.line > 1


def test_semicolon_export_is_refused_with_the_fix(tmp_path: Path) -> None:
    frame = pd.read_csv(SURVEY, dtype=str, keep_default_na=False)
    err = _refused(_write(tmp_path, frame.to_csv(index=False, sep=";")))
    assert err.first.line == 1
    assert "semicolon" in str(err) and "--survey" in str(err)


def test_byte_order_mark_is_read_correctly(tmp_path: Path) -> None:
    path = _write(tmp_path, "\ufeff" + _survey_text())
    frame = load_table("survey_results", path, package_dir=DATA)
    assert list(frame.columns)[0] == "wave"
    assert len(frame) == len(load_table("survey_results", package_dir=DATA))


def test_validate_command_exits_non_zero_and_writes_nothing(tmp_path: Path, capsys) -> None:
    bad = _write(tmp_path, _edit_cell(_survey_text(), 3, "base", "0"))
    before = sorted(p.name for p in tmp_path.iterdir())
    assert cli.main(["validate", str(bad), "--resource", "survey_results"]) == 1
    err = capsys.readouterr().err
    assert "line 3" in err and "field 'base'" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_validate_command_summarises_the_package(capsys) -> None:
    assert cli.main(["validate", str(DATA)]) == 0
    out = capsys.readouterr().out
    assert "survey_results" in out and "codebook" in out


def test_schemas_are_valid_json_with_primary_keys() -> None:
    for res in package_descriptor(DATA)["resources"]:
        if "schema" in res:
            schema = json.loads((DATA / res["schema"]).read_text(encoding="utf-8"))
            assert schema.get("primaryKey"), f"{res['name']} has no primary key"


# --- each content is checked by frictionless once per process ---------------------------------


def test_each_table_is_checked_by_frictionless_once(monkeypatch, frictionless_calls) -> None:
    """Foreign keys load the tables they point to: without the memo, validating the package
    ran frictionless 62 times for 19 tables (about a second)."""
    from digital_public_services.inputs import checked_tables

    monkeypatch.delenv(checked_tables.ENV, raising=False)
    counts = validate_package(DATA)
    assert sorted(frictionless_calls) == sorted(
        Path(resource_path(name, DATA)).name for name in counts)
    validate_package(DATA)
    assert len(frictionless_calls) == len(counts)


def test_an_edited_file_is_checked_again(tmp_path: Path) -> None:
    path = _write(tmp_path, _survey_text())
    assert len(load_table("survey_results", path, package_dir=DATA)) > 0
    _write(tmp_path, _edit_cell(_survey_text(), 7, "pct", "104"))
    assert _refused(path).first.field == "pct"
    _write(tmp_path, _survey_text())
    assert len(load_table("survey_results", path, package_dir=DATA)) > 0


def test_each_call_gets_its_own_frame() -> None:
    first = load_table("survey_results", package_dir=DATA)
    first.loc[0, "pct"] = -1.0
    assert load_table("survey_results", package_dir=DATA).loc[0, "pct"] != -1.0


def test_foreign_keys_are_checked_against_the_files_as_they_are_now(tmp_path: Path) -> None:
    """A table whose bytes did not change is still refused when the table it points to lost
    the row it refers to."""
    shutil.copytree(DATA, tmp_path / "data")
    package = tmp_path / "data"
    assert len(load_table("excerpt_codes", package_dir=package)) > 0
    excerpts = resource_path("excerpts", package)
    header, first, *rest = excerpts.read_text(encoding="utf-8").splitlines(keepends=True)
    assert first.startswith("pp7_01,")
    excerpts.write_text(header + "".join(rest), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_table("excerpt_codes", package_dir=package)
    assert (info.value.first.line, info.value.first.field, info.value.first.value) == (
        2, "excerpt_id", "pp7_01")
