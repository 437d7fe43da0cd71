"""Interview sentences and alternative texts: every variant another data set can produce."""

from __future__ import annotations

import pandas as pd
import pytest

from digital_public_services.coding import themes as coding
from digital_public_services.interviews import figures as interview_figures
from digital_public_services.interviews import sentences
from digital_public_services.prose.typography import NBSP

CODEBOOK = pd.DataFrame({
    "code": ["limits", "limits.a", "limits.b", "levers", "levers.x", "levers.y"],
    "parent": [None, "limits", "limits", None, "levers", "levers"],
    "label_fr": ["Limites", "Coût", "Temps", "Leviers", "Données", "Pilotage"],
    "origin": ["policy_paper", "policy_paper", "project", "policy_paper", "policy_paper",
               "policy_paper"],
    "source_id": ["pp7", "pp7", "harris2022", "pp7", "pp7", None],
})


def segments(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """(excerpt, source, sector, code) rows as the tidy segment table."""
    frame = pd.DataFrame(rows, columns=["excerpt_id", "source_id", "sector", "code"])
    return frame.assign(actor_type="non précisé", text="", document="d", speaker_role="r",
                        qda_code=frame["code"]).astype("string")


def tree(table: pd.DataFrame) -> pd.DataFrame:
    return coding.tree_layout(coding.node_counts(table, CODEBOOK))


def text(figure) -> str:
    return figure.text.replace(NBSP, " ")


TWO = segments([("e1", "pp7", "santé", "limits.a"), ("e2", "harris2022", "non précisé",
                                                      "levers.x")])


# --------------------------------------------------------------------------- theme tree


def test_tree_alt_counts_branches_names_the_top_theme_and_the_empty_ones():
    alt = text(sentences.alt_theme_tree(tree(TWO), 2, depth=1))
    assert "en deux branches" in alt
    assert "sur 2 au total : limites 1, leviers 1" in alt
    assert "à égalité avec un extrait chacune, sont « Coût » et « Données »" in alt
    assert "Ce projet a ajouté un thème, en italique et marqué d'un cercle vide." in alt
    assert "Sans extrait, en gris : « Temps » et « Pilotage »." in alt


def test_tree_alt_single_top_theme_and_plural_project_themes():
    table = segments([("e1", "pp7", "santé", "limits.a"), ("e2", "pp7", "santé", "limits.a"),
                      ("e3", "pp7", "santé", "levers.x"), ("e4", "pp7", "santé", "limits.b"),
                      ("e5", "pp7", "santé", "levers.y")])
    book = CODEBOOK.assign(origin=["policy_paper", "project", "project", "policy_paper",
                                   "policy_paper", "policy_paper"])
    counts = coding.tree_layout(coding.node_counts(table, book))
    alt = text(sentences.alt_theme_tree(counts, 5, depth=1))
    assert "limites 3, leviers 2" in alt  # largest branch first
    assert "La sous-branche la plus citée est « Coût » (2 extraits)." in alt
    assert "Ce projet a ajouté 2 thèmes, en italique et marqués" in alt
    assert "Chaque thème a au moins un extrait." in alt


def test_tree_alt_without_any_excerpt():
    alt = text(sentences.alt_theme_tree(tree(segments([])), 0, depth=1))
    assert "Aucun extrait n'est codé" in alt and "la plus citée" not in alt


def test_tree_alt_names_at_most_three_empty_themes():
    book = pd.concat([CODEBOOK, pd.DataFrame({
        "code": ["levers.z", "levers.w"], "parent": ["levers", "levers"],
        "label_fr": ["Z", "W"], "origin": ["policy_paper"] * 2, "source_id": [None] * 2})])
    counts = coding.tree_layout(coding.node_counts(TWO, book))
    alt = text(sentences.alt_theme_tree(counts, 2, depth=1))
    assert "Sans extrait, en gris : 4 thèmes, dont « Temps », « Pilotage » et « Z »." in alt


def test_branches_statement_puts_the_largest_branch_first_and_says_ties():
    found = text(sentences.branches_statement(tree(TWO), depth=1))
    assert found == ("Les limites réunissent un extrait et les leviers 1 ; les sous-branches "
                     "les plus citées, à égalité avec un extrait chacune, sont « Coût » et "
                     "« Données ».")
    only_levers = segments([("e1", "pp7", "santé", "levers.x")])
    found = text(sentences.branches_statement(tree(only_levers), depth=1))
    assert found.startswith("Les leviers réunissent un extrait et les limites aucun ;")
    assert "la sous-branche la plus citée est « Données » (un extrait)" in found
    assert text(sentences.branches_statement(tree(segments([])), depth=1)) == (
        "Aucun extrait n'est codé dans l'arbre.")


@pytest.mark.parametrize(("rows", "expected"), [
    ([], "Au total, six thèmes n'ont aucun extrait ; leur absence"),
    ([("e1", "pp7", "s", "limits.a"), ("e2", "pp7", "s", "limits.b"),
      ("e3", "pp7", "s", "levers.x")], "Au total, un thème n'a aucun extrait ; son "),
    ([("e1", "pp7", "s", "limits.a"), ("e2", "pp7", "s", "limits.b"),
      ("e3", "pp7", "s", "levers.x"), ("e4", "pp7", "s", "levers.y")],
     "Chaque thème de l'arbre a au moins un extrait."),
])
def test_empty_themes_statement_agrees_with_its_count(rows, expected):
    assert text(sentences.empty_themes_statement(tree(segments(rows)))).startswith(expected)


# --------------------------------------------------------------------------- who speaks


@pytest.mark.parametrize(("rows", "expected"), [
    ([("santé", 10), ("formation professionnelle", 2), ("non précisé", 3)],
     "Sur les 15 extraits, la santé en compte 10 et la formation professionnelle "
     "2 seulement, alors que l'étude porte sur ces deux terrains ; pour 3 autres, le "
     "document ne précise pas le secteur."),
    ([("santé", 3), ("formation professionnelle", 2)],
     "Sur les 5 extraits, la santé en compte 3 et la formation professionnelle 2."),
    ([("formation professionnelle", 4)],
     "Sur les 4 extraits, la formation professionnelle en compte 4 et la santé "
     "aucun, alors que l'étude porte sur ces deux terrains."),
    ([("santé", 1), ("formation professionnelle", 1), ("non précisé", 1)],
     "Sur les 3 extraits, la santé en compte 1 et la formation professionnelle 1 ; "
     "pour 1 extrait, le document ne précise pas le secteur."),
])
def test_sector_statement_says_the_imbalance_only_when_there_is_one(rows, expected):
    table = segments([(f"{s}{i}", "pp7", s, "limits.a") for s, n in rows for i in range(n)])
    found = sentences.sector_statement(table, ["santé", "formation professionnelle"])
    assert text(found) == expected


def test_sector_statement_without_excerpts():
    found = sentences.sector_statement(segments([]), ["santé"])
    assert found.value == 0 and "Aucun extrait" in found.text


def test_study_fields_read_the_design_table():
    design = pd.DataFrame({"study": ["pp7_interviews"] * 3 + ["other"],
                           "fact": ["field_health", "field_choice_reasons", "field_training",
                                    "field_x"],
                           "value": ["santé", "3", "formation professionnelle", "x"]})
    assert sentences.study_fields(design) == ["santé", "formation professionnelle"]


def counts_matrix(table: pd.DataFrame) -> pd.DataFrame:
    labels = CODEBOOK.set_index("code")["label_fr"]
    nodes = coding.cut(CODEBOOK, 1)
    return interview_figures.counts_matrix(
        {d: coding.counts_by(table, CODEBOOK, d, nodes) for d in ("source_id", "sector")},
        labels)


def test_counts_alt_gives_each_source_its_main_theme_and_the_unstated_sectors():
    table = segments([("e1", "pp7", "santé", "limits.a"), ("e2", "pp7", "santé", "limits.a"),
                      ("e3", "harris2022", "non précisé", "levers.x"),
                      ("e4", "harris2022", "non précisé", "limits.a")])
    alt = text(sentences.alt_theme_counts(table, counts_matrix(table)))
    assert "Policy Paper n° 7 : 2 extraits, portant d'abord sur « Coût » (2)." in alt
    assert "Enquête Harris 2022 : 2 extraits, portant d'abord, à égalité, sur « Coût » et " \
           "« Données » (1)." in alt
    assert "ne précise pas le secteur pour 2 extraits et le type d'acteur pour 4 extraits " \
           "sur 4" in alt


def test_counts_alt_without_excerpts():
    alt = sentences.alt_theme_counts(segments([]), counts_matrix(TWO))
    assert alt.value == 0 and "Aucun extrait" in alt.text


# --------------------------------------------------------------------------- triangulation


def test_triangulation_alt_and_statement_count_each_status_with_agreement():
    tri = coding.triangulate(TWO, CODEBOOK, "pp7", "harris2022")
    alt = text(sentences.alt_triangulation(tri, "pp7", "harris2022"))
    # Coût: pp7 excerpt, Temps: described by harris2022, Données: both, Pilotage: none
    assert "Un thème commun aux deux études (« Données »)" in alt
    assert "un thème propre au Policy Paper n° 7 (« Coût »)" in alt
    assert "un thème propre à l'enquête Harris 2022 (« Temps »)" in alt
    assert "un thème trouvé par aucune des deux (« Pilotage »)" in alt
    statement = text(sentences.triangulation_statement(tri, "pp7", "harris2022"))
    assert "Sur les 4 thèmes fins" in statement and "«" in statement
    assert "« Coût »" not in statement  # no list of names in the body sentence
    assert "par construction les 2 thèmes que son texte décrit" in statement


def test_triangulation_alt_when_one_study_is_missing():
    assert "Pas de graphique" in sentences.alt_triangulation(None, "pp7", "harris2022").text
    assert sentences.triangulation_statement(None, "pp7", "harris2022").value == 0


# --------------------------------------------------------------------------- vocabulary


def spec(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["part", "lemma", "score"]).assign(k=1)


def test_specificity_alt_single_leader_and_pairs_above_the_threshold():
    table = spec([("limits", "coût", 2.5), ("limits", "temps", 1.0), ("levers", "donnée", 2.1)])
    alt = text(sentences.alt_specificities(table, table, "le corpus fourni"))
    assert "(limites et leviers)" in alt  # the paper's order of parts
    assert "2 couples lemme × partie atteignent ce seuil" in alt
    assert "Le score le plus élevé, 2,5, revient à « coût » (limites)." in alt


def test_specificity_alt_ties_beyond_three_and_no_pair_above_the_threshold():
    table = spec([("limits", w, 1.4) for w in ("a", "b", "c", "d", "e")])
    alt = text(sentences.alt_specificities(table, table, "les reformulations"))
    assert "Aucun lemme n'atteint ce seuil." in alt
    assert "revient, à égalité, à « a », « b » et « c » (limites), et deux autres lemmes" in alt
    one = spec([("limits", "a", 2.0), ("limits", "b", 2.0), ("levers", "c", 2.0),
                ("levers", "d", 2.0)])
    alt = text(sentences.alt_specificities(one, one, "x"))
    assert "« a » et « b » (limites) ; « c » (leviers), et un autre lemme" in alt


def test_specificity_alt_without_lemma():
    empty = spec([])
    assert sentences.alt_specificities(empty, empty, "x").value == 0


def test_lexicometry_statement_without_corpus_is_one_sentence_with_corpus_counts():
    without = sentences.lexicometry_statement(False)
    assert without.text.count(".") == 1 and "textes originaux" in without.text
    freq = pd.DataFrame({"limits": [3, 1], "levers": [0, 2]}, index=["coût", "donnée"])
    found = text(sentences.lexicometry_statement(True, freq, spec([("limits", "coût", 2.2)])))
    assert found == ("Le corpus compte 6 occurrences de mots pleins pour 2 lemmes distincts, "
                     "répartis en deux parties ; un couple lemme × partie atteint le seuil "
                     "d'une chance sur cent.")


def test_corpus_statement_says_what_published_or_imported_counts_can_say():
    published = text(sentences.corpus_statement(TWO, None))
    assert "choisi ces passages pour illustrer" in published
    imported = segments([("q1", "pp7", "santé", "limits.a"), ("q2", "pp7", "santé",
                                                                "levers.x")])
    both = pd.concat([TWO[TWO["source_id"] != "pp7"], imported])
    found = text(sentences.corpus_statement(both, imported))
    assert found.startswith("Pour le Policy Paper n° 7, les comptages portent sur le projet "
                            "de codage complet (2 segments codés dans un document)")
    assert "Pour l'enquête Harris 2022, ils portent sur les extraits publiés" in found
    alone = text(sentences.corpus_statement(imported, imported))
    assert "extraits publiés" not in alone
