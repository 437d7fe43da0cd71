"""Read survey results from any format a user may bring, into the project's tidy table.

:func:`read_survey` is the single entry point: the runner calls it on ``dps run --survey
FILE`` before any notebook starts, so a bad file is refused with file, line, field, value and
what was expected, and nothing is computed from it.

Accepted inputs (chosen by extension, then by the header):

* **Tidy table**, as ``data/survey/survey_results.csv``: comma-separated UTF-8 (with or
  without byte-order mark), a French export (semicolons, decimal commas, UTF-8 or
  Windows-1252, which is read with a warning), tab-separated, or an ``.xlsx`` workbook whose
  first sheet has the same columns in row 1. Cells formatted as percentages in Excel (0.57
  shown as 57 %) are read as 57.
* **Respondent-level data** (``.csv`` or SPSS ``.sav``), one row per respondent:

  ====================  ================================================================
  ``wave``              survey wave, ``YYYY`` or ``YYYY-MM``
  ``population``        a code of ``data/survey/populations.csv`` (in ``.sav`` files, a
                        numeric variable whose value labels are those codes also works)
  ``weight``            survey weight, ≥ 0, never missing (another name: ``weight=``)
  ``respondent_id``     optional; must be unique when present
  ``<question>__<item>``  one column per item: 1 = gives the counted answer (favourable,
                        cites the item, chooses it), 0 = does not, empty = not asked.
                        ``<question>`` must be described in ``survey_questions.csv``, which
                        gives its type and how many answers it allows
  ====================  ================================================================

  Other columns (demographics…) are ignored, with a warning naming them. Each wave ×
  population × item becomes one tidy row: the weighted share of respondents who were asked,
  and as base Kish's effective sample size (Σw)²/Σw², so that weighting already widens the
  interval and no design effect is applied on top (see :data:`EFFECTIVE_BASE_NOTE`).

Source rule: every row of the project's data names its source. An outside file that has no
``source_id``/``source_section`` columns (or leaves them empty) gets the file's name as
``source_id`` and a ``source_section`` saying so, and the note records it; a ``source_id``
the file does give must be a key of ``data/sources.csv``.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import numpy as np
import pandas as pd
from frictionless import Resource

from ..errors import DataError, Problem
from ..inputs.datapackage import frictionless_schema, load_table, table_schema
from ..inputs.tracking import record_read
from ..paths import data_dir
from ..prose.escape import Markup, code

# Start of the note of a row whose base is Kish's effective sample size (respondent-level
# input aggregated here): ``survey.estimates`` applies no design effect on top of it.
EFFECTIVE_BASE_NOTE = "base = Kish effective sample size"

RESPONSE_OF_TYPE = {
    "favourability": "favorable",
    "multiple_choice": "cited",
    "single_choice": "chosen",
    "agreement": "agree",
}
ITEM_SEPARATOR = "__"
SOURCE_FIELDS = ("source_id", "source_section")
OPTIONAL_FIELDS = (*SOURCE_FIELDS, "note")
# Optional wording columns of a tidy table, read by ``survey.wording`` (not results).
WORDING_FIELDS = ("question_wording", "item_wording")
# Answer labels read as 1 (gives the counted answer) or 0 (does not), case and accents kept
# as written by polling firms; an SPSS value label or a text cell may use any of them.
YES_LABELS = frozenset({
    "1", "oui", "yes", "favorable", "plutôt favorable", "tout à fait favorable",
    "très favorable", "d'accord", "plutôt d'accord", "tout à fait d'accord", "cité", "citée",
    "choisi", "choisie",
})
NO_LABELS = frozenset({
    "0", "non", "no", "opposé", "opposée", "opposé(e)", "plutôt opposé", "plutôt opposé(e)",
    "très opposé", "très opposé(e)", "défavorable", "plutôt défavorable",
    "pas d'accord", "plutôt pas d'accord", "pas du tout d'accord", "non cité", "non citée",
    "non choisi", "non choisie",
})
FILLED_SECTION = "file given by the user, without source columns"
SHOWN_ROWS = 5
CHUNK_ROWS = 100_000


class SurveyInputWarning(UserWarning):
    """The input was read, but in a way the user should know about."""


@dataclass(frozen=True)
class RawTable:
    """Cells as text, each row with the line (or spreadsheet row) it came from."""

    label: str
    header: list[str]
    rows: list[list[str]]
    lines: list[int]


def read_survey(
    path: str | Path, *, weight: str = "weight", package_dir: Path | None = None
) -> pd.DataFrame:
    """Any supported survey file, validated, as the tidy results table.

    ``package_dir`` is the data package whose populations, questions and sources the file is
    checked against (default: the project's ``data/``).
    """
    path = Path(path)
    folder = (package_dir or data_dir()).resolve()
    if not path.is_file():
        raise DataError(Problem(path, "file not found", expected="an existing survey file"))
    record_read(path)
    suffix = path.suffix.lower()
    if suffix == ".sav":
        return aggregate_respondents(_read_sav(path), path, weight=weight, package_dir=folder)
    if suffix in {".xlsx", ".xlsm"}:
        raw = _read_xlsx(path)
        if "pct" in raw.header:
            return validate_tidy(raw, path, package_dir=folder)
        if weight in raw.header:
            frame = pd.DataFrame(raw.rows, columns=raw.header, index=pd.Index(raw.lines))
            return aggregate_respondents(frame, path, weight=weight, package_dir=folder)
        _not_a_survey(raw.label, raw.header, weight)
    if suffix not in {".csv", ".tsv", ".txt"}:
        raise DataError(Problem(path, f"unsupported file type '{suffix}'",
                                expected="a .csv, .xlsx or .sav file"))
    encoding, delimiter, header = _sniff(path)
    if "pct" in header:
        return validate_tidy(_read_delimited(path, encoding, delimiter), path,
                             package_dir=folder)
    if weight in header:
        frame = _read_respondents_csv(path, encoding, delimiter, header)
        return aggregate_respondents(frame, path, weight=weight, package_dir=folder)
    _not_a_survey(str(path), header, weight)


def _not_a_survey(label: str, header: list[str], weight: str) -> NoReturn:
    raise DataError(
        Problem(
            label,
            "neither a tidy results table nor respondent-level data",
            line=1,
            value=", ".join(header)[:120],
            expected=(
                "the columns of data/schemas/survey_results.json (with 'pct'), or one row "
                f"per respondent with a '{weight}' column (see survey_io's documentation)"
            ),
        )
    )


# --- readers: file -> RawTable (text cells) --------------------------------------------------


def _sniff(path: Path) -> tuple[str, str, list[str]]:
    """Encoding (UTF-8 with or without BOM, else Windows-1252 with a warning), delimiter and
    header of a text file; an undecodable file is refused with the way to fix it.

    The file is checked in chunks, so a large respondent file is never held twice in memory.
    """
    encoding = "utf-8-sig"
    decoder = codecs.getincrementaldecoder(encoding)()
    first = ""
    offset = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                error = UnicodeDecodeError(exc.encoding, exc.object, offset + exc.start,
                                           offset + exc.end, exc.reason)
                first = _windows_1252(path.read_bytes(), path, error).splitlines()[0]
                encoding = "cp1252"
                break
            if "\n" not in first:
                first += text
            offset += len(chunk)
    first = first.split("\n", 1)[0].strip()
    if not first:
        raise DataError(Problem(path, "file is empty", line=1, expected="a header row"))
    delimiter = max([",", ";", "\t"], key=first.count)
    header = [h.strip() for h in next(csv.reader([first], delimiter=delimiter))]
    return encoding, delimiter, header


def _windows_1252(raw: bytes, path: Path, utf8_error: UnicodeDecodeError) -> str:
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and not any("\x80" <= ch <= "\x9f" for ch in text):
        warnings.warn(
            f"{path}: not UTF-8; read as Windows-1252 (the encoding of Excel's French CSV "
            "export). Re-save as « CSV UTF-8 » to silence this warning.",
            SurveyInputWarning,
            stacklevel=4,
        )
        return text
    offset = utf8_error.start
    raise DataError(
        Problem(
            path,
            f"unknown text encoding (byte 0x{raw[offset]:02x} at offset {offset})",
            line=raw[:offset].count(b"\n") + 1,
            expected="UTF-8 or Windows-1252 text; re-save the file as « CSV UTF-8 »",
        )
    )


def _read_delimited(path: Path, encoding: str, delimiter: str) -> RawTable:
    text = path.read_bytes().decode(encoding)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip() for h in next(reader)]
    rows, lines = [], []
    start = reader.line_num + 1
    for row in reader:
        if any(cell.strip() for cell in row):
            if len(row) != len(header):
                raise DataError(
                    Problem(path, f"row has {len(row)} cells but the header has {len(header)}",
                            line=start, value=delimiter.join(row)[:80],
                            expected=f"{len(header)} cells separated by {delimiter!r}")
                )
            cells = [cell.strip() for cell in row]
            rows.append([_decimal_point(c) for c in cells] if delimiter == ";" else cells)
            lines.append(start)
        start = reader.line_num + 1
    return RawTable(str(path), header, rows, lines)


FRENCH_NUMBER = re.compile(r"-?\d{1,3}(?:[ \u00a0\u202f]\d{3})*(?:,\d+)?|-?\d+(?:,\d+)?")


def _decimal_point(cell: str) -> str:
    """``57,5`` → ``57.5`` and ``2 185`` → ``2185``; any other text is left as it is."""
    if FRENCH_NUMBER.fullmatch(cell):
        return re.sub(r"[ \u00a0\u202f]", "", cell).replace(",", ".")
    return cell


def _read_in_chunks(path: Path, dtype: dict, options: dict) -> pd.DataFrame:
    """pandas' parser needs several times a table's size while it parses; in chunks of
    100 000 rows that overhead stays bounded whatever the file's length."""
    chunks = pd.read_csv(path, dtype=dtype, chunksize=CHUNK_ROWS, **options)
    return pd.concat(chunks, ignore_index=True)


def _read_respondents_csv(path: Path, encoding: str, delimiter: str, header: list[str]
                          ) -> pd.DataFrame:
    """Respondent rows through pandas' C parser (a national panel has a million rows).

    Answer columns are read as 32-bit floats (0, 1 or NaN are exact), halving their memory;
    a column holding anything else falls back to text and is reported cell by cell.
    """
    french = delimiter == ";"
    options = dict(sep=delimiter, encoding=encoding, decimal="," if french else ".",
                   thousands="\u202f" if french else None, skipinitialspace=True)
    text = {"wave": "string", "population": "string", "respondent_id": "string"}
    answers = dict.fromkeys((c for c in header if ITEM_SEPARATOR in c), "float32")
    try:
        frame = _read_in_chunks(path, text | answers, options)
    except ValueError:
        frame = _read_in_chunks(path, text, options)
    frame.columns = [c.strip() for c in frame.columns]
    frame.columns = [c.strip() for c in frame.columns]
    frame.index = pd.RangeIndex(2, len(frame) + 2, name="line")
    return frame


def _read_xlsx(path: Path) -> RawTable:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for unreadable files
        raise DataError(
            Problem(path, f"cannot be opened as an Excel workbook ({exc})",
                    expected="an .xlsx file saved by Excel or LibreOffice")
        ) from exc
    sheet = book.worksheets[0]
    label = f"{path}[{sheet.title}]"
    rows_iter: Iterator = sheet.iter_rows()
    header_cells = next(rows_iter, None)
    if not header_cells:
        raise DataError(Problem(label, "sheet is empty", line=1, expected="a header row"))
    header = [_cell_text(c) for c in header_cells]
    while header and not header[-1]:
        header.pop()
    rows, lines = [], []
    for cells in rows_iter:
        values = [_cell_text(c) for c in cells[: len(header)]]
        values += [""] * (len(header) - len(values))
        if any(values):
            rows.append(values)
            lines.append(cells[0].row)
    book.close()
    return RawTable(label, header, rows, lines)


def _cell_text(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        if "%" in (cell.number_format or ""):
            value = value * 100
        value = round(value, 10)
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    return str(value).strip()


def _read_sav(path: Path) -> pd.DataFrame:
    import pyreadstat

    try:
        frame, meta = pyreadstat.read_sav(str(path))
    except Exception as exc:  # pyreadstat raises its own error types per failure
        raise DataError(
            Problem(path, f"cannot be read as an SPSS file ({exc})", expected="a valid .sav file")
        ) from exc
    labels = meta.variable_value_labels.get("population")
    if labels and pd.api.types.is_numeric_dtype(frame["population"]):
        frame["population"] = frame["population"].map(labels).fillna(frame["population"])
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="case")
    # User-missing codes (« Ne sait pas » = 9…) are already empty: pyreadstat's default.
    # Answers with value labels (1 = « Oui », 2 = « Non ») become the labels, which
    # ``_binary`` reads as 1 or 0.
    for column, value_labels in meta.variable_value_labels.items():
        if ITEM_SEPARATOR in column and column in frame:
            frame[column] = frame[column].map(
                lambda v, vl=value_labels: vl.get(v, v) if pd.notna(v) else pd.NA)
    return frame


# --- tidy tables -------------------------------------------------------------------------------


def validate_tidy(raw: RawTable, path: Path, *, package_dir: Path) -> pd.DataFrame:
    """Check text cells against the results schema, fill missing sources, return typed."""
    schema = table_schema("survey_results", package_dir)
    names = [f["name"] for f in schema["fields"]]
    required = [n for n in names if n not in OPTIONAL_FIELDS]
    missing = [n for n in required if n not in raw.header]
    unknown = [n for n in raw.header if n not in names and n not in WORDING_FIELDS]
    if missing or unknown:
        what = "; ".join(
            part for part in (f"missing: {', '.join(missing)}" if missing else "",
                              f"unknown: {', '.join(unknown)}" if unknown else "") if part
        )
        raise DataError(Problem(raw.label, f"wrong columns ({what})", line=1,
                                expected="the columns " + ", ".join(names)))
    frame = pd.DataFrame(raw.rows, columns=raw.header).reindex(columns=names, fill_value="")
    frame.index = pd.Index(raw.lines, name="line")
    filled = (frame["source_id"] == "") & (frame["source_section"] == "")
    frame = _fill_sources(frame, filled, path)
    _check_cells(frame, schema, raw.label)
    typed = _typed(frame, schema)
    problems = [
        *_duplicates(typed, schema["primaryKey"], raw.label),
        *_unknown(typed, "population", load_table("populations", package_dir=package_dir),
                  raw.label),
        *_unknown(typed[~filled], "source_id", load_table("sources", package_dir=package_dir),
                  raw.label),
        *_totals_over_ceiling(typed, raw.label),
    ]
    if problems:
        raise DataError(problems)
    return typed.reset_index(drop=True)


def _fill_sources(frame: pd.DataFrame, filled: pd.Series, path: Path) -> pd.DataFrame:
    if not filled.any():
        return frame
    frame = frame.copy()
    frame.loc[filled, "source_id"] = path.name
    frame.loc[filled, "source_section"] = FILLED_SECTION
    remark = f"source not given in the file: source_id set to the file name {path.name}"
    frame.loc[filled, "note"] = [f"{n}; {remark}" if n else remark
                                 for n in frame.loc[filled, "note"]]
    return frame


def _check_cells(frame: pd.DataFrame, schema: dict, label: str) -> None:
    """Types and constraints of every cell, by frictionless from the same Table Schema."""
    descriptor = {k: v for k, v in schema.items() if k not in {"primaryKey", "foreignKeys"}}
    names = list(frame.columns)
    resource = Resource(data=[names, *frame.to_numpy().tolist()],
                        schema=frictionless_schema(descriptor))
    report = resource.validate(limit_errors=1000)
    if report.valid:
        return
    lines = list(frame.index)
    expectations = {f["name"]: _expectation(f) for f in schema["fields"]}
    problems = []
    for row, field, cell, kind, note in report.flatten(
        ["rowNumber", "fieldName", "cell", "type", "note"]
    ):
        line = lines[row - 2] if row else None
        reason = "missing value" if kind == "constraint-error" and "required" in note else (
            "wrong type" if kind == "type-error" else f"not allowed ({note})")
        problems.append(Problem(label, reason, line=line, field=field, value=cell,
                                expected=expectations.get(field)))
    raise DataError(problems)


def _expectation(field: dict) -> str:
    constraints = field.get("constraints", {})
    parts = [{"number": "a number (decimal point, or comma in a ;-separated file)",
              "integer": "a whole number"}.get(field.get("type"), "text")]
    if "minimum" in constraints:
        parts.append(f"≥ {constraints['minimum']}")
    if "maximum" in constraints:
        parts.append(f"≤ {constraints['maximum']}")
    if "enum" in constraints:
        parts.append("one of " + ", ".join(constraints["enum"]))
    if "pattern" in constraints:
        parts.append(f"matching {constraints['pattern']}")
    if constraints.get("required"):
        parts.append("required")
    return " ".join(parts)


def _typed(frame: pd.DataFrame, schema: dict) -> pd.DataFrame:
    out = frame.replace("", pd.NA)
    for field in schema["fields"]:
        name, kind = field["name"], field.get("type", "string")
        if kind == "number":
            out[name] = pd.to_numeric(out[name]).astype("float64")
        elif kind == "integer":
            out[name] = pd.to_numeric(out[name]).astype("Int64")
        else:
            out[name] = out[name].astype("string")
    return out


def _duplicates(frame: pd.DataFrame, key: list[str], label: str) -> list[Problem]:
    repeated = frame[frame.duplicated(key, keep="first")]
    firsts = frame.reset_index().drop_duplicates(key).set_index(key)["line"]
    return [
        Problem(label, "duplicated row (same " + ", ".join(key) + ")", line=line,
                field=",".join(key), value=tuple(row[key]),
                expected=f"one row per key; line {firsts[tuple(row[key])]} has it already")
        for line, row in repeated.iterrows()
    ]


def _unknown(frame: pd.DataFrame, field: str, reference: pd.DataFrame, label: str,
             limit: int | None = None) -> list[Problem]:
    known = set(reference[field])
    bad = frame.loc[~frame[field].isin(known), field]
    return [
        Problem(label, f"unknown {field}", line=line, field=field, value=value,
                expected="one of: " + ", ".join(sorted(known))[:300])
        for line, value in bad.iloc[:limit].items()
    ]


def _totals_over_ceiling(frame: pd.DataFrame, label: str) -> list[Problem]:
    """Shares of respondents for a k-answer question cannot sum above 100·k (+ rounding)."""
    choice = frame[frame["question_type"].isin(["single_choice", "multiple_choice"])]
    if choice.empty:
        return []
    keys = ["wave", "population", "question_id"]
    groups = choice.reset_index().groupby(keys)
    totals = groups.agg(total=("pct", "sum"), k=("max_answers", "max"), n=("pct", "size"),
                        line=("line", "min"))
    over = totals[totals["total"] > 100 * totals["k"] + 0.5 * totals["n"]]
    return [
        Problem(label, "item shares sum above what the question allows", line=int(r.line),
                field="pct", value=round(float(r.total), 2),
                expected=(f"at most {100 * int(r.k)} for {'/'.join(key)} (shares of "
                          f"respondents, {int(r.k)} answer(s) each), not shares of answers"))
        for key, r in over.iterrows()
    ]


# --- respondent-level data ---------------------------------------------------------------------


def aggregate_respondents(
    frame: pd.DataFrame, path: Path, *, weight: str = "weight",
    package_dir: Path | None = None,
) -> pd.DataFrame:
    """Weighted shares and Kish effective sizes per wave × population × item, validated.

    ``frame`` has one row per respondent (layout in the module documentation); its index
    holds the line or case number used in error messages.
    """
    folder = (package_dir or data_dir()).resolve()
    label = str(path)
    questions = load_table("survey_questions", package_dir=folder).set_index("question_id")
    answers = [c for c in frame.columns if ITEM_SEPARATOR in c]
    questions = _with_new_questions(questions, answers, label)
    _check_respondent_columns(frame, answers, weight, questions, label)
    wave = _wave_text(frame["wave"])
    population = frame["population"].astype("string")
    populations = load_table("populations", package_dir=folder)
    _raise_if([
        *_unknown(pd.DataFrame({"population": population}), "population", populations, label,
                  limit=SHOWN_ROWS),
        *_respondent_problems(frame, wave, weight, label),
    ])
    values = {}
    problems = []
    for column in answers:
        values[column], bad = _binary(frame[column])
        problems += [Problem(label, "answer is not 0, 1, a yes/no label or empty", line=line,
                             field=column,
                             value=frame.at[line, column],
                             expected="1 (gives the answer), 0 (does not) or empty (not "
                                      "asked), or a label such as « Oui »/« Non », "
                                      "« Favorable »/« Opposé »")
                     for line in frame.index[bad][:SHOWN_ROWS]]
    _raise_if(problems)
    _raise_if(_too_many_answers(frame.index, values, questions, label))
    weights = pd.to_numeric(frame[weight]).to_numpy(float)
    return _as_results(weighted_shares(wave, population, weights, values), questions, path)


def _with_new_questions(questions: pd.DataFrame, answers: list[str], label: str
                        ) -> pd.DataFrame:
    """Questions of the file that ``survey_questions.csv`` does not describe, added as
    multiple-answer questions (each item a yes/no share of respondents, as many answers as
    items), with a warning: the paper shows them in its « Autres questions » section."""
    items: dict[str, int] = {}
    for column in answers:
        question = column.partition(ITEM_SEPARATOR)[0]
        if question not in questions.index and re.fullmatch(r"[a-z][a-z0-9_]*", question):
            items[question] = items.get(question, 0) + 1
    if not items:
        return questions
    warnings.warn(f"{label}: question(s) not described in survey_questions.csv, read as "
                  "yes/no shares of respondents per item: " + ", ".join(sorted(items)),
                  SurveyInputWarning, stacklevel=3)
    new = pd.DataFrame({"question_type": "multiple_choice", "max_answers": list(items.values())},
                       index=pd.Index(list(items), name=questions.index.name))
    return pd.concat([questions, new.astype({"max_answers": questions["max_answers"].dtype})])


def _binary(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Answers as floats (NaN = not asked) and the mask of cells that are not 0, 1 or empty."""
    if pd.api.types.is_numeric_dtype(column):
        x = column.to_numpy(np.float32, na_value=np.nan)
        return x, ~np.isnan(x) & (x != 0) & (x != 1)
    text = column.astype("string").str.strip()
    blank = (text.isna() | (text == "")).to_numpy()
    label = text.str.lower().str.replace("\u2019", "'", regex=False)
    answer = pd.Series(np.nan, index=column.index, dtype="float32")
    answer[label.isin(YES_LABELS).fillna(False)] = 1.0
    answer[label.isin(NO_LABELS).fillna(False)] = 0.0
    number = pd.to_numeric(text.where(~blank & answer.isna().to_numpy()), errors="coerce")
    x = answer.fillna(number).to_numpy(np.float32, na_value=np.nan)
    return x, ~blank & ~np.isin(x, [0.0, 1.0])


def _wave_text(wave: pd.Series) -> pd.Series:
    """Waves as text; a year stored as a number (SPSS, Excel) becomes ``"2023"``."""
    if pd.api.types.is_numeric_dtype(wave):
        return wave.map(lambda w: "" if pd.isna(w) else f"{w:.0f}").astype("string")
    return wave.astype("string").str.strip()


def _raise_if(problems: list[Problem]) -> None:
    if problems:
        raise DataError(problems)


def _check_respondent_columns(frame: pd.DataFrame, answers: list[str], weight: str,
                              questions: pd.DataFrame, label: str) -> None:
    needed = ["wave", "population", weight]
    missing = [c for c in needed if c not in frame.columns]
    if missing or not answers:
        raise DataError(Problem(
            label, "respondent-level file lacks " + (", ".join(missing) or "answer columns"),
            line=1, expected=f"columns wave, population, {weight} and at least one "
                             f"<question>{ITEM_SEPARATOR}<item> column"))
    problems = []
    for column in answers:
        question, _, item = column.partition(ITEM_SEPARATOR)
        if question not in questions.index:
            problems.append(Problem(
                label, "bad question name in answer column", line=1, field=column,
                value=question, expected="lower-case letters, digits and _, starting with a "
                "letter, before '__'"))
        elif not re.fullmatch(r"[a-z0-9_]+", item):
            problems.append(Problem(label, "bad item name in answer column", line=1,
                                    field=column, value=item,
                                    expected="lower-case letters, digits and _ after "
                                             f"'{question}{ITEM_SEPARATOR}'"))
    _raise_if(problems)
    ignored = [c for c in frame.columns if c not in {*needed, "respondent_id", *answers}]
    if ignored:
        warnings.warn(f"{label}: columns ignored (not wave, population, {weight}, "
                      f"respondent_id or <question>{ITEM_SEPARATOR}<item>): {', '.join(ignored)}",
                      SurveyInputWarning, stacklevel=3)


def _respondent_problems(frame: pd.DataFrame, wave: pd.Series, weight: str, label: str
                         ) -> list[Problem]:
    problems = []
    w = pd.to_numeric(frame[weight], errors="coerce")
    for mask, reason in (
        (w.isna(), "missing or non-numeric weight"),
        (w < 0, "negative weight"),
        (np.isinf(w), "infinite weight"),
    ):
        problems += [Problem(label, reason, line=line, field=weight, value=frame.at[line, weight],
                             expected="a number ≥ 0 for every respondent")
                     for line in frame.index[mask.to_numpy(bool)][:SHOWN_ROWS]]
    valid = {v: bool(re.fullmatch(r"[0-9]{4}(-[0-9]{2})?", str(v))) for v in wave.unique()}
    bad_wave = ~wave.map(valid).astype(bool)
    problems += [Problem(label, "bad wave", line=line, field="wave", value=wave[line],
                         expected="YYYY or YYYY-MM")
                 for line in frame.index[bad_wave.to_numpy()][:SHOWN_ROWS]]
    if "respondent_id" in frame.columns:
        dup = frame["respondent_id"].duplicated()
        problems += [Problem(label, "duplicated respondent", line=line, field="respondent_id",
                             value=frame.at[line, "respondent_id"], expected="unique ids")
                     for line in frame.index[dup.to_numpy()][:SHOWN_ROWS]]
    return problems


def _too_many_answers(index: pd.Index, values: dict[str, np.ndarray], questions: pd.DataFrame,
                      label: str) -> list[Problem]:
    """A respondent cannot cite more items than the question allows."""
    problems = []
    by_question: dict[str, list[np.ndarray]] = {}
    for column, x in values.items():
        by_question.setdefault(column.partition(ITEM_SEPARATOR)[0], []).append(x)
    for question, columns in by_question.items():
        if questions.at[question, "question_type"] not in {"single_choice", "multiple_choice"}:
            continue
        k = int(questions.at[question, "max_answers"])
        given = sum(np.nan_to_num(x) for x in columns)
        problems += [Problem(label, f"respondent gives {int(given[i])} answers", line=index[i],
                             field=question, expected=f"at most {k} (the question allows {k})")
                     for i in np.flatnonzero(given > k)[:SHOWN_ROWS]]
    return problems


def weighted_shares(
    wave: pd.Series, population: pd.Series, weight: np.ndarray, values: dict[str, np.ndarray]
) -> pd.DataFrame:
    """Weighted % and Kish effective size per wave × population × answer column (vectorised).

    One ``np.bincount`` per column over group codes keeps memory at a few vectors of the
    respondents' length, whatever the number of columns. Groups where nobody was asked (or
    all weights are 0) give no row.
    """
    groups = pd.MultiIndex.from_arrays([wave, population], names=["wave", "population"])
    codes, labels = pd.factorize(groups)
    size = len(labels)
    parts = []
    for column, x in values.items():
        asked = ~np.isnan(x)
        code, w = codes[asked], weight[asked]
        sum_w = np.bincount(code, weights=w, minlength=size)
        sum_w2 = np.bincount(code, weights=w * w, minlength=size)
        sum_wx = np.bincount(code, weights=w * x[asked], minlength=size)
        n = np.bincount(code, minlength=size)
        keep = sum_w > 0
        with np.errstate(invalid="ignore", divide="ignore"):
            parts.append(pd.DataFrame({
                "wave": labels.get_level_values(0)[keep],
                "population": labels.get_level_values(1)[keep],
                "column": column,
                "pct": 100 * sum_wx[keep] / sum_w[keep],
                "base": sum_w[keep] ** 2 / sum_w2[keep],
                "respondents": n[keep],
            }))
    return pd.concat(parts, ignore_index=True)


def _as_results(shares: pd.DataFrame, questions: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Aggregated shares as rows of the tidy table, typed as the loader types them."""
    question = shares["column"].str.partition(ITEM_SEPARATOR)[0]
    meta = questions.loc[question]
    remark = f"source not given in the file: source_id set to the file name {path.name}"
    columns = {
        "wave": shares["wave"],
        "population": shares["population"],
        "question_id": question,
        "item_id": shares["column"].str.partition(ITEM_SEPARATOR)[2],
        "response": meta["question_type"].map(RESPONSE_OF_TYPE).to_numpy(),
        "question_type": meta["question_type"].to_numpy(),
        "max_answers": meta["max_answers"].to_numpy(),
        "pct": shares["pct"],
        "base": shares["base"],
        "source_id": path.name,
        "source_section": "respondent-level file, aggregated by survey_io (weighted)",
        "note": [f"{EFFECTIVE_BASE_NOTE}; weighted share of the {n} respondents asked; {remark}"
                 for n in shares["respondents"]],
    }
    out = pd.DataFrame(columns)
    strings = [c for c in out.columns if c not in {"max_answers", "pct", "base"}]
    return out.astype({**dict.fromkeys(strings, "string"), "max_answers": "Int64",
                       "pct": "float64", "base": "float64"})


def combine_waves(baseline: pd.DataFrame, update: pd.DataFrame) -> pd.DataFrame:
    """The update's waves, plus the baseline's waves the update does not have.

    A wave present in both is taken whole from the update (a corrected or re-delivered file
    replaces the old one); nothing is mixed within a wave.
    """
    kept = baseline[~baseline["wave"].isin(set(update["wave"]))]
    combined = pd.concat([kept, update], ignore_index=True)
    return combined.sort_values(["wave", "question_id", "item_id", "population", "response"],
                                ignore_index=True, kind="stable")


def replaced_waves(baseline: pd.DataFrame, update: pd.DataFrame) -> list[str]:
    """Waves of the baseline that the update replaces (for the notebook to say so)."""
    return sorted(set(baseline["wave"]) & set(update["wave"]))


def load_waves(
    survey: str | Path, baseline: str | Path | None = None, *, package_dir: Path | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The survey file plus the baseline's other waves, and which file each wave comes from.

    ``baseline`` (the shipped table) lets a file holding only a new wave be compared with
    the earlier ones; it is ignored when it is the survey file itself.
    """
    update = read_survey(survey, package_dir=package_dir)
    origin = {wave: Path(survey) for wave in update["wave"].unique()}
    results = update
    if baseline is not None and Path(baseline).resolve() != Path(survey).resolve():
        earlier = read_survey(baseline, package_dir=package_dir)
        results = combine_waves(earlier, update)
        origin = {wave: Path(baseline) for wave in earlier["wave"].unique()} | origin
    counts = results.groupby("wave").agg(rows=("pct", "size"),
                                         populations=("population", "nunique"))
    provenance = pd.DataFrame({
        "Vague": counts.index,
        "Fichier": [Markup(code(origin[w].name)) for w in counts.index],  # a name, not prose
        "Populations": counts["populations"].to_numpy(),
        "Lignes": counts["rows"].to_numpy(),
    })
    if baseline is not None and Path(baseline).resolve() != Path(survey).resolve():
        # A user's file is named with its digest (the data package's table is in Annexe A).
        digests = {path: sha256(path) for path in set(origin.values())}
        provenance.insert(2, "SHA-256",
                          [Markup(code(digests[origin[w]][:12])) for w in counts.index])
    return results, provenance


def wave_files(survey: str | Path, baseline: str | Path | None, results: pd.DataFrame,
               shipped: Path) -> pd.DataFrame:
    """Where each wave comes from: ``wave``, ``file`` (name), ``sha256`` and ``published``
    (the wave is read from the data package's own table, whose rows point to documents)."""
    update = set(map(str, read_survey(survey)["wave"])) if baseline is not None else set()
    rows = []
    for wave in sorted(set(map(str, results["wave"]))):
        path = Path(survey) if (wave in update or baseline is None) else Path(baseline)
        rows.append({"wave": wave, "file": path.name, "sha256": sha256(path),
                     "published": path.resolve() == Path(shipped).resolve()})
    return pd.DataFrame(rows, columns=["wave", "file", "sha256", "published"])


def sha256(path: str | Path) -> str:
    """The SHA-256 of a file, read in blocks (a respondent-level export can be large)."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
