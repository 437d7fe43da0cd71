"""Question and item wording for every question the survey data hold.

A polling firm's file may bring questions the project's instrument does not describe. Their
wording is taken, in this order, from:

1. the survey file itself: optional ``question_wording`` and ``item_wording`` columns of the
   tidy table (CSV or first sheet of an ``.xlsx``); a sheet named ``questions`` in an
   ``.xlsx`` (columns ``question_id``, ``item_id``, ``question_wording``, ``item_wording``;
   a row with an empty ``item_id`` words the question); SPSS variable labels of the
   ``<question>__<item>`` columns of a ``.sav`` (a label « Question - Item » is split on its
   last `` - `` when every item of the question shares the part before it);
2. the instrument, ``data/survey/survey_questions.csv`` and ``survey_items.csv``;
3. the identifier itself, listed by :func:`missing` so that ``dps run`` and ``dps check``
   warn, the appendix names it and ``dps release`` refuses; the paper shows it as code with
   the note « libellé absent du fichier » (:func:`unworded_label`).

A label that only repeats identifiers is not wording: statistical software often fills
variable labels with the column name, « question : item » or a questionnaire code
(``Q3_1``). Such a label is dropped with a warning naming the file, and the next source
words the item.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..inputs import loaders
from ..inputs.tracking import record_read
from ..prose.escape import Markup, code
from . import io

QUESTION_COLUMNS = ["question_id", "wording", "origin"]
ITEM_COLUMNS = ["question_id", "item_id", "wording", "origin"]
FROM_FILE, FROM_INSTRUMENT, FROM_IDENTIFIER = "fichier", "instrument", "identifiant"
SEPARATORS = (" - ", " – ", " : ")
UNWORDED_NOTE = "libellé absent du fichier"
INSTRUMENT = "data/survey/survey_questions.csv / survey_items.csv"
FIX = ("to fix, word each in the survey file (question_wording/item_wording columns, a "
       "'questions' sheet, SPSS variable labels) or in data/survey/survey_items.csv (items) / "
       "survey_questions.csv (questions)")
TOKEN_SEPARATORS = re.compile(r"[\s:;,/|–—-]+")
QUESTIONNAIRE_CODE = re.compile(r"[A-Za-z]{1,3}\d+(?:[._]\d+)*[a-z]?")
"""A questionnaire's variable code (``Q3``, ``Q3_1``, ``QA12b``, ``V3.2``), not wording."""
SHOWN_LABELS = 3


class WordingWarning(UserWarning):
    """A question or item has no wording anywhere (its identifier is shown), or a label of
    the file only repeats identifiers (it is not taken as wording)."""


@dataclass(frozen=True)
class Wording:
    """Wording of questions and items, each with where it came from (``origin``)."""

    questions: pd.DataFrame
    items: pd.DataFrame

    @classmethod
    def empty(cls) -> Wording:
        return cls(pd.DataFrame(columns=QUESTION_COLUMNS), pd.DataFrame(columns=ITEM_COLUMNS))


def _frames(questions: list[tuple[str, str]], items: list[tuple[str, str, str]]) -> Wording:
    q = pd.DataFrame(questions, columns=QUESTION_COLUMNS[:2]).assign(origin=FROM_FILE)
    i = pd.DataFrame(items, columns=ITEM_COLUMNS[:3]).assign(origin=FROM_FILE)
    q = q[q["wording"].str.strip() != ""].drop_duplicates("question_id")
    i = i[i["wording"].str.strip() != ""].drop_duplicates(["question_id", "item_id"])
    return Wording(q.reset_index(drop=True), i.reset_index(drop=True))


def _from_table(header: list[str], rows: list[list[str]]) -> Wording:
    """Wording columns of a tidy table or of a ``questions`` sheet."""
    at = {name: header.index(name) for name in header}
    questions, items = [], []
    for row in rows:
        cell = {name: (row[i] if i < len(row) else "").strip() for name, i in at.items()}
        question, item = cell.get("question_id", ""), cell.get("item_id", "")
        if question and cell.get("question_wording"):
            questions.append((question, cell["question_wording"]))
        if question and item and cell.get("item_wording"):
            items.append((question, item, cell["item_wording"]))
    return _frames(questions, items)


def _questions_sheet(path: Path) -> Wording:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        names = {name.lower(): name for name in book.sheetnames}
        if "questions" not in names:
            return Wording.empty()
        rows = [["" if v is None else str(v) for v in row]
                for row in book[names["questions"]].iter_rows(values_only=True)]
    finally:
        book.close()
    if not rows:
        return Wording.empty()
    return _from_table([h.strip() for h in rows[0]], rows[1:])


