"""The rendered artefacts of each edition, kept outside git and checked by their digests.

An edition's site (HTML pages, PDF, data package ZIP: several megabytes) is not committed
with every release. It is kept in ``cache/editions/X.Y.Z/`` (git-ignored): ``site/`` is the
rendered ``_manuscript/`` of the edition and ``manifest.json`` the SHA-256 of every file in it,
with the PDF's and the data package's named. ``dps release`` stores the site it rendered
(and writes those two digests and the site's into the snapshot); ``dps editions build``
rebuilds a missing one from the commit its snapshot records (``edition_rebuild``), after
checking that the rebuild quotes exactly the values the snapshot recorded
(:func:`value_problems`). The site's layout step (``edition_site``) copies only what this
store verifies.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from ..build.cache import file_digest
from . import editions

CACHE = Path("cache") / "editions"
MANIFEST = "manifest.json"
SITE = "site"
PDF = "report/index.pdf"
DATA_PACKAGE = "build/data-package.zip"
ARTICLE = "report/index.html"
#: Not part of an edition's own site: the editions laid out beside a render (``edition_site``).
NESTED = "editions"


class EditionError(Exception):
    """An edition cannot be rebuilt, stored or verified; the message says why."""


def folder(root: Path, version: str) -> Path:
    return root / CACHE / version


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def value_problems(edition: dict, built: dict[str, dict]) -> list[str]:
    """Every difference between the values a rebuild quotes and the edition's snapshot; none
    means the values are reproduced exactly (descriptions, the current build's prose, aside).

    A snapshot may record texts rewritten after its release (``amended``: key -> SHA-256 of
    the text the release quoted, e.g. survey wordings replaced by short labels so that the
    repository does not repeat them): for those, the rebuild's text must have that digest.
    """
    amended = edition.get("amended", {}).get("texts", {})
    problems = []
    for key in sorted(set(edition["values"]) | set(built)):
        want = edition["values"].get(key)
        if want is None:
            problems.append(f"{key}: quoted by the rebuild, absent from the snapshot")
            continue
        if key not in built:
            problems.append(f"{key}: in the snapshot, not quoted by the rebuild")
            continue
        got = editions.recorded(built[key])
        if key in amended:
            if text_digest(str(got.get("text"))) != amended[key]:
                problems.append(f"{key}: text differs from the one the release quoted "
                                "(SHA-256 recorded under 'amended')")
            want = {**want, "text": got.get("text")}
        if got != want:
            fields = sorted(f for f in set(got) | set(want) if got.get(f) != want.get(f))
            problems.append(f"{key}: {', '.join(fields)} differ(s) from the snapshot")
    return problems


def input_problems(edition: dict, inputs: dict[str, str]) -> list[str]:
    """Input files whose digest differs from the snapshot's."""
    moved = editions.changed_inputs(edition["inputs"], inputs)
    return [f"input {name}: {kind}" for kind, names in moved.items() for name in names]


def digests(site: Path) -> dict[str, str]:
    """SHA-256 of every file of a site, by path relative to it (the nested editions aside)."""
    return {path.relative_to(site).as_posix(): file_digest(path)
            for path in sorted(site.rglob("*"))
            if path.is_file() and path.relative_to(site).parts[0] != NESTED}


def site_digest(files: dict[str, str]) -> str:
    """One digest for a whole site: of its sorted list of files and their digests."""
    return text_digest("".join(f"{digest}  {name}\n" for name, digest in sorted(files.items())))


def store(root: Path, version: str, site: Path, how: str, commit: str) -> dict:
    """Copy a rendered site into the store (replacing any earlier copy); its manifest."""
    for needed in (ARTICLE, PDF):
        if not (site / needed).is_file():
            raise EditionError(f"{site}: no {needed}; was the paper rendered with Quarto?")
    target = folder(root, version)
    staging = target.with_name(f".{version}.tmp")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(site, staging / SITE, ignore=lambda here, names: (
        [NESTED] if Path(here) == site else []))
    files = digests(staging / SITE)
    manifest = {"version": version, "commit": commit, "how": how, "files": files,
                "site_sha256": site_digest(files), "pdf": PDF,
                "data_package": DATA_PACKAGE if DATA_PACKAGE in files else None}
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n",
                                    encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging.rename(target)
    return manifest


def artefacts(manifest: dict) -> dict:
    """What a snapshot records of its stored artefacts: the SHA-256 of the PDF, of the data
    package and of the whole site."""
    found = {"site_sha256": manifest["site_sha256"],
             "pdf": {"path": manifest["pdf"], "sha256": manifest["files"][manifest["pdf"]]}}
    if manifest.get("data_package"):
        found["data_package"] = {"path": manifest["data_package"],
                                 "sha256": manifest["files"][manifest["data_package"]]}
    return found


def load(root: Path, edition: dict) -> tuple[dict | None, str]:
    """The stored manifest of an edition when its files are intact, else None and why."""
    path = folder(root, edition["version"]) / MANIFEST
    if not path.is_file():
        return None, f"not stored: run `dps editions build {edition['version']}`"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    site = path.parent / SITE
    if digests(site) != manifest["files"]:
        return None, (f"{site} differs from its manifest: run `dps editions build "
                      f"{edition['version']} --force`")
    return manifest, ""


def is_released_copy(edition: dict, manifest: dict) -> bool:
    """Whether the stored site is byte for byte the one the release recorded (a rebuild
    reproduces the values, not necessarily the bytes of a PDF)."""
    recorded = edition.get("artefacts") or {}
    return recorded.get("site_sha256") == manifest["site_sha256"]
