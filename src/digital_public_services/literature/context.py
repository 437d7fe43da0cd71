"""Policy context shaped for figures and tables: Tableau 1's timeline, funding, comparisons.

Amounts keep the digits and period the source prints. The only arithmetic is the metric
prefix (« millions », « mds ») needed to put the amounts on one logarithmic axis and to
write them all in the paper's one style (``prose.typography.fr_amount``: « 1,8 Md€ », « 700 M€ »),
so no figure shows a value the source did not give.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from difflib import SequenceMatcher

import pandas as pd

from ..errors import DataError, Problem
from ..prose.phrasing import french_list, in_words
from ..prose.typography import NBSP, fr_amount, fr_number, quoted

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
INTERNATIONAL_FAMILIES = ("egdi", "oecd_dgi", "desi")  # not the unsigned blog's figures
NATIONAL_FAMILIES = ("illectronisme", "access", "online_procedures", "france_services")
STUDY = "pp7"  # the policy paper whose Tableau 1 the timeline reads
ADDED = "ajout"  # where an entry comes from when the policy paper does not list it
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
    "% of premises": "% des locaux",
    "million people": "millions de personnes",
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


def printed_in(source_section: str, source_id: str = STUDY) -> str:
    """Where an entry is printed: « Tableau 1 », the boxes it comes from (« encadré 2 »), or
    « ajout » for an entry the project adds from another source."""
    if source_id != STUDY:
        return ADDED
    boxes = re.findall(r"Encadré (\d+)", source_section)
    if source_section.startswith("Tableau 1") or not boxes:
        return "Tableau 1"
    return "encadré" + ("s " if len(boxes) > 1 else " ") + " et ".join(boxes)


def timeline(policy_timeline: pd.DataFrame, funding: pd.DataFrame) -> pd.DataFrame:
    """Tableau 1 entries, and those the boxes or official sources add, with their budget (in
    the paper's style), their year and table row.

    An entry is shown under its official name where the data give one (the printed name
    stays in ``name``). An entry not listed by Tableau 1 says where it comes from, in
    brackets. ``year`` is the year the figure draws it at (empty when no source dates it);
    ``outside_period`` marks an entry that Tableau 1 prints under a period that does not
    contain its year (Action publique 2022, launched in 2017, under « 2019- »).
    ``label`` is the entry as the figure writes it: name and year (its budget is in the
    funding figure and in ``entry``; the figure's marker gives a dated entry's origin, the
    label an undated one's).
    """
    budgets = funding.set_index("funding_id").apply(figure_text, axis=1)
    out = policy_timeline.copy()
    out["budget"] = out["funding_id"].map(budgets)
    out["row_label"] = out["table_row"].map(ROW_LABELS)
    out["printed_in"] = [printed_in(section, source) for section, source in
                         zip(out["source_section"], out["source_id"], strict=True)]
    out["shown_name"] = out["name"]
    if "official_name" in out:
        out["shown_name"] = out["official_name"].fillna(out["name"])
    out["year"] = out["year_stated"]
    ends = out["period_end"].astype("Float64").fillna(float("inf"))
    out["outside_period"] = (out["year"].notna()
                             & ((out["year"] < out["period_start"]) | (out["year"] > ends))
                             ).fillna(False).astype(bool)

    def written(with_detail: bool, with_budget: bool, dated_origin: bool = True) -> list[str]:
        return [
            name
            + (f" ({year})" if pd.notna(year) else "")
            + (f", {detail}" if with_detail and pd.notna(detail) else "")
            + (f" – {budget}" if with_budget and pd.notna(budget) else "")
            + (f" [{where}]" if where != "Tableau 1" and (dated_origin or pd.isna(year))
               else "")
            for name, year, detail, budget, where in zip(
                out["shown_name"], out["year"], out["detail"], out["budget"],
                out["printed_in"], strict=True)
        ]

    out["entry"] = written(with_detail=True, with_budget=True)
    out["label"] = written(with_detail=False, with_budget=False, dated_origin=False)
    return out


RANK_SUFFIXES = (" : rang", "\u00a0: rang", ": rank", ", rank", " rank", ": composite score",
                 " score")


#: Units written once in the indicator's name rather than after every figure.
SCALE_UNITS = {"index 0-1": "indice de 0 à 1", "score 0-100": "score de 0 à 100"}
#: Decimals a family's sources print (the UN prints EGDI scores with four: 0,8790).
FAMILY_DECIMALS = {"egdi": 4}


def _base(label: str) -> str:
    """An indicator's name without its rank suffix: its score and its rank share one row."""
    for suffix in RANK_SUFFIXES:
        if label.endswith(suffix):
            return label[: -len(suffix)]
    return label


def _figure(row: pd.Series) -> str:
    """A figure in a table cell: a scale's value without its unit (the unit is in the
    indicator's name), anything else with its French unit and qualifier."""
    if row["unit"] in SCALE_UNITS and row["qualifier"] == "as_given":
        decimals = max(_decimals(row["value"]), FAMILY_DECIMALS.get(row["family"], 0))
        return fr_number(row["value"], decimals)
    return value_text(row["value"], row["unit"], row["qualifier"])


def _comparison(group: pd.DataFrame, source_names: Mapping[str, str],
                caveats: bool = False) -> pd.Series:
    """France's score and rank (« 0,879 ; 9e sur 33 ») beside the other countries or
    groups the data give for the same indicator and period."""
    france = group[group["geo"] == "FR"]
    others = group[(group["geo"] != "FR") & (group["unit"] != "rank")]
    scores = group[group["unit"] != "rank"]
    first = (scores if len(scores) else group).iloc[0]
    figures = []
    for _, row in pd.concat([france[france["unit"] != "rank"],
                             france[france["unit"] == "rank"]]).iterrows():
        text = _figure(row)
        if pd.notna(row["rank_out_of"]):
            text += f" sur {row['rank_out_of']}"
        figures.append(text)
    other_text = f"{NBSP}; ".join(f"{GEO_LABELS[row['geo']]} {_figure(row)}"
                                  for _, row in others.iterrows()) or "—"
    scale = next((SCALE_UNITS[u] for u in group["unit"] if u in SCALE_UNITS), None)
    name = (first["indicator_fr"] if len(scores) else _base(first["indicator_fr"])) \
        + (f" ({scale})" if scale else "")
    period = period_label(first["period"]) if pd.notna(first["period"]) else "non datée"
    edition = first.get("edition")
    if isinstance(edition, str) and edition and not edition.endswith(period[-4:]) \
            and first["family"] == "desi":
        period += f" ({edition.split(' (')[0]})"
    row = {
        "Indicateur": name,
        "Période": period,
        "France": f"{NBSP}; ".join(figures) or "—",
        "Point de comparaison": other_text,
        "Source": ", ".join(dict.fromkeys(source_names.get(s, s) for s in group["source_id"])),
    }
    if caveats:
        row["Réserve"] = "; ".join(dict.fromkeys(group["caveat"].dropna()))
    return pd.Series(row)


def comparison_table(indicators: pd.DataFrame, families: tuple[str, ...],
                     components: bool = False,
                     source_names: Mapping[str, str] | None = None,
                     caveats: bool = False) -> pd.DataFrame:
    """One row per indicator and period: France's score and rank together, beside the
    other countries or groups given.

    Rows that detail or accompany a headline (``component_of``) are left out unless
    ``components``; ``source_names`` maps a source_id to the name shown (default: the id).
    The paper's table does not repeat a caveat row by row (:func:`table_caveats` lists
    them once); ``caveats`` adds them as a column, for the data file.
    """
    rows = indicators[indicators["family"].isin(families)]
    if not components:
        rows = rows[rows["component_of"].isna()]
    rows = rows.copy()
    rows["_family"] = rows["family"].map({f: i for i, f in enumerate(families)})
    rows["_period"] = rows["period"].fillna("")
    rows["_base"] = rows["indicator"].map(_base)
    keys = ["_family", "_base", "_period"]
    names = dict(source_names or {})
    table = rows.groupby(keys, sort=False)[list(indicators.columns)].apply(
        _comparison, source_names=names, caveats=caveats)
    return table.reset_index(drop=True)


def table_caveats(indicators: pd.DataFrame, families: tuple[str, ...]) -> list[str]:
    """The distinct caveats of the headline rows of some families, each once."""
    rows = indicators[indicators["family"].isin(families) & indicators["component_of"].isna()]
    return list(dict.fromkeys(rows["caveat"].dropna()))


def official_names(timeline: pd.DataFrame,
                   source_names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Entries whose printed name differs from the official one: printed, official, source.

    Rows follow the periods and the rows of the table; the source column shows
    ``source_names`` (default: id).
    """
    rows = timeline[timeline["official_name"].notna()
                    & (timeline["official_name"] != timeline["name"])]
    rows = rows.sort_values(["period_start", "table_row"], kind="stable")
    names = dict(source_names or {})
    return pd.DataFrame({
        "item_id": rows["item_id"].to_numpy(),
        "Le policy paper écrit": rows["name"].to_numpy(),
        "Nom officiel": rows["official_name"].to_numpy(),
        "Source du nom officiel": [names.get(s, s) for s in rows["official_source_id"]],
    })


def naming_statement(names: pd.DataFrame) -> str:
    """How many names of Tableau 1 differ from the official ones, with the most different
    as the example, in the form « le policy paper écrit X ; le nom officiel est Y »."""
    n = len(names)
    if n == 0:
        return ("Les noms d'institutions et d'outils du Tableau 1 que nous avons vérifiés sont "
                "les noms officiels.")
    printed, official = names["Le policy paper écrit"], names["Nom officiel"]
    likeness = [SequenceMatcher(None, a.lower(), b.lower()).ratio()
                for a, b in zip(printed, official, strict=True)]
    example = likeness.index(min(likeness))
    pair = (f"le policy paper écrit {quoted(printed.iloc[example])}{NBSP}; le nom officiel "
            f"est {quoted(official.iloc[example])}")
    if n == 1:
        return f"Un nom du Tableau 1 diffère du nom officiel{NBSP}: {pair}."
    return (f"{in_words(n).capitalize()} noms du Tableau 1 diffèrent du nom officiel. "
            f"L'écart le plus net{NBSP}: {pair}.")


#: The DESI indicators the context section discusses, with the words that name them in prose.
DESI_PROSE = {
    "desi_citizens_fr_2022": "les services publics numériques offerts aux citoyens",
    "desi_prefilled_fr_2022": "les formulaires pré-remplis",
    "desi_egov_users_fr_2022": "la part d'internautes qui passent par l'administration en ligne",
}


def eu_comparison_statement(indicators: pd.DataFrame,
                            france_ids: Mapping[str, str] | None = None,
                            index_name: str = "l'indice européen DESI de 2022",
                            stop: bool = True) -> str:
    """Where France stands against the EU average on the given indicators: below, above or
    level with it, each with both values (an indicator without its EU value is left out).

    ``france_ids`` maps France's indicator ids to the words naming them (default:
    :data:`DESI_PROSE`)."""
    rows = indicators.set_index("indicator_id")
    below, above, level = [], [], []
    for fr_id, words in (france_ids or DESI_PROSE).items():
        eu_id = fr_id.replace("_fr_", "_eu_")
        if fr_id not in rows.index or eu_id not in rows.index:
            continue
        fr, eu = rows.loc[fr_id], rows.loc[eu_id]
        pair = (f"{words} ({short_text(fr['value'], fr['unit'])} contre "
                f"{short_text(eu['value'], eu['unit'])})")
        (below if fr["value"] < eu["value"] else above if fr["value"] > eu["value"]
         else level).append(pair)
    if not (below or above or level):
        return (f"Les données ne donnent pas la moyenne de l'Union dans {index_name}"
                + ("." if stop else ""))
    parts = []
    if below:
        parts.append(f"sous la moyenne de l'Union pour {french_list(below)}")
    if above:
        parts.append(f"au-dessus pour {french_list(above)}")
    if level:
        parts.append(f"au niveau de la moyenne pour {french_list(level)}")
    text = f"Dans {index_name}, la France se situe " + (
        parts[0] if len(parts) == 1 else f"{NBSP}; ".join(parts[:-1]) + f", mais {parts[-1]}")
    return text[0].upper() + text[1:] + ("." if stop else "")


def _series(indicators: pd.DataFrame, prefix: str) -> pd.Series:
    """France's values of an indicator family by year (``egdi_rank_fr_2018`` -> 2018)."""
    pattern = re.compile(rf"^{prefix}_fr_(\d{{4}})$")
    found = {int(m.group(1)): float(v) for i, v in zip(indicators["indicator_id"],
                                                       indicators["value"], strict=True)
             if (m := pattern.match(i))}
    return pd.Series(found, dtype=float).sort_index()


def rank_text(rank: float) -> str:
    return "1er" if rank == 1 else f"{fr_number(rank)}e"


def rank_path(ranks: pd.Series) -> str:
    """« 9e en 2018, puis 19e en 2020 et en 2022 »: ranks by year, equal neighbours joined."""
    groups: list[tuple[float, list[int]]] = []
    for year, rank in ranks.items():
        if groups and groups[-1][0] == rank:
            groups[-1][1].append(int(year))
        else:
            groups.append((rank, [int(year)]))
    parts = [f"{rank_text(rank)} " + french_list([f"en {y}" for y in years])
             for rank, years in groups]
    return parts[0] + "".join(f", puis {p}" for p in parts[1:])


def egdi_statement(indicators: pd.DataFrame) -> str:
    """France's EGDI ranks and scores by edition, stated side by side and nothing more.

    No source gives a cause for a change of rank, so the sentence draws none: neither other
    countries moving faster nor a fall of France's own score (a rank can fall while the
    score falls too, as between 2018 and 2020). A year with a rank but no score (or the
    reverse) is quoted in the series it belongs to.
    """
    ranks, scores = _series(indicators, "egdi_rank"), _series(indicators, "egdi")
    if ranks.empty and scores.empty:
        return ("Les données ne donnent ni le rang ni le score de la France dans l'indice "
                "des Nations unies.")
    parts = []
    if not ranks.empty:
        parts.append(f"la France y est classée {rank_path(ranks)}")
    if not scores.empty:
        values = french_list([f"{fr_number(v, 4)} en {int(y)}" for y, v in scores.items()])
        parts.append(f"son score, sur une échelle de 0 à 1, vaut {values}")
    return ("Dans l'indice de développement de l'administration électronique des Nations "
            "unies, " + f"{NBSP}; ".join(parts) + ".")


def _count(n: int, singular: str, plural: str, *, feminine: bool = False) -> str:
    """« aucune entrée », « une entrée », « trois entrées » (counts up to ten in words)."""
    if n == 0:
        return f"{'aucune' if feminine else 'aucun'} {singular}"
    return f"{in_words(n, feminine=feminine)} {singular if n == 1 else plural}"


def timeline_alt(entries: pd.DataFrame) -> str:
    """Alternative text of the timeline figure, from the entries drawn."""
    periods = entries.drop_duplicates("period").sort_values("period_start")
    spans = french_list([f"depuis {s}" if pd.isna(e) else f"{s}-{e}" for s, e in
                         zip(periods["period_start"], periods["period_end"], strict=True)])
    columns = french_list([ROW_LABELS[r].lower() for r in sorted(ROW_LABELS)])
    where = entries["printed_in"]
    boxes = int((~where.isin(["Tableau 1", ADDED])).sum())
    added = entries.loc[where == ADDED, "shown_name"].tolist()
    bands = _count(len(periods), "bande", "bandes", feminine=True)
    in_table = _count(int((where == "Tableau 1").sum()), "entrée", "entrées", feminine=True)
    from_boxes = _count(boxes, "entrée tirée", "entrées tirées", feminine=True)
    additions = _count(len(added), "entrée ajoutée", "entrées ajoutées", feminine=True)
    text = (f"Frise chronologique verticale en {bands} ({spans}) et "
            f"{_count(len(ROW_LABELS), 'colonne', 'colonnes', feminine=True)} ({columns}), "
            "chaque entrée datée placée à son année. "
            f"Elle place {in_table} du Tableau 1, {from_boxes} de ses encadrés et {additions}"
            " d'après des sources consultées")
    text += f" ({french_list(added)})." if added else "."
    if "year" in entries:
        undated = entries.loc[entries["year"].isna(), "shown_name"].tolist()
        if undated:
            text += (f" Sans date, au début de leur période{NBSP}: {french_list(undated)}.")
        if "outside_period" in entries and entries["outside_period"].any():
            text += (" Rangées par le Tableau 1 dans une période qui ne contient pas leur "
                     f"année{NBSP}: " + french_list(
                         entries.loc[entries["outside_period"], "shown_name"].tolist()) + ".")
    return text


def funding_alt(amounts: pd.DataFrame, scope_labels: Mapping[str, str]) -> str:
    """Alternative text of the funding figure: per group, how many amounts and their range."""
    if amounts.empty:
        return "Graphique des montants : aucun montant dans les données."
    parts = []
    for scope, label in scope_labels.items():
        rows = amounts[amounts["scope"] == scope].sort_values("euros")
        if rows.empty:
            continue
        low, high = rows.iloc[0], rows.iloc[-1]
        span = (f"{low['name']}, {low['amount_text']}" if len(rows) == 1 else
                f"de {low['amount_text']} ({low['name']}) à {high['amount_text']} "
                f"({high['name']})")
        parts.append(f"{label.lower()}, {_count(len(rows), 'montant', 'montants')}{NBSP}: "
                     f"{span}")
    body = f"{NBSP}; ".join(parts)
    return ("Graphique en points sur une échelle logarithmique, chaque point portant son "
            f"montant. {body[0].upper()}{body[1:]}.")


def table_statement(n: int) -> str:
    """How many entries Tableau 1 lists, with agreement."""
    if n == 0:
        return "Les données ne reprennent aucune entrée de ce tableau."
    if n == 1:
        return "Ce tableau ne recense qu'une entrée."
    return f"Ce tableau recense {fr_number(n)} plans, fonds, institutions et outils."


def added_statement(n: int) -> str:
    """The entries the project adds to the timeline from sources it read."""
    if n == 0:
        return "La chronologie ne compte aucune entrée ajoutée par nous."
    if n == 1:
        return ("La chronologie compte en outre une entrée que nous ajoutons d'après une "
                "source consultée (losange dans la figure).")
    return (f"La chronologie compte en outre {in_words(n)} entrées que nous ajoutons d'après "
            "des sources consultées (losanges dans la figure).")


LOW_AUTHORITY = ("vendor_blog", "low")


def official_only(funding: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Funding rows whose source is not a vendor blog or an unsigned page (those stay in the
    data and the tables, not in the figure)."""
    weak = set(sources.loc[sources["authority"].isin(LOW_AUTHORITY), "source_id"])
    return funding[~funding["source_id"].isin(weak)]


def alt_texts(entries: pd.DataFrame, money: pd.DataFrame,
              scope_labels: Mapping[str, str]) -> list[dict]:
    """Alternative texts of the context figures, as keyword arguments of ``ValueBook.add``."""
    return [
        {"name": "alt_timeline", "value": len(entries), "text": timeline_alt(entries),
         "description": "texte alternatif de la frise des politiques publiques"},
        {"name": "alt_funding", "value": len(money), "text": funding_alt(money, scope_labels),
         "description": "texte alternatif du graphique des montants"},
    ]


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
    where = [printed_in(section, source) for section, source in
             zip(timeline["source_section"], timeline["source_id"], strict=True)]
    in_table = where.count("Tableau 1")
    added = int((timeline["source_id"] != STUDY).sum())
    names = official_names(timeline)
    found += [
        {"name": "n_timeline_entries", "value": in_table, "text": fr_number(in_table),
         "description": "entrées du Tableau 1 du policy paper (plans, fonds, institutions, "
                        "outils)"},
        {"name": "n_added_entries", "value": added, "text": in_words(added),
         "description": "politiques ajoutées à la chronologie depuis des sources officielles"},
        {"name": "table_statement", "value": in_table, "text": table_statement(in_table),
         "description": "phrase : nombre d'entrées du Tableau 1"},
        {"name": "added_statement", "value": added, "text": added_statement(added),
         "description": "phrase : politiques ajoutées à la chronologie"},
        {"name": "n_official_names", "value": len(names), "text": in_words(len(names)),
         "description": "noms du Tableau 1 qui diffèrent du nom officiel"},
        {"name": "naming_statement", "value": len(names), "text": naming_statement(names),
         "description": "phrase : noms du policy paper et noms officiels"},
        {"name": "egdi_statement", "value": len(_series(indicators, "egdi_rank")),
         "text": egdi_statement(indicators),
         "description": "phrase : rang et score de la France dans l'EGDI"},
        {"name": "desi_sentence", "value": len(DESI_PROSE),
         "text": eu_comparison_statement(indicators, stop=False),
         "description": "phrase sans point final : la France et la moyenne de l'Union dans "
                        "le DESI 2022"},
    ]
    return found
