"""« Messages clés »: the paper's key messages, written from the values the notebooks quoted.

Each message is one French sentence that answers a question the paper asks, built by a pure
function over ``build/values.json`` (key -> entry with ``text`` and ``value``). A message
whose truth depends on the data (a ranking, a count, the same or a different first choice, a
population that was not surveyed) chooses its wording from the values, so the box under the
title stays true when the survey file changes. The pre-render step puts the sentences in
``build/values.yml`` under ``v.key.<name>`` (not in ``values.json``: they are prose, not
numbers to compare); ``report/index.qmd`` quotes each one and adds the cross-reference to
the section that shows the evidence, so ``dps check`` sees a message that could not be
written (a value missing) as it sees any missing value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..prose.phrasing import agree, colon, french_list
from ..prose.typography import NBSP, fr_number

Values = dict[str, dict]


class MissingValue(KeyError):
    """A value a key message needs was not recorded by any notebook."""

    def __str__(self) -> str:
        return (f"key messages need the value {self.args[0]!r}, which no notebook recorded "
                "(see build/values.json)")


@dataclass(frozen=True)
class Message:
    section: str  # the section that shows the evidence, e.g. ``sec-survey``
    text: str     # one sentence, without its final stop: the article adds « (voir la …). »


def _text(values: Values, key: str) -> str:
    try:
        return values[key]["text"]
    except KeyError:
        raise MissingValue(key) from None


def _number(values: Values, key: str) -> float:
    """A number of the values; « n.d. » (a population absent from the focus wave) is none."""
    try:
        return float(values[key]["value"])
    except (KeyError, TypeError, ValueError):
        raise MissingValue(key) from None


def _maybe_number(values: Values, key: str) -> float | None:
    try:
        return _number(values, key)
    except MissingValue:
        return None


def context(values: Values) -> Message:
    """Many national plans, yet a part of the public cannot use online services on its own."""
    entries = fr_number(_number(values, "context.n_timeline_entries"))
    start = (f"Le Tableau 1 du policy paper recense {entries} plans, programmes, fonds, "
             "institutions et outils de numérisation de l'État")
    if _number(values, "context.illectronisme_fr_2021") > 0:
        return Message("sec-context", (
            f"{start}, mais {_text(values, 'context.illectronisme_fr_2021')} des personnes de "
            f"15 ans ou plus étaient en situation d'illectronisme en 2021 selon "
            "l'Insee" + colon("un service en ligne ne suffit pas à atteindre tout le public")))
    return Message("sec-context", (
        f"{start}, et l'Insee ne mesurait plus d'illectronisme chez les personnes de 15 ans "
        "ou plus en 2021"))


def literature(values: Values) -> Message:
    """How much of the policy paper rests on published research, and what rests on none."""
    articles = _number(values, "literature.n_articles")
    alone = int(_number(values, "literature.n_claims_interviews_only"))
    if articles == 0:
        start = "Le policy paper ne cite aucun article de revue"
    else:
        first = _text(values, "literature.articles_first_year")
        last = _text(values, "literature.articles_last_year")
        when = f"en {first}" if first == last else f"entre {first} et {last}"
        what = ("un article de revue paru" if articles == 1
                else f"{fr_number(articles)} articles de revue parus")
        start = f"Le policy paper s'appuie sur {what} {when}"
    labels = _text(values, "literature.claims_interviews_only")
    if alone == 0:
        end = "chacune de ses affirmations trouve appui dans au moins une référence"
    elif alone == 1:
        end = (f"une de ses affirmations ({labels}) ne repose sur aucune référence, "
               "seulement sur des entretiens")
    else:
        end = (f"{fr_number(alone)} de ses affirmations ({labels}) ne reposent sur aucune "
               "référence, seulement sur des entretiens")
    return Message("sec-literature", f"{start}{NBSP}; {end}")


FAMILIES = {
    "limits": "les limites de la numérisation",
    "practices": "les changements de pratiques qu'elle apporte",
    "levers": "les leviers pour la réussir",
}


def interviews(values: Values) -> Message:
    """What the published excerpts illustrate most, and what such counts can say."""
    counts = {family: _number(values, f"interviews.excerpts_{family}") for family in FAMILIES}
    top = max(counts.values())
    first = [f for f in FAMILIES if counts[f] == top]
    rest = sorted((f for f in FAMILIES if counts[f] != top), key=lambda f: -counts[f])
    total = _text(values, "interviews.excerpts_total")
    lead = "Les extraits d'entretiens que publient les deux études illustrent "
    if len(first) == 1:
        lead += f"d'abord {FAMILIES[first[0]]} ({fr_number(top)} sur {total})"
    else:
        lead += (f"à égalité {french_list([FAMILIES[f] for f in first])} "
                 f"({fr_number(top)} chacun sur {total})")
    if rest:
        lead += ", avant " + french_list([f"{FAMILIES[f]} ({fr_number(counts[f])})" for f in rest])
    return Message("sec-interviews", (
        f"{lead}{NBSP}; ces décomptes reflètent les choix d'illustration des auteurs, non la "
        f"fréquence des thèmes dans les {_text(values, 'interviews.pp7_interviews')} "
        "entretiens"))


def survey_support(values: Values) -> Message:
    """How far the public's support ranges from the least to the most popular proposal."""
    def which(end: str) -> str:
        n = _number(values, f"survey.public_{end}_count")
        items = _text(values, f"survey.public_{end}_items")
        return items if n == 1 else f"{fr_number(n)} propositions à égalité"

    if _number(values, "survey.public_bottom") == _number(values, "survey.public_top"):
        return Message("sec-survey", (
            f"Le grand public est favorable à chaque proposition dans la même proportion, "
            f"{_text(values, 'survey.public_top')}"))
    return Message("sec-survey", (
        f"La part du grand public favorable à une proposition va de "
        f"{_text(values, 'survey.public_bottom')}, pour {which('bottom')}, à "
        f"{_text(values, 'survey.public_top')}, pour {which('top')}"))


