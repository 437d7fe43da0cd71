"""Bibliography parsing, the literature by question, verification and claim support."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from digital_public_services.errors import DataError
from digital_public_services.literature import bibliography as literature
from digital_public_services.literature.bibliography import load_references

SYNTHETIC_BIB = """
@article{synthetic_a,
  author = {Durand, A. and Martin, B.},
  title  = {A synthetic article},
  year   = {2001},
  stream = {management},
  claims = {alpha; beta},
  role   = {cited},
  question = {change},
  verified = {checked: synthetic catalogue, 2026-01-01},
  pp7_note = {3; 5},
}

@misc{synthetic_b,
  author = {{Synthetic Office}},
  title  = {A synthetic report},
  stream = {grey},
  claims = {gamma},
  role   = {context},
}

@techreport{synthetic_study,
  author = {One, A. and Two, B. and Three, C.},
  title  = {The synthetic study},
  year   = {2022},
  stream = {economics},
  claims = {alpha; delta},
  role   = {study},
}

@book{synthetic_added,
  author = {Petit, C.},
  title  = {A synthetic book},
  year   = {2019},
  stream = {sociology},
  claims = {delta},
  role   = {literature},
  question = {access},
  verified = {secondary: synthetic review, 2026-01-01},
}
"""

SYNTHETIC_CLAIMS = pd.DataFrame({
    "claim_id": ["alpha", "beta", "gamma", "delta"],
    "family": ["benefits", "limits", "context", "levers"],
    "label_fr": ["Alpha", "Bêta", "Gamma", "Delta"],
    "codebook_code": ["practices", "limits", None, "levers"],
})
SYNTHETIC_CODEBOOK = pd.DataFrame({
    "code": ["practices", "practices.sub", "limits", "levers"],
    "parent": [None, "practices", None, None],
    "label_fr": ["P", "P1", "L", "V"],
    "origin": ["policy_paper"] * 4,
})
SYNTHETIC_SEGMENTS = pd.DataFrame({
    "excerpt_id": ["s_01", "s_02", "s_02", "h_01"],
    "source_id": ["pp7", "pp7", "pp7", "harris2022"],
    "code": ["practices.sub", "practices", "levers", "levers"],
})


@pytest.fixture()
def refs():
    return literature.parse_references(SYNTHETIC_BIB, "synthetic.bib")


def test_parse_references_reads_custom_fields(refs):
    row = refs.set_index("key").loc["synthetic_a"]
    assert row["claims"] == ("alpha", "beta")
    assert row["pp7_notes"] == ("3", "5")
    assert row["year"] == 2001
    assert pd.isna(refs.set_index("key").loc["synthetic_b", "year"])
    assert list(refs["line"]) == [2, 14, 22, 31]
    assert row["question"] == "change" and row["verification"] == "checked"
    assert refs.set_index("key").loc["synthetic_added", "verification"] == "secondary"


@pytest.mark.parametrize(
    ("replace", "by", "field"),
    [("stream = {grey}", "stream = {blogs}", "stream"),
     ("role   = {context}", "role   = {other}", "role"),
     ("claims = {gamma}", "claims = {}", "claims"),
     ("year   = {2001}", "year   = {circa 2001}", "year"),
     ("question = {change}", "question = {other}", "question"),
     ("  question = {change},\n", "", "question"),  # a cited work must say its question
     ("verified = {checked: synthetic", "verified = {looked: synthetic", "verified"),
     ("  verified = {checked: synthetic catalogue, 2026-01-01},\n", "", "verified")],
)
def test_bad_tag_names_file_line_and_field(replace, by, field):
    with pytest.raises(DataError) as err:
        literature.parse_references(SYNTHETIC_BIB.replace(replace, by), "synthetic.bib")
    problem = err.value.first
    assert problem.field == field
    assert str(problem.path) == "synthetic.bib"
    assert problem.line in {2, 14}


def test_duplicate_key_and_syntax_error_are_refused():
    duplicated = SYNTHETIC_BIB + SYNTHETIC_BIB.split("@misc")[0]
    with pytest.raises(DataError, match="not read"):
        literature.parse_references(duplicated, "synthetic.bib")
    with pytest.raises(DataError) as err:
        literature.parse_references("@article{broken title = {x}}\n", "synthetic.bib")
    assert err.value.first.line == 1


def test_unknown_claim_is_refused_with_its_line(refs):
    claims = SYNTHETIC_CLAIMS[SYNTHETIC_CLAIMS["claim_id"] != "gamma"]
    with pytest.raises(DataError) as err:
        literature.check_claims(refs, claims, "synthetic.bib")
    assert err.value.first.value == "gamma"
    assert err.value.first.line == 14


def test_short_citations(refs):
    cites = literature.citations(refs)
    assert cites["synthetic_a"] == "Durand et Martin (2001)"
    assert cites["synthetic_b"] == "Synthetic Office (s.d.)"
    assert cites["synthetic_study"] == "One et al. (2022)"


def test_literature_map_keeps_the_works_of_the_synthesis_by_question(refs):
    table = literature.literature_map(refs, literature.citations(refs))
    assert list(table["key"]) == ["synthetic_added", "synthetic_a"]  # access before change
    assert list(table["origin"]) == ["Ajoutée par la synthèse", "Citée par le policy paper"]
    assert table.loc[1, "question_label"] == literature.QUESTION_LABELS["change"]


def test_bracketed_citations(refs):
    assert literature.citations(refs, bracketed=True)["synthetic_a"] == "Durand et Martin, 2001"


def test_claim_support_finds_claims_resting_on_interviews_alone(refs):
    support = literature.claim_support(refs, SYNTHETIC_CLAIMS, SYNTHETIC_SEGMENTS,
                                       SYNTHETIC_CODEBOOK).set_index("claim_id")
    assert support.loc["alpha", "n_excerpts_pp7"] == 2  # practices and practices.sub
    assert support.loc["alpha", "support"] == "literature_and_interviews"
    # only the study and an added work back it: the added work does not count as support
    assert support.loc["delta", "support"] == "interviews_only"
    assert (support.loc["delta", "n_added"], support.loc["delta", "added_keys"]) == (
        1, ("synthetic_added",))
    assert support.loc["beta", "support"] == "literature_only"
    assert support.loc["gamma", "support"] == "not_interview_theme"
    assert pd.isna(support.loc["gamma", "n_excerpts"])


def test_missing_keys(refs):
    assert literature.missing_keys(["synthetic_a", "nope"], refs) == ["nope"]


def test_loader_refuses_a_bib_that_is_not_utf8(tmp_path):
    path = tmp_path / "synthetic.bib"
    path.write_bytes(SYNTHETIC_BIB.replace("Durand", "Dur\xe9nd").encode("latin-1"))
    with pytest.raises(DataError, match="not UTF-8") as err:
        load_references(path)
    assert err.value.first.line == 3


def test_reference_line_and_author_labels_for_the_preview() -> None:
    refs = literature.parse_references(
        "@article{synthetic2001,\n  author = {Doe, J. and Roe, R.},\n  title = {A {Study}?},\n"
        "  journal = {Synthetic Review},\n  year = {2001},\n  stream = {economics},\n"
        "  claims = {productivity},\n  role = {cited},\n  question = {performance},\n"
        "  verified = {checked: synthetic catalogue, 2026-01-01},\n}\n"
        "@misc{synthetic_anon,\n  title = {Un billet sans auteur ni date},\n"
        "  stream = {grey},\n  claims = {context},\n  role = {context},\n}\n")
    first, anonymous = (row for _, row in refs.iterrows())
    assert literature.reference_line(first) == "Doe, J., Roe, R. 2001. A Study? Synthetic Review."
    assert literature.citation_author(first) == "Doe et Roe"
    assert literature.citation_author(anonymous) == "«\u00a0Un billet sans…\u00a0»"
    assert literature.citation_year(anonymous) == literature.NO_YEAR


def test_prose_values_count_the_bibliography() -> None:
    refs = load_references()
    support = pd.DataFrame({"claim_id": ["productivity", "leadership", "context"],
                            "label_fr": ["Productivité", "Leadership", "Contexte"],
                            "support": ["literature_and_interviews", "interviews_only",
                                        "not_interview_theme"],
                            "n_academic": [2, 0, 0], "n_grey": [1, 0, 4],
                            "n_excerpts": [3, pd.NA, pd.NA]})
    found = {v["name"]: v for v in literature.prose_values(refs, support)}
    assert all(v["description"] for v in found.values())  # the appendix shows them
    methods = int((refs["role"] == "method").sum())
    assert methods > 0 and found["n_method_references"]["value"] == methods
    assert found["n_references"]["value"] == len(refs) - methods  # methods are not literature
    assert sum(found[f"n_{s}"]["value"] for s in literature.STREAMS) == len(refs)
    works = refs[refs["role"].isin(literature.LITERATURE_ROLES)]
    assert found["n_works"]["value"] == len(works)
    assert sum(found[f"n_{q}_{r}"]["value"] for q in literature.QUESTIONS
               for r in literature.LITERATURE_ROLES) == len(works)
    assert found["claims_interviews_only"]["text"] == "leadership"
    assert found["claims_grey_only"]["text"] == "contexte"  # grey, no academic reference
    assert found["n_claims_grey_only"]["value"] == 1
    assert found["n_excerpts_productivity"]["value"] == 3
    assert "n_excerpts_leadership" not in found


def test_every_reference_known_second_hand_says_so_in_the_printed_bibliography():
    """§2 says a reference known through a summary says so in the bibliography: the
    ``verified`` field is not printed, so each such entry carries a French ``note`` that the
    paper's CSL style prints after the entry."""
    root = Path(__file__).resolve().parents[2]
    text = (root / "data" / "literature" / "references.bib").read_text(encoding="utf-8")
    entries = re.findall(r"@\w+\{([^,]+),(.*?)\n\}", text, re.S)
    second_hand = [key for key, body in entries
                   if re.search(r"^\s*verified\s*=\s*\{secondary", body, re.M)]
    assert second_hand
    for key, body in entries:
        if key in second_hand:
            note = re.search(r"^\s*note\s*=\s*\{([^}]*)\}", body, re.M)
            assert note and re.search(r"seconde main|non consulté", note[1]), key
    style = (root / "report" / "chicago-author-date-fr.csl").read_text(encoding="utf-8")
    printed = style[style.index("<bibliography"):]
    assert '<text variable="note"' in printed
