"""What changed between an edition of the paper and this build, number by number.

When the paper is rebuilt on new data, reviewers need every number quoted in the text whose
value moved since the edition it is compared with (see ``editions``), and whether the move
is larger than the uncertainty that edition gave it. Both sets of values (``values.merge``:
key → ``{text, value, low, high, description, …}``) are compared; the appendix shows them
grouped by section of the paper, a few per section, and ``changes.csv`` holds them all.

A change *exceeds its interval* when the new value falls outside the interval the edition
gave (``low``–``high``); a value quoted without an interval cannot be judged (NA).
"""

from __future__ import annotations

import math

import pandas as pd

from ..prose.typography import NBSP, fr_number

COLUMNS = ["section", "key", "status", "description", "old_text", "new_text", "old_value",
           "new_value", "delta", "exceeds_interval"]
TOLERANCE = 1e-9
# Namespace of a value -> the section of the paper that quotes it (title, cross-reference).
SECTIONS = {
    "context": ("Contexte et historique", "sec-context"),
    "literature": ("Synthèse de la littérature", "sec-literature"),
    "interviews": ("Ce que disent les entretiens", "sec-interviews"),
    "survey": ("Acteurs communaux, acteurs départementaux et grand public", "sec-survey"),
    "levers": ("Les quatre leviers à l'épreuve des trois sources", "sec-levers"),
}


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
            "section": key.split(".", 1)[0],
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


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def _counted(n: int, one: str, many: str) -> str:
    return one if n == 1 else many.format(n=fr_number(n))


def summary(changes: pd.DataFrame, total: int, against: str) -> str:
    """One French sentence: how many of the ``total`` quoted values moved since ``against``."""
    status = changes["status"].value_counts()
    moved, added, removed = (int(status.get(s, 0)) for s in ("changed", "added", "removed"))
    if not moved and not added and not removed:
        return (f"La valeur citée dans le texte n'a pas changé depuis {against}."
                if total == 1 else
                f"Aucune des {fr_number(total)} valeurs citées dans le texte n'a changé "
                f"depuis {against}.")
    beyond = int(changes["exceeds_interval"].fillna(False).sum())
    parts = [f"Depuis {against}, " + (
        "aucune valeur citée n'a changé" if not moved else
        _counted(moved, "une valeur citée a changé", "{n} valeurs citées ont changé")
        + ", dont " + ("aucune" if not beyond else fr_number(beyond))
        + " au-delà de l'intervalle que cette édition publiait")]
    if added:
        parts.append(_counted(added, "une valeur est nouvelle", "{n} valeurs sont nouvelles"))
    if removed:
        parts.append(_counted(removed, "une valeur a été retirée",
                              "{n} valeurs ont été retirées"))
    return f"{NBSP}; ".join(parts) + "."


def changes_markdown(changes: pd.DataFrame, total: int, against: str, csv_link: str) -> str:
    """The moved values in French, grouped by section of the paper, a few per section.

    ``against`` names the edition compared with (« l'édition 0.1.0 du … »); ``csv_link`` is
    the path of the full list, linked from the HTML version only.
    """
    lines = [summary(changes, total, against)]
    if changes.empty:
        return lines[0] + "\n"
    known = [name for name in SECTIONS if name in set(changes["section"])]
    others = sorted(set(changes["section"]) - set(SECTIONS))
    lines.append("")
    for name in known + others:
        title, anchor = SECTIONS.get(name, (f"Autres valeurs ({name})", None))
        rows = changes[changes["section"] == name]
        lines.append(f"- {title}{NBSP}: {_section_count(rows)}.")
    # The value-by-value detail is a table for reviewers, not prose: it is linked, not printed.
    name = csv_link.split("/")[-1]
    lines += ["", '::: {.content-visible when-format="html"}', "",
              f"Le détail, valeur par valeur et avec la clé de chacune, est dans le fichier "
              f"[{name}]({csv_link}).", "", ":::"]
    return "\n".join(lines) + "\n"


def _section_count(rows: pd.DataFrame) -> str:
    """« 3 valeurs modifiées, une nouvelle » for one section."""
    status = rows["status"].value_counts()
    parts = []
    for key, one, many in (("changed", "une valeur modifiée", "{n} valeurs modifiées"),
                           ("added", "une valeur nouvelle", "{n} valeurs nouvelles"),
                           ("removed", "une valeur retirée", "{n} valeurs retirées")):
        if status.get(key, 0):
            parts.append(_counted(int(status[key]), one, many))
    return ", ".join(parts)


def changes_csv(changes: pd.DataFrame) -> str:
    """Every moved value, sorted by key, as CSV (the appendix shows only a few)."""
    return changes.sort_values("key", kind="stable").to_csv(index=False, lineterminator="\n")
