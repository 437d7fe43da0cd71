"""Lemmas of a corpus, kept on disk under the SHA-256 of everything that determines them.

Loading spaCy's French pipeline costs several seconds, more than the rest of the interview
notebook; the lemmas of a given corpus never change as long as the texts, the extra stop
words, the lemmatising code and the versions of spaCy and of the model stay the same. All
of these go into the key, so a cached entry is either exactly what the pipeline would give,
or not found. The shipped corpus's entry is committed (``cache/lemmas/``), so a fresh clone
does not load the pipeline either; delete the folder to recompute.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..paths import project_root

Lemmas = list[list[str]]


def folder(root: Path | None = None) -> Path:
    """Where the project keeps its lemma cache."""
    return (root or project_root()) / "cache" / "lemmas"


def _version(distribution: str) -> str:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return "absent"


def cache_key(texts: list[str], stop_words: Iterable[str], method: str, model: str) -> str:
    """SHA-256 of the texts, the extra stop words, the method's code and the versions."""
    payload = {
        "texts": texts,
        "stop_words": sorted({w.casefold() for w in stop_words}),
        "method": method,
        "model": model,
        "model_version": _version(model.replace("_", "-")),
        "spacy_version": _version("spacy"),
    }
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()


def load(path: Path, key: str, count: int) -> Lemmas | None:
    """The entry if it is whole and holds ``count`` texts' lemmas for ``key``, else None."""
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
        return None
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    lemmas = entry.get("lemmas")
    return lemmas if isinstance(lemmas, list) and len(lemmas) == count else None


def save(path: Path, key: str, lemmas: Lemmas) -> None:
    """Write atomically: a reader never sees half an entry."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"key": key, "lemmas": lemmas}, ensure_ascii=False,
                              separators=(",", ":")) + "\n", encoding="utf-8")
    tmp.replace(path)


def cached(texts: list[str], stop_words: Iterable[str], where: Path, method: str,
           model: str, compute: Callable[[], Lemmas]) -> Lemmas:
    """``compute()``'s lemmas of ``texts``, from ``where`` when an entry has the same key."""
    stop_words = list(stop_words)
    key = cache_key(texts, stop_words, method, model)
    path = where / f"{key}.json"
    found = load(path, key, len(texts))
    if found is not None:
        return found
    lemmas = compute()
    save(path, key, lemmas)
    return lemmas
