"""Import real coding projects into the tidy segment table.

Two inputs: a REFI-QDA project (``.qdpx``, the exchange format NVivo, ATLAS.ti, MAXQDA and
QualCoder export) and a plain CSV export of coded segments. A ``.qdpx`` comes from outside
and is a zip of XML and text files, so it is read defensively: nothing is extracted to disk;
member names that could escape a folder are refused; member counts, sizes and compression
ratios are bounded from the headers, and since headers can lie, zipfile's own check of each
member's size and CRC turns a forged one into a refusal; XML is parsed with defusedxml with
DTDs refused, which rules out entity expansion and external entities.
Every refusal is a :class:`DataError` naming the file and member.

QDA codes are mapped to the codebook by a mapping file, else by name (a codebook code, or
its French label up to case and accents); codes that match nothing are kept with an empty
``code`` so that the caller can report them.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import pandas as pd
from defusedxml import ElementTree as SafeET

from ..errors import DataError, Problem
from ..inputs.textfiles import decode_utf8, read_utf8
from .segments import COLUMNS, NOT_STATED

NS = {"q": "urn:QDA-XML:project:1.0"}
PROJECT_MEMBER = "project.qde"
INTERNAL = "internal://"

# Attribute names as they may appear in projects and exports (compared after _norm).
VARIABLE_ALIASES = {
    "sector": {"sector", "secteur", "domaine", "terrain", "field"},
    "actor_type": {"actor type", "type d'acteur", "type acteur", "categorie d'acteur",
                   "categorie acteur", "acteur"},
    "speaker_role": {"speaker role", "role", "fonction", "poste"},
}
CSV_ALIASES = {
    "document": {"document", "document name", "nom du document", "file", "fichier", "source",
                 "source name", "filename"},
    "code": {"code", "code path", "codename", "code name", "chemin du code"},
    "text": {"text", "segment", "coded text", "texte", "selection", "segment text", "extrait"},
    "excerpt_id": {"id", "segment id", "excerpt id", "selection id"},
    "begin": {"begin", "start", "debut", "start position"},
    "end": {"end", "fin", "end position"},
    **VARIABLE_ALIASES,
}


@dataclass(frozen=True)
class Limits:
    """Bounds on what an archive may contain; generous for real projects, fatal to bombs."""

    max_members: int = 20_000
    max_member_bytes: int = 512 * 2**20
    max_total_bytes: int = 2 * 2**30
    max_ratio: float = 200.0
    ratio_floor_bytes: int = 2**20  # small members may compress well without being a bomb


DEFAULT_LIMITS = Limits()


def _norm(text: str) -> str:
    """Case-, accent- and separator-insensitive form for matching names."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[\s_\-]+", " ", plain.replace("’", "'")).strip().casefold()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", _norm(text)).strip("_") or "project"


# --------------------------------------------------------------------------- archive


def unsafe_member_reason(name: str) -> str | None:
    """Why a member name is refused (None if it is a plain relative path inside the zip)."""
    if "\\" in name:
        return "backslash in member name"
    if re.match(r"^[A-Za-z]:", name):
        return "drive letter in member name"
    path = PurePosixPath(name)
    if path.is_absolute():
        return "absolute member path"
    if ".." in path.parts:
        return "'..' in member path (path traversal)"
    return None


