"""What a render says it is: an edition, or a working version after one.

Two documents that quote different values must not carry the same version and date. A
render whose quoted values and inputs equal the snapshot of its version's edition
(``report/editions/X.Y.Z.json``) *is* that edition: « Édition 0.1.0 — 2 décembre 2026 ».
Anything else (other data, other text, a version not yet released) is a working version,
named by the last edition before it and by its commit: « Version de travail (après
l'édition 0.1.0), commit abc1234, 6 décembre 2026 », cited as ``0.1.0+abc1234`` (a semver
build suffix, a PEP 440 local version: after 0.1.0, never mistaken for it or for the next
edition). The function is pure: the build passes what it read, so it is tested both ways
without git or Quarto.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..prose.typography import NBSP, french_date
from . import changes, editions

SHORT_COMMIT = 7


@dataclass(frozen=True)
class Label:
    """The label in its three uses: title block and page 1, PDF running header, citation."""

    kind: str  # "edition" or "working"
    text: str
    header: str
    citation_version: str
    date: str  # ISO date the render is dated by (the edition's, else the commit's)


def matches(edition: dict, quoted: dict[str, dict], inputs: dict[str, str]) -> bool:
    """Whether a build quotes exactly what ``edition`` recorded, from the same inputs."""
    recorded = {key: editions.recorded(entry) for key, entry in quoted.items()}
    return inputs == edition["inputs"] and changes.compare_values(
        edition["values"], recorded).empty


def _day(iso: str) -> str:
    return french_date(iso) if editions.DATE.fullmatch(str(iso)) else "date inconnue"


def label(version: str, found: list[dict], quoted: dict[str, dict], inputs: dict[str, str],
          commit: str, date: str, clean: bool | None = True) -> Label:
    """The label of a build of package ``version`` at ``commit`` (dated ``date``, ISO),
    given the released editions ``found`` and what the build quotes and read."""
    released = editions.find(found, version)
    if released and clean is not False and matches(released, quoted, inputs):
        return Label("edition", f"Édition {version} — {_day(released['date'])}",
                     f"Édition {version}", version, released["date"])
    base = editions.base_edition(found, version)
    short = commit[:SHORT_COMMIT] if commit and not commit.startswith("unknown") else "inconnu"
    modified = clean is False
    after = f"après l'édition {base['version']}" if base else "avant la première édition"
    text = (f"Version de travail ({after}), commit {short}"
            f"{' avec des modifications non commitées' if modified else ''}, {_day(date)}")
    header = (f"Version de travail{NBSP}— {after}, commit {short}"
              f"{' modifié' if modified else ''}")
    local = short if short != "inconnu" else "unknown"
    suffix = f"+{local}{'.dirty' if modified else ''}"
    return Label("working", text, header,
                 f"{base['version'] if base else version}{suffix}", date)