def survey_divided(values: Values) -> Message:
    """The proposals that divide respondents most (the survey section leads with them)."""
    clause = _text(values, "survey.divided_clause")
    return Message("sec-survey", clause[0].upper() + clause[1:])


POPULATIONS = {"communes": "acteurs communaux", "departements": "acteurs départementaux"}
#: « les acteurs communaux n'ont pas été interrogés », « les acteurs départementaux … interrogés ».
NOT_SURVEYED = {"communes": "les acteurs communaux n'ont pas été interrogés",
                "departements": "les acteurs départementaux n'ont pas été interrogés"}


def _gaps(values: Values, population: str) -> tuple[int, int] | None:
    """(significant, compared) for one population against the public; None if absent."""
    key = f"survey.gaps_{population}_significant"
    if key not in values:
        return None
    return (int(_number(values, key)),
            int(_number(values, f"survey.gaps_{population}_total")))


def _significant(significant: int, total: int, population: str) -> str:
    """« 12 écarts sur 19 entre acteurs communaux et grand public restent significatifs »."""
    between = f"entre {POPULATIONS[population]} et grand public"
    if significant == 0:
        return f"aucun des {fr_number(total)} écarts {between} ne reste significatif"
    if significant == 1:
        return f"un écart sur {fr_number(total)} {between} reste significatif"
    return f"{fr_number(significant)} écarts sur {fr_number(total)} {between} restent significatifs"


def _versus(significant: int, total: int, population: str) -> str:
    """« contre un sur 19 entre acteurs départementaux et grand public »."""
    count = {0: "aucun", 1: "un"}.get(significant, fr_number(significant))
    return f"contre {count} sur {fr_number(total)} entre {POPULATIONS[population]} et grand public"


def survey_gaps(values: Values) -> Message:
    """Which elected-versus-public gaps survive a correction for multiple comparisons."""
    found = {p: _gaps(values, p) for p in POPULATIONS}
    present = [p for p in POPULATIONS if found[p] is not None]
    if not present:
        raise MissingValue("survey.gaps_communes_significant")
    text = _significant(*found[present[0]], present[0])
    if len(present) == 1:
        absent = next(p for p in POPULATIONS if p not in present)
        text += f"{NBSP}; {NOT_SURVEYED[absent]}"
    else:
        sig, total = found["departements"]
        text += f", {_versus(sig, total, 'departements')}"
        n_departements = _maybe_number(values, "survey.n_departements")
        n_communes = _maybe_number(values, "survey.n_communes")
        if (n_departements is not None and n_communes is not None
                and n_departements < n_communes and sig < total / 2):
            text += colon(f"avec {_text(values, 'survey.n_departements')} répondants, la "
                          "plupart des écarts départementaux ne se distinguent pas du hasard")
    return Message("sec-survey", f"Après correction pour comparaisons multiples, {text}")


