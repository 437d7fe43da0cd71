"""French sentences whose form depends on the data: counts, agreement, lists, absent values.

The paper's prose may not hold a claim that another data set could make false, so every
sentence that counts, ranks or names what the data holds is written by the package. This
module is the grammar those sentences share: a count agrees with its noun (« aucun écart »,
« un écart », « 3 écarts »), a verb with its count (« résiste » / « résistent »), a list is
joined with « et », and a value the data legitimately lacks becomes a sentence that says so
(« non mesuré en 2026 ») instead of a missing key.

French rule used throughout: 0 and 1 take the singular, 2 and more the plural.
"""

from __future__ import annotations

from dataclasses import dataclass

from .typography import NBSP, fr_number


@dataclass(frozen=True)
class Noun:
    """A French noun with its plural and gender (« écart », « écarts », masculine)."""

    singular: str
    plural: str
    feminine: bool = False

    def form(self, n: int) -> str:
        """The noun as ``n`` requires it (0 and 1: singular)."""
        return self.singular if n <= 1 else self.plural


ECART = Noun("écart", "écarts")
PROPOSITION = Noun("proposition", "propositions", feminine=True)
QUESTION = Noun("question", "questions", feminine=True)
FREIN = Noun("frein", "freins")
EVOLUTION = Noun("évolution", "évolutions", feminine=True)
POPULATION = Noun("population", "populations", feminine=True)
ITEM = Noun("item", "items")


WORDS = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"]


def in_words(n: int, *, feminine: bool = False) -> str:
    """``2`` -> ``deux`` up to ten (« une » when feminine), digits beyond: French style for
    small counts in running text."""
    if n == 1 and feminine:
        return "une"
    return WORDS[n] if 0 <= n < len(WORDS) else fr_number(n)


def agree(n: int, singular: str, plural: str) -> str:
    """The form of a verb, adjective or participle that agrees with a count of ``n``."""
    return singular if n <= 1 else plural


def count(n: int, noun: Noun, *, zero: bool = True, words: bool = False) -> str:
    """``aucun écart`` / ``un écart`` / ``3 écarts`` (« une », « aucune » when feminine).

    ``zero=False`` writes ``0 écart`` instead of « aucun », for tables and ranges
    (« 0 écart sur 19 » reads worse than « aucun écart sur 19 », but the choice is the
    caller's). ``words=True`` spells counts up to ten (« deux écarts »).
    """
    if n == 0 and zero:
        return f"{'aucune' if noun.feminine else 'aucun'} {noun.singular}"
    if n == 1:
        return f"{'une' if noun.feminine else 'un'} {noun.singular}"
    number = in_words(n) if words else fr_number(n)
    return f"{number} {noun.form(n)}"


def count_of(n: int, total: int, noun: Noun) -> str:
    """``aucun écart sur 19``, ``un écart sur 19``, ``12 écarts sur 19``."""
    return f"{count(n, noun)} sur {fr_number(total)}"


def negation(verb: str) -> str:
    """« ne » before a consonant, « n' » before a vowel (« n'est », « ne reste »)."""
    return "n'" if verb[:1].lower() in "aâeéèêiîoôuhy" else "ne "


def count_verb(n: int, total: int, noun: Noun, singular: str, plural: str) -> str:
    """A count out of a total with its verb: « aucun des 19 écarts ne reste significatif »,
    « un écart sur 19 reste significatif », « 12 écarts sur 19 restent significatifs »,
    « le seul écart ne reste pas significatif » (``singular``/``plural``: the predicate)."""
    if n == 0 and total == 1:
        article = "la seule" if noun.feminine else "le seul"
        verb, _, rest = singular.partition(" ")
        return f"{article} {noun.singular} {negation(verb)}{verb} pas {rest}".strip()
    if n == 0:
        none = "aucune" if noun.feminine else "aucun"
        return f"{none} des {fr_number(total)} {noun.plural} {negation(singular)}{singular}"
    return f"{count_of(n, total, noun)} {agree(n, singular, plural)}"


def french_list(texts: list[str], empty: str = "aucune") -> str:
    """``a``, ``b`` et ``c`` — the French enumeration, without the Oxford comma."""
    if not texts:
        return empty
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " et " + texts[-1]


def not_measured(focus: str | None = None, *, feminine: bool = False,
                 plural: bool = False) -> str:
    """« non mesuré en 2026 » (agreeing in gender and number): a value the data lacks."""
    word = "non mesuré" + ("e" if feminine else "") + ("s" if plural else "")
    return f"{word} en {focus}" if focus else word


def wave_note(wave: str, focus: str, *, feminine: bool = False, plural: bool = False) -> str:
    """`` en 2022, non mesuré en 2026`` after a value taken from another wave than the focus
    wave; empty when the value is the focus wave's own."""
    if str(wave) == str(focus):
        return ""
    return f" en {wave}, {not_measured(focus, feminine=feminine, plural=plural)}"


def upper_first(text: str) -> str:
    """The text with its first letter in capital (« l'accès » → « L'accès »)."""
    return text[:1].upper() + text[1:]


def sentence(text: str) -> str:
    """Capitalise the first letter and end with a full stop (no double stop)."""
    text = upper_first(text.strip())
    if not text:
        return text
    return text if text.endswith((".", "!", "?")) else text + "."


def colon(text: str) -> str:
    """`` : text`` with the no-break space French typography wants before the colon."""
    return f"{NBSP}: {text}"