class SafeArchive:
    """Read-only view of a zip that checks names, sizes and ratios before trusting it."""

    def __init__(self, path: Path | str, limits: Limits = DEFAULT_LIMITS):
        self.path = Path(path)
        self.limits = limits
        if not self.path.is_file():
            raise DataError(Problem(self.path, "file not found", expected="a .qdpx file"))
        try:
            self._zip = zipfile.ZipFile(self.path)
        except zipfile.BadZipFile as exc:
            raise DataError(Problem(self.path, "not a zip archive",
                                    expected="a REFI-QDA .qdpx file (a zip)")) from exc
        self._check()

    def __enter__(self) -> SafeArchive:
        return self

    def __exit__(self, *exc) -> None:
        self._zip.close()

    def where(self, member: str) -> str:
        return f"{self.path}!{member}"

    def _check(self) -> None:
        lim = self.limits
        infos = self._zip.infolist()
        if len(infos) > lim.max_members:
            raise DataError(Problem(self.path, "too many members in the archive",
                                    value=len(infos), expected=f"at most {lim.max_members}"))
        total = 0
        problems = []
        for info in infos:
            reason = unsafe_member_reason(info.filename)
            if reason:
                problems.append(Problem(self.where(info.filename), f"refused: {reason}",
                                        field="member name", value=info.filename,
                                        expected="a relative path inside the archive"))
                continue
            total += info.file_size
            if info.file_size > lim.max_member_bytes:
                problems.append(Problem(self.where(info.filename),
                                        "refused: member too large once decompressed",
                                        value=info.file_size,
                                        expected=f"at most {lim.max_member_bytes} bytes"))
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > lim.ratio_floor_bytes and ratio > lim.max_ratio:
                problems.append(Problem(self.where(info.filename),
                                        "refused: compression ratio of a zip bomb",
                                        value=round(ratio), expected=f"at most {lim.max_ratio:g}"))
        if total > lim.max_total_bytes:
            problems.append(Problem(self.path, "refused: archive too large once decompressed",
                                    value=total, expected=f"at most {lim.max_total_bytes} bytes"))
        if problems:
            raise DataError(problems)

    def read(self, member: str) -> bytes:
        """Member content. zipfile stops at the size the header declares (already bounded by
        :meth:`_check`) and verifies the CRC, so a forged header ends as a corrupt member."""
        reason = unsafe_member_reason(member)
        if reason:
            raise DataError(Problem(self.where(member), f"refused: {reason}",
                                    field="member name", value=member))
        try:
            info = self._zip.getinfo(member)
        except KeyError as exc:
            raise DataError(Problem(self.where(member), "member not found in the archive",
                                    expected="a file the project refers to")) from exc
        try:
            with self._zip.open(info) as handle:
                return handle.read()
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise DataError(Problem(self.where(member), f"refused: corrupt member ({exc})",
                                    expected="content matching its zip header (size, CRC)")
                            ) from exc


def parse_xml(data: bytes, where: str) -> Element:
    """Parse untrusted XML: no DTD, hence no entity expansion and no external entity."""
    try:
        return SafeET.fromstring(data, forbid_dtd=True)
    except defusedxml.DTDForbidden as exc:
        raise DataError(Problem(where, "refused: XML document type declaration (DTD)",
                                expected="plain XML without <!DOCTYPE>; DTDs can expand "
                                "entities or fetch external files")) from exc
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden) as exc:
        raise DataError(Problem(where, "refused: XML entity declaration or external reference",
                                expected="plain XML without entities")) from exc
    except ParseError as exc:
        line, column = exc.position
        raise DataError(Problem(where, f"malformed XML (column {column})", line=line,
                                expected="a well-formed REFI-QDA project.qde")) from exc


# --------------------------------------------------------------------------- project


def _code_table(root: Element) -> pd.DataFrame:
    """Codes with their path in the hierarchy (``Parent/Child``)."""
    rows: list[tuple[str, str, str]] = []

    def walk(node: Element, prefix: str) -> None:
        for code in node.findall("q:Code", NS):
            name = code.get("name", "").strip()
            path = f"{prefix}/{name}" if prefix else name
            rows.append((code.get("guid", ""), name, path))
            walk(code, path)

    books = root.findall("q:CodeBook/q:Codes", NS)
    for codes in books:
        walk(codes, "")
    return pd.DataFrame(rows, columns=["guid", "name", "path"])


def _variable_values(owner: Element, variable_names: dict[str, str]) -> dict[str, str]:
    """Known attributes (sector, actor type, role) set on a source or a case."""
    found: dict[str, str] = {}
    for value in owner.findall("q:VariableValue", NS):
        ref = value.find("q:VariableRef", NS)
        name = variable_names.get(ref.get("targetGUID", "") if ref is not None else "", "")
        field = next((f for f, names in VARIABLE_ALIASES.items() if _norm(name) in names), None)
        content = [c.text for c in value if c.tag != ref.tag and c.text] if ref is not None else []
        if field and content:
            found[field] = content[0].strip()
    return found


def _source_text(source: Element, archive: SafeArchive) -> str | None:
    """Plain text of a text source, inline or in the archive; None if stored outside it."""
    inline = source.find("q:PlainTextContent", NS)
    if inline is not None:
        return inline.text or ""
    path = source.get("plainTextPath", "")
    if not path.startswith(INTERNAL):
        return None
    member = "sources/" + path[len(INTERNAL):]
    return decode_utf8(archive.read(member), archive.where(member),
                       "REFI-QDA stores plain-text sources as UTF-8")


def _position(selection: Element, attr: str, where: str) -> int:
    raw = selection.get(attr)
    if raw is None or not raw.strip().isdigit():
        raise DataError(Problem(where, "selection position is not a whole number",
                                field=attr, value=raw, expected="an integer >= 0"))
    return int(raw)