def split_label(labels: dict[str, str]) -> tuple[str, dict[str, str]]:
    """Question wording shared by item labels « Question - Item », and each item's part.

    Without a shared part before a separator, there is no question wording and each item's
    wording is its whole label.
    """
    for separator in SEPARATORS:
        parts = {item: label.rpartition(separator) for item, label in labels.items()}
        heads = {head.strip() for head, found, _ in parts.values() if found}
        if len(heads) == 1 and all(found for _, found, _ in parts.values()):
            return heads.pop(), {item: tail.strip() for item, (_, _, tail) in parts.items()}
    return "", dict(labels)


def _sav_labels(path: Path) -> Wording:
    import pyreadstat

    _, meta = pyreadstat.read_sav(str(path), metadataonly=True)
    by_question: dict[str, dict[str, str]] = {}
    for column, label in meta.column_names_to_labels.items():
        question, separator, item = column.partition(io.ITEM_SEPARATOR)
        if separator and label:
            by_question.setdefault(question, {})[item] = str(label).strip()
    questions, items = [], []
    for question, labels in sorted(by_question.items()):
        head, parts = split_label(labels)
        if head:
            questions.append((question, head))
        items += [(question, item, text) for item, text in sorted(parts.items())]
    return _frames(questions, items)


def _read_file(path: Path) -> Wording:
    suffix = path.suffix.lower()
    if suffix == ".sav":
        return _sav_labels(path)
    if suffix in {".xlsx", ".xlsm"}:
        sheet = _questions_sheet(path)
        raw = io._read_xlsx(path)
        first = _from_table(raw.header, raw.rows)
        return _merge(sheet, first)
    encoding, delimiter, header = io._sniff(path)
    if not set(io.WORDING_FIELDS) & set(header):
        return Wording.empty()
    raw = io._read_delimited(path, encoding, delimiter)
    return _from_table(raw.header, raw.rows)


def only_identifiers(text: str, question_id: str, item_id: str = "") -> bool:
    """Whether ``text`` only repeats identifiers: each of its words (split on spaces and
    « : - / | , ; ») is the question's or the item's identifier, the column name
    ``question__item``, or a questionnaire code such as ``Q3_1``. Case counts: « Oui » words
    an item whose identifier is ``oui``."""
    names = {question_id, item_id, f"{question_id}{io.ITEM_SEPARATOR}{item_id}"} - {""}
    words = [w for w in TOKEN_SEPARATORS.split(text.strip()) if w]
    return bool(words) and all(w in names or QUESTIONNAIRE_CODE.fullmatch(w) for w in words)


def _worded(frame: pd.DataFrame, identifiers: list[str]) -> pd.Series:
    """Rows of a wording table whose wording is more than the row's ``identifiers``."""
    return pd.Series([not only_identifiers(*row) for row in
                      frame[["wording", *identifiers]].itertuples(index=False)],
                     index=frame.index, dtype=bool)


def _without_identifiers(found: Wording, path: Path) -> Wording:
    """``found`` less the labels that only repeat identifiers, with a warning naming the
    file and a few of them."""
    keep_q = _worded(found.questions, ["question_id"])
    keep_i = _worded(found.items, ["question_id", "item_id"])
    dropped = [f"{q}: {w!r}" for q, w in
               found.questions.loc[~keep_q, ["question_id", "wording"]].itertuples(index=False)]
    dropped += [f"{q}/{i}: {w!r}" for q, i, w in found.items.loc[
        ~keep_i, ["question_id", "item_id", "wording"]].itertuples(index=False)]
    if dropped:
        more = f" and {len(dropped) - SHOWN_LABELS} more" if len(dropped) > SHOWN_LABELS else ""
        warnings.warn(f"{path}: {len(dropped)} label(s) only repeat an identifier and are not "
                      f"taken as wording ({'; '.join(dropped[:SHOWN_LABELS])}{more}); the "
                      f"wording comes from {INSTRUMENT} where it has it",
                      WordingWarning, stacklevel=3)
    return Wording(found.questions[keep_q].reset_index(drop=True),
                   found.items[keep_i].reset_index(drop=True))


def from_file(path: str | Path) -> Wording:
    """The wording a survey file carries (empty tables when it has none), without labels
    that only repeat identifiers."""
    path = Path(path)
    record_read(path)
    return _without_identifiers(_read_file(path), path)


