"""English left in French reader-facing text: captions, alternative texts, table headers.

A word list, not a language model, so that what it flags can be explained. It looks for

- English function words that no French word spells the same way (« the », « of »,
  « with », « which »…). French homographs are left out: « on », « a », « as », « or »,
  « an », « en », « but », « son », « plan », « are », « per », « in » (« in fine »);
- code identifiers (« question_id », « waves_present »): a column name that reached the page
  (a file name such as « survey_results.csv » is not one);
- in a table header of one to three words, English data words (« level », « wave »,
  « share »…) with no French homograph.

Two function words make a phrase English (one can be a name: « State of … »); a short
header is English with one. Text between « » (quoted titles, sources' wording) and between
backticks (code) is skipped.
"""

from __future__ import annotations

import re

FUNCTION_WORDS = frozenset({
    "the", "of", "and", "to", "with", "for", "from", "by", "is", "was", "were", "this", "that",
    "these", "those", "which", "into", "than", "its", "their", "be", "been", "being", "has",
    "have", "had", "not", "at", "it", "who", "what", "when", "where", "will", "would",
    "should", "can", "could", "may", "our", "your",
})
HEADER_WORDS = frozenset({
    "level", "wave", "waves", "weight", "year", "years", "rank", "share", "count", "value",
    "values", "missing", "present", "theme", "themes", "sector", "name", "period", "mean",
    "median",
})
QUOTED = re.compile(r"«[^»]*»|`[^`]*`")
IDENTIFIER = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b(?![.\w])")  # not a file name
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def english_words(text: str, header: bool = False) -> list[str]:
    """The English markers of ``text`` (each once) if it reads as English, else none."""
    plain = QUOTED.sub(" ", text)
    identifiers = IDENTIFIER.findall(plain)
    words = WORD.findall(IDENTIFIER.sub(" ", plain))
    function = [w for w in words if w in FUNCTION_WORDS]  # lower case: not a name's
    data = [w for w in words if w.lower() in HEADER_WORDS]
    short = header and 0 < len(words) + len(identifiers) <= 3
    if identifiers or len(function) >= 2 or (short and (function or data)):
        return list(dict.fromkeys(identifiers + function + (data if short else [])))
    return []
