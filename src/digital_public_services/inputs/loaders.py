"""One loader per resource of the data package: validated, typed DataFrames.

Each takes an optional ``path`` so that a replacement file (a new survey wave, a coding
export) is checked against the same schema as the shipped one. The two resources that need a
domain's own checks on top of their schema load with that domain:
:func:`literature.bibliography.load_references` and
:func:`levers.evidence.load_lever_links`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .datapackage import load_table

PathLike = Path | str | None


def load_sources(path: PathLike = None) -> pd.DataFrame:
    return load_table("sources", path)


def load_populations(path: PathLike = None) -> pd.DataFrame:
    return load_table("populations", path)


def load_survey_design(path: PathLike = None) -> pd.DataFrame:
    return load_table("survey_design", path)


def load_survey_respondent_roles(path: PathLike = None) -> pd.DataFrame:
    return load_table("survey_respondent_roles", path)


def load_survey_questions(path: PathLike = None) -> pd.DataFrame:
    return load_table("survey_questions", path)


def load_survey_items(path: PathLike = None) -> pd.DataFrame:
    return load_table("survey_items", path)


def load_survey_results(path: PathLike = None) -> pd.DataFrame:
    return load_table("survey_results", path)


def load_survey_findings(path: PathLike = None) -> pd.DataFrame:
    return load_table("survey_findings", path)


def load_interview_design(path: PathLike = None) -> pd.DataFrame:
    return load_table("interview_design", path)


def load_codebook(path: PathLike = None) -> pd.DataFrame:
    return load_table("codebook", path)


def load_excerpts(path: PathLike = None) -> pd.DataFrame:
    return load_table("excerpts", path)


def load_excerpt_codes(path: PathLike = None) -> pd.DataFrame:
    return load_table("excerpt_codes", path)


def load_claims(path: PathLike = None) -> pd.DataFrame:
    return load_table("claims", path)


def load_policy_timeline(path: PathLike = None) -> pd.DataFrame:
    return load_table("policy_timeline", path)


def load_funding(path: PathLike = None) -> pd.DataFrame:
    return load_table("funding", path)


def load_policy_facts(path: PathLike = None) -> pd.DataFrame:
    return load_table("policy_facts", path)


def load_context_indicators(path: PathLike = None) -> pd.DataFrame:
    return load_table("context_indicators", path)


def load_levers(path: PathLike = None) -> pd.DataFrame:
    return load_table("levers", path)
