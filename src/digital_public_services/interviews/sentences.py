"""The interview sentences whose truth depends on the coded excerpts, written by the package.

The alternative texts of the interview figures and the sentences of the interview section
that count, rank or name themes come from here, so that an imported coding project or a
corrected excerpt table changes them with the figures. Each function returns a
:class:`prose.key_figure.KeyFigure` whose key does not depend on the
data; a case the data legitimately lack (no excerpt, one study only) is a sentence saying so.

Stable keys (namespace ``interviews``):

``alt_theme_tree``            alternative text of ``fig-theme-tree``
``alt_theme_counts``          alternative text of ``fig-theme-counts``
``alt_triangulation``         alternative text of ``fig-triangulation``
``alt_specificities``         alternative text of ``fig-specific-vocabulary``
``corpus_statement``          what the counts can say (published excerpts or a coding project)
``branches_statement``        excerpts per branch and the most cited theme of the cut
``empty_themes_statement``    how many themes no published excerpt illustrates
``sector_statement``          how the excerpts spread over the fields the study names
``triangulation_statement``   how many fine themes the two studies share, and which
``lexicometry_statement``     what the vocabulary analysis finds, or why it is not shown
"""

from __future__ import annotations

import pandas as pd

from ..coding.segments import NOT_STATED
from ..prose.key_figure import KeyFigure
from ..prose.phrasing import Noun, agree, count, french_list, in_words, sentence
from ..prose.typography import NBSP, fr_number, quoted
from .figures import SOURCE_LABELS, part_order

EXTRAIT = Noun("extrait", "extraits")
THEME = Noun("thème", "thèmes")
SEGMENT = Noun("segment codé", "segments codés")
DOCUMENT = Noun("document", "documents")
BRANCHE = Noun("branche", "branches", feminine=True)
LISTED = 3  # longer lists of themes are left to the figure and its table
PART_NAMES = {"practices": "changements de pratiques", "limits": "limites",
              "levers": "leviers"}
SPECIFICITY_THRESHOLD = 2.0  # a score of 2: one chance in a hundred


STUDY_NAME = {"pp7": f"Policy Paper n°{NBSP}7", "harris2022": "Enquête Harris 2022"}
STUDY_THE = {"pp7": f"le Policy Paper n°{NBSP}7", "harris2022": "l'enquête Harris 2022"}
STUDY_TO = {"pp7": f"au Policy Paper n°{NBSP}7", "harris2022": "à l'enquête Harris 2022"}


def study_the(source: str) -> str:
    """« le Policy Paper n° 7 »; an unknown study is named by its identifier, in quotes."""
    return STUDY_THE.get(source, f"la source {quoted(source)}")


def study_to(source: str) -> str:
    """« au Policy Paper n° 7 », « à l'enquête Harris 2022 »."""
    return STUDY_TO.get(source, f"à la source {quoted(source)}")


def label(text: str) -> str:
    """A theme label as prose names it: in French quotes, so it needs no article."""
    return quoted(str(text))


def _figure(name: str, value: float | int | str, text: str, description: str) -> KeyFigure:
    return KeyFigure(name, value, text, description=description)


def _some(labels: list[str], *, brackets: bool = False) -> str:
    """`` : a, b et c`` when the themes are few enough to name all, ``, dont a, b et c``
    else; `` (a, b et c)`` / `` (dont a, b et c)`` with ``brackets``."""
    named = french_list([label(x) for x in labels[:LISTED]])
    if not labels:
        return ""
    some = named if len(labels) <= LISTED else f"dont {named}"
    if brackets:
        return f" ({some})"
    return f"{NBSP}: {some}" if len(labels) <= LISTED else f", {some}"


def leaders(values: pd.Series) -> tuple[list, int]:
    """The index entries holding the largest value (every one of them when tied) and it."""
    if values.empty:
        return [], 0
    best = int(values.max())
    return [k for k, v in values.items() if int(v) == best], best


def top_clause(labels: list[str], n: int) -> str:
    """« la sous-branche la plus citée est X (11 extraits) », or the tie, as a clause.

    A sub-branch is a theme of the tree's horizontal cut (``cut_depth``): a limb below the
    three branches, its own sub-themes included.
    """
    names = french_list([label(x) for x in labels])
    if len(labels) == 1:
        return f"la sous-branche la plus citée est {names} ({count(n, EXTRAIT)})"
    return (f"les sous-branches les plus citées, à égalité avec {count(n, EXTRAIT)} chacune, "
            f"sont {names}")


# --------------------------------------------------------------------------- theme tree


