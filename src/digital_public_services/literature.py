"""The bibliography as data: streams by year, and which claims rest on which evidence.

Each BibTeX entry carries custom fields (``stream``, ``claims``, ``role``; see the header of
``data/literature/references.bib``). Parsing turns the file into one row per entry so that the
literature section is computed, not typed: how many references per stream and year, which
claims each supports, and which claims of the paper rest on the interviews alone because no
reference backs them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import partial
from pathlib import Path

import bibtexparser
import pandas as pd
from bibtexparser.model import DuplicateBlockKeyBlock

from . import coding
from .errors import DataError, Problem
from .frformat import fr_number, quoted

STREAMS = ("management", "economics", "grey", "methods")
STREAM_LABELS = {
    "management": "Gestion et administration publique",
    "economics": "Économie",
    "grey": "Littérature grise",
    "methods": "Méthodes",
}
ROLES = ("cited", "study", "grey_source", "context", "method")
ACADEMIC_STREAMS = ("management", "economics", "methods")
STUDY_ROLE = "study"
NO_YEAR = "s.d."

SUPPORT_LABELS = {
    "literature_and_interviews": "littérature et entretiens",
    "interviews_only": "entretiens seuls",
    "literature_only": "littérature seule",
    "not_interview_theme": "hors entretiens",
    "none": "aucune source",
}

_YEAR = re.compile(r"^[0-9]{4}$")
VENUE_FIELDS = ("journal", "booktitle", "publisher", "institution")


def _field(entry, name: str) -> str | None:
    field = entry.fields_dict.get(name)
    return None if field is None else str(field.value).strip()


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(";") if part.strip())


def _failure(block) -> str:
    if isinstance(block, DuplicateBlockKeyBlock):
        return f"duplicate key '{block.key}'"
    lines = str(block.error).strip().splitlines()
    return lines[0] if lines else type(block).__name__


def _entry_problems(entry, origin: Path | str) -> list[Problem]:
    line = (entry.start_line or 0) + 1
    problems = []
    stream = _field(entry, "stream")
    if stream not in STREAMS:
        problems.append(Problem(origin, f"entry '{entry.key}': unknown or missing stream",
                                line=line, field="stream", value=stream,
                                expected="one of " + ", ".join(STREAMS)))
    role = _field(entry, "role")
    if role not in ROLES:
        problems.append(Problem(origin, f"entry '{entry.key}': unknown or missing role",
                                line=line, field="role", value=role,
                                expected="one of " + ", ".join(ROLES)))
    if not _split(_field(entry, "claims")):
        problems.append(Problem(origin, f"entry '{entry.key}': no claims", line=line,
                                field="claims", expected="claim ids separated by « ; »"))
    year = _field(entry, "year")
    if year is not None and not _YEAR.match(year):
        problems.append(Problem(origin, f"entry '{entry.key}': year is not a year", line=line,
                                field="year", value=year, expected="four digits"))
    return problems


def parse_references(text: str, origin: Path | str = "references.bib") -> pd.DataFrame:
    """One row per BibTeX entry; a syntax error, duplicate key or bad tag is a DataError.

    ``origin`` only names the file in error messages.
    """
    library = bibtexparser.parse_string(text)
    problems = [
        Problem(origin, f"BibTeX block not read: {_failure(block)}",
                line=(block.start_line or 0) + 1, expected="a well-formed entry with a unique key")
        for block in library.failed_blocks
    ]
    rows = []
    for entry in library.entries:
        problems.extend(_entry_problems(entry, origin))
        year = _field(entry, "year")
        rows.append({
            "key": entry.key,
            "entry_type": entry.entry_type,
            "year": int(year) if year and _YEAR.match(year) else pd.NA,
            "author": _field(entry, "author") or "",
            "title": _field(entry, "title") or "",
            "venue": next((v for v in map(partial(_field, entry), VENUE_FIELDS) if v), ""),
            "stream": _field(entry, "stream"),
            "role": _field(entry, "role"),
            "claims": _split(_field(entry, "claims")),
            "pp7_notes": _split(_field(entry, "pp7_note")),
            "line": (entry.start_line or 0) + 1,
        })
    if problems:
        raise DataError(problems)
    frame = pd.DataFrame(rows)
    frame["year"] = frame["year"].astype("Int64")
    return frame


def keys_with_role(text: str, role: str) -> set[str]:
    """Keys of the entries tagged ``role``, read without validating the other tags."""
    return {entry.key for entry in bibtexparser.parse_string(text).entries
            if _field(entry, "role") == role}


def check_claims(refs: pd.DataFrame, claims: pd.DataFrame,
                 origin: Path | str = "references.bib") -> None:
    """Refuse a claim tag that is not in the claims vocabulary."""
    known = set(claims["claim_id"])
    problems = [
        Problem(origin, f"entry '{row.key}': unknown claim", line=row.line, field="claims",
                value=claim, expected="a claim_id of data/literature/claims.csv")
        for row in refs.itertuples()
        for claim in row.claims
        if claim not in known
    ]
    if problems:
        raise DataError(problems)


def missing_keys(keys: Iterable[str], refs: pd.DataFrame) -> list[str]:
    """Keys cited somewhere (data, prose) that the bibliography lacks."""
    return sorted(set(keys) - set(refs["key"]))


def _surname(person: str) -> str:
    """Surname of « Last, First », « First Last » or a {Corporate Author} kept whole."""
    person = person.strip()
    if person.startswith("{") and person.endswith("}"):
        return person[1:-1]
    return person.split(",")[0].strip() if "," in person else person.split(" ")[-1]


def citation_author(row) -> str:
    """« Brown », « Heintze et Bretschneider », « Dunleavy et al. », or the title's start."""
    names = [_surname(p) for p in re.split(r"\s+and\s+", row["author"]) if p.strip()]
    if not names:
        words = row["title"].split()
        return quoted(" ".join(words[:3]) + ("…" if len(words) > 3 else ""))
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} et {names[1]}"
    return f"{names[0]} et al."


