"""The bibliography as data: the literature by question, and which claims rest on what.

Each BibTeX entry carries custom fields (``stream``, ``question``, ``claims``, ``role``,
``verified``; see the header of ``data/literature/references.bib``). Parsing turns the file
into one row per entry so that the literature section is computed, not typed: which works
answer which question of the synthesis, how each was checked, which claims of the policy
paper its own references back, and which rest on the interviews alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import partial
from pathlib import Path

import bibtexparser
import pandas as pd
from bibtexparser.model import DuplicateBlockKeyBlock

from ..coding.themes import coded, with_ancestors
from ..errors import DataError, Problem
from ..inputs.datapackage import resource_path
from ..inputs.loaders import load_claims
from ..inputs.textfiles import read_utf8
from ..prose.phrasing import french_list
from ..prose.typography import fr_number, quoted

STREAMS = ("management", "economics", "sociology", "grey", "methods")
STREAM_LABELS = {
    "management": "Gestion et administration publique",
    "economics": "Économie",
    "sociology": "Sociologie et science politique",
    "grey": "Littérature grise",
    "methods": "Méthodes",
}
ROLES = ("cited", "literature", "study", "grey_source", "context", "method")
ACADEMIC_STREAMS = ("management", "economics", "sociology", "methods")
STUDY_ROLE = "study"
CITED_ROLE = "cited"  # cited by the policy paper
ADDED_ROLE = "literature"  # added by the project's synthesis
METHOD_ROLE = "method"  # method references: not part of the literature
METHOD_FAMILY = "method"  # claims about the project's own methods
#: Roles of the works the synthesis discusses; each must say how it was verified.
LITERATURE_ROLES = (CITED_ROLE, ADDED_ROLE)
QUESTIONS = ("access", "governance", "performance", "change")
QUESTION_LABELS = {
    "access": "Accès inégal et non-recours",
    "governance": "Gouvernance de l'ère numérique",
    "performance": "Performance centrée sur l'usager",
    "change": "Conduite du changement",
}
VERIFICATION = ("checked", "secondary", "seed")
VERIFICATION_LABELS = {"checked": "vérifiée", "secondary": "de seconde main", "seed": "source"}
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
    verified = _field(entry, "verified")
    status = (verified or "").split(":", 1)[0].strip()
    if (verified is not None or role in LITERATURE_ROLES) and status not in VERIFICATION:
        problems.append(Problem(origin, f"entry '{entry.key}': verification missing or unclear",
                                line=line, field="verified", value=verified,
                                expected="« status: where, date » with status one of "
                                         + ", ".join(VERIFICATION)))
    question = _field(entry, "question")
    if (question is not None or role in LITERATURE_ROLES) and question not in QUESTIONS:
        problems.append(Problem(origin, f"entry '{entry.key}': unknown or missing question",
                                line=line, field="question", value=question,
                                expected="one of " + ", ".join(QUESTIONS)))
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
            "question": _field(entry, "question"),
            "verified": _field(entry, "verified"),
            "verification": (_field(entry, "verified") or "").split(":", 1)[0].strip() or None,
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


def citations(refs: pd.DataFrame, *, bracketed: bool = False) -> pd.Series:
    """Short citation of every entry, indexed by key: « Brown (2007) », or with
    ``bracketed`` the form used inside brackets, « Brown, 2007 »."""
    if bracketed:
        return pd.Series([f"{citation_author(r)}, {citation_year(r)}" for _, r in refs.iterrows()],
                         index=refs["key"])
    return pd.Series([short_citation(r) for _, r in refs.iterrows()], index=refs["key"])


def literature_map(refs: pd.DataFrame, citations: pd.Series) -> pd.DataFrame:
    """The works the synthesis discusses (cited by the policy paper or added), one row each,
    by question then year: key, citation, question, year, origin, verification."""
    rows = refs[refs["role"].isin(LITERATURE_ROLES)].copy()
    rows["citation"] = rows["key"].map(citations)
    rows["question_label"] = rows["question"].map(QUESTION_LABELS)
    rows["origin"] = rows["role"].map({CITED_ROLE: "Citée par le policy paper",
                                       ADDED_ROLE: "Ajoutée par la synthèse"})
    rows["_q"] = rows["question"].map({q: i for i, q in enumerate(QUESTIONS)})
    rows = rows.sort_values(["_q", "year", "key"], na_position="last", kind="stable")
    return rows[["key", "citation", "question", "question_label", "year", "role", "origin",
                 "stream", "verification", "verified"]].reset_index(drop=True)


def excerpts_per_claim(claims: pd.DataFrame, segments: pd.DataFrame,
                       codebook: pd.DataFrame) -> pd.DataFrame:
    """Distinct excerpts per claim and study, through the claim's codebook theme and below.

    Claims without a theme (context, method) get missing values, not zeros.
    """
    reached = with_ancestors(coded(segments, codebook))
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
    """Per claim: academic and grey references, excerpts per study, and what it rests on.

    ``support`` says what the policy paper's own references (those it cites, never a context
    source or a vendor's page it does not cite) and the interviews give a claim; the works
    added by the synthesis are counted apart (``n_added``, ``added_keys``)
    and never turn a claim resting on interviews alone into a supported one. Claims of the
    family ``method`` (the project's own methods) are left out.
    """
    claims = claims[claims["family"] != METHOD_FAMILY]  # methods are not claims of the paper
    tags = refs[refs["role"] == CITED_ROLE].explode("claims")  # what the policy paper cites
    academic = tags[tags["stream"].isin(ACADEMIC_STREAMS)].groupby("claims")["key"].nunique()
    grey = tags[tags["stream"] == "grey"].groupby("claims")["key"].nunique()
    added = refs[refs["role"] == ADDED_ROLE].explode("claims").groupby("claims")["key"]
    out = claims[["claim_id", "family", "label_fr"]].set_index("claim_id")
    out["n_academic"] = out.index.map(academic).fillna(0).astype(int)
    out["n_grey"] = out.index.map(grey).fillna(0).astype(int)
    out["n_added"] = out.index.map(added.nunique()).fillna(0).astype(int)
    keys = added.apply(lambda k: tuple(sorted(set(k))))
    out["added_keys"] = [keys.get(c, ()) for c in out.index]
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

    Method references are left out of every count of the literature (``n_references``
    counts the rest; ``n_method_references`` says how many were left out).
    ``claims_grey_only`` lists the claims that, the two studies aside, only grey literature
    backs (no academic reference).
    """
    literature = refs[refs["role"] != METHOD_ROLE]
    cited = refs[refs["role"] == CITED_ROLE]
    added = refs[refs["role"] == ADDED_ROLE]
    articles = cited[cited["entry_type"] == "article"]
    notes = {int(n) for ns in refs["pp7_notes"] for n in ns}
    alone = support[support["support"] == "interviews_only"]
    labels = french_list(alone["label_fr"].str.lower().tolist(), "aucune")
    grey_only = support[(support["n_academic"] == 0) & (support["n_grey"] > 0)]
    grey_labels = french_list(grey_only["label_fr"].str.lower().tolist(), "aucune")
    works = refs[refs["role"].isin(LITERATURE_ROLES)]
    counts = {
        "n_references": (len(literature), "références de la bibliographie, hors méthodes"),
        "n_method_references": (int((refs["role"] == METHOD_ROLE).sum()),
                                "références de méthode, hors décompte de la littérature"),
        "n_cited": (len(cited), "références citées par le Policy Paper"),
        "n_added": (len(added), "travaux ajoutés par la synthèse de la littérature"),
        "n_works": (len(works), "travaux discutés par la synthèse (cités ou ajoutés)"),
        "n_works_checked": (int((works["verification"] == "checked").sum()),
                            "travaux discutés dont la notice a été vérifiée"),
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
    for q in QUESTIONS:
        label = quoted(QUESTION_LABELS[q].lower())
        for role, who in ((CITED_ROLE, "citées par le Policy Paper"),
                          (ADDED_ROLE, "ajoutées par la synthèse")):
            counts[f"n_{q}_{role}"] = (int(((works["question"] == q)
                                            & (works["role"] == role)).sum()),
                                       f"références {who} sur la question {label}")
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


def load_references(path: Path | str | None = None,
                    claims_path: Path | str | None = None) -> pd.DataFrame:
    """The BibTeX file as one row per entry, its stream, role and claim tags checked."""
    target = Path(path) if path is not None else resource_path("references")
    refs = parse_references(read_utf8(target), target)
    check_claims(refs, load_claims(claims_path), target)
    return refs
