"""Notebook parameters: the YAML file, command-line overrides, and which ones are inputs.

Values are parsed as YAML scalars or collections (data); nothing given on the command line
is ever evaluated as code.
"""

from __future__ import annotations

import csv
from pathlib import Path

import yaml

from ..errors import DataError, Problem
from ..inputs import jsonschema_import

#: Type and domain of every parameter, as a JSON Schema beside the parameters file.
SCHEMA = Path("params") / "schema.json"
SOURCES = Path("data") / "sources.csv"


def load_params(path: Path) -> dict[str, dict]:
    """Per-notebook parameter dicts from the YAML file (``notebooks: {stem: {...}}``)."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError as exc:
        raise DataError(Problem(path, "parameters file not found")) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError(Problem(path, f"not valid YAML: {exc}",
                                line=mark.line + 1 if mark else None)) from exc
    notebooks = doc.get("notebooks") if isinstance(doc, dict) else None
    if not isinstance(notebooks, dict) or not notebooks:
        raise DataError(Problem(path, "no 'notebooks' mapping", field="notebooks",
                                expected="notebooks: {<stem>: {<name>: <value>}}"))
    bad = [stem for stem, values in notebooks.items() if not isinstance(values, dict | None)]
    if bad:
        raise DataError([Problem(path, "parameters of a notebook are not a mapping",
                                 field=f"notebooks.{stem}", value=notebooks[stem],
                                 expected="<name>: <value> lines") for stem in bad])
    return {stem: dict(values or {}) for stem, values in notebooks.items()}


def profile_names(profile: str | None) -> list[str]:
    """Active profile names from Quarto's comma-separated ``QUARTO_PROFILE`` syntax."""
    return [name.strip() for name in (profile or "").split(",") if name.strip()]


def profile_files(params_file: Path, profile: str | None) -> list[Path]:
    """``<name>.yml`` beside the parameters file for each active profile that has one.

    A Quarto profile without a parameter file (``a11y``, ``review``) changes nothing here.
    """
    return [params_file.parent / f"{name}.yml" for name in profile_names(profile)
            if (params_file.parent / f"{name}.yml").is_file()
            and (params_file.parent / f"{name}.yml").resolve() != params_file.resolve()]


def load_layered(params_file: Path, profile: str | None = None) -> dict[str, dict]:
    """The parameters file, then each active profile's file over it (``params/wave2025.yml``
    for ``--profile wave2025`` or ``QUARTO_PROFILE=wave2025``).

    A profile file has the same shape and lists only what it changes; a notebook or a name
    it sets must exist in the base file, so a typo fails instead of being ignored.
    """
    table = load_params(params_file)
    for extra in profile_files(params_file, profile):
        problems = []
        for stem, values in load_params(extra).items():
            if stem not in table:
                problems.append(Problem(extra, "unknown notebook", field=f"notebooks.{stem}",
                                        expected="one of: " + ", ".join(table)))
                continue
            for name, value in values.items():
                if name not in table[stem]:
                    problems.append(Problem(extra, "unknown parameter",
                                            field=f"notebooks.{stem}.{name}",
                                            expected=f"a parameter of {params_file.name}: "
                                            + ", ".join(table[stem])))
                else:
                    table[stem][name] = value
        if problems:
            raise DataError(problems)
    return table


def parse_assignment(text: str) -> tuple[str, object]:
    """``NAME=VALUE`` with VALUE read as YAML (``0.9`` is a number, ``null`` is None)."""
    name, sep, raw = text.partition("=")
    if not sep or not name.strip().isidentifier():
        raise DataError(Problem("--set", f"cannot read {text!r}", value=text,
                                expected="NAME=VALUE with NAME a parameter name"))
    try:
        value = yaml.safe_load(raw) if raw.strip() else None
    except yaml.YAMLError as exc:
        raise DataError(Problem("--set", f"value of {name} is not valid YAML: {exc}",
                                value=raw)) from exc
    return name.strip(), value