def alt_theme_tree(counts: pd.DataFrame, n_excerpts: int, depth: int) -> KeyFigure:
    """Alternative text of the theme tree: branch totals, the largest theme of the cut,
    project-added and empty themes. ``counts`` is :func:`coding.themes.node_counts`."""
    roots = counts[counts["depth"] == 0]
    shape = (f"Arbre des thèmes en {count(len(roots), BRANCHE, words=True)}, chaque nœud "
             "portant son nombre d'extraits, sous-thèmes compris.")
    if n_excerpts == 0:
        return _figure("alt_theme_tree", 0, f"{shape} Aucun extrait n'est codé{NBSP}: tous "
                       "les nœuds sont vides.", "fig-alt of fig-theme-tree")
    ordered = roots.sort_values("n_total", ascending=False, kind="stable")
    per_branch = ", ".join(f"{PART_NAMES.get(r.family, label(r.label_fr))} "
                           f"{fr_number(int(r.n_total))}" for r in ordered.itertuples())
    parts = [shape, f"Extraits par branche, sur {fr_number(n_excerpts)} au total{NBSP}: "
             f"{per_branch} (un extrait peut relever de plusieurs branches)."]
    level = counts[(counts["depth"] == depth) | ((counts["depth"] < depth)
                                                 & counts["is_leaf"] & (counts["depth"] > 0))]
    names, best = leaders(level.set_index("label_fr")["n_total"])
    if best > 0:
        parts.append(sentence(top_clause(names, best)))
    project = counts[counts["origin"] == "project"]
    if len(project):
        marked = agree(len(project), "marqué", "marqués")
        parts.append(f"Ce projet a ajouté {count(len(project), THEME)}, en italique et "
                     f"{marked} d'un cercle vide.")
    empty = counts[counts["n_total"] == 0]
    if empty.empty:
        parts.append("Chaque thème a au moins un extrait.")
    else:
        listed = list(empty["label_fr"])
        which = (french_list([label(x) for x in listed]) if len(listed) <= LISTED else
                 f"{count(len(listed), THEME)}{_some(listed)}")
        parts.append(f"Sans extrait, en gris{NBSP}: {which}.")
    return _figure("alt_theme_tree", n_excerpts, " ".join(parts), "fig-alt of fig-theme-tree")


def branches_statement(counts: pd.DataFrame, depth: int) -> KeyFigure:
    """The section's sentence on the tree: excerpts per branch, largest theme of the cut."""
    roots = counts[counts["depth"] == 0].sort_values("n_total", ascending=False, kind="stable")
    if roots.empty or int(roots["n_total"].max()) == 0:
        return _figure("branches_statement", 0, "Aucun extrait n'est codé dans l'arbre.",
                       "excerpts per branch")
    said = []
    for i, row in enumerate(roots.itertuples()):
        n = int(row.n_total)
        name = (f"les {PART_NAMES[row.family]}" if row.family in PART_NAMES
                else f"la branche {label(row.label_fr)}")
        if i == 0:
            verb = "réunissent" if name.startswith("les ") else "réunit"
            said.append(f"{name} {verb} {count(n, EXTRAIT)}")
        else:
            said.append(f"{name} {'aucun' if n == 0 else fr_number(n)}")
    text = french_list(said)
    level = counts[(counts["depth"] == depth) | ((counts["depth"] < depth)
                                                 & counts["is_leaf"] & (counts["depth"] > 0))]
    names, best = leaders(level.set_index("label_fr")["n_total"])
    text = sentence(text) if best == 0 else sentence(
        f"{text}{NBSP}; {top_clause(names, best)}")
    return _figure("branches_statement", int(roots["n_total"].max()), text,
                   "excerpts per branch")


def empty_themes_statement(counts: pd.DataFrame) -> KeyFigure:
    """How many themes no excerpt illustrates, and what that does not mean."""
    n = int((counts["n_total"] == 0).sum())
    if n == 0:
        text = "Chaque thème de l'arbre a au moins un extrait."
    else:
        text = (f"Au total, {count(n, THEME, words=True)} {agree(n, 'n’a', 'n’ont')} aucun "
                f"extrait{NBSP}; {agree(n, 'son', 'leur')} absence des comptages ne dit "
                f"rien de {agree(n, 'son', 'leur')} poids dans les entretiens.").replace("’", "'")
    return _figure("empty_themes_statement", n, text, "themes without excerpt")


