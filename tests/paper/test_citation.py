"""How to cite the paper: metadata from CITATION.cff, equal to the package version."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from digital_public_services import __version__
from digital_public_services.paper import citation

ROOT = Path(__file__).resolve().parents[2]
CFF = ROOT / "CITATION.cff"


def shipped() -> dict:
    return citation.read_cff(CFF)


def test_shipped_citation_metadata_equals_citation_cff_and_the_package_version():
    cff = shipped()
    meta = yaml.safe_load(citation.to_yaml(CFF, __version__, "2026-12-02"))
    assert meta["citation"]["version"] == str(cff["version"]) == __version__
    assert [a["name"]["literal"] for a in meta["author"]] == [a["name"] for a in cff["authors"]]
    assert meta["license"] == citation.LICENCES[cff["license"]]
    assert meta["date"] == "2026-12-02"


def test_no_doi_is_invented_when_citation_cff_has_none():
    cff = {k: v for k, v in shipped().items() if k not in ("doi", "url")}
    meta = citation.metadata(cff, __version__, "2026-12-02")
    assert "doi" not in meta and "doi" not in meta["citation"] and "url" not in meta["citation"]


def test_a_doi_set_in_citation_cff_reaches_the_title_block_and_the_citation():
    cff = {**shipped(), "doi": "10.5281/zenodo.0000000"}
    meta = citation.metadata(cff, __version__, None)
    assert meta["doi"] == meta["citation"]["doi"] == "10.5281/zenodo.0000000"
    assert "date" not in meta


def test_people_keep_their_name_parts_affiliation_and_orcid():
    person = citation.author({"family-names": "Durand", "given-names": "Anne",
                              "affiliation": "Université X",
                              "orcid": "https://orcid.org/0000-0002-1825-0097"})
    assert person == {"name": {"family": "Durand", "given": "Anne"},
                      "affiliations": [{"name": "Université X"}],
                      "orcid": "0000-0002-1825-0097"}


def test_a_missing_field_names_the_file_and_the_field(tmp_path):
    bad = tmp_path / "CITATION.cff"
    bad.write_text("cff-version: 1.2.0\nversion: 0.1.0\nlicense: CC-BY-4.0\n", encoding="utf-8")
    with pytest.raises(citation.CitationError, match=r"CITATION.cff: field 'authors'"):
        citation.read_cff(bad)


def test_an_author_without_a_name_is_an_error():
    with pytest.raises(citation.CitationError, match="neither 'name' nor 'family-names'"):
        citation.author({"affiliation": "Université X"})


def test_copyright_statement_names_year_holder_and_both_licences():
    statement = citation.copyright_statement(shipped(), "2026-12-02")
    assert statement == ("©\u00a02026 Projet Services publics numériques dans les territoires. "
                         "Texte et tableaux de données du projet\u00a0: CC BY 4.0\u00a0; "
                         "code\u00a0: MIT\u00a0; résultats cités des deux études\u00a0: "
                         "droits de leurs auteurs.")
    assert citation.metadata(shipped(), __version__, None)["copyright"]["statement"].startswith(
        "©\u00a0Projet")


def test_licence_files_agree_with_pyproject_and_citation_cff():
    """LICENSE (code) and LICENSE-CC-BY-4.0 (text, data) exist; pyproject.toml declares both
    as one SPDX expression, CITATION.cff the paper's."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    cff = shipped()
    assert project["license"] == f"{citation.CODE_LICENCE} AND {cff['license']}"
    assert project["license-files"] == ["LICENSE", "LICENSE-CC-BY-4.0"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")
    legal = (ROOT / "LICENSE-CC-BY-4.0").read_text(encoding="utf-8")
    assert cff["license"] == "CC-BY-4.0"
    assert "Creative Commons Attribution 4.0 International Public License" in legal
    assert "https://creativecommons.org/licenses/by/4.0/legalcode" in legal
    assert "Section 8 -- Interpretation." in legal


def test_an_edition_is_cited_by_its_own_doi_and_address_beside_the_concept_doi():
    """CITATION.cff's DOI names every edition (concept DOI); an edition's own DOI comes from
    its snapshot; neither is made up, and the address is the edition's under the site's."""
    cff = {**shipped(), "doi": "10.5281/zenodo.100", "url": "https://example.org/paper/"}
    edition = {"version": "0.2.0", "doi": "10.5281/zenodo.102"}
    meta = citation.metadata(cff, "0.2.0", "2026-12-10", edition)
    assert meta["doi"] == "10.5281/zenodo.100"  # shown as « DOI de toutes les éditions »
    assert meta["edition-doi"] == meta["citation"]["doi"] == "10.5281/zenodo.102"
    assert meta["citation"]["url"] == "https://example.org/paper/editions/0.2.0/report/index.html"
    working = citation.metadata(cff, "0.2.0+abc1234", "2026-12-12")
    assert working["citation"]["doi"] == "10.5281/zenodo.100" and "edition-doi" not in working
    assert working["citation"]["url"] == "https://example.org/paper/"
    assert working["citation"]["version"] == "0.2.0+abc1234"
    undeposited = citation.metadata(shipped(), "0.2.0", "2026-12-10", {"version": "0.2.0"})
    assert "doi" not in undeposited["citation"] and "edition-doi" not in undeposited
