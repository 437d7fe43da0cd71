"""The citation of quoted survey values, derived from the rows they come from.

A share from the published report is cited ``[@harris2022, tableau des freins]``: the source
row gives the BibTeX key (``sources.bibtex_key``) and the question gives the short locator
(``survey_questions.locator_fr``). A share read from a user's file is cited by that file and
its wave (its SHA-256 is in the paper's table of analysed waves), whatever source the file's
rows name: a 2025 wave cannot come from a report of 2022. The prose never types a citation
beside a computed value: when the data change source, the citation changes with them.
"""

from __future__ import annotations

import pandas as pd

from ..prose.escape import code
from ..prose.key_figure import KeyFigure
from ..prose.phrasing import french_list


def _published(rows: pd.DataFrame, sources: pd.DataFrame,
               origin: pd.DataFrame | None) -> pd.Series:
    """Rows that a published document gives: a known source of that year, read from the data
    package's own table."""
    years = sources.set_index("source_id")["year"].astype("string").str.removesuffix(".0")
    known = rows["source_id"].isin(years.index)
    same_year = rows["wave"].astype(str) == rows["source_id"].map(years).astype(str)
    if origin is None:
        return known & same_year
    shipped = set(origin.loc[origin["published"], "wave"].astype(str))
    return known & same_year & rows["wave"].astype(str).isin(shipped)


def citation(rows: pd.DataFrame, questions: pd.DataFrame, sources: pd.DataFrame,
             origin: pd.DataFrame | None = None) -> str:
    """``[@key, locator]`` for published rows, « (fichier X, vague W) » for a file's rows,
    both when the rows mix them; empty when there are no rows. ``origin``:
    :func:`survey.io.wave_files` (without it, a row's file is its ``source_id``)."""
    if rows.empty:
        return ""
    keys = sources.set_index("source_id")["bibtex_key"]
    locators = questions.set_index("question_id")["locator_fr"].fillna("")
    published = _published(rows, sources, origin)
    parts = []
    for source_id, part in rows[published].groupby("source_id", sort=True):
        found = [locators.get(q, "") for q in sorted(set(part["question_id"]))]
        where = french_list(sorted({f for f in found if f})) or "tableaux de résultats"
        parts.append(f"[@{keys[source_id]}, {where}]")
    files = rows[~published]
    names = (origin.set_index(origin["wave"].astype(str))["file"] if origin is not None
             else pd.Series(dtype=str))
    by_file = files.assign(_file=[names.get(str(w), s) for w, s in
                                  zip(files["wave"], files["source_id"], strict=True)])
    for file, part in by_file.groupby("_file", sort=True):
        waves = french_list(sorted(set(map(str, part["wave"]))))
        parts.append(f"(fichier {code(str(file))}, vague {waves})")
    return " ".join(parts)


def cite_figure(name: str, rows: pd.DataFrame, questions: pd.DataFrame,
                sources: pd.DataFrame, description: str,
                origin: pd.DataFrame | None = None) -> KeyFigure:
    """A ``*_cite`` value: its text is the citation, its value the number of sources."""
    text = citation(rows, questions, sources, origin)
    return KeyFigure(name, text.count("[@") + text.count("(fichier "), text,
                     description=description,
                     source=";".join(sorted(set(map(str, rows["source_id"])))))
