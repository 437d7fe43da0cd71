"""How to cite the paper: Quarto metadata drawn from ``CITATION.cff``, the one source.

``CITATION.cff`` names the authors, the licence and, when one exists, the DOI; the package
gives the version and the build its date (the commit's, see ``provenance.build_date``). The
pre-render step writes the result as a Quarto metadata file (``build/citation.yml``), so the
title block, the « Citation » appendix (with its BibTeX entry) and the Google Scholar
``<meta>`` tags all say the same thing, and nothing is typed twice. No DOI or URL is made
up: each appears only when ``CITATION.cff`` sets it.

Editions (``editions``) are cited each by their own version. ``doi`` in ``CITATION.cff`` is the
*concept* DOI, which names every edition at once (Zenodo's practice); the DOI of one
edition, once deposited, is the ``doi`` field of its snapshot. ``url`` in ``CITATION.cff`` is
the site's address; an edition's own address is ``editions/X.Y.Z/`` under it.
"""

from __future__ import annotations

from pathlib import Path

import yaml

#: SPDX identifiers of ``CITATION.cff`` -> the names Quarto turns into a licence link.
LICENCES = {"CC-BY-4.0": "CC BY 4.0", "CC-BY-SA-4.0": "CC BY-SA 4.0", "CC0-1.0": "CC0"}
CITATION_KEY = "dps-paper"
#: The code's licence (file ``LICENSE``); ``CITATION.cff`` gives that of the paper and its data
#: (``LICENSE-CC-BY-4.0``). ``pyproject.toml`` declares both as one SPDX expression (tested).
CODE_LICENCE = "MIT"
NBSP = "\u00a0"


class CitationError(ValueError):
    """``CITATION.cff`` lacks what a citation needs; the message names the file and field."""


def read_cff(path: Path) -> dict:
    """The parsed ``CITATION.cff``; a missing field is an error naming it."""
    cff = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    for field in ("authors", "license", "version"):
        if not cff.get(field):
            raise CitationError(f"{path}: field {field!r} is missing or empty")
    return cff


def author(entry: dict) -> dict:
    """A CFF author as Quarto wants it: a person by name parts, an entity as a literal."""
    if entry.get("family-names"):
        name = {"family": entry["family-names"]}
        if entry.get("given-names"):
            name["given"] = entry["given-names"]
        person: dict = {"name": name}
    elif entry.get("name"):
        person = {"name": {"literal": entry["name"]}}
    else:
        raise CitationError(f"CITATION.cff: an author has neither 'name' nor 'family-names': "
                            f"{entry}")
    if entry.get("affiliation"):
        person["affiliations"] = [{"name": entry["affiliation"]}]
    if entry.get("orcid"):
        person["orcid"] = entry["orcid"].removeprefix("https://orcid.org/")
    return person


EDITIONS_FOLDER = "editions"


def edition_address(site: str, version: str) -> str:
    """The stable address of an edition's article under the site's address."""
    return f"{site.rstrip('/')}/{EDITIONS_FOLDER}/{version}/report/index.html"


def metadata(cff: dict, version: str, date: str | None, edition: dict | None = None) -> dict:
    """Quarto metadata for the article: authors, ISO ``date``, licence and ``citation``.

    ``version`` is the label's (``label``): the package's for an edition, which the tests
    keep equal to the one ``CITATION.cff`` declares, ``X.Y.Z+commit`` for a working version.
    ``edition``: the snapshot this render reproduces, if any (its DOI and address).
    """
    licence = str(cff["license"])
    item: dict = {"type": "report", "version": version, "id": CITATION_KEY}
    version_doi = str(edition["doi"]) if edition and edition.get("doi") else None
    if version_doi or cff.get("doi"):
        item["doi"] = version_doi or str(cff["doi"])
    if cff.get("url"):
        item["url"] = (edition_address(str(cff["url"]), edition["version"]) if edition
                       else str(cff["url"]))
    meta = {
        "author": [author(entry) for entry in cff["authors"]],
        "license": LICENCES.get(licence, licence),
        "copyright": {"statement": copyright_statement(cff, date)},
        "code-license": CODE_LICENCE,
        "citation": item,
    }
    if date:
        meta["date"] = date
    if cff.get("doi"):
        meta["doi"] = str(cff["doi"])  # the concept DOI: every edition
    if version_doi:
        meta["edition-doi"] = version_doi
    return meta


def holder(entry: dict) -> str:
    """An author's name as written in a copyright line."""
    if entry.get("family-names"):
        return " ".join(filter(None, (entry.get("given-names"), entry["family-names"])))
    return str(entry.get("name", ""))


def copyright_statement(cff: dict, date: str | None) -> str:
    """« © YEAR HOLDERS. Texte et tableaux de données du projet : LICENCE ; code : MIT ;
    résultats cités des deux études : droits de leurs auteurs. » for the HTML appendix
    (« Droits d'auteur ») and the foot of the PDF's first page, in French typography.

    The licence covers what the project wrote (text, data tables, code), not the survey
    results and wordings it quotes from the two studies, which stay under their owners'
    terms (README, « Licence »)."""
    licence = str(cff["license"])
    holders = ", ".join(holder(entry) for entry in cff["authors"])
    year = f"{date[:4]} " if date else ""
    return (f"©{NBSP}{year}{holders}. Texte et tableaux de données du projet{NBSP}: "
            f"{LICENCES.get(licence, licence)}{NBSP}; code{NBSP}: {CODE_LICENCE}{NBSP}; "
            f"résultats cités des deux études{NBSP}: droits de leurs auteurs.")


def to_yaml(cff_path: Path, version: str, date: str | None,
            edition: dict | None = None) -> str:
    """The metadata file's text, keys sorted so that two builds compare byte for byte."""
    return yaml.safe_dump(metadata(read_cff(cff_path), version, date, edition),
                          allow_unicode=True, sort_keys=True)
