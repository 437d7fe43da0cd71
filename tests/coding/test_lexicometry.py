"""Specificities on texts written for the tests, checked against the hypergeometric law."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from scipy.stats import hypergeom

from digital_public_services.coding import lexicometry
from digital_public_services.errors import DataError

SYNTHETIC_UNITS = pd.DataFrame({
    "part": ["soins", "soins", "ecole", "ecole"],
    "text": [
        "Les médecins soignent les patients à l'hôpital ; les patients attendent les médecins.",
        "Un médecin examine les patients et les infirmières soignent.",
        "Les enseignants corrigent les copies des élèves ; les élèves écoutent les enseignants.",
        "Les enseignants préparent les cours pour les élèves de la classe.",
    ],
})


def test_lemmas_drop_stop_words_and_lemmatise():
    (words,) = lexicometry.lemmas(["Les élus étaient réticents et l'usager s'approprie son "
                                   "parcours."])
    assert "élu" in words and "usager" in words and "parcours" in words
    assert not {"le", "être", "et", "son", "l'"} & set(words)
    (fewer,) = lexicometry.lemmas(["Les élus et les usagers."], stop_words=["usager"])
    assert fewer == ["élu"]


def test_specific_vocabulary_of_each_part():
    freq = lexicometry.frequency_table(SYNTHETIC_UNITS)
    top = lexicometry.top_specific(lexicometry.specificities(freq), n=2)
    assert set(top.loc[top["part"] == "soins", "lemma"]) <= {"médecin", "patient", "soigner"}
    assert set(top.loc[top["part"] == "ecole", "lemma"]) <= {"élève", "enseignant"}
    assert top.groupby("part").size().to_dict() == {"ecole": 2, "soins": 2}


def test_scores_follow_the_hypergeometric_law():
    freq = pd.DataFrame({"a": [5, 1, 4], "b": [0, 4, 6]}, index=["x", "y", "z"])
    spec = lexicometry.specificities(freq, min_frequency=1).set_index(["part", "lemma"])
    total, size_a = 20, 10
    over = -math.log10(hypergeom.sf(5 - 1, total, 5, size_a))      # x over-used in a
    under = math.log10(hypergeom.cdf(1, total, 5, size_a))          # y under-used in a
    assert spec.loc[("a", "x"), "score"] == pytest.approx(over)
    assert spec.loc[("a", "y"), "score"] == pytest.approx(under)
    assert spec.loc[("a", "x"), "score"] > 0 > spec.loc[("a", "y"), "score"]
    assert spec.loc[("a", "x"), "expected"] == pytest.approx(2.5)


def test_min_frequency_keeps_part_sizes_whole():
    freq = pd.DataFrame({"a": [3, 1], "b": [1, 0]}, index=["x", "rare"])
    spec = lexicometry.specificities(freq, min_frequency=2)
    assert set(spec["lemma"]) == {"x"}
    assert spec.set_index("part").loc["a", "t"] == 4 and spec["T"].iloc[0] == 5


def test_specificities_need_two_parts():
    with pytest.raises(ValueError, match="two parts"):
        lexicometry.specificities(pd.DataFrame({"a": [1]}, index=["x"]))


def test_family_units_put_each_excerpt_once_per_family():
    table = pd.DataFrame({
        "excerpt_id": ["e1", "e1", "e1", "e2"],
        "code": ["limits.a", "limits.b", "levers.c", ""],
        "text": ["t1", "t1", "t1", "t2"],
    })
    units = lexicometry.family_units(table)
    assert sorted(zip(units["part"], units["document"], strict=True)) == [
        ("levers", "e1"), ("limits", "e1")]


def test_read_corpus_parts_from_subfolders(tmp_path):
    (tmp_path / "presse_2019").mkdir()
    (tmp_path / "presse_2019" / "a.txt").write_text("Texte synthétique un.", encoding="utf-8")
    (tmp_path / "presse_2020").mkdir()
    (tmp_path / "presse_2020" / "b.txt").write_text("\ufeffTexte synthétique deux.",
                                                    encoding="utf-8")
    (tmp_path / "seul.txt").write_text("Texte isolé.", encoding="utf-8")
    corpus = lexicometry.read_corpus(tmp_path)
    assert sorted(corpus["part"]) == ["presse_2019", "presse_2020", "seul"]
    assert not corpus["text"].str.startswith("\ufeff").any()


def test_read_corpus_refuses_non_utf8_and_empty(tmp_path):
    (tmp_path / "x.txt").write_bytes("première ligne\nété".encode("latin-1"))
    with pytest.raises(DataError) as err:
        lexicometry.read_corpus(tmp_path)
    assert err.value.first.line == 1 and "x.txt" in str(err.value)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(DataError, match="no .txt file"):
        lexicometry.read_corpus(empty)