def corpus_statement(segments: pd.DataFrame, imported: pd.DataFrame | None) -> KeyFigure:
    """What the counts can say: published excerpts chosen to illustrate, or, for a study
    whose full coding project was imported, every coded segment of its interviews."""
    if imported is None or imported.empty:
        return _figure("corpus_statement", 0, (
            f"Leur portée est étroite{NBSP}: les auteurs ont choisi ces passages pour illustrer "
            "leur propos, non pour mesurer la place de chaque thème, et nous n'en lisons que "
            "des reformulations. Les comptages qui suivent disent quels thèmes les deux "
            "documents donnent à voir, pas combien de personnes interrogées les ont abordés."),
            "what the counts can say")
    studies = sorted(set(imported["source_id"]))
    others = sorted(set(segments["source_id"]) - set(studies))
    n_documents = imported["document"].nunique()
    text = (f"Pour {french_list([study_the(s) for s in studies])}, les comptages portent sur "
            f"le projet de codage complet ({count(imported['excerpt_id'].nunique(), SEGMENT)} "
            f"dans {count(n_documents, DOCUMENT)}) et disent combien de passages des "
            "entretiens abordent chaque thème.")
    if others:
        text += (f" Pour {french_list([study_the(s) for s in others])}, ils portent sur les "
                 "extraits publiés, choisis pour illustrer et non pour mesurer, que nous "
                 "lisons reformulés.")
    return _figure("corpus_statement", len(imported), text, "what the counts can say")


# --------------------------------------------------------------------------- who speaks


FIELD_NAMES = {"santé": "la santé", "formation professionnelle": "la formation professionnelle"}


def field_name(sector: str) -> str:
    """« la santé »; a sector without a known article is named in quotes."""
    return FIELD_NAMES.get(sector, f"le secteur {quoted(sector)}")


def study_fields(design: pd.DataFrame, study: str = "pp7_interviews") -> list[str]:
    """The fields (sectors) a study's design names, in the design table's order."""
    rows = design[(design["study"] == study) & design["fact"].str.startswith("field_")
                  & ~design["fact"].str.startswith("field_choice")]
    return [str(v) for v in rows["value"]]


def sector_statement(segments: pd.DataFrame, fields: list[str], of: str = "") -> KeyFigure:
    """How the excerpts spread over the fields a study names, with the imbalance said.

    A field with less than half the excerpts of the best-illustrated one is « seulement »
    illustrated by so many; excerpts whose sector the document does not state are counted.
    """
    excerpts = segments.drop_duplicates("excerpt_id")
    total = len(excerpts)
    by_sector = excerpts["sector"].value_counts()
    n = {f: int(by_sector.get(f, 0)) for f in fields}
    unstated = int(by_sector.get(NOT_STATED, 0))
    if total == 0 or not fields:
        return _figure("sector_statement", 0, "Aucun extrait ne permet de dire de quel "
                       "terrain il relève.", "excerpts per field")
    ordered = sorted(fields, key=lambda f: -n[f])
    most = n[ordered[0]]
    shares = []
    for i, f in enumerate(ordered):
        few = most > 0 and 2 * n[f] < most
        amount = (f"{fr_number(n[f])} seulement" if few and n[f] else
                  "aucun" if n[f] == 0 else fr_number(n[f]))
        shares.append(f"{field_name(f)} {'en compte ' if i == 0 else ''}{amount}")
    text = f"Sur les {fr_number(total)} extraits{' ' + of if of else ''}, {french_list(shares)}"
    if len(fields) > 1 and any(most > 0 and 2 * n[f] < most for f in fields):
        text += f", alors que l'étude porte sur ces {in_words(len(fields))} terrains"
    if unstated:
        text += (f"{NBSP}; pour {fr_number(unstated)} "
                 f"{agree(unstated, 'extrait', 'autres')}, le document ne précise pas le secteur")
    return _figure("sector_statement", min(n.values()), sentence(text), "excerpts per field")


