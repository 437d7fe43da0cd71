"""Policy context shaped for figures and tables: Tableau 1's timeline, funding, comparisons.

Amounts keep the digits and period the source prints. The only arithmetic is the metric
prefix (« millions », « mds ») needed to put the amounts on one logarithmic axis and to
write them all in the paper's one style (``frformat.fr_amount``: « 1,8 Md€ », « 700 M€ »),
so no figure shows a value the source did not give.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from .errors import DataError, Problem
from .frformat import NBSP, fr_amount, fr_number

EUROS_PER_UNIT = {
    "millions d'euros": 1e6,
    "m euros": 1e6,
    "milliards d'euros": 1e9,
    "mds euros": 1e9,
    "mds d'euros": 1e9,
}
ROW_LABELS = {
    1: "Plans et fonds",
    2: "Agences",
    3: "Administrations",
    4: "Programmes et outils",
}
GEO_LABELS = {"FR": "France", "EU27": "UE à 27", "OECD": "OCDE", "EE": "Estonie",
              "DK": "Danemark"}
INTERNATIONAL_FAMILIES = ("egdi", "oecd_dgi", "desi", "online_services")
NATIONAL_FAMILIES = ("illectronisme", "online_procedures", "france_services")
UNIT_FR = {
    "rank": "",
    "index 0-1": "(indice 0-1)",
    "score 0-100": "(score 0-100)",
    "%": "%",
    "% of internet users": "% des internautes",
    "% of the population aged 15+": "% des 15 ans ou plus",
    "% of procedures": "% des démarches",
    "% of administrative services": "% des services administratifs",
    "% of OECD member countries": "% des pays membres",
    "procedures": "démarches",
    "sites": "espaces",
    "advisers": "conseillers",
    "million requests": "millions de demandes",
}
QUALIFIER_TEXT = {"as_given": "", "about": "environ ", "nearly": "près de ",
                  "planned": "prévu : ", "target": "objectif : "}


FUNDING_KIND_FR = {"amount": "montant", "ratio": "multiple du montant antérieur",
                   "target": "objectif chiffré"}
GEO_FR = {"FR": "France", "EU27": "Union européenne à 27", "OECD": "moyenne de l'OCDE",
          "DK": "Danemark", "EE": "Estonie"}

def period_years(period: str | None) -> tuple[int | None, int | None]:
    """First and last year of an ISO period (``2018/2022``, ``2022-01``); none if empty."""
    if period is None or pd.isna(period) or not str(period):
        return None, None
    start, _, end = str(period).partition("/")
    return int(start[:4]), int((end or start)[:4])


def period_label(period: str | None) -> str:
    """``2018/2022`` -> ``2018-2022``; ``2021`` -> ``2021``; empty -> ``année non précisée``."""
    start, end = period_years(period)
    if start is None:
        return "année non précisée"
    return str(start) if start == end else f"{start}-{end}"


def _decimals(value: float) -> int:
    return 0 if float(value).is_integer() else len(repr(float(value)).split(".")[1])


def value_text(value: float, unit: str, qualifier: str = "as_given") -> str:
    """A figure in French with its unit: ``3,7 milliards d'euros``, ``9e``, ``87,1 % des …``.

    Units of the French sources are kept as printed; the English units of the secondary
    context note are translated through :data:`UNIT_FR` (an unknown one is an error).
    """
    if unit == "rank":
        return QUALIFIER_TEXT[qualifier] + ("1er" if value == 1 else f"{fr_number(value)}e")
    text = fr_number(value, _decimals(value))
    if unit in EUROS_PER_UNIT or unit.startswith(("fois", "million de")):
        french = unit
    elif unit in UNIT_FR:
        french = UNIT_FR[unit]
    else:
        raise KeyError(f"no French form for unit {unit!r}; add it to context.UNIT_FR")
    return QUALIFIER_TEXT[qualifier] + f"{text}{NBSP}{french}"


def short_text(value: float, unit: str) -> str:
    """The figure as prose quotes it: ``9e``, ``17 %``, ``0,8832``, ``102 millions d'euros``."""
    if unit == "rank" or unit.startswith("%"):
        return value_text(value, unit).split(f"{NBSP}%")[0] + (
            f"{NBSP}%" if unit.startswith("%") else "")
    if unit in EUROS_PER_UNIT:
        return fr_amount(value * EUROS_PER_UNIT[unit])
    return fr_number(value, _decimals(value))


def figure_text(row: pd.Series) -> str:
    """A funding row's figure as the paper writes it: an amount as ``fr_amount``, a ratio or
    target as the source words it."""
    if row["kind"] == "amount" and row["unit"] in EUROS_PER_UNIT:
        return fr_amount(row["value"] * EUROS_PER_UNIT[row["unit"]])
    return row["value_text"]


def amounts(funding: pd.DataFrame) -> pd.DataFrame:
    """Money amounts with their value in euros for the common axis, oldest period first."""
    rows = funding[funding["kind"] == "amount"].copy()
    unknown = sorted(set(rows["unit"]) - set(EUROS_PER_UNIT))
    if unknown:
        raise DataError([Problem("funding", "unit of an amount not understood", field="unit",
                                 value=u, expected="one of: " + ", ".join(EUROS_PER_UNIT))
                         for u in unknown])
    rows["euros"] = rows["value"] * rows["unit"].map(EUROS_PER_UNIT)
    rows["amount_text"] = rows["euros"].map(fr_amount)
    rows["period_label"] = rows["period"].map(period_label)
    rows["start"] = [period_years(p)[0] for p in rows["period"]]
    return rows.sort_values(["start", "euros", "funding_id"], na_position="last",
                            kind="stable").reset_index(drop=True)


