"""The citation of quoted survey values, derived from the rows they come from.

A share from the published report is cited ``[@harris2022, tableau des freins]``: the source
row gives the BibTeX key (``sources.bibtex_key``) and the question gives the short locator
(``survey_questions.locator_fr``). A share from a user's file, whose rows carry the file
name as their source, is cited by that file and its wave (the SHA-256 of the file is in the
paper's table of analysed waves). The prose never types a citation beside a computed value:
when the data change source, the citation changes with them.
"""

from __future__ import annotations

import pandas as pd

from ..prose.escape import code
from ..prose.key_figure import KeyFigure
from ..prose.phrasing import french_list


def citation(rows: pd.DataFrame, questions: pd.DataFrame, sources: pd.DataFrame) -> str:
    """``[@key, locator]`` for published rows, « (fichier X, vague W) » for a file's rows,
    both when the rows mix them; empty when there are no rows."""
    if rows.empty:
        return ""
    keys = sources.set_index("source_id")["bibtex_key"]
    locators = questions.set_index("question_id")["locator_fr"].fillna("")
    published = rows[rows["source_id"].isin(keys.index)]
    parts = []
    for source_id, part in published.groupby("source_id", sort=True):
        found = [locators.get(q, "") for q in sorted(set(part["question_id"]))]
        where = french_list(sorted({f for f in found if f})) or "tableaux de résultats"
        parts.append(f"[@{keys[source_id]}, {where}]")
    files = rows[~rows["source_id"].isin(keys.index)]
    for source_id, part in files.groupby("source_id", sort=True):
        waves = french_list(sorted(set(map(str, part["wave"]))))
        parts.append(f"(fichier {code(str(source_id))}, vague {waves})")
    return " ".join(parts)


def cite_figure(name: str, rows: pd.DataFrame, questions: pd.DataFrame,
                sources: pd.DataFrame, description: str) -> KeyFigure:
    """A ``*_cite`` value: its text is the citation, its value the number of sources."""
    text = citation(rows, questions, sources)
    return KeyFigure(name, int(rows["source_id"].nunique()) if len(rows) else 0, text,
                     description=description, source=";".join(sorted(set(rows["source_id"])))
                     if len(rows) else "")