def citation_year(row) -> str:
    return NO_YEAR if pd.isna(row["year"]) else str(row["year"])


def short_citation(row) -> str:
    """« Brown (2007) », « Heintze et Bretschneider (2000) », « Dunleavy et al. (2006) »."""
    return f"{citation_author(row)} ({citation_year(row)})"


def reference_line(row) -> str:
    """A plain bibliography line: authors, year, title, venue, each ending with a full stop."""
    authors = ", ".join(p.strip().strip("{}") for p in re.split(r"\s+and\s+", row["author"])
                        if p.strip())
    parts = (authors, citation_year(row), row["title"].replace("{", "").replace("}", ""),
             row["venue"])
    return " ".join(p if p[-1] in ".?!" else p + "." for p in parts if p)


def citations(refs: pd.DataFrame) -> pd.Series:
    """Short citation of every entry, indexed by key."""
    return pd.Series([short_citation(r) for _, r in refs.iterrows()], index=refs["key"])


def streams_by_year(refs: pd.DataFrame, exclude_roles: Iterable[str] = ()) -> pd.DataFrame:
    """Number of references per stream and year (``s.d.`` for undated), zeros included."""
    rows = refs[~refs["role"].isin(list(exclude_roles))]
    year = rows["year"].astype("string").fillna(NO_YEAR)
    table = pd.crosstab(year, rows["stream"])
    dated = sorted(y for y in table.index if y != NO_YEAR)
    order = dated + ([NO_YEAR] if NO_YEAR in table.index else [])
    return table.reindex(index=order, columns=list(STREAMS), fill_value=0).rename_axis(
        index="year", columns="stream")


def evidence_map(refs: pd.DataFrame, claims: pd.DataFrame,
                 exclude_roles: Iterable[str] = (STUDY_ROLE,)) -> pd.DataFrame:
    """References × claims, 1 where the entry supports the claim (claims in vocabulary order).

    The two studies themselves are left out by default: the map shows what backs them.
    """
    rows = refs[~refs["role"].isin(list(exclude_roles))].copy()
    rows["_order"] = rows["stream"].map({s: i for i, s in enumerate(STREAMS)})
    rows = rows.sort_values(["_order", "year", "key"], na_position="last")
    matrix = pd.DataFrame(0, index=pd.Index(rows["key"], name="key"),
                          columns=pd.Index(claims["claim_id"], name="claim_id"))
    for key, tags in zip(rows["key"], rows["claims"], strict=True):
        matrix.loc[key, list(tags)] = 1
    return matrix


def excerpts_per_claim(claims: pd.DataFrame, segments: pd.DataFrame,
                       codebook: pd.DataFrame) -> pd.DataFrame:
    """Distinct excerpts per claim and study, through the claim's codebook theme and below.

    Claims without a theme (context, method) get missing values, not zeros.
    """
    reached = coding.with_ancestors(coding.coded(segments, codebook))
    table = pd.crosstab(reached["node"], reached["source_id"].astype(str))
    studies = sorted(segments["source_id"].dropna().astype(str).unique())
    out = pd.DataFrame(index=pd.Index(claims["claim_id"], name="claim_id"), columns=studies,
                       dtype="Int64")
    for claim, code in zip(claims["claim_id"], claims["codebook_code"], strict=True):
        if pd.notna(code):
            counts = table.loc[code] if code in table.index else pd.Series(0, index=studies)
            out.loc[claim, studies] = [int(counts.get(s, 0)) for s in studies]
    return out