def alt_theme_counts(segments: pd.DataFrame, matrix: pd.DataFrame) -> KeyFigure:
    """Alternative text of the counts heatmap: what each source illustrates most, how
    often sector and actor type are unstated. ``matrix`` is
    :func:`interviews.figures.counts_matrix` (its first block: the sources)."""
    excerpts = segments.drop_duplicates("excerpt_id")
    shape = ("Carte de chaleur, une ligne par thème et trois blocs de colonnes (source, "
             "secteur, type d'acteur) qui comptent les mêmes extraits, chaque case portant son "
             "nombre.")
    if excerpts.empty:
        return _figure("alt_theme_counts", 0, f"{shape} Aucun extrait n'est codé.",
                       "fig-alt of fig-theme-counts")
    parts = [shape]
    block = matrix[matrix.columns.get_level_values(0)[0]]
    by_source = excerpts["source_id"].value_counts()
    labels = {v: k for k, v in SOURCE_LABELS.items()}
    for column in block.columns:
        source = labels.get(column, column)
        name = STUDY_NAME.get(source, str(column))
        names, best = leaders(block[column])
        provided = count(int(by_source.get(source, 0)), EXTRAIT)
        if best == 0:
            parts.append(sentence(f"{name}{NBSP}: {provided}"))
            continue
        where = french_list([label(x) for x in names])
        tie = ", à égalité," if len(names) > 1 else ""
        parts.append(sentence(f"{name}{NBSP}: {provided}, portant d'abord{tie} sur {where} "
                              f"({fr_number(best)})"))
    missing = [(int((excerpts[c] == NOT_STATED).sum()), what)
               for c, what in (("sector", "le secteur"), ("actor_type", "le type d'acteur"))]
    said = [f"{what} pour {fr_number(n)} {agree(n, 'extrait', 'extraits')}"
            for n, what in missing if n]
    parts.append(sentence(f"Le document ne précise pas {french_list(said)} sur "
                          f"{fr_number(len(excerpts))}") if said else
                 "Secteur et type d'acteur sont précisés pour chaque extrait.")
    return _figure("alt_theme_counts", len(excerpts), " ".join(parts),
                   "fig-alt of fig-theme-counts")


# --------------------------------------------------------------------------- triangulation


def _status_rows(tri: pd.DataFrame, status: str) -> list[str]:
    leaves = tri[tri["is_leaf"]]
    return list(leaves.loc[leaves["status"] == status, "label_fr"])


def triangulation_counts(tri: pd.DataFrame, a: str, b: str, *, examples: bool = True) -> str:
    """« 10 thèmes communs aux deux études (dont …), 9 au seul … et 7 à la seule … »."""
    groups = [("both", "commun", "aux deux études"), ("only_a", "propre", study_to(a)),
              ("only_b", "propre", study_to(b)), ("neither", "trouvé", "par aucune des deux")]
    said = []
    for status, adjective, what in groups:
        labels = _status_rows(tri, status)
        if labels or status != "neither":
            named = _some(labels, brackets=True) if examples else ""
            agreed = agree(len(labels), adjective, adjective + "s")
            said.append(f"{count(len(labels), THEME)} {agreed} {what}{named}")
    return f"{NBSP}; ".join(said)


def alt_triangulation(tri: pd.DataFrame | None, a: str, b: str) -> KeyFigure:
    """Alternative text of the triangulation dots: how many fine themes each study finds."""
    if tri is None:
        return _figure("alt_triangulation", 0, "Pas de graphique : les extraits ne viennent "
                       "pas à la fois des deux études comparées.", "fig-alt of fig-triangulation")
    leaves = tri[tri["is_leaf"]]
    text = (f"Graphique en points sur deux colonnes, une par étude, et une ligne par thème fin "
            f"des limites et des leviers ({fr_number(len(leaves))} au total)"
            f"{NBSP}; la surface d'un point suit le nombre d'extraits, un cercle vide marque un "
            f"thème décrit sans extrait. {sentence(triangulation_counts(tri, a, b))}")
    return _figure("alt_triangulation", len(leaves), text, "fig-alt of fig-triangulation")


def triangulation_statement(tri: pd.DataFrame | None, a: str, b: str) -> KeyFigure:
    """The section's sentence on the two studies: shared themes, and the bias of a tree
    that is the first study's own (it finds every theme it describes)."""
    if tri is None:
        return _figure("triangulation_statement", 0, "Les extraits analysés ne viennent pas "
                       "des deux études, si bien qu'aucune confrontation n'est possible.",
                       "triangulation")
    leaves = tri[tri["is_leaf"]]
    both = int((leaves["status"] == "both").sum())
    own = int(leaves["described_a"].sum())
    text = (f"Sur les {fr_number(len(leaves))} thèmes fins des limites et des leviers, on "
            f"compte {triangulation_counts(tri, a, b, examples=False)}.")
    if own:
        text += (f" Le décompte favorise {study_the(a)}{NBSP}: l'arbre étant "
                 f"le sien, il « trouve » par construction "
                 f"{agree(own, 'le thème', f'les {fr_number(own)} thèmes')} que son texte "
                 f"décrit, même sans extrait. Seuls les thèmes que "
                 f"{study_the(b)} rejoint ou ajoute renseignent donc sur la convergence des "
                 "deux études.").replace("« trouve »", f"«{NBSP}trouve{NBSP}»")
    return _figure("triangulation_statement", both, text, "triangulation")


# --------------------------------------------------------------------------- vocabulary


