"""What changed between two builds of the paper, number by number.

When the paper is rebuilt on new survey data, reviewers need every number quoted in the text
whose value moved, and whether the move is larger than the uncertainty the paper gave it.
Both builds' merged values files (``values.merge``: key → ``{text, value, low, high, …}``)
are compared; the runner renders the result as an appendix.

A change *exceeds its interval* when the new value falls outside the interval the previous
build gave (``low``–``high``); a value quoted without an interval cannot be judged (NA).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from .frformat import NBSP, fr_number

COLUMNS = ["key", "status", "description", "old_text", "new_text", "old_value", "new_value",
           "delta", "exceeds_interval"]
STATUS_FR = {"changed": "modifiée", "added": "nouvelle", "removed": "supprimée"}
TOLERANCE = 1e-9


def load_values(path: Path | str) -> dict[str, dict]:
    """A build's merged values file (``build/values.json``)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return None if math.isnan(value) else float(value)


def _moved(old: dict, new: dict) -> bool:
    a, b = _number(old.get("value")), _number(new.get("value"))
    if a is not None and b is not None:
        return abs(a - b) > TOLERANCE or old.get("text") != new.get("text")
    return old.get("value") != new.get("value") or old.get("text") != new.get("text")


def _exceeds(old: dict, new_value: float | None) -> bool | None:
    low, high = _number(old.get("low")), _number(old.get("high"))
    if new_value is None or low is None or high is None:
        return None
    return not low - TOLERANCE <= new_value <= high + TOLERANCE


def compare_values(old: dict[str, dict], new: dict[str, dict]) -> pd.DataFrame:
    """Every value that moved, appeared or disappeared between two builds, sorted by key."""
    rows = []
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key), new.get(key)
        if before is not None and after is not None and not _moved(before, after):
            continue
        status = "added" if before is None else "removed" if after is None else "changed"
        before, after = before or {}, after or {}
        a, b = _number(before.get("value")), _number(after.get("value"))
        rows.append({
            "key": key,
            "status": status,
            "description": after.get("description") or before.get("description") or "",
            "old_text": before.get("text"),
            "new_text": after.get("text"),
            "old_value": before.get("value"),
            "new_value": after.get("value"),
            "delta": b - a if a is not None and b is not None else None,
            "exceeds_interval": _exceeds(before, b) if status == "changed" else None,
        })
    table = pd.DataFrame(rows, columns=COLUMNS)
    table["exceeds_interval"] = table["exceeds_interval"].astype("boolean")
    return table


def compare_builds(old_path: Path | str, new_path: Path | str) -> pd.DataFrame:
    """:func:`compare_values` on two ``values.json`` files."""
    return compare_values(load_values(old_path), load_values(new_path))


def _cell(text: object) -> str:
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return "—"
    return str(text).replace("|", "\\|").replace("\n", " ")


def _verdict(row: pd.Series) -> str:
    if row["status"] != "changed":
        return STATUS_FR[row["status"]]
    if pd.isna(row["exceeds_interval"]):
        return "sans intervalle"
    return "oui" if row["exceeds_interval"] else "non"


def changes_markdown(changes: pd.DataFrame) -> str:
    """The changes as a French Markdown table (or one sentence when nothing moved)."""
    if changes.empty:
        return ("Aucun nombre cité dans le texte n'a changé depuis la version précédente"
                f"{NBSP}: toutes les valeurs sont identiques.\n")
    moved = int((changes["status"] == "changed").sum())
    beyond = int(changes["exceeds_interval"].fillna(False).sum())
    lines = [
        f"{fr_number(moved)} valeur(s) citée(s) ont changé depuis la version précédente, "
        f"dont {fr_number(beyond)} au-delà de l'intervalle de confiance publié alors"
        f"{NBSP}; {fr_number(int((changes['status'] == 'added').sum()))} nouvelle(s), "
        f"{fr_number(int((changes['status'] == 'removed').sum()))} supprimée(s).",
        "",
        f"| Valeur | Description | Avant | Après | Hors de l'intervalle précédent{NBSP}? |",
        "|---|---|---|---|---|",
    ]
    for _, row in changes.iterrows():
        lines.append(
            f"| `{row['key']}` | {_cell(row['description'])} | {_cell(row['old_text'])} "
            f"| {_cell(row['new_text'])} | {_verdict(row)} |"
        )
    return "\n".join(lines) + "\n"
