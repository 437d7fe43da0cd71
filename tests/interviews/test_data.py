"""The interview tables: shapes, types, consistency, and spot checks against the sources."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from digital_public_services.coding import themes as coding
from digital_public_services.inputs import loaders

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
POLICY_PAPER = SEEDS / "000_bb7601322f58a15c.txt"
SURVEY = SEEDS / "001_e9d7547924313d1b.txt"
FOUR_LEVERS = ["levers.predict_needs", "levers.performance_indicators", "levers.align_tools",
               "levers.leadership"]


@pytest.fixture(scope="module")
def design() -> pd.DataFrame:
    return loaders.load_interview_design()


@pytest.fixture(scope="module")
def codebook() -> pd.DataFrame:
    return loaders.load_codebook()


@pytest.fixture(scope="module")
def excerpts() -> pd.DataFrame:
    return loaders.load_excerpts()


@pytest.fixture(scope="module")
def excerpt_codes() -> pd.DataFrame:
    return loaders.load_excerpt_codes()


def seed_text(path: Path) -> str:
    if not path.is_file():
        pytest.skip(f"source document not available at {path}")
    return path.read_text(encoding="utf-8")


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).casefold().replace("’", "'").replace("‘", "'")
    return re.findall(r"[\w']+", re.sub(r"-\s*\n\s*", "", text.replace("**", "")))


def test_loaders_shapes_and_types(design, codebook, excerpts, excerpt_codes):
    assert {"study", "fact", "value", "number", "unit", "source_id"} <= set(design.columns)
    assert design["number"].dtype == "float64"
    assert set(design["study"]) == {"pp7_interviews", "harris2022_qualitative"}
    assert codebook["code"].is_unique and excerpts["excerpt_id"].is_unique
    assert set(excerpts["source_id"]) == {"pp7", "harris2022"}
    assert list(excerpt_codes.columns) == ["excerpt_id", "code", "coding_note"]
    assert all(str(t) == "string" for t in excerpts.dtypes)


def test_design_facts_match_the_sources(design):
    facts = design.set_index(["study", "fact"])
    pp7 = facts.loc["pp7_interviews"]
    assert pp7.loc["n_interviews", "number"] == 42
    assert pp7.loc["mean_duration", "number"] == 45
    assert pp7.loc["mean_duration", "unit"] == "minutes"
    assert pp7.loc["verification_software", "value"] == "NVivo 12"
    assert "does not date the interviews" in pp7.loc["period_start", "note"]
    assert (pp7.loc["period_start", "value"], pp7.loc["period_end", "value"]) == (
        "2020-10", "2020-12")
    assert pp7.loc["recruitment_operational", "value"] == "effet boule de neige"
    assert pp7.loc["guide_parts", "number"] == 3
    assert len([f for f in pp7.index if f.startswith("guide_part_")]) == 3
    survey = facts.loc["harris2022_qualitative"]
    assert survey.loc["n_interviews", "number"] == 10
    assert (survey.loc["period_start", "value"], survey.loc["period_end", "value"]) == (
        "2022-08-29", "2022-09-28")


def test_qualitative_roles_add_up_to_the_interview_count(design):
    roles = loaders.load_survey_respondent_roles()
    n = design.set_index(["study", "fact"]).loc[("harris2022_qualitative", "n_interviews"),
                                                "number"]
    assert roles.loc[roles["study"] == "qualitative", "n"].sum() == n


def test_codebook_tree_and_the_four_levers(codebook):
    coding.check_tree(codebook)
    assert set(FOUR_LEVERS) <= set(codebook["code"])
    assert set(codebook.loc[codebook["parent"].isna(), "code"]) == {"practices", "limits",
                                                                     "levers"}
    project = codebook[codebook["origin"] == "project"]
    assert project["note"].str.contains("Added by this project").all()
    assert (codebook.loc[codebook["origin"] == "policy_paper", "source_id"] == "pp7").all()
    for branch in ("limits.inherent", "limits.organisational.change_management",
                   "limits.organisational.normative", "limits.organisational.conflicts"):
        assert branch in set(codebook["code"])


def test_every_excerpt_is_coded_with_known_codes(codebook, excerpts, excerpt_codes):
    assert set(excerpt_codes["code"]) <= set(codebook["code"])
    assert set(excerpt_codes["excerpt_id"]) == set(excerpts["excerpt_id"])


def test_key_expressions_are_short_and_quoted(excerpts):
    keys = excerpts["key_expression"].dropna()
    assert keys.str.match(r"^«\s.+\s»$").all()
    assert (keys.map(lambda k: len(words(k))) <= 8).all()


@pytest.mark.parametrize("source_id, path", [("pp7", POLICY_PAPER), ("harris2022", SURVEY)])
def test_key_expressions_are_quoted_exactly_from_their_source(excerpts, source_id, path):
    source = " ".join(words(seed_text(path)))
    keys = excerpts.loc[excerpts["source_id"] == source_id, "key_expression"].dropna()
    for key in keys:
        for piece in key.strip("« »\u00a0").split("[…]"):
            assert " ".join(words(piece)) in source, key


def test_every_survey_verbatim_is_an_excerpt(excerpts):
    """The survey prints each verbatim as its own « … » paragraph; one row per paragraph."""
    text = seed_text(SURVEY)
    verbatims = [line for line in text.splitlines() if line.strip().startswith("«")]
    assert len(verbatims) == (excerpts["source_id"] == "harris2022").sum()


def test_paraphrases_do_not_repeat_the_sources(excerpts):
    runs = set()
    for path in (POLICY_PAPER, SURVEY):
        w = words(seed_text(path))
        runs |= {tuple(w[i:i + 8]) for i in range(len(w) - 7)}
    for eid, text in zip(excerpts["excerpt_id"], excerpts["paraphrase_fr"], strict=True):
        w = words(text)
        shared = [" ".join(w[i:i + 8]) for i in range(len(w) - 7) if tuple(w[i:i + 8]) in runs]
        assert not shared, f"{eid} repeats the source: {shared[0]}"


def test_spot_checks_of_excerpt_attributes(excerpts, excerpt_codes):
    rows = excerpts.set_index("excerpt_id")
    ars = rows[rows["speaker_role"].str.contains("ARS")]
    assert (ars["actor_type"] == "institutionnel").all() and (ars["sector"] == "santé").all()
    survey = rows[rows["source_id"] == "harris2022"]
    assert (survey["actor_type"] == "acteur départemental").all()
    inferred = rows[(rows["sector_basis"] == "inferred") | (rows["actor_type_basis"] == "inferred")]
    assert inferred["note"].notna().all()
    for value, basis in (("sector", "sector_basis"), ("actor_type", "actor_type_basis")):
        # no basis exactly when the source gives no value
        assert ((rows[value] == "non précisé") == rows[basis].isna()).all(), value
    # the sector pages of the survey carry no population heading: the attribution is inferred
    sector_pages = survey[survey["source_section"].str.contains("enjeux propres")]
    assert len(sector_pages) == 7 and (sector_pages["actor_type_basis"] == "inferred").all()
    assert "syndicat numérique" in rows.loc["harris2022_25", "note"]
    codes = excerpt_codes.groupby("excerpt_id")["code"].apply(set)
    # the ergonomics quotation is a design gap; the 8-year wait is slowness
    ergonomics = rows.index[rows["key_expression"].str.contains("ergonomie", na=False)].item()
    assert "limits.organisational.normative.design_gap" in codes[ergonomics]
    eight_years = rows.index[rows["paraphrase_fr"].str.contains("huit ans")].item()
    assert codes[eight_years] == {"limits.organisational.normative.slowness"}
