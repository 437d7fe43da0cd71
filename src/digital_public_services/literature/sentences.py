"""The literature section's sentences whose truth depends on the bibliography.

Like :mod:`survey.sentences`, each function returns the keyword arguments of
``ValueBook.add`` for one sentence, in French with its variants (no work, one, several; a
question no work answers). Stable keys (namespace ``literature``):

``coverage_statement``       which questions of the synthesis the policy paper's own
                             references address, and which none does
``added_support_statement``  for the claims resting on interviews alone, which added works
                             bear on them and which claims stay without published support
``cited_clause``            clause (no capital, no stop): what the policy paper's notes point to
``added_statement``          how many works the synthesis adds and how many notices were checked
``interviews_only_statement``  the claims resting on interviews alone
``grey_only_statement``      the claims only grey literature backs (the two studies aside)
``alt_literature_map``       alternative text of ``fig-literature-map``
"""

from __future__ import annotations

import pandas as pd

from ..prose.phrasing import agree, french_list, in_words
from ..prose.typography import NBSP, fr_number, quoted
from .bibliography import ADDED_ROLE, CITED_ROLE, QUESTION_LABELS, QUESTIONS


def _value(key: str, value, text: str, description: str) -> dict:
    return {"name": key, "value": value, "text": text, "description": description}


def _works(n: int) -> str:
    """« aucun travail », « un travail », « trois travaux »."""
    if n == 0:
        return "aucun travail"
    return f"{in_words(n)} {'travail' if n == 1 else 'travaux'}"


def _questions(keys: list[str]) -> str:
    return french_list([quoted(QUESTION_LABELS[q].lower()) for q in keys])


def _count(n: int, singular: str, plural: str, *, feminine: bool = False) -> str:
    """« aucune référence », « une référence », « trois références »."""
    if n == 0:
        return f"{'aucune' if feminine else 'aucun'} {singular}"
    return f"{in_words(n, feminine=feminine)} {singular if n == 1 else plural}"


def cited_clause(refs: pd.DataFrame) -> dict:
    """« huit références, dont sept articles de revue parus entre 2000 et 2013 »."""
    cited = refs[refs["role"] == CITED_ROLE]
    articles = cited[cited["entry_type"] == "article"]
    text = _count(len(cited), "référence", "références", feminine=True)
    if len(articles):
        first, last = articles["year"].min(), articles["year"].max()
        when = f"en {first}" if first == last else f"entre {first} et {last}"
        text += (f", dont {_count(len(articles), 'article', 'articles')} de revue "
                 f"{agree(len(articles), 'paru', 'parus')} {when}")
    return _value("cited_clause", len(cited), text,
                  "proposition : références citées par le policy paper")


def added_statement(refs: pd.DataFrame) -> dict:
    """How many works the synthesis adds, and how many notices of the discussed works were
    checked against a publisher, a catalogue or the document itself."""
    works = refs[refs["role"].isin((CITED_ROLE, ADDED_ROLE))]
    n_added = int((works["role"] == ADDED_ROLE).sum())
    checked = int((works["verification"] == "checked").sum())
    if n_added == 0:
        text = "Nous n'ajoutons aucun travail à ceux que cite le policy paper."
    else:
        text = (f"Nous ajoutons {_count(n_added, 'travail', 'travaux')} que le policy paper ne "
                "cite pas, français et internationaux, académiques et institutionnels.")
    rest = len(works) - checked
    text += (f" La notice de {fr_number(checked)} des {fr_number(len(works))} travaux discutés "
             "a été contrôlée auprès de l'éditeur, d'un catalogue ou de la première page du "
             "document")
    text += ("." if rest == 0 else
             f"{NBSP}; {agree(rest, 'l’autre, connue', 'les autres, connues')} de seconde "
             f"main, le {agree(rest, 'dit', 'disent')} dans la bibliographie.").replace("’", "'")
    return _value("added_statement", n_added, text,
                  "phrase : travaux ajoutés par la synthèse et notices vérifiées")


def interviews_only_statement(support: pd.DataFrame) -> dict:
    """The claims no reference of the policy paper backs while interview excerpts do."""
    alone = support[support["support"] == "interviews_only"]
    labels = french_list([quoted(x.lower()) for x in alone["label_fr"]])
    if alone.empty:
        text = "Aucune affirmation du policy paper ne repose sur les seuls entretiens."
    elif len(alone) == 1:
        text = f"Une affirmation ne repose que sur les entretiens{NBSP}: {labels}."
    else:
        text = (f"{in_words(len(alone), feminine=True).capitalize()} affirmations ne reposent "
                f"que sur les entretiens{NBSP}: {labels}.")
    return _value("interviews_only_statement", len(alone), text,
                  "phrase : affirmations étayées par les seuls entretiens")


def grey_only_statement(support: pd.DataFrame) -> dict:
    """The claims that, the two studies aside, only grey literature backs."""
    grey = support[(support["n_academic"] == 0) & (support["n_grey"] > 0)]
    labels = french_list([quoted(x.lower()) for x in grey["label_fr"]])
    if grey.empty:
        text = ("Chaque affirmation appuyée par une référence l'est par au moins un travail "
                "académique.")
    else:
        text = (f"Les deux études mises à part, {labels} ne "
                f"{agree(len(grey), 's’appuie', 's’appuient')} que sur la littérature grise, "
                "c'est-à-dire sur des statistiques et des rapports publics.").replace("’", "'")
    return _value("grey_only_statement", len(grey), text,
                  "phrase : affirmations que seule la littérature grise appuie")