def printed_in(source_section: str) -> str:
    """Where an entry is printed: « Tableau 1 », or the boxes it comes from (« encadré 2 »)."""
    boxes = re.findall(r"Encadré (\d+)", source_section)
    if source_section.startswith("Tableau 1") or not boxes:
        return "Tableau 1"
    return "encadré" + ("s " if len(boxes) > 1 else " ") + " et ".join(boxes)


def timeline(policy_timeline: pd.DataFrame, funding: pd.DataFrame) -> pd.DataFrame:
    """Tableau 1 entries, and those the boxes add, with their budget (in the paper's style)
    and table row.

    An entry not listed by Tableau 1 (placed by its year, ``column_basis = derived``) says
    where it comes from, in brackets.
    """
    budgets = funding.set_index("funding_id").apply(figure_text, axis=1)
    out = policy_timeline.copy()
    out["budget"] = out["funding_id"].map(budgets)
    out["row_label"] = out["table_row"].map(ROW_LABELS)
    out["printed_in"] = out["source_section"].map(printed_in)
    out["entry"] = [
        name
        + (f" ({year})" if pd.notna(year) else "")
        + (f", {detail}" if pd.notna(detail) else "")
        + (f" – {budget}" if pd.notna(budget) else "")
        + (f" [{where}]" if where != "Tableau 1" else "")
        for name, year, detail, budget, where in zip(
            out["name"], out["year_stated"], out["detail"], out["budget"], out["printed_in"],
            strict=True)
    ]
    return out


def timeline_cells(entries: pd.DataFrame) -> pd.DataFrame:
    """Period × row cells of the timeline, each its entries one per line (the figure wraps
    them to its column width)."""
    cells = entries.groupby(["period", "period_start", "period_end", "period_theme_fr",
                             "table_row"], dropna=False)["entry"].apply("\n".join)
    return cells.reset_index().rename(columns={"entry": "text"})


def _comparison(group: pd.DataFrame, source_names: Mapping[str, str]) -> pd.Series:
    france = group[group["geo"] == "FR"]
    others = group[group["geo"] != "FR"]
    first = group.iloc[0]
    fr_text = "—"
    if len(france):
        row = france.iloc[0]
        fr_text = value_text(row["value"], row["unit"], row["qualifier"])
        if pd.notna(row["rank_out_of"]):
            fr_text += f" sur {row['rank_out_of']}"
    other_text = f"{NBSP}; ".join(
        f"{GEO_LABELS[g]} {value_text(v, u, q)}"
        for g, v, u, q in zip(others["geo"], others["value"], others["unit"],
                              others["qualifier"], strict=True)) or "—"
    caveat = "; ".join(dict.fromkeys(group["caveat"].dropna()))
    return pd.Series({
        "Indicateur": first["indicator_fr"],
        "Période": period_label(first["period"]) if pd.notna(first["period"]) else "non datée",
        "France": fr_text,
        "Point de comparaison": other_text,
        "Source": ", ".join(dict.fromkeys(source_names.get(s, s) for s in group["source_id"])),
        "Réserve": caveat,
    })


def comparison_table(indicators: pd.DataFrame, families: tuple[str, ...],
                     components: bool = False,
                     source_names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One row per indicator and period: France beside the other countries or groups given.

    Components and dimensions of a composite index are left out unless ``components``;
    ``source_names`` maps a source_id to the name shown (default: the id).
    """
    rows = indicators[indicators["family"].isin(families)]
    if not components:
        rows = rows[rows["component_of"].isna()]
    rows = rows.copy()
    rows["_family"] = rows["family"].map({f: i for i, f in enumerate(families)})
    rows["_period"] = rows["period"].fillna("")
    keys = ["_family", "indicator", "_period"]
    names = dict(source_names or {})
    table = rows.groupby(keys, sort=False)[list(indicators.columns)].apply(
        _comparison, source_names=names)
    return table.reset_index(drop=True)


def prose_values(funding: pd.DataFrame, indicators: pd.DataFrame,
                 timeline: pd.DataFrame) -> list[dict]:
    """The context section's quoted figures, each as its source states it (unit kept),
    with a French description (the « what changed » appendix shows it)."""
    found = []
    for row in funding.itertuples():
        text = short_text(row.value, row.unit) if row.kind == "amount" else fr_number(row.value)
        found.append({"name": row.funding_id, "value": row.value, "text": text,
                      "unit": row.unit, "description": f"{row.name}{NBSP}: "
                      f"{FUNDING_KIND_FR.get(row.kind, row.kind)} ({row.period})"})
    for row in indicators.itertuples():
        where = f"{GEO_FR.get(row.geo, row.geo)}, {row.period}"
        found.append({"name": row.indicator_id, "value": row.value,
                      "text": short_text(row.value, row.unit), "unit": row.unit,
                      "description": f"{row.indicator_fr} ({where})"})
        if pd.notna(row.rank_out_of):
            found.append({"name": f"{row.indicator_id}_out_of", "value": row.rank_out_of,
                          "text": fr_number(row.rank_out_of),
                          "description": f"pays classés, {row.indicator_fr} ({where})"})
    found.append({"name": "n_timeline_entries", "value": len(timeline),
                  "text": fr_number(len(timeline)),
                  "description": "dates de la chronologie des politiques publiques"})
    return found