def _obstacle(values: Values, population: str) -> tuple[str, str, str] | None:
    """(item id, item label, share) of a population's first obstacle; None if absent."""
    key = f"survey.obstacle_{population}_top_item"
    if key not in values:
        return None
    return (str(values[key]["value"]), _text(values, key),
            _text(values, f"survey.obstacle_{population}_top"))


def obstacles(values: Values) -> Message:
    """Whether the two territorial populations put the same obstacle first."""
    communes = _obstacle(values, "communes")
    departements = _obstacle(values, "departements")
    if communes is None and departements is None:
        raise MissingValue("survey.obstacle_communes_top_item")
    if communes is None or departements is None:
        absent, (_, label, share), who = (
            ("communes", departements, "les acteurs départementaux") if communes is None
            else ("departements", communes, "les acteurs communaux"))
        return Message("sec-survey", (
            f"Sur les freins, {NOT_SURVEYED[absent]}{NBSP}; {who} citent d'abord, à "
            f"{share}, {label}"))
    if communes[0] == departements[0]:
        return Message("sec-survey", (
            f"Acteurs communaux et départementaux placent le même frein en tête, à "
            f"{communes[2]} et {departements[2]} respectivement" + colon(communes[1])))
    return Message("sec-survey", "Les freins diffèrent selon l'échelon" + colon(
        f"les acteurs communaux citent d'abord {communes[1]} ({communes[2]}), les acteurs "
        f"départementaux, à {departements[2]}, {departements[1]}"))


WORDS = ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix")
GRADE_WORDS = {"solide": ("est solidement étayé", "sont solidement étayés"),
               "partiel": ("est étayé en partie", "sont étayés en partie"),
               "non étayé": ("n'est pas étayé", "ne sont pas étayés")}


def _words(n: float) -> str:
    """Small counts in words, as French prose writes them (« quatre leviers »)."""
    return WORDS[int(n)] if 0 <= n < len(WORDS) and n == int(n) else fr_number(n)


def levers(values: Values) -> Message:
    """How the sources' own links grade the four levers, and the obstacle none answers."""
    prefix = "levers.grade_"
    grades = {k.removeprefix(prefix): str(values[k]["value"]) for k in values
              if k.startswith(prefix)}
    if not grades:
        raise MissingValue(f"{prefix}…")
    n = len(grades)
    counts = {g: sum(1 for v in grades.values() if v == g) for g in GRADE_WORDS}
    parts = [f"{_words(c)} {agree(c, *GRADE_WORDS[g])}" for g, c in counts.items() if c]
    parts[0] = parts[0].replace(" ", f" des {_words(n)} leviers du policy paper ", 1)
    lead = f"Selon les seuls liens que font les sources, {french_list(parts)}"
    top = _obstacle(values, "communes")
    if top is None:
        return Message("sec-levers", lead)
    item, label, share = top
    if f"levers.unlinked_{item}_communes" in values:
        return Message("sec-levers", (
            f"{lead}{NBSP}; aucun ne répond au premier frein des acteurs communaux, {label}, "
            f"cité par {share} d'entre eux"))
    return Message("sec-levers", (
        f"{lead}{NBSP}; le premier frein des acteurs communaux, {label}, relève de l'un d'eux"))


MESSAGES: tuple[Callable[[Values], Message], ...] = (
    context, literature, interviews, survey_divided, survey_gaps, obstacles, levers,
)


def key_messages(values: Values) -> dict[str, Message]:
    """The paper's key messages by name, in the order of its sections."""
    return {make.__name__: make(values) for make in MESSAGES}


def writable(values: Values) -> dict[str, str]:
    """The texts of the messages the values allow (``v.key.<name>``); a message that lacks
    a value is left out, and ``dps check`` then names it as a missing value."""
    found = {}
    for make in MESSAGES:
        try:
            found[make.__name__] = make(values).text
        except MissingValue:
            continue
    return found
