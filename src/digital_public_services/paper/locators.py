"""Statements about a studied source must say where in the source they come from.

The paper re-checks two studies; a reader must be able to find, for every sentence that
reports what one of them says, the box, table, section or slide it comes from. Two rules,
applied sentence by sentence to the prose (code, headings, embeds and divs left out):

1. **Citation rule.** Every citation of a studied source (a BibTeX entry with
   ``role = study``) carries a locator: ``[@eppp2022pp7, Encadré 3]``,
   ``@harris2022 [« Volet qualitatif »]``. A bare ``[@harris2022]`` is reported.
2. **Report rule.** A sentence with a clause (up to « ; » or « : ») that names a studied
   source (see :data:`STUDY_NAMES`) together with a reporting verb (see :data:`REPORTING`) —
   « le policy paper relève… », « le rapport oppose… » — cites that source with a locator
   somewhere in the sentence.

Limits, by design: the rules read words, not meaning. A statement about a source that
neither cites it nor names it with a listed verb (« ce chiffre vient d'une légende ») is not
seen; a sentence that names a source and a listed verb about something else is reported and
is fixed by adding the locator anyway. Whether the locator points to the right place is for
the reader; the data package's ``source_section`` columns are the reference.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..errors import Problem

STUDY_NAMES: Mapping[str, str] = {
    "eppp2022pp7": r"policy\s+paper|\bPP7\b",
    "harris2022": r"\benquête\s+Harris|\bHarris\s+Interactive|\brapport\s+(?:de\s+)?Harris"
                  r"|\ble\s+rapport\b|\bdu\s+rapport\b|\bau\s+rapport\b",
}
REPORTING = re.compile(
    r"\b(?:dit|disent|écrit|affirme|souligne|note|relève|relèvent|indique|décrit|retient|"
    r"présente|rapporte|cite|publie|juge|appelle|range|date|titre|oppose|propose|constate|"
    r"montre|avance|mentionne|expose|illustre|parle|rappelle|attribue|rattache|situe|"
    r"distingue|nomme|classe|conclut|recommande|estime|tire|retrace|donne|qualifie)\b",
    re.I,
)
BRACKET = re.compile(r"\[([^\[\]]*?@[^\[\]]*?)\](?!\()")
IN_TEXT = re.compile(r"(?<![\w@\[-])@([A-Za-z][\w:-]*\w)(\s*\[([^\[\]]*)\])?")
ITEM = re.compile(r"-?@([A-Za-z][\w:-]*\w)\s*(,?)(.*)", re.S)
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«A-ZÀ-ÖØ-Þ*(\[])")
CLAUSE = re.compile(r"\s[;:]\s|\u00a0[;:]\s")
SKIP_LINE = ("#", ":::", "{{<", "|", "#|", "<", "![")
SHORTCODE = re.compile(r"\{\{<.*?>\}\}")


def citations(sentence: str) -> list[tuple[str, bool]]:
    """Each citation of the sentence as (key, has a locator)."""
    found = []
    for match in BRACKET.finditer(sentence):
        for item in match.group(1).split(";"):
            cite = ITEM.search(item)
            if cite:
                found.append((cite.group(1), bool(cite.group(2) and cite.group(3).strip())))
    rest = BRACKET.sub(" ", sentence)
    for match in IN_TEXT.finditer(rest):
        found.append((match.group(1), bool(match.group(3) and match.group(3).strip())))
    return found


def sentences(line: str) -> list[str]:
    """The sentences of one paragraph line (the prose keeps one paragraph per line)."""
    return [s for s in SENTENCE_END.split(line) if s.strip()]


def problems(path: Path, prose: str, studies: Iterable[str], first_line: int = 1
             ) -> list[Problem]:
    """Sentences of ``prose`` (code already removed) that break the two rules."""
    studies = set(studies)
    names = {key: re.compile(pattern, re.I) for key, pattern in STUDY_NAMES.items()
             if key in studies}
    found = []
    for number, line in enumerate(prose.splitlines(), start=first_line):
        if line.lstrip().startswith(SKIP_LINE):
            continue
        for sentence in sentences(SHORTCODE.sub(" ", line)):
            cited = citations(sentence)
            located = {key for key, has in cited if has}
            for key, has in cited:
                if key in studies and not has:
                    found.append(Problem(path, "citation of a studied source without a locator",
                                         line=number, field="@", value=key,
                                         expected=f"[@{key}, section, box, table or slide]"))
            clauses = CLAUSE.split(BRACKET.sub(" ", sentence))
            for key, pattern in names.items():
                if key not in located and any(pattern.search(c) and REPORTING.search(c)
                                              for c in clauses):
                    found.append(Problem(path, "statement about a source with no locator",
                                         line=number, field="@", value=_excerpt(sentence),
                                         expected=f"[@{key}, section, box, table or slide] "
                                                  "in the sentence"))
    return found


def _excerpt(sentence: str, width: int = 90) -> str:
    text = " ".join(sentence.split())
    return text if len(text) <= width else text[:width - 1] + "…"
