"""Sentences of the literature section: variants for no work, one work, several."""

from __future__ import annotations

import pandas as pd
import pytest

from digital_public_services.literature import sentences as ls
from digital_public_services.prose.typography import NBSP


def works(rows: list[tuple[str, str, int | None]]) -> pd.DataFrame:
    return pd.DataFrame({"question": [q for q, _, _ in rows], "role": [r for _, r, _ in rows],
                         "year": pd.array([y for _, _, y in rows], dtype="Int64")})


def test_coverage_names_the_questions_no_cited_work_addresses():
    text = ls.coverage_statement(works([("governance", "cited", 2006),
                                        ("governance", "cited", 2013),
                                        ("change", "cited", 2002),
                                        ("access", "literature", 2019)]))["text"]
    assert "«\u00a0gouvernance de l'ère numérique\u00a0» (deux travaux)" in text
    assert "«\u00a0conduite du changement\u00a0» (un travail)" in text
    assert ("Les questions «\u00a0accès inégal et non-recours\u00a0» et «\u00a0performance "
            "centrée sur l'usager\u00a0» n'y sont traitées par aucune.") in text


def test_coverage_with_one_question_missing_and_with_no_cited_work():
    one = ls.coverage_statement(works([(q, "cited", 2000) for q in
                                       ("access", "governance", "performance")]))
    assert one["value"] == 1
    assert one["text"].endswith("La question «\u00a0conduite du changement\u00a0» n'y est "
                                "traitée par aucune.")
    none = ls.coverage_statement(works([("access", "literature", 2019)]))
    assert none["text"] == ("Le policy paper ne cite aucun travail publié sur les questions "
                            "de la synthèse.")


def support(rows: list[tuple[str, str, tuple[str, ...]]]) -> pd.DataFrame:
    return pd.DataFrame({"label_fr": [lab for lab, _, _ in rows],
                         "support": [s for _, s, _ in rows],
                         "n_added": [len(k) for _, _, k in rows],
                         "added_keys": [k for _, _, k in rows]})


CITES = pd.Series({"a": "Auteur, 2006", "b": "Autre et al., 2019"})


@pytest.mark.parametrize(("rows", "expected"), [
    ([("Productivité", "literature_and_interviews", ("a",))],
     "Toutes les affirmations du policy paper tirées des entretiens trouvent déjà un appui"),
    ([("Leadership", "interviews_only", ())],
     "Les travaux ajoutés ne portent sur aucune des affirmations que seuls les entretiens "
     "appuient (leadership)."),
    ([("Leadership", "interviews_only", ("a", "b")), ("Conflits", "interviews_only", ())],
     f"la littérature ajoutée en éclaire une{NBSP}: «{NBSP}leadership{NBSP}» (Auteur, 2006"
     f"{NBSP}; Autre et al., 2019). L'affirmation «{NBSP}conflits{NBSP}» reste sans appui"),
    ([("Leadership", "interviews_only", ("a",)), ("Outils", "interviews_only", ("b",))],
     f"en éclaire deux{NBSP}: «{NBSP}leadership{NBSP}» (Auteur, 2006) et «{NBSP}outils"
     f"{NBSP}» (Autre et al., 2019)."),
])
def test_added_support_variants(rows, expected):
    text = ls.added_support_statement(support(rows), CITES)["text"]
    assert expected in text
    if len(rows) == 2 and rows[1][2]:
        assert "sans appui" not in text


def test_map_alt_counts_each_question_with_agreement_and_years():
    text = ls.map_alt(works([("access", "cited", 2004), ("access", "literature", 2019),
                             ("access", "literature", 2023), ("change", "literature", 2006)]))[
        "text"]
    assert (f"Accès inégal et non-recours{NBSP}: trois travaux, dont 1 cité par le policy "
            "paper et 2 ajoutés, publiés de 2004 à 2023") in text
    assert f"gouvernance de l'ère numérique{NBSP}: aucun travail" in text
    assert (f"conduite du changement{NBSP}: un travail, dont 0 cité par le policy paper et "
            "1 ajouté, publié en 2006") in text
    assert ls.map_alt(works([]))["text"].endswith("aucun travail dans les données.")


def bib(roles: list[tuple[str, str, int, str]]) -> pd.DataFrame:
    return pd.DataFrame({"role": [r for r, _, _, _ in roles],
                         "entry_type": [e for _, e, _, _ in roles],
                         "year": pd.array([y for _, _, y, _ in roles], dtype="Int64"),
                         "verification": [v for _, _, _, v in roles]})


def test_cited_clause_variants():
    two = bib([("cited", "article", 2000, "checked"), ("cited", "article", 2013, "checked"),
               ("cited", "techreport", 2021, "secondary")])
    assert ls.cited_clause(two)["text"] == ("trois références, dont deux articles de revue "
                                            "parus entre 2000 et 2013")
    one = bib([("cited", "article", 2006, "checked")])
    assert ls.cited_clause(one)["text"] == "une référence, dont un article de revue paru en 2006"
    assert ls.cited_clause(bib([("literature", "book", 2016, "checked")]))["text"] == (
        "aucune référence")


def test_added_statement_variants():
    text = ls.added_statement(bib([("cited", "article", 2000, "checked"),
                                   ("literature", "book", 2016, "secondary")]))["text"]
    assert text.startswith("Nous ajoutons un travail que le policy paper ne cite pas")
    assert text.endswith(f"document{NBSP}; l'autre, connue de seconde main, le dit dans la "
                         "bibliographie.")
    none = ls.added_statement(bib([("cited", "article", 2000, "checked")]))["text"]
    assert none.startswith("Nous n'ajoutons aucun travail")
    assert none.endswith("première page du document.")


@pytest.mark.parametrize(("rows", "start"), [
    ([], "Aucune affirmation du policy paper ne repose sur les seuls entretiens."),
    ([("Leadership", "interviews_only", ())],
     f"Une affirmation ne repose que sur les entretiens{NBSP}: «{NBSP}leadership{NBSP}»."),
    ([("Leadership", "interviews_only", ()), ("Conflits", "interviews_only", ())],
     f"Deux affirmations ne reposent que sur les entretiens{NBSP}: «{NBSP}leadership"),
])
def test_interviews_only_variants(rows, start):
    frame = support(rows) if rows else support([("X", "literature_only", ())])
    assert ls.interviews_only_statement(frame)["text"].startswith(start)


def test_grey_only_variants():
    frame = pd.DataFrame({"label_fr": ["Contexte", "Fracture"], "n_academic": [0, 0],
                          "n_grey": [3, 1]})
    assert "«\u00a0contexte\u00a0» et «\u00a0fracture\u00a0» ne s'appuient que sur" in (
        ls.grey_only_statement(frame)["text"])
    assert "ne s'appuie que sur" in ls.grey_only_statement(frame.iloc[:1])["text"]
    assert ls.grey_only_statement(frame.assign(n_academic=1))["text"].startswith("Chaque")