def _part(part: str) -> str:
    return PART_NAMES.get(part, part)


def alt_specificities(top: pd.DataFrame, spec: pd.DataFrame, corpus: str) -> KeyFigure:
    """Alternative text of the specificity bars: how many pairs reach the 1 % level and
    which lemmas score highest. ``corpus`` names what was analysed."""
    parts = part_order(top["part"])
    shape = (f"Diagrammes en barres des lemmes les plus spécifiques de chaque partie "
             f"({french_list([_part(p) for p in parts], 'aucune partie')}), sur {corpus}"
             f"{NBSP}; les tirets marquent le seuil d'une chance sur cent.")
    if top.empty:
        return _figure("alt_specificities", 0, f"{shape} Aucun lemme n'est sur-représenté "
                       "dans une partie.", "fig-alt of fig-specific-vocabulary")
    above = int((spec["score"] >= SPECIFICITY_THRESHOLD).sum())
    reach = ("aucun lemme n'atteint ce seuil" if above == 0 else
             f"{count(above, Noun('couple lemme × partie', 'couples lemme × partie'))} "
             f"{agree(above, 'atteint', 'atteignent')} ce seuil")
    best = float(top["score"].max())
    first = top[top["score"] >= best - 1e-9]
    shown = first.head(LISTED)
    names = f"{NBSP}; ".join(
        f"{french_list([quoted(x) for x in group['lemma']])} ({_part(part)})"
        for part, group in shown.groupby("part", sort=False))
    rest = len(first) - len(shown)
    more = f", et {count(rest, Noun('autre lemme', 'autres lemmes'), words=True)}" if rest else ""
    holder = agree(len(first), "revient à", "revient, à égalité, à")
    text = (f"{shape} {sentence(reach)} Le score le plus élevé, {fr_number(best, 1)}, "
            f"{holder} {names}{more}.")
    return _figure("alt_specificities", above, text, "fig-alt of fig-specific-vocabulary")


def lexicometry_statement(corpus_given: bool, freq: pd.DataFrame | None = None,
                          spec: pd.DataFrame | None = None) -> KeyFigure:
    """The section's sentence on vocabulary: why it is not shown on the paraphrases, or what
    it finds on a corpus of original texts."""
    if not corpus_given or freq is None or spec is None:
        return _figure("lexicometry_statement", 0, (
            "Les extraits étant reformulés par ce projet, leur vocabulaire serait le nôtre "
            f"et non celui des personnes interrogées{NBSP}: l'analyse lexicométrique n'est "
            "donc présentée que sur un corpus de textes originaux."),
            "lexicometry not shown")
    above = int((spec["score"] >= SPECIFICITY_THRESHOLD).sum())
    text = (f"Le corpus compte {fr_number(int(freq.to_numpy().sum()))} occurrences de mots "
            f"pleins pour {fr_number(len(freq))} lemmes distincts, répartis en "
            f"{in_words(freq.shape[1], feminine=True)} parties{NBSP}; "
            + ("aucun lemme n'atteint le seuil d'une chance sur cent." if above == 0 else
               f"{count(above, Noun('couple lemme × partie', 'couples lemme × partie'))} "
               f"{agree(above, 'atteint', 'atteignent')} le seuil d'une chance sur cent."))
    return _figure("lexicometry_statement", above, text, "lexicometry on a corpus")


def all_sentences(*, segments: pd.DataFrame, counts: pd.DataFrame, matrix: pd.DataFrame,
                  tri: pd.DataFrame | None, design: pd.DataFrame, a: str, b: str, depth: int,
                  freq: pd.DataFrame, spec: pd.DataFrame, top: pd.DataFrame,
                  corpus_given: bool, imported: pd.DataFrame | None = None
                  ) -> list[KeyFigure]:
    """Every sentence of this module, for the interview notebook to record in one call."""
    corpus = ("le corpus de textes fourni" if corpus_given
              else "les reformulations des extraits")
    return [
        alt_theme_tree(counts, segments["excerpt_id"].nunique(), depth),
        alt_theme_counts(segments, matrix),
        alt_triangulation(tri, a, b),
        alt_specificities(top, spec, corpus),
        corpus_statement(segments, imported),
        branches_statement(counts, depth),
        empty_themes_statement(counts),
        # the fields are those of study ``a``: its excerpts only, said so
        sector_statement(segments[segments["source_id"] == a], study_fields(design),
                         of="du policy paper" if a == "pp7" else f"de l'étude {a}"),
        triangulation_statement(tri, a, b),
        lexicometry_statement(corpus_given, freq, spec),
    ]
