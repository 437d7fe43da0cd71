"""Loaders: every resource of the shipped package as a typed table; replacements checked."""

from __future__ import annotations

import pandas as pd
import pytest

from digital_public_services.errors import DataError
from digital_public_services.inputs import loaders
from digital_public_services.inputs.datapackage import (
    package_descriptor,
    resource_path,
    table_schema,
)
from digital_public_services.levers.evidence import load_lever_links
from digital_public_services.literature.bibliography import load_references

TABULAR = [r["name"] for r in package_descriptor()["resources"] if "schema" in r]
EXPECTED_DTYPES = {"string": "string", "integer": "Int64", "year": "Int64",
                   "number": "float64", "boolean": "boolean"}


# Resources whose loader adds its domain's checks to the schema live with that domain.
DOMAIN_LOADERS = {"references": load_references, "lever_links": load_lever_links}


def loader(name: str):
    return DOMAIN_LOADERS.get(name) or getattr(loaders, f"load_{name}", None)


def test_every_resource_has_a_loader():
    names = [r["name"] for r in package_descriptor()["resources"]]
    missing = [n for n in names if not callable(loader(n))]
    assert missing == []


@pytest.mark.parametrize("name", TABULAR)
def test_loader_returns_a_non_empty_frame_typed_by_its_schema(name):
    frame = loader(name)()
    fields = table_schema(name)["fields"]
    assert len(frame) > 0
    assert list(frame.columns) == [f["name"] for f in fields]
    for field in fields:
        kind = field.get("type", "string")
        dtype = frame[field["name"]].dtype
        if kind == "date":
            assert pd.api.types.is_datetime64_any_dtype(dtype), field["name"]
        else:
            assert str(dtype) == EXPECTED_DTYPES[kind], (field["name"], kind, dtype)


def test_references_are_one_typed_row_per_entry():
    refs = load_references()
    assert len(refs) > 0
    assert refs["key"].is_unique
    assert str(refs["year"].dtype) == "Int64"
    assert all(isinstance(tags, tuple) and tags for tags in refs["claims"])


@pytest.fixture
def shipped_results():
    return pd.read_csv(resource_path("survey_results"), dtype=str, keep_default_na=False)


def write_replacement(frame, tmp_path, name="synthetic_survey_results.csv"):
    path = tmp_path / name
    frame.to_csv(path, index=False)
    return path


def test_valid_replacement_is_loaded_instead_of_the_shipped_file(shipped_results, tmp_path):
    path = write_replacement(shipped_results.head(3), tmp_path)
    frame = loaders.load_survey_results(path)
    assert len(frame) == 3
    assert str(frame["pct"].dtype) == "float64"


def refused(rows, tmp_path):
    """The DataError raised when ``rows`` replace the shipped survey results."""
    path = write_replacement(rows, tmp_path)
    with pytest.raises(DataError) as caught:
        loaders.load_survey_results(path)
    return path, caught.value


def test_replacement_breaking_a_constraint_is_refused_with_line_and_field(shipped_results,
                                                                          tmp_path):
    rows = shipped_results.head(4).copy()
    rows.loc[2, "pct"] = "140"
    path, err = refused(rows, tmp_path)
    assert (err.first.path, err.first.line, err.first.field) == (path, 4, "pct")
    assert "140" in str(err)


def test_replacement_with_an_unknown_reference_is_refused(shipped_results, tmp_path):
    rows = shipped_results.head(2).copy()
    rows.loc[1, "population"] = "synthetic_population"
    path, err = refused(rows, tmp_path)
    assert (err.first.path, err.first.line, err.first.field, err.first.value) == (
        path, 3, "population", "synthetic_population")


def test_replacement_missing_a_column_is_refused(shipped_results, tmp_path):
    path, err = refused(shipped_results.head(2).drop(columns=["base"]), tmp_path)
    assert (err.first.path, err.first.line) == (path, 1)


def test_replacement_bibliography_with_an_unknown_claim_is_refused(tmp_path):
    bib = tmp_path / "synthetic_references.bib"
    bib.write_text(
        "@misc{synthetic2024,\n  author = {Synthetic},\n  title = {Synthetic entry},\n"
        "  year = {2024},\n  stream = {grey},\n  role = {context},\n"
        "  claims = {synthetic_unknown_claim}\n}\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_references(bib)
    problem = caught.value.first
    assert (problem.path, problem.field, problem.value) == (bib, "claims",
                                                            "synthetic_unknown_claim")
    assert problem.line == 1


def test_replacement_lever_links_citing_an_unknown_reference_are_refused(tmp_path):
    links = pd.read_csv(resource_path("lever_links"), dtype=str, keep_default_na=False)
    cited = links[links["target_type"] == "reference"].head(1).copy()
    assert len(cited) == 1, "the shipped links have no reference link to start from"
    cited["bib_key"] = "synthetic_missing_key"
    path = tmp_path / "synthetic_lever_links.csv"
    cited.to_csv(path, index=False)
    with pytest.raises(DataError) as caught:
        load_lever_links(path)
    problem = caught.value.first
    assert (problem.path, problem.line, problem.field, problem.value) == (
        path, 2, "bib_key", "synthetic_missing_key")
