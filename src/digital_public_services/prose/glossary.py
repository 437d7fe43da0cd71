"""One name per concept: the labels the paper uses, and the other names it must not use.

The paper names each lever, population and recurring notion one way (issue 19: four names
for the fourth lever made readers think of four levers). ``dps check`` flags a variant in
the prose and captions unless the same sentence also gives the label, which is how a
definition introduces a second name once (« les acteurs communaux, c'est-à-dire 325
mairies »). Labels of the levers and populations are also those of ``data/levers/levers.csv``
and :data:`plotting.style.POPULATION_LABELS`; a test keeps them equal.

A variant is a regular expression matched case-insensitively on word boundaries, after
citations (with their locators, which quote the sources' own headings) are removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    concept: str              # a stable name: a lever code, a population id, a notion
    label: str                # the one name the paper uses
    variants: tuple[str, ...]  # regular expressions of names it must not use instead
    note: str = ""


GLOSSARY: tuple[Term, ...] = (
    Term("levers.predict_needs", "Prédire les besoins",
         (r"prédiction des besoins", r"anticip\w* (?:les|des) besoins"),
         "Premier levier du policy paper."),
    Term("levers.performance_indicators", "Indicateurs de performance",
         (r"indicateurs de résultats?", r"mesure de la performance"),
         "Deuxième levier."),
    Term("levers.align_tools", "Aligner outils et métiers",
         (r"alignement des outils", r"aligner les outils"),
         "Troisième levier."),
    Term("levers.leadership", "Impulsion et leadership",
         (r"impulsion du changement", r"impulser le changement", r"impulser la dynamique",
          r"impulsion stratégique", r"portage du changement"),
         "Quatrième levier."),
    Term("communes", "acteurs communaux", (r"mairies", r"élus communaux"),
         "Répondants communaux de l'enquête Harris Interactive (325 mairies)."),
    Term("departements", "acteurs départementaux", (r"élus départementaux",),
         "Répondants départementaux de l'enquête."),
    Term("pp7", "policy paper", (r"PP7", r"PP n°\s?7"),
         "Le Policy Paper n° 7 de la Chaire EPPP, nommé « policy paper » dans le texte."),
    Term("illectronisme", "illectronisme", (r"illettrisme numérique",),
         "Difficulté à utiliser les outils numériques (Insee)."),
)


def variant_pattern(term: Term) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(term.variants) + r")(?!\w)", re.I)


def label_of(concept: str) -> str:
    """The label of a concept (KeyError names the glossary if it has none)."""
    for term in GLOSSARY:
        if term.concept == concept:
            return term.label
    raise KeyError(f"{concept!r} is not in the glossary (glossary.GLOSSARY)")
