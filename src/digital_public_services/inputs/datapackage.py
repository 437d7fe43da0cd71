"""Validate tables against the Data Package's own Table Schemas and load them typed.

The schemas in ``data/schemas/`` are the single description of every table: frictionless
checks types, constraints and keys; this module adds the checks frictionless leaves implicit
(encoding, delimiter, foreign keys against other files) and turns every finding into a
:class:`errors.Problem` that names file, line, field and value.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import pandas as pd
from frictionless import Dialect, Resource, Schema
from frictionless.formats import CsvControl

from ..errors import DataError, Problem
from ..paths import data_dir
from . import checked_tables, jsonschema_import
from .textfiles import decode_utf8
from .tracking import record_read

BOM = b"\xef\xbb\xbf"
# How a value was read from its source, in every ``*_basis`` field of every table: the source
# says it (stated), the project read it from the context (inferred), or it was computed or
# carried over mechanically from stated values (derived). Each schema repeats it as an enum.
BASIS_VOCABULARY = ("stated", "inferred", "derived")


@lru_cache(maxsize=8)
def _descriptor(package_dir: Path) -> dict:
    path = package_dir / "datapackage.json"
    record_read(path)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DataError(Problem(path, "data package descriptor not found")) from exc
    except json.JSONDecodeError as exc:
        raise DataError(
            Problem(path, f"not valid JSON: {exc.msg}", line=exc.lineno, expected="JSON")
        ) from exc


def package_descriptor(package_dir: Path | None = None) -> dict:
    """The parsed ``datapackage.json`` (cached per folder)."""
    return _descriptor((package_dir or data_dir()).resolve())


def resource_names(package_dir: Path | None = None) -> list[str]:
    return [r["name"] for r in package_descriptor(package_dir)["resources"]]


def resource_descriptor(name: str, package_dir: Path | None = None) -> dict:
    for res in package_descriptor(package_dir)["resources"]:
        if res["name"] == name:
            return res
    known = ", ".join(resource_names(package_dir))
    raise KeyError(f"unknown resource '{name}'; the data package has: {known}")


def resource_path(name: str, package_dir: Path | None = None) -> Path:
    folder = (package_dir or data_dir()).resolve()
    return folder / resource_descriptor(name, folder)["path"]


def table_schema(name: str, package_dir: Path | None = None) -> dict:
    """The Table Schema of a tabular resource, as a dict (inline or from its own file)."""
    folder = (package_dir or data_dir()).resolve()
    schema = resource_descriptor(name, folder).get("schema")
    if schema is None:
        raise KeyError(f"resource '{name}' is not tabular (no schema)")
    if isinstance(schema, str):
        schema_path = folder / schema
        if not schema_path.is_file():
            raise DataError(Problem(schema_path, f"schema of resource '{name}' not found"))
        record_read(schema_path)
        return json.loads(schema_path.read_text(encoding="utf-8"))
    return schema


def check_text_file(path: Path) -> bytes:
    """Refuse what frictionless would misread; return the file's bytes.

    A French spreadsheet export (semicolons, decimal commas) parsed as comma-separated would
    give one wide column or shifted numbers, so it is refused with the way to fix it.
    """
    if not path.is_file():
        raise DataError(Problem(path, "file not found", expected="an existing CSV file"))
    record_read(path)
    raw = path.read_bytes()
    text = decode_utf8(raw, path, "re-save the file as « CSV UTF-8 »")
    header = text.splitlines()[0] if text else ""
    if not header:
        raise DataError(Problem(path, "file is empty", line=1, expected="a header row"))
    if header.count(";") > header.count(","):
        raise DataError(
            Problem(
                path,
                "semicolon-separated file (a French spreadsheet export?)",
                line=1,
                value=header[:80],
                expected=(
                    "comma-separated values with decimal points; re-export as CSV with "
                    "commas, or give survey data through `dps run --survey FILE`, which "
                    "reads French exports"
                ),
            )
        )
    return raw


def _problems_from_report(path: Path, report) -> list[Problem]:
    problems = []
    for err in report.flatten(["rowNumber", "fieldName", "cell", "type", "note", "message"]):
        line, field, cell, kind, note, message = err
        if kind in {"missing-label", "extra-label", "blank-label", "duplicate-label",
                    "incorrect-label"}:
            problems.append(Problem(path, message, line=1, field=field or None,
                                    expected="the columns of the table's schema"))
        elif field:
            problems.append(Problem(path, f"{kind}: {note}", line=line, field=field,
                                    value=cell))
        else:
            problems.append(Problem(path, message, line=line))
    return problems


def _foreign_key_problems(
    path: Path, frame: pd.DataFrame, schema: dict, package_dir: Path
) -> list[Problem]:
    problems = []
    for fk in schema.get("foreignKeys", []):
        fields = [fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]
        ref = fk["reference"]
        ref_fields = [ref["fields"]] if isinstance(ref["fields"], str) else ref["fields"]
        ref_frame = load_table(ref["resource"], package_dir=package_dir)
        known = set(map(tuple, ref_frame[ref_fields].astype(str).itertuples(index=False)))
        values = frame[fields].astype("string")
        for idx, row in enumerate(values.itertuples(index=False)):
            if any(pd.isna(v) for v in row):
                continue
            if tuple(row) not in known:
                problems.append(
                    Problem(
                        path,
                        f"unknown value for a reference to '{ref['resource']}'",
                        line=idx + 2,
                        field=",".join(fields),
                        value=row[0] if len(row) == 1 else tuple(row),
                        expected="one of: " + ", ".join(sorted(k[0] for k in known))[:300],
                    )
                )
    return problems


def _typed_frame(path: Path, schema: dict, has_bom: bool) -> pd.DataFrame:
    fields = schema["fields"]
    dtypes = {f["name"]: "string" for f in fields}
    frame = pd.read_csv(
        path, dtype=dtypes, encoding="utf-8-sig" if has_bom else "utf-8",
        keep_default_na=False, na_values=[""],
    )
    for f in fields:
        name, kind = f["name"], f.get("type", "string")
        if kind == "date":
            frame[name] = pd.to_datetime(frame[name], format="%Y-%m-%d")
        elif kind == "boolean":
            frame[name] = frame[name].map(
                {"true": True, "false": False}, na_action="ignore"
            ).astype("boolean")
        elif kind in {"integer", "year"}:
            frame[name] = pd.to_numeric(frame[name]).astype("Int64")
        elif kind == "number":
            frame[name] = pd.to_numeric(frame[name]).astype("float64")
    return frame


def validate_table(
    path: Path, schema: dict, *, package_dir: Path | None = None
) -> pd.DataFrame:
    """Validate one CSV file against a Table Schema and return it typed.

    Raises :class:`DataError` listing every problem; nothing is returned half-checked.
    The same bytes against the same schema are validated once per process (a foreign key
    loads the table it points to, and a notebook loads several tables that point to the
    same one); the foreign keys are checked on every call, against the files as they are.
    """
    path = Path(path)
    raw = check_text_file(path)
    frame = _checked_frame(str(path), hashlib.sha256(raw).hexdigest(),
                           json.dumps(schema, sort_keys=True), raw.startswith(BOM)).copy()
    folder = (package_dir or data_dir()).resolve()
    fk_problems = _foreign_key_problems(path, frame, schema, folder)
    if fk_problems:
        raise DataError(fk_problems)
    return frame


def frictionless_schema(descriptor: dict) -> Schema:
    """A frictionless ``Schema``; frictionless imports jsonschema when it first checks a
    descriptor, so it is loaded before, without its IRI grammar (:mod:`.jsonschema_import`)."""
    jsonschema_import.load()
    return Schema.from_descriptor(descriptor)


@lru_cache(maxsize=64)
def _checked_frame(path: str, digest: str, schema: str, has_bom: bool) -> pd.DataFrame:
    """The typed frame of a file whose content has ``digest``, checked by frictionless
    unless the run that started this kernel passed the same check (see
    :mod:`inputs.checked_tables`); keyed on content, so an edited file is checked again. Callers
    get a copy."""
    check = checked_tables.key(digest, schema)
    if not checked_tables.passed_in_this_run(path, check):
        target = Path(path)
        resource = Resource(
            path=target.name,
            basepath=str(target.resolve().parent),
            schema=frictionless_schema(json.loads(schema)),
            encoding="utf-8-sig" if has_bom else "utf-8",
            format="csv", dialect=Dialect(controls=[CsvControl(delimiter=",")]),
        )
        report = resource.validate()
        if not report.valid:
            raise DataError(_problems_from_report(target, report))
        checked_tables.record(path, check)
    return _typed_frame(Path(path), json.loads(schema), has_bom)


def load_table(
    name: str, path: Path | None = None, *, package_dir: Path | None = None
) -> pd.DataFrame:
    """Load resource ``name`` (or another file with its schema) validated and typed."""
    folder = (package_dir or data_dir()).resolve()
    target = Path(path) if path is not None else resource_path(name, folder)
    return validate_table(target, table_schema(name, folder), package_dir=folder)


def validate_package(package_dir: Path | None = None) -> dict[str, int]:
    """Validate every tabular resource; return rows per table. Non-tabular files must exist."""
    folder = (package_dir or data_dir()).resolve()
    counts: dict[str, int] = {}
    problems: list[Problem] = []
    for res in package_descriptor(folder)["resources"]:
        path = folder / res["path"]
        if "schema" not in res:
            if not path.is_file():
                problems.append(Problem(path, "file not found", expected="an existing file"))
            continue
        try:
            counts[res["name"]] = len(load_table(res["name"], package_dir=folder))
        except DataError as err:
            problems.extend(err.problems)
    if problems:
        raise DataError(problems)
    return counts