def _stack(frames: list[pd.DataFrame], key: list[str]) -> pd.DataFrame:
    """Rows of the first frame that has a key win; empty frames are skipped."""
    kept = [f for f in frames if len(f)] or frames[:1]
    return pd.concat(kept).drop_duplicates(key).reset_index(drop=True)


def _merge(first: Wording, second: Wording) -> Wording:
    """``first``'s wording, completed by ``second``'s for what ``first`` lacks."""
    return Wording(_stack([first.questions, second.questions], ["question_id"]),
                   _stack([first.items, second.items], ["question_id", "item_id"]))


def complete(results: pd.DataFrame, questions: pd.DataFrame, items: pd.DataFrame,
             file_wording: Wording) -> Wording:
    """Wording of every question and item of ``results``: file, else instrument, else id.

    ``questions`` and ``items`` are the instrument tables (``wording`` column); extra columns
    of ``items`` (theme…) are kept, so the result replaces the instrument in the notebooks.
    """
    instrument = Wording(
        questions[["question_id", "wording"]].assign(origin=FROM_INSTRUMENT),
        items.assign(origin=FROM_INSTRUMENT))
    known = _merge(file_wording, instrument)
    wanted_q = pd.DataFrame({"question_id": sorted(results["question_id"].astype(str).unique())})
    wanted_i = (results[["question_id", "item_id"]].astype(str).drop_duplicates()
                .sort_values(["question_id", "item_id"], ignore_index=True))
    q = wanted_q.merge(known.questions, on="question_id", how="left")
    q["origin"] = q["origin"].fillna(FROM_IDENTIFIER)
    q["wording"] = q["wording"].fillna(q["question_id"])
    extra = [c for c in items.columns if c not in ITEM_COLUMNS]
    i = wanted_i.merge(known.items[ITEM_COLUMNS], on=["question_id", "item_id"], how="left")
    i = i.merge(items[["question_id", "item_id", *extra]], on=["question_id", "item_id"],
                how="left")
    i["origin"] = i["origin"].fillna(FROM_IDENTIFIER)
    i["wording"] = i["wording"].fillna(i["item_id"])
    # Instrument items the data do not hold stay available (the levers link to them).
    rest = items[~items.set_index(["question_id", "item_id"]).index.isin(
        i.set_index(["question_id", "item_id"]).index)].assign(origin=FROM_INSTRUMENT)
    return Wording(q, pd.concat([i, rest], ignore_index=True))


def missing(wording: Wording) -> list[str]:
    """Questions (``q``) and items (``q/item``) shown by their identifier, sorted."""
    q = wording.questions.loc[wording.questions["origin"] == FROM_IDENTIFIER, "question_id"]
    i = wording.items[wording.items["origin"] == FROM_IDENTIFIER]
    return sorted([*q, *(i["question_id"] + "/" + i["item_id"])])


def missing_message(path: str | Path, names: list[str]) -> str:
    """The warning about questions and items nobody worded, with the fix."""
    return (f"{path}: {len(names)} question(s)/item(s) have no wording in the file nor in "
            f"{INSTRUMENT}: {', '.join(names)}; the paper shows each identifier with the note "
            f"« {UNWORDED_NOTE} »; {FIX}: `dps release` refuses a paper that shows one")


def warn_missing(wording: Wording, path: str | Path) -> list[str]:
    """Warn (once, naming them and the file) about questions and items without any
    wording."""
    names = missing(wording)
    if names:
        warnings.warn(missing_message(path, names), WordingWarning, stacklevel=2)
    return names


def unworded(path: str | Path, results: pd.DataFrame) -> list[str]:
    """Questions and items of a survey file (read as ``results``) that neither the file nor
    the instrument words: what the notebook's :func:`missing` will list."""
    return missing(complete(results, loaders.load_survey_questions(),
                            loaders.load_survey_items(), from_file(path)))


def unworded_label(identifier: str, *, markdown: bool = False) -> str:
    """How the paper names a question or item nobody worded: its identifier and the note
    (plain, for a figure), or as :class:`Markup` with the identifier as code (for text and
    tables, where the code also tells the reader it is not wording)."""
    if markdown:
        return Markup(f"{code(identifier)} ({UNWORDED_NOTE})")
    return f"{identifier} ({UNWORDED_NOTE})"


def is_unworded(frame: pd.DataFrame) -> pd.Series:
    """Rows of a wording table (``complete``'s) that show their identifier; a table without
    ``origin`` (the instrument alone) words every row it has."""
    if "origin" not in frame:
        return pd.Series(False, index=frame.index)
    return frame["origin"] == FROM_IDENTIFIER