def coverage_statement(works: pd.DataFrame) -> dict:
    """Which questions the policy paper's references address (with counts), which none."""
    cited = works[works["role"] == CITED_ROLE]
    counts = cited["question"].value_counts()
    covered = [q for q in QUESTIONS if counts.get(q, 0) > 0]
    missing = [q for q in QUESTIONS if counts.get(q, 0) == 0]
    if cited.empty:
        text = "Le policy paper ne cite aucun travail publié sur les questions de la synthèse."
    else:
        parts = [f"{quoted(QUESTION_LABELS[q].lower())} ({_works(int(counts[q]))})"
                 for q in covered]
        text = (f"Les références du policy paper se répartissent ainsi{NBSP}: "
                f"{french_list(parts)}.")
        if missing:
            text += (f" {agree(len(missing), 'La question', 'Les questions')} "
                     f"{_questions(missing)} n'y "
                     f"{agree(len(missing), 'est', 'sont')} traitée"
                     f"{'s' if len(missing) > 1 else ''} par aucune.")
    return _value("coverage_statement", len(missing), text,
                  "phrase : questions couvertes par les références du policy paper")


def added_support_statement(support: pd.DataFrame, citations: pd.Series) -> dict:
    """For the claims resting on interviews alone: the added works that bear on them.

    ``citations`` gives the bracketed form of each key (``literature.citations(...,
    bracketed=True)``: « Brown, 2007 »)."""
    alone = support[support["support"] == "interviews_only"]
    if alone.empty:
        text = ("Toutes les affirmations du policy paper tirées des entretiens trouvent déjà "
                "un appui dans ses propres références.")
        return _value("added_support_statement", 0, text,
                      "phrase : appui publié apporté par la synthèse")
    filled = alone[alone["n_added"] > 0]
    empty = alone[alone["n_added"] == 0]
    separator = f"{NBSP}; "
    parts = [f"{quoted(row.label_fr.lower())} "
             f"({separator.join(citations[k] for k in row.added_keys)})"
             for row in filled.itertuples()]
    if filled.empty:
        text = (f"Les travaux ajoutés ne portent sur aucune des affirmations que seuls les "
                f"entretiens appuient ({french_list(alone['label_fr'].str.lower().tolist())}).")
    else:
        text = (f"Parmi les affirmations que seuls les entretiens appuient, la littérature "
                f"ajoutée en éclaire {in_words(len(filled), feminine=True)}{NBSP}: "
                f"{french_list(parts)}.")
        if len(empty):
            labels = french_list([quoted(x.lower()) for x in empty["label_fr"]])
            text += (f" {agree(len(empty), 'L’affirmation', 'Les affirmations')} {labels} "
                     f"{agree(len(empty), 'reste', 'restent')} sans appui publié dans cette "
                     "bibliographie.").replace("’", "'")
    return _value("added_support_statement", len(filled), text,
                  "phrase : appui publié apporté par la synthèse")


def map_alt(table: pd.DataFrame) -> dict:
    """Alternative text of the literature map, from the rows drawn."""
    if table.empty:
        return _value("alt_literature_map", 0,
                      "Graphique des travaux par question : aucun travail dans les données.",
                      "texte alternatif de la carte de la littérature")
    parts = []
    for q in QUESTIONS:
        rows = table[table["question"] == q]
        if rows.empty:
            parts.append(f"{QUESTION_LABELS[q].lower()}{NBSP}: aucun travail")
            continue
        n_cited = int((rows["role"] == CITED_ROLE).sum())
        n_added = int((rows["role"] == ADDED_ROLE).sum())
        years = rows["year"].dropna()
        published = agree(len(rows), "publié", "publiés")
        span = ("" if years.empty else
                f", {published} en {years.min()}" if years.min() == years.max() else
                f", {published} de {years.min()} à {years.max()}")
        parts.append(f"{QUESTION_LABELS[q].lower()}{NBSP}: {_works(len(rows))}, dont "
                     f"{fr_number(n_cited)} {agree(n_cited, 'cité', 'cités')} par le policy "
                     f"paper et {fr_number(n_added)} {agree(n_added, 'ajouté', 'ajoutés')}"
                     f"{span}")
    body = f"{NBSP}; ".join(parts)
    text = ("Graphique en points, une ligne par travail, groupés par question, l'abscisse "
            "donnant l'année de publication et la forme du point son origine. "
            f"{body[0].upper()}{body[1:]}.")
    return _value("alt_literature_map", len(table), text,
                  "texte alternatif de la carte de la littérature")


def all_sentences(works: pd.DataFrame, support: pd.DataFrame,
                  citations: pd.Series) -> list[dict]:
    """Every sentence of this module, for the notebook to record in one call
    (``citations``: bracketed forms, see :func:`added_support_statement`)."""
    return [coverage_statement(works), added_support_statement(support, citations),
            interviews_only_statement(support), grey_only_statement(support), map_alt(works)]


def bibliography_sentences(refs: pd.DataFrame) -> list[dict]:
    """The sentences computed from the bibliography alone."""
    return [cited_clause(refs), added_statement(refs)]