def read_project(path: Path | str, limits: Limits = DEFAULT_LIMITS) -> tuple[pd.DataFrame, dict]:
    """Coded text selections of a ``.qdpx``: one row per selection × code, and a summary."""
    with SafeArchive(path, limits) as archive:
        where = archive.where(PROJECT_MEMBER)
        root = parse_xml(archive.read(PROJECT_MEMBER), where)
        if root.tag != f"{{{NS['q']}}}Project":
            raise DataError(Problem(where, "root element is not a REFI-QDA Project",
                                    value=root.tag, expected="Project in namespace "
                                    + NS["q"]))
        codes = _code_table(root)
        variable_names = {v.get("guid", ""): v.get("name", "")
                          for v in root.findall("q:Variables/q:Variable", NS)}
        case_values: dict[str, dict[str, str]] = {}
        for case in root.findall("q:Cases/q:Case", NS):
            values = _variable_values(case, variable_names)
            for ref in case.findall("q:SourceRef", NS):
                case_values.setdefault(ref.get("targetGUID", ""), {}).update(values)
        code_by_guid = dict(zip(codes["guid"], codes["path"], strict=True))
        rows = []
        ignored = 0
        sources = root.find("q:Sources", NS)
        for source in (sources if sources is not None else []):
            if source.tag != f"{{{NS['q']}}}TextSource":
                ignored += len(source.findall(".//q:Coding", NS))
                continue
            ignored += len(source.findall("q:Coding", NS))  # whole-document codings
            text = _source_text(source, archive)
            attrs = {**case_values.get(source.get("guid", ""), {}),
                     **_variable_values(source, variable_names)}
            document = source.get("name", source.get("guid", ""))
            for sel in source.findall("q:PlainTextSelection", NS):
                sel_where = f"{where} (selection {sel.get('guid', '?')} in '{document}')"
                start = _position(sel, "startPosition", sel_where)
                end = _position(sel, "endPosition", sel_where)
                if end < start or (text is not None and end > len(text)):
                    raise DataError(Problem(sel_where, "selection outside its source text",
                                            field="endPosition", value=end,
                                            expected=f"{start} <= end <= "
                                            f"{len(text) if text is not None else 'length'}"))
                for coding in sel.findall("q:Coding", NS):
                    ref = coding.find("q:CodeRef", NS)
                    target = ref.get("targetGUID", "") if ref is not None else ""
                    if target not in code_by_guid:
                        raise DataError(Problem(sel_where, "coding refers to an unknown code",
                                                field="CodeRef/targetGUID", value=target,
                                                expected="the guid of a code in CodeBook"))
                    rows.append((sel.get("guid", ""), document,
                                 text[start:end] if text is not None else "",
                                 code_by_guid[target], attrs.get("sector"),
                                 attrs.get("actor_type"), attrs.get("speaker_role")))
    frame = pd.DataFrame(rows, columns=["excerpt_id", "document", "text", "qda_code", "sector",
                                        "actor_type", "speaker_role"])
    summary = {"codes": len(codes), "documents": frame["document"].nunique(),
               "ignored_non_text_codings": ignored, "project": root.get("name", "")}
    return frame, summary


# --------------------------------------------------------------------------- CSV export


def _read_csv(path: Path, expected: str) -> pd.DataFrame:
    """All-text CSV, comma, semicolon or tab separated, UTF-8 with or without BOM."""
    if not path.is_file():
        raise DataError(Problem(path, "file not found", expected=expected))
    content = read_utf8(path, "re-export the file as UTF-8 CSV")
    header = content.splitlines()[0] if content else ""
    if not header:
        raise DataError(Problem(path, "file is empty", line=1, expected=expected))
    delimiter = max([",", ";", "\t"], key=header.count)
    return pd.read_csv(io.StringIO(content), sep=delimiter, dtype=str, keep_default_na=False)