def claim_support(refs: pd.DataFrame, claims: pd.DataFrame, segments: pd.DataFrame,
                  codebook: pd.DataFrame) -> pd.DataFrame:
    """Per claim: academic and grey references, excerpts per study, and what it rests on."""
    tags = refs[refs["role"] != STUDY_ROLE].explode("claims")
    academic = tags[tags["stream"].isin(ACADEMIC_STREAMS)].groupby("claims")["key"].nunique()
    grey = tags[tags["stream"] == "grey"].groupby("claims")["key"].nunique()
    out = claims[["claim_id", "family", "label_fr"]].set_index("claim_id")
    out["n_academic"] = out.index.map(academic).fillna(0).astype(int)
    out["n_grey"] = out.index.map(grey).fillna(0).astype(int)
    excerpts = excerpts_per_claim(claims, segments, codebook)
    for study in excerpts.columns:
        out[f"n_excerpts_{study}"] = excerpts[study]
    out["n_excerpts"] = excerpts.sum(axis=1, min_count=1)
    literature = (out["n_academic"] + out["n_grey"]) > 0
    interviews = out["n_excerpts"].fillna(0) > 0
    themed = out["n_excerpts"].notna()
    out["support"] = "none"
    out.loc[literature & interviews, "support"] = "literature_and_interviews"
    out.loc[~literature & interviews, "support"] = "interviews_only"
    out.loc[literature & ~interviews & themed, "support"] = "literature_only"
    out.loc[~themed, "support"] = "not_interview_theme"
    out["support_fr"] = out["support"].map(SUPPORT_LABELS)
    return out.reset_index()


def prose_values(refs: pd.DataFrame, support: pd.DataFrame) -> list[dict]:
    """The literature section's quoted numbers, as keyword arguments of ``ValueBook.add``,
    each with its French description (the « what changed » appendix shows it).

    ``claims_grey_only`` lists the claims that, the two studies aside, only grey literature
    backs (no academic reference).
    """
    cited = refs[refs["role"] == "cited"]
    articles = cited[cited["entry_type"] == "article"]
    notes = {int(n) for ns in refs["pp7_notes"] for n in ns}
    alone = support[support["support"] == "interviews_only"]
    labels = ", ".join(alone["label_fr"].str.lower())
    grey_only = support[(support["n_academic"] == 0) & (support["n_grey"] > 0)]
    grey_labels = ", ".join(grey_only["label_fr"].str.lower())
    counts = {
        "n_references": (len(refs), "références de la bibliographie"),
        "n_cited": (len(cited), "références citées par le Policy Paper"),
        "n_pp7_notes": (len(notes), "notes du Policy Paper rattachées à une référence"),
        "n_articles": (len(articles), "articles de revue cités"),
        "n_claims_interviews_only": (len(alone), "affirmations étayées par les seuls entretiens"),
        "n_claims_grey_only": (len(grey_only),
                               "affirmations que seule la littérature grise étaye"),
    }
    for s in STREAMS:
        label = quoted(STREAM_LABELS[s].lower())
        counts[f"n_cited_{s}"] = (int((cited["stream"] == s).sum()),
                                  f"références citées du courant {label}")
        counts[f"n_{s}"] = (int((refs["stream"] == s).sum()), f"références du courant {label}")
    for row in support.itertuples():
        if pd.notna(row.n_excerpts):
            counts[f"n_excerpts_{row.claim_id}"] = (
                int(row.n_excerpts), f"extraits d'entretien qui étayent {quoted(row.label_fr)}")
    found = [{"name": name, "value": n, "text": fr_number(n), "description": what}
             for name, (n, what) in counts.items()]
    for name, year, what in (("articles_first_year", articles["year"].min(),
                              "année du plus ancien article cité"),
                             ("articles_last_year", articles["year"].max(),
                              "année du plus récent article cité")):
        found.append({"name": name, "value": int(year), "text": str(year), "description": what})
    found.append({"name": "claims_interviews_only", "value": labels, "text": labels,
                  "description": "affirmations étayées par les seuls entretiens (libellés)"})
    found.append({"name": "claims_grey_only", "value": grey_labels, "text": grey_labels,
                  "description": "affirmations que seule la littérature grise étaye (libellés)"})
    return found