def apply_overrides(
    params: dict[str, dict], overrides: dict[str, object]
) -> dict[str, dict]:
    """Set each overridden name in every notebook that declares it; unknown names fail."""
    declared = {name for values in params.values() for name in values}
    unknown = sorted(set(overrides) - declared)
    if unknown:
        raise DataError(Problem("command line", f"unknown parameter(s): {', '.join(unknown)}",
                                expected="one of: " + ", ".join(sorted(declared))))
    return {
        stem: {name: overrides.get(name, value) for name, value in values.items()}
        for stem, values in params.items()
    }


def input_paths(values: dict[str, object], root: Path) -> list[Path]:
    """Parameters naming an existing file or folder, as absolute paths.

    ``output_dir`` is where the notebook writes, not an input. The data package folder
    itself is not an input as a whole: the files a notebook reads
    from it are tracked one by one (see :mod:`inputs.tracking`).
    """
    found = []
    for name, value in values.items():
        if name == "output_dir" or not isinstance(value, str) or not value:
            continue
        path = (root / value).resolve()
        if path.is_file() or (path.is_dir() and not (path / "datapackage.json").is_file()):
            found.append(path)
    return found


def source_ids(root: Path) -> list[str]:
    """The ``source_id`` column of ``data/sources.csv`` (read directly: no pandas, fast)."""
    try:
        with (root / SOURCES).open(encoding="utf-8", newline="") as handle:
            return [row["source_id"] for row in csv.DictReader(handle) if row.get("source_id")]
    except (OSError, KeyError):
        return []


def format_checker(root: Path):
    """The project's formats: paths relative to ``root`` that exist, and source ids."""
    jsonschema = jsonschema_import.load()
    checker = jsonschema.FormatChecker(formats=())
    known = source_ids(root)

    def path_format(kind: str, folder: bool) -> None:
        wanted, other = ("folder", "file") if folder else ("file", "folder")

        @checker.checks(kind, raises=ValueError)
        def exists(value: object) -> bool:
            path = root / value if isinstance(value, str) else None
            if path is not None and not (path.is_dir() if folder else path.is_file()):
                raise ValueError(f"is a {other}, not a {wanted}"
                                 if path.exists() else f"no such {wanted}")
            return True

    path_format("existing-file", folder=False)
    path_format("existing-folder", folder=True)

    @checker.checks("source-id", raises=ValueError)
    def source_id(value: object) -> bool:
        if isinstance(value, str) and value not in known:
            raise ValueError(f"not a source of {SOURCES.as_posix()} (known: {', '.join(known)})")
        return True

    return checker


def problems(root: Path, table: dict[str, dict], schema_path: Path | None = None) -> list[Problem]:
    """Every value of ``table`` (``{notebook: {name: value}}``) outside its declared type or
    domain, one :class:`Problem` per parameter: parameter, value, what is expected.

    Why JSON Schema and the ``jsonschema`` library (rather than, say, pydantic models): the
    declaration is a data file beside the parameters (``params/schema.json``), readable by
    editors that check YAML against a schema, and not code; ``jsonschema`` reports *every*
    error of a document, not only the first, which gives one line per problem; it is the
    reference implementation, maintained, and already in the pinned environment.
    """
    jsonschema = jsonschema_import.load()
    path = schema_path or root / SCHEMA
    if not path.is_file():
        return [Problem(path, "file not found", expected="the type and domain of every "
                        "notebook parameter (a JSON Schema, see README « Adding a notebook »)")]
    schema = yaml.safe_load(path.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=format_checker(root))
    found = []
    document = {"notebooks": {stem: {k: v for k, v in values.items() if k != "output_dir"}
                              for stem, values in table.items()}}
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
        where = ".".join(str(part) for part in list(error.absolute_path)[1:])
        if error.validator == "additionalProperties":
            extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
            found += [Problem("parameters", "no declared type and domain", field=".".join(
                filter(None, (where, name))), expected=f"an entry in {SCHEMA.as_posix()}")
                for name in extra]
            continue
        formatted = error.validator == "format" and error.cause is not None
        # jsonschema's own messages quote the value; a format's reason does not
        found.append(Problem("parameters", str(error.cause) if formatted else error.message,
                             field=where or None, value=error.instance if formatted else None,
                             expected=error.schema.get("description")))
    return found


def validate(root: Path, table: dict[str, dict]) -> None:
    """Refuse a run whose parameters are outside their declared domain (before any kernel)."""
    found = problems(root, table)
    if found:
        raise DataError(found)
