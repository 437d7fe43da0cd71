"""How the survey section names what it quotes: populations, items and shares.

Shared by the sentence, limit and summary modules, which would otherwise import each other.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..plotting.style import POPULATION_LABELS
from ..prose.escape import markdown
from ..prose.phrasing import wave_note
from ..prose.typography import NBSP, fr_interval, fr_percent, quoted
from .wording import is_unworded, unworded_label

LISTED = 3  # a sentence names at most three items; longer lists are left to the figure


@dataclass(frozen=True)
class Name:
    """A population's name in the cases French prose needs."""

    the: str  # « les acteurs communaux »
    of: str  # « des acteurs communaux »
    to: str  # « aux acteurs communaux »
    bare: str  # « acteurs communaux »
    plural: bool = True

    def verb(self, singular: str, plural: str) -> str:
        """The verb form agreeing with the name (« n'a » for « le grand public »)."""
        return plural if self.plural else singular


NAMES = {
    "communes": Name("les acteurs communaux", "des acteurs communaux", "aux acteurs communaux",
                     "acteurs communaux"),
    "departements": Name("les acteurs départementaux", "des acteurs départementaux",
                         "aux acteurs départementaux", "acteurs départementaux"),
    "grand_public": Name("le grand public", "du grand public", "au grand public",
                         "grand public", plural=False),
    "communes_departements": Name(
        "les acteurs communaux et départementaux", "des acteurs communaux et départementaux",
        "aux acteurs communaux et départementaux", "acteurs communaux et départementaux"),
}


def name(population: str) -> Name:
    """French names of a population; a code the project does not know is named by its label."""
    if population in NAMES:
        return NAMES[population]
    label = POPULATION_LABELS.get(population, population.replace("_", " ")).lower()
    return Name(f"la population «{NBSP}{label}{NBSP}»", f"de la population «{NBSP}{label}{NBSP}»",
                f"à la population «{NBSP}{label}{NBSP}»", label, plural=False)


def share_text(row: pd.Series | dict, focus: str, of: str = "") -> str:
    """``57 % [52 ; 62]``, plus « en 2022, non mesuré en 2026 » when not the focus wave.

    With ``of`` (« des acteurs communaux »), the note follows it in parentheses:
    ``45 % [33 ; 58] des acteurs départementaux (en 2022, non mesuré en 2026)``.
    """
    interval = fr_interval(row["ci_low"], row["ci_high"], unit="")
    note = wave_note(str(row["wave"]), focus)
    if of:
        return f"{fr_percent(row['pct'])} {interval} {of}" + (f" ({note.strip()})" if note
                                                              else "")
    return f"{fr_percent(row['pct'])} {interval}{note}"


def wording(items: pd.DataFrame, question_id: str, item_id: str) -> str:
    """The item's wording in « », as Markdown that reads as the file's text; an item nobody
    worded is its identifier as code, with the note « libellé absent du fichier »."""
    found = items[(items["question_id"] == question_id) & (items["item_id"] == item_id)]
    if not len(found) or is_unworded(found).iloc[0]:
        return unworded_label(item_id, markdown=True)
    return quoted(markdown(found["wording"].iloc[0]))


def label(items: pd.DataFrame, question_id: str, item_id: str) -> str:
    """The item's short label for running text (« la téléconsultation »), from the
    instrument's ``label_fr``; else its quoted wording, as :func:`wording` gives it."""
    found = items[(items["question_id"] == question_id) & (items["item_id"] == item_id)]
    if len(found) and "label_fr" in found and pd.notna(found["label_fr"].iloc[0]) \
            and str(found["label_fr"].iloc[0]).strip():
        return markdown(str(found["label_fr"].iloc[0]).strip())
    return wording(items, question_id, item_id)


def item_names(items: pd.DataFrame, rows: pd.DataFrame) -> list[str]:
    """Short labels of the items of ``rows`` (their quoted wording where none is given)."""
    return [label(items, q, i) for q, i in zip(rows["question_id"], rows["item_id"],
                                                strict=True)]
