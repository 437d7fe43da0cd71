"""Released editions of the paper: committed snapshots of what each edition quoted.

An edition is ``report/editions/X.Y.Z.json``: its version, its date, the commit that was
built, the SHA-256 of every input and every value quoted in the text. The snapshot, not a
git tag, is what a build reads (tags do not always travel with clones), so two builds of
the same commit compare themselves with the same edition wherever they run and whatever
was built before in their build folder.

A build of version V compares itself with the latest edition whose version is *at most* V:
a build of a released version shows no change unless its inputs differ from the release,
and a working version (V not yet released) shows what moved since the last release.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..prose.typography import NBSP, fr_number, french_date
from . import changes

EDITIONS_DIR = Path("report") / "editions"
VERSION = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FIELDS = ("version", "date", "commit", "inputs", "values")
NAMES_SHOWN = 3


def parse_version(text: str) -> tuple[int, int, int]:
    """``"0.10.2"`` -> ``(0, 10, 2)``; anything but ``X.Y.Z`` is refused."""
    match = VERSION.fullmatch(str(text))
    if not match:
        raise ValueError(f"version {text!r} is not of the form X.Y.Z (e.g. 0.2.0)")
    return int(match[1]), int(match[2]), int(match[3])


def snapshot(version: str, date: str, commit: str, inputs: dict[str, str],
             quoted: dict[str, dict]) -> dict:
    """The content of an edition's file (checked as :func:`load_editions` checks it)."""
    parse_version(version)
    if not DATE.fullmatch(date):
        raise ValueError(f"edition date {date!r} is not of the form YYYY-MM-DD")
    return {"version": version, "date": date, "commit": commit,
            "inputs": dict(sorted(inputs.items())),
            "values": {key: recorded(entry) for key, entry in sorted(quoted.items())}}


def recorded(entry: dict) -> dict:
    """What an edition keeps of a quoted value: not its description, which is the current
    build's prose (and quotes whole survey wordings, kept verbatim only in data/survey/)."""
    return {field: item for field, item in entry.items() if field != "description"}


def to_json(edition: dict) -> str:
    return json.dumps(edition, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _check(path: Path, edition: object) -> dict:
    if not isinstance(edition, dict):
        raise ValueError(f"{path}: an edition is a JSON object with {', '.join(FIELDS)}")
    missing = [name for name in FIELDS if name not in edition]
    if missing:
        raise ValueError(f"{path}: edition lacks field(s) {', '.join(missing)}")
    if edition["version"] != path.stem:
        raise ValueError(f"{path}: field 'version' is {edition['version']!r}, the file name "
                         f"says {path.stem!r}")
    try:
        parse_version(edition["version"])
    except ValueError as err:
        raise ValueError(f"{path}: {err}") from None
    if not DATE.fullmatch(str(edition["date"])):
        raise ValueError(f"{path}: field 'date' is {edition['date']!r}, expected YYYY-MM-DD")
    for name in ("inputs", "values"):
        if not isinstance(edition[name], dict):
            raise ValueError(f"{path}: field {name!r} must be an object")
    return edition


def load_editions(folder: Path) -> list[dict]:
    """Every edition in ``folder``, oldest version first; a malformed file is an error."""
    found = []
    for path in sorted(folder.glob("*.json")):
        try:
            edition = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as err:
            raise ValueError(f"{path}: not valid JSON (line {err.lineno}: {err.msg})") from None
        found.append(_check(path, edition))
    return sorted(found, key=lambda e: parse_version(e["version"]))


def base_edition(editions: list[dict], version: str) -> dict | None:
    """The latest edition whose version is at most ``version`` (None: no edition yet)."""
    current = parse_version(version)
    older = [e for e in editions if parse_version(e["version"]) <= current]
    return older[-1] if older else None


def find(editions: list[dict], version: str) -> dict | None:
    """The edition of exactly this version, if it was released."""
    return next((e for e in editions if e["version"] == version), None)


def previous(editions: list[dict], edition: dict) -> dict | None:
    """The edition released just before ``edition``."""
    index = next(i for i, e in enumerate(editions) if e["version"] == edition["version"])
    return editions[index - 1] if index else None


def changed_inputs(old: dict[str, str], new: dict[str, str]) -> dict[str, list[str]]:
    """Input files added, modified or removed between two editions (names sorted)."""
    return {
        "added": sorted(set(new) - set(old)),
        "modified": sorted(name for name in set(old) & set(new) if old[name] != new[name]),
        "removed": sorted(set(old) - set(new)),
    }


def _file_name(path: str) -> str:
    """``data/survey/x.csv`` -> ``survey/x.csv``; a file outside the project: its name."""
    return path.removeprefix("data/") if not path.startswith("/") else Path(path).name


def data_summary(old: dict[str, str], new: dict[str, str]) -> str:
    """What changed in the input files, in French (``modifié : survey/…``)."""
    parts = []
    for kind, label in (("modified", "modifié"), ("added", "ajouté"), ("removed", "retiré")):
        names = [_file_name(p) for p in changed_inputs(old, new)[kind]]
        if names:
            shown = ", ".join(f"`{n}`" for n in names[:NAMES_SHOWN])
            more = len(names) - NAMES_SHOWN
            rest = f" et {fr_number(more)} autre{'s' if more > 1 else ''}" if more > 0 else ""
            parts.append(f"{label}{'s' if len(names) > 1 else ''}{NBSP}: {shown}{rest}")
    return f"{NBSP}; ".join(parts) or "aucun fichier de données modifié"


def moved_summary(table) -> str:
    """``12`` (values that changed), with new and removed ones when there are some."""
    status = table["status"].value_counts()
    extra = [f"{fr_number(count)} {one if count == 1 else many}"
             for kind, one, many in (("added", "nouvelle", "nouvelles"),
                                     ("removed", "retirée", "retirées"))
             if (count := int(status.get(kind, 0)))]
    moved = fr_number(int(status.get("changed", 0)))
    return f"{moved} ({', '.join(extra)})" if extra else moved


def history(editions: list[dict], working: dict | None = None) -> list[dict]:
    """One row per edition (and for the working version, when given, as an edition-like
    dict): version, date, what changed in the data and how many quoted values moved."""
    pairs = [(e, previous(editions, e), e["version"]) for e in editions]
    if working:
        pairs.append((working, base_edition(editions, working["version"]),
                      working.get("label", f"{working['version']} (version de travail)")))
    rows = []
    for edition, before, label in pairs:
        if before is None:
            data, moved = "première édition", "—"
        else:
            data = data_summary(before["inputs"], edition["inputs"])
            moved = moved_summary(changes.compare_values(before["values"], edition["values"]))
        date = str(edition["date"])
        rows.append({"version": label,
                     "date": french_date(date) if DATE.fullmatch(date) else "inconnue",
                     "data": data,
                     "moved": moved})
    return rows


def history_markdown(rows: list[dict]) -> str:
    """The « Éditions » table."""
    lines = ["| Version | Date | Ce qui a changé dans les données | Valeurs citées modifiées |",
             "|---|---|---|---:|"]
    lines += [f"| {r['version']} | {r['date']} | {r['data']} | {r['moved']} |" for r in rows]
    return "\n".join(lines) + "\n"