def read_segment_csv(path: Path | str) -> pd.DataFrame:
    """A CSV of coded segments (MAXQDA, QualCoder, ATLAS.ti exports or hand-made).

    Columns are recognised by common English and French names (document, code,
    text/segment, ...); a code path may use ``\\`` or ``/`` between levels.
    """
    path = Path(path)
    frame = _read_csv(path, "a CSV of coded segments")
    columns: dict[str, str] = {}
    for column in frame.columns:
        field = next((f for f, names in CSV_ALIASES.items() if _norm(column) in names), None)
        if field and field not in columns:
            columns[field] = column
    missing = [f for f in ("document", "code", "text") if f not in columns]
    if missing:
        raise DataError([Problem(path, "required column not found", line=1, field=f,
                                 expected="one of: " + ", ".join(sorted(CSV_ALIASES[f])))
                         for f in missing])
    out = pd.DataFrame({f: frame[c] for f, c in columns.items()})
    empty = out.index[out["code"].str.strip() == ""]
    if len(empty):
        raise DataError([Problem(path, "coded segment without a code", line=i + 2,
                                 field=columns["code"], value="", expected="a code name")
                         for i in empty])
    out["qda_code"] = out["code"].str.replace("\\", "/", regex=False).str.strip()
    if "excerpt_id" not in out:
        # The same segment coded twice appears twice: identify it by where it sits.
        where = (out["begin"] + "-" + out["end"]) if {"begin", "end"} <= set(out) else out["text"]
        keys = out["document"] + "\x1f" + where
        out["excerpt_id"] = ["seg_" + hashlib.sha1(k.encode()).hexdigest()[:12] for k in keys]
    return out.drop(columns=["code", "begin", "end"], errors="ignore")


# --------------------------------------------------------------------------- mapping


def read_mapping(path: Path | str, codebook: pd.DataFrame) -> dict[str, str]:
    """Mapping file: columns ``qda_code`` (path or name in the project) and ``code``."""
    path = Path(path)
    table = _read_csv(path, "a mapping CSV with columns qda_code, code")
    missing = [c for c in ("qda_code", "code") if c not in table.columns]
    if missing:
        raise DataError([Problem(path, "required column not found", line=1, field=c,
                                 expected="columns qda_code, code") for c in missing])
    known = set(codebook["code"])
    bad = [Problem(path, "code not in the codebook", line=i + 2, field="code", value=c,
                   expected="a code of data/interviews/codebook.csv")
           for i, c in enumerate(table["code"]) if c.strip() not in known]
    if bad:
        raise DataError(bad)
    return dict(zip(table["qda_code"].str.strip(), table["code"].str.strip(), strict=True))


def map_codes(qda_codes: pd.Series, codebook: pd.DataFrame,
              mapping: dict[str, str] | None = None) -> pd.Series:
    """Codebook code for each QDA code path ('' when nothing matches).

    Order: the mapping file (full path, then last name), then the last name as a codebook
    code, then as a French label (ignoring case and accents).
    """
    mapping = mapping or {}
    by_code = {c: c for c in codebook["code"]}
    by_label = {_norm(label): c for label, c in zip(codebook["label_fr"], codebook["code"],
                                                    strict=True)}
    resolved = {}
    for path in qda_codes.unique():
        name = path.rsplit("/", 1)[-1].strip()
        resolved[path] = (mapping.get(path) or mapping.get(name) or by_code.get(name)
                          or by_label.get(_norm(name)) or "")
    return qda_codes.map(resolved)


def to_segments(rows: pd.DataFrame, codebook: pd.DataFrame, study: str,
                mapping: dict[str, str] | None = None) -> pd.DataFrame:
    """Tidy segment table from imported rows (project or CSV)."""
    out = rows.copy()
    out["source_id"] = study
    out["code"] = map_codes(out["qda_code"], codebook, mapping)
    for field in ("sector", "actor_type", "speaker_role"):
        if field not in out:
            out[field] = NOT_STATED
        out[field] = out[field].replace("", pd.NA).fillna(NOT_STATED)
    out = out.drop_duplicates(["excerpt_id", "qda_code"])
    return out[COLUMNS].astype("string").reset_index(drop=True)


def import_coding(path: Path | str, codebook: pd.DataFrame, *, mapping: Path | str | None = None,
                  study: str | None = None, limits: Limits = DEFAULT_LIMITS
                  ) -> tuple[pd.DataFrame, dict]:
    """Read a ``.qdpx`` project or a CSV export into the tidy table; also return a summary."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        rows, summary = read_segment_csv(path), {"project": path.stem}
        summary["codes"] = rows["qda_code"].nunique()
        summary["documents"] = rows["document"].nunique()
    else:
        rows, summary = read_project(path, limits)
    table = read_mapping(mapping, codebook) if mapping is not None else None
    segments = to_segments(rows, codebook, study or _slug(summary["project"] or path.stem),
                           table)
    unmapped = sorted(set(segments.loc[segments["code"] == "", "qda_code"]))
    summary.update({"segments": len(segments), "excerpts": segments["excerpt_id"].nunique(),
                    "unmapped_codes": unmapped})
    return segments, summary
