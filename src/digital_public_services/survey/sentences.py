"""The survey sentences whose truth depends on the data, written in French by the package.

The prose of the survey section, the levers section and the conclusion quotes these
sentences through ``{{< meta v.survey.<key> >}}``; it holds no ranking, count, comparison or
population name that another survey file could make false. Each function returns
:class:`prose.key_figure.KeyFigure` records whose keys do not depend
on the data: a value the data legitimately lacks is a sentence saying so, never a missing key.

Stable keys (namespace ``survey``), each a full sentence unless noted:

``focus_wave``                  the wave quoted (text: « 2026 »)
``data_statement``              which waves the data hold, which one is quoted, populations
                                missing from it
``support_statement``           the proposals the public supports most and least
``support_range_statement``     how far support ranges in each population, and how many
                                proposals fall short of a majority somewhere
``widest_intervals_statement``  the population with the widest intervals (smallest n_eff)
``comparisons_statement``       how many gaps are tested and the correction applied
``gaps_<short>_statement``      for ``communes``/``departements`` against the public: how many
                                gaps hold, the largest, the others, where the public is higher
``gaps_comparison_statement``   the two territorial populations compared on that count
``obstacles_asked_statement``   who was asked about obstacles, how many answers each
``obstacle_top_statement``      the obstacle(s) each population cites most (the tie rule)
``obstacle_gaps_statement``     the largest communes − départements gap, how many hold
``obstacles_conclusion_statement``  same first obstacle or not, in one sentence
``initiation_statement``        the share preferring a local start of digital services
``waves_limit_clause``          clause (no capital, no stop): what the waves allow to measure
``n_eff_public_clause``         clause: what the assumed design effect (« il ») does to the public
``alt_proposals`` / ``alt_gaps`` / ``alt_obstacles``  alternative texts of the figures

Every quoted share taken from another wave than the focus wave says so (« 47 % en 2022, non
mesuré en 2026 »).
"""

from __future__ import annotations

import pandas as pd

from ..prose.key_figure import KeyFigure
from ..prose.phrasing import (
    ECART,
    PROPOSITION,
    Noun,
    agree,
    count,
    count_of,
    count_verb,
    french_list,
    in_words,
    sentence,
    wave_note,
)
from ..prose.ranking import leading
from ..prose.typography import NBSP, fr_number, fr_percent, fr_points
from .estimates import common_wave, in_focus, older_than_focus
from .limits import divided_statement
from .naming import LISTED, item_names, label, name, share_text
from .ranking import leaders
from .summary import CORRECTION_FR, gap_interval

FAVOURABILITY = "favourability"
OBSTACLES = "main_obstacles"
INITIATION = "initiation_level"
PUBLIC = "grand_public"
TERRITORIAL = ("communes", "departements")
COMPARAISON = Noun("comparaison", "comparaisons", feminine=True)
HOLDS, HOLD = "reste significatif", "restent significatifs"


def gap_text(row: pd.Series | dict, focus: str) -> str:
    """``+24 points [4 ; 33]`` (interval adjusted for multiple comparisons when the gap has
    one), plus the wave when not the focus wave."""
    return f"{fr_points(row['diff'])} {gap_interval(row)}{wave_note(str(row['wave']), focus)}"


def _figure(key: str, value, text: str, description: str) -> KeyFigure:
    return KeyFigure(key, value, text, description=description)


def _named(items: pd.DataFrame, rows: pd.DataFrame) -> str:
    """The items of ``rows`` by name when there are at most :data:`LISTED`, else counted
    (« quatre propositions »): no sentence names more than three survey items."""
    if len(rows) <= LISTED:
        return french_list(item_names(items, rows))
    return count(len(rows), PROPOSITION, words=True)


COMPOSITE = frozenset({"communes_departements"})  # reported together, never surveyed alone


def data_statement(results: pd.DataFrame, items: pd.DataFrame, focus: str) -> KeyFigure:
    """Waves held, wave quoted, populations and items the focus wave lacks."""
    waves = sorted(map(str, results["wave"].unique()))
    if len(waves) == 1:
        text = ""  # one wave: nothing to say about waves
    else:
        text = (f"Les données analysées comptent {fr_number(len(waves))} vagues "
                f"({french_list(waves)}){NBSP}; les chiffres cités sont ceux de la vague "
                f"{focus}, sauf lorsqu'une population ou une question n'y figure pas{NBSP}: le "
                "texte cite alors la dernière vague qui l'a mesurée et le précise.")
        present = set(results.loc[results["wave"].astype(str) == focus, "population"])
        missing = [p for p in sorted(set(results["population"]) - COMPOSITE)
                   if p not in present]
        for population in missing:
            who = name(population)
            text += (f" {sentence(who.the)[:-1]} {who.verb('n’a', 'n’ont')} pas été "
                     f"{who.verb('interrogé', 'interrogés')} en {focus}.").replace("’", "'")
        text += dropped_items_sentence(results, items, focus)
    return _figure("data_statement", len(waves), text, "waves held and wave quoted")


def dropped_items(results: pd.DataFrame, focus: str) -> pd.DataFrame:
    """Items of a question the focus wave asks that an earlier wave asked and it does not."""
    now = in_focus(results, focus)
    earlier = results[results["wave"].astype(str) < focus]
    asked = set(zip(now["question_id"], now["item_id"], strict=True))
    new = pd.Series([(q, i) not in asked for q, i in zip(
        earlier["question_id"], earlier["item_id"], strict=True)], index=earlier.index,
        dtype=bool)
    gone = earlier[earlier["question_id"].isin(set(now["question_id"])) & new]
    return (gone.sort_values("wave").drop_duplicates(["question_id", "item_id"], keep="last")
            .sort_values(["question_id", "item_id"], ignore_index=True))


def dropped_items_sentence(results: pd.DataFrame, items: pd.DataFrame, focus: str) -> str:
    """« L'item X, posé en 2022, ne l'est plus en 2025 » (with a leading space), or nothing."""
    gone = dropped_items(results, focus)
    if gone.empty:
        return ""
    waves = french_list(sorted(set(map(str, gone["wave"]))))
    names = french_list(item_names(items, gone))
    return (f" {sentence(names)[:-1]} {agree(len(gone), 'figurait', 'figuraient')} dans la "
            f"vague {waves} mais {agree(len(gone), 'n’a', 'n’ont')} pas été "
            f"{agree(len(gone), 'reposé', 'reposés')} en {focus}{NBSP}: "
            f"{agree(len(gone), 'il est absent', 'ils sont absents')} des chiffres de "
            f"{focus}.").replace("’", "'")


def support_statement(proposals: pd.DataFrame, items: pd.DataFrame, focus: str,
                      confidence: float) -> KeyFigure:
    """The proposals the public supports most and least: every proposal the sample cannot
    separate from the highest (lowest) share is named with it (:mod:`survey.ranking`)."""
    public = proposals[proposals["population"] == PUBLIC].sort_values("item_id")
    if public.empty:
        return _figure("support_statement", 0,
                       "Le grand public n'a été interrogé sur aucune de ces propositions "
                       "dans les données analysées.", "public support, most and least")
    if public["pct"].max() == public["pct"].min():
        return _figure("support_statement", len(public),
                       f"Le grand public soutient toutes ces propositions à parts égales "
                       f"({share_text(public.iloc[0], focus)}).",
                       "public support, most and least")
    parts = []
    for end, highest in (("le plus", True), ("le moins", False)):
        ends = leaders(public, confidence, highest=highest)
        parts.append(f"{end} {_ranked(ends, items, focus)}")
    return _figure("support_statement", len(public),
                   f"Le grand public soutient {parts[0]}, et {parts[1]}.",
                   "public support, most and least")


def support_range_statement(proposals: pd.DataFrame, focus: str) -> KeyFigure:
    """Range of support in each population, and proposals short of a majority somewhere."""
    if proposals.empty:
        return _figure("support_range_statement", 0,
                       "Aucune proposition ne figure dans les données analysées.",
                       "range of support")
    ranges = []
    for population, rows in proposals.groupby("population", sort=True):
        low, high = rows["pct"].min(), rows["pct"].max()
        note = wave_note(str(rows["wave"].max()), focus).strip()
        ranges.append(f"de {fr_percent(low)} à {fr_percent(high)} chez {name(population).the}"
                      + (f" ({note})" if note else ""))
    minority = proposals.loc[proposals["pct"] < 50, "item_id"].nunique()
    total = proposals["item_id"].nunique()
    if proposals["pct"].min() == proposals["pct"].max():
        text = (f"L'adhésion est la même pour toutes les propositions et toutes les populations "
                f"({fr_percent(proposals['pct'].min())}). ")
    else:
        text = f"L'adhésion varie selon les propositions{NBSP}: {french_list(ranges)}. "
    if minority == 0:
        text += f"Chacune des {fr_number(total)} propositions recueille une majorité de " \
                "favorables dans toutes les populations interrogées."
    else:
        text += (f"{sentence(count(minority, PROPOSITION, words=True))[:-1]} sur "
                 f"{fr_number(total)} "
                 f"{agree(minority, 'reste', 'restent')} sous la barre des 50{NBSP}% dans au "
                 "moins une population.")
    return _figure("support_range_statement", int(minority), text.strip(),
                   "range of support per population; proposals below 50 % somewhere")


def older_proposals_statement(proposals: pd.DataFrame, focus: str) -> KeyFigure:
    """For each population the focus wave lacks, its range of support in the last wave that
    asked it, in a sentence of its own that dates it (empty when there is none)."""
    older = older_than_focus(proposals, focus)
    parts = []
    for population, rows in older.groupby("population", sort=True):
        who, wave = name(str(population)), max(map(str, rows["wave"]))
        low, high = fr_percent(rows["pct"].min()), fr_percent(rows["pct"].max())
        span = f"était de {low}" if low == high else f"allait de {low} à {high}"
        parts.append(f"En {wave}, dernière vague à les interroger, l'adhésion {who.of} aux "
                     f"{fr_number(rows['item_id'].nunique())} propositions encore posées en "
                     f"{focus} {span}.")
    return _figure("older_proposals_statement", len(parts), " ".join(parts),
                   "support range of populations the focus wave lacks, dated")


def widest_intervals_statement(proposals: pd.DataFrame) -> KeyFigure:
    """The population whose intervals are widest: the smallest effective sample."""
    if proposals.empty:
        return _figure("widest_intervals_statement", 0, "", "widest intervals")
    sizes = proposals.groupby("population")["n_eff"].max().sort_index()
    if len(sizes) == 1:
        text = (f"Seuls {name(sizes.index[0]).the} ont répondu à ces propositions "
                f"(taille effective{NBSP}: {fr_number(sizes.iloc[0])}).")
    else:
        smallest = sizes.idxmin()
        others = french_list([f"{fr_number(v)} pour {name(p).the}"
                              for p, v in sizes.drop(smallest).items()])
        text = (f"Les intervalles les plus larges sont ceux {name(smallest).of}, dont la "
                f"taille d'échantillon effective est la plus faible ({fr_number(sizes.min())}, "
                f"contre {others})"
                f"{NBSP}: leurs pourcentages, même élevés, portent sur moins de personnes.")
    return _figure("widest_intervals_statement", float(sizes.min()), text,
                   "population with the smallest effective size")


def comparisons_statement(gaps: pd.DataFrame, correction_fr: str, focus: str) -> KeyFigure:
    """How many population gaps are tested in each wave, and the correction that follows."""
    n = len(gaps)
    if n == 0:
        text = ("Aucune comparaison n'est possible dans les données analysées{NBSP}: aucune "
                "population territoriale n'y répond aux mêmes propositions que le grand "
                "public.").replace("{NBSP}", NBSP)
        return _figure("comparisons_statement", 0, text, "population comparisons tested")
    per_wave = gaps.groupby(gaps["wave"].astype(str)).size().sort_index(ascending=False)
    if list(per_wave.index) == [focus]:
        done = f"Nous menons {count(n, COMPARAISON)}"
    else:
        (first, k), *rest = per_wave.items()
        done = "Nous menons " + french_list(
            [f"{count(int(k), COMPARAISON)} sur la vague {first}"]
            + [f"{in_words(int(m), feminine=True)} sur la vague {w}" for w, m in rest])
    text = (f"{done}{NBSP}; les probabilités critiques sont corrigées par la méthode "
            f"{correction_fr} au sein de chaque question"
            + (" et de chaque vague." if len(per_wave) > 1 else "."))
    return _figure("comparisons_statement", n, text, "population comparisons tested")


def gap_statement(gaps: pd.DataFrame, items: pd.DataFrame, population: str, short: str,
                  focus: str) -> KeyFigure:
    """One territorial population against the public: what holds, the largest, the rest."""
    rows = gaps[gaps["population_a"] == population]
    who = name(population)
    key = f"gaps_{short}_statement"
    if rows.empty:
        return _figure(key, 0, f"{sentence(who.the)[:-1]} et le grand public n'ont répondu "
                       "ensemble à aucune proposition dans une même vague des données "
                       "analysées{NBSP}: aucun écart ne peut être mesuré.".replace("{NBSP}",
                                                                                     NBSP),
                       f"gaps {population} − public")
    ordered = rows.sort_values(["diff", "item_id"], ascending=[False, True])
    significant = ordered[ordered["significant"]]
    other = ordered[~ordered["significant"]]
    largest = rows.assign(size=rows["diff"].abs()).sort_values(
        ["size", "item_id"], ascending=[False, True]).iloc[0]
    n_sig = len(significant)
    wave = max(map(str, rows["wave"]))  # one wave per pair (estimates.pair_waves)
    when = "" if wave == focus else (f" en {wave}, dernière vague où {who.the} "
                                     f"{who.verb('a été interrogé', 'ont été interrogés')}")
    focus = wave  # every share below is of that wave, which the sentence has named
    held = count_verb(n_sig, len(rows), ECART, "reste significatif", "restent significatifs")
    text = f"Entre {who.bare} et grand public{when}, {held} après correction"
    text += (f"{NBSP}: {french_list(item_names(items, significant))}."
             if 0 < n_sig <= LISTED else ".")
    widest = label(items, largest["question_id"], largest["item_id"])
    if n_sig == 1 and significant["item_id"].iloc[0] == largest["item_id"]:
        text += f" C'est aussi l'écart le plus large ({gap_text(largest, focus)})."
    else:
        text += f" L'écart le plus large porte sur {widest} ({gap_text(largest, focus)})."
    if len(other) and n_sig:
        subject = ("L'autre écart ne permet" if len(other) == 1 else
                   f"Les {fr_number(len(other))} autres écarts ne permettent")
        text += f" {subject} pas de conclure à une différence"
        text += (f"{NBSP}: {agree(len(other), 'il concerne', 'ils concernent')} "
                 f"{french_list(item_names(items, other))}." if len(other) <= LISTED else ".")
    higher = rows[rows["diff"] < 0]
    n_higher = len(higher)
    held = int(higher["significant"].sum())
    if n_higher == 0:
        text += (f" Le grand public ne se montre plus favorable que {who.the} sur aucune "
                 "proposition.")
    else:
        if held == 0:
            held_text = ("sans que l'écart soit significatif" if n_higher == 1 else
                         "sans qu'aucun de ces écarts soit significatif")
        elif held == n_higher:
            held_text = ("avec un écart significatif" if n_higher == 1 else
                         "avec des écarts tous significatifs")
        else:
            held_text = (f"dont {in_words(held, feminine=True)} avec un écart "
                         f"{agree(held, 'significatif', 'significatifs')}")
        text += (f" Le grand public se montre plus favorable que {who.the} sur "
                 f"{count(n_higher, PROPOSITION, words=True)}, {held_text}.")
    return _figure(key, n_sig, text, f"gaps {population} − public, in one paragraph")


def gaps_comparison_statement(gaps: pd.DataFrame, focus: str) -> KeyFigure:
    """Which territorial population differs from the public on more proposals, counted in
    one wave both were compared in (``gaps``: every wave, :func:`compare_populations`)."""
    present = [p for p in TERRITORIAL if (gaps["population_a"] == p).any()]
    wave = common_wave(gaps, TERRITORIAL, focus) if len(present) == 2 else None
    if wave is None:
        if not present:
            text = "Aucune population territoriale ne peut être comparée au grand public."
        elif len(present) == 1:
            p = present[0]
            rows = gaps[gaps["population_a"] == p]
            last = max(map(str, rows["wave"]))
            rows = rows[rows["wave"].astype(str) == last]
            held = count_verb(int(rows["significant"].sum()), len(rows), ECART, "résiste",
                              "résistent")
            text = (f"Seuls {name(p).the} peuvent être comparés au grand public{NBSP}: en "
                    f"{last}, {held} à la correction pour comparaisons multiples.")
        else:
            text = ("Les deux populations territoriales n'ont jamais été comparées au grand "
                    "public dans une même vague.")
        return _figure("gaps_comparison_statement", len(present), text, "gaps compared")
    same = gaps[gaps["wave"].astype(str) == wave]
    counts = {p: int(same.loc[same["population_a"] == p, "significant"].sum())
              for p in TERRITORIAL}
    totals = {p: int((same["population_a"] == p).sum()) for p in TERRITORIAL}
    a, b = TERRITORIAL
    parts = [f"{count_of(counts[p], totals[p], ECART)} pour {name(p).the}" for p in (a, b)]
    if counts[a] == counts[b]:
        verdict = "autant d'écarts résistent à la correction pour comparaisons multiples"
    else:
        fewer = a if counts[a] < counts[b] else b
        verdict = (f"moins d'écarts résistent à la correction pour comparaisons multiples pour "
                   f"{name(fewer).the}")
    when = ("" if wave == focus and gaps["wave"].nunique() == 1 else
            f"En {wave}, " + ("" if wave == focus else
                              "dernière vague où les deux échelons ont été interrogés, "))
    head = f"{when}face au grand public" if when else "Face au grand public"
    text = f"{head}, {verdict}{NBSP}: {french_list(parts)}."
    return _figure("gaps_comparison_statement", counts[a] - counts[b], text, "gaps compared")


def obstacles_asked_statement(obstacles: pd.DataFrame, focus: str) -> KeyFigure:
    """Who answered the obstacles question, how many answers each could give."""
    if obstacles.empty:
        return _figure("obstacles_asked_statement", 0,
                       "La question des freins ne figure pas dans les données analysées.",
                       "who was asked about obstacles")
    populations = sorted(obstacles["population"].unique())
    k = int(obstacles["max_answers"].max())
    not_asked = [p for p in ("communes", "departements", PUBLIC) if p not in populations]
    wave = obstacles.groupby("population")["wave"].max().astype(str)

    def when(population: str) -> str:
        return "" if wave[population] == focus else f" (en {wave[population]})"

    asked = french_list([name(p).to + when(p) for p in populations])
    text = (f"La question des freins a été posée {asked}"
            f"{', pas ' + french_list([name(p).to for p in not_asked], '') if not_asked else ''}"
            f"{NBSP}; chacun pouvait en citer {in_words(k) if k > 1 else 'un seul'}.")
    totals = obstacles.groupby("population")["pct"].sum()
    if k > 1:
        sums = french_list([f"{fr_percent(t)} pour {name(p).the}{when(p)}"
                            for p, t in totals.items()])
        text += (" Les pourcentages sont donc des parts de répondants et non de réponses"
                 f"{NBSP}: leur somme atteint {sums}"
                 ", et chaque part reçoit son propre intervalle.")
    return _figure("obstacles_asked_statement", len(populations), text,
                   "who was asked about obstacles")


def _ranked(lead: pd.DataFrame, items: pd.DataFrame, focus: str) -> str:
    """The leading item(s) with their shares, worded by the one tie rule."""
    if len(lead) > LISTED:
        return (f"{count(len(lead), PROPOSITION, words=True)} (de {fr_percent(lead['pct'].min())}"
                f" à {fr_percent(lead['pct'].max())}) que l'échantillon ne départage pas")
    return leading(item_names(items, lead), list(lead["pct"]),
                   [share_text(row, focus) for _, row in lead.iterrows()])


def _top_clause(rows: pd.DataFrame, items: pd.DataFrame, focus: str, confidence: float
                ) -> str:
    """« d'abord X (57 %) » for a clear first; « au coude-à-coude X (57 %) et Y (56 %) » (or
    another tie wording of :func:`prose.ranking.tie_words`) when the sample cannot tell them
    apart."""
    lead = leaders(rows, confidence)
    return f"d'abord {_ranked(lead, items, focus)}" if len(lead) == 1 else _ranked(
        lead, items, focus)


def obstacle_top_statement(obstacles: pd.DataFrame, items: pd.DataFrame,
                           focus: str, confidence: float) -> KeyFigure:
    """The obstacle(s) each territorial population cites most in the focus wave, ties said as
    ties; a population the focus wave lacks gets its own sentence, dated."""
    now, older = in_focus(obstacles, focus), older_than_focus(obstacles, focus)
    parts, dated = [], []
    for population in TERRITORIAL:
        who = name(population)
        rows = now[now["population"] == population]
        before = older[older["population"] == population]
        if len(rows):
            parts.append(f"{who.the} {who.verb('cite', 'citent')} "
                         f"{_top_clause(rows, items, focus, confidence)}")
        elif len(before):
            wave = max(map(str, before["wave"]))
            dated.append(f"En {wave}, dernière vague à les interroger, {who.the} "
                         f"{who.verb('citait', 'citaient')} "
                         f"{_top_clause(before, items, wave, confidence)}.")
        else:
            parts.append(f"{who.the} n'ont pas répondu à cette question")
    if parts and len(set(map(str, obstacles["wave"]))) > 1:
        parts[0] = f"en {focus}, {parts[0]}"
    text = " ".join(([sentence(f"{NBSP}; ".join(parts))] if parts else []) + dated)
    return _figure("obstacle_top_statement", len(obstacles), text, "first obstacle each")


def obstacle_gaps_statement(obstacle_gaps: pd.DataFrame, items: pd.DataFrame,
                            focus: str) -> KeyFigure:
    """The largest communes − départements gap and how many hold after correction, in the
    one wave they were compared in (named when it is not the focus wave)."""
    if obstacle_gaps.empty:
        return _figure("obstacle_gaps_statement", 0,
                       "Les deux populations territoriales n'ont pas répondu à cette question "
                       "dans une même vague{NBSP}: leurs réponses ne peuvent être comparées."
                       .replace("{NBSP}", NBSP), "obstacle gaps")
    largest = obstacle_gaps.assign(size=obstacle_gaps["diff"].abs()).sort_values(
        ["size", "item_id"], ascending=[False, True]).iloc[0]
    n = int(obstacle_gaps["significant"].sum())
    wave = max(map(str, obstacle_gaps["wave"]))
    when = "" if wave == focus else (f"En {wave}, dernière vague où les deux échelons ont "
                                     "répondu, l'écart")
    text = (f"{when or 'L’écart'} le plus marqué entre acteurs communaux et départementaux "
            f"porte sur {label(items, largest['question_id'], largest['item_id'])} "
            f"({gap_text(largest, wave)}){NBSP}; au total, "
            f"{count_verb(n, len(obstacle_gaps), ECART, HOLDS, HOLD)} après correction."
            ).replace("’", "'")
    return _figure("obstacle_gaps_statement", n, text, "obstacle gaps")


def obstacles_conclusion_statement(obstacles: pd.DataFrame, items: pd.DataFrame,
                                   focus: str, confidence: float) -> KeyFigure:
    """One sentence for the conclusion: do the two populations lead with the same obstacles?
    The comparison is between the sets the data cannot separate, never between single items
    picked by sort order, and within the focus wave only. The obstacles are named, not quoted
    again with their shares (§5 gives them)."""
    now = in_focus(obstacles, focus)
    lead = {p: leaders(now[now["population"] == p], confidence) for p in TERRITORIAL}
    lead = {p: rows for p, rows in lead.items() if len(rows)}
    if len(lead) < 2:
        text = ("Les freins ne peuvent être comparés entre acteurs communaux et départementaux "
                f"dans la vague {focus}, qui n'interroge pas les deux échelons.")
        return _figure("obstacles_conclusion_statement", len(lead), text, "first obstacles")
    both = set.intersection(*(set(rows["item_id"]) for rows in lead.values()))
    shared = lead["communes"][lead["communes"]["item_id"].isin(both)]
    own = {p: rows[~rows["item_id"].isin(both)] for p, rows in lead.items()}
    if not any(len(rows) for rows in own.values()):
        text = (f"Les deux populations territoriales placent en tête "
                f"{agree(len(shared), 'le même frein', 'les mêmes freins')}{NBSP}: "
                f"{french_list(item_names(items, shared))}.")
    elif len(shared):
        extra = [f"{name(p).the} y ajoutent {french_list(item_names(items, rows))}"
                 for p, rows in own.items() if len(rows)]
        text = (f"{sentence(french_list(item_names(items, shared)))[:-1]} "
                f"{agree(len(shared), 'figure', 'figurent')} dans les deux groupes de tête"
                f"{NBSP}; {french_list(extra)}.")
    else:
        apart = [f"{name(p).the} placent en tête {french_list(item_names(items, rows))}"
                 for p, rows in own.items()]
        text = (f"Les freins cités en tête diffèrent d'un échelon à l'autre{NBSP}: "
                f"{f'{NBSP}; '.join(apart)}.")
    return _figure("obstacles_conclusion_statement", len(lead), text, "first obstacles")


def current(rows: pd.DataFrame, focus: str) -> pd.DataFrame:
    """The rows of the focus wave when there are any, else all: a population measured now
    (« acteurs communaux ») is not quoted beside an older grouping of it (« acteurs
    communaux et départementaux » in 2022)."""
    now = rows[rows["wave"].astype(str) == focus]
    return now if len(now) else rows


def initiation_statement(estimates: pd.DataFrame, items: pd.DataFrame,
                         focus: str) -> KeyFigure:
    """The split between a local and a national start of digital services, stated once.

    The source prints only the local share; the rest is what the others answered (national,
    or no answer), which the text says without splitting it. Where the data give the other
    answers, each is named with its share.
    """
    rows = estimates[estimates["question_id"] == INITIATION]
    local = rows[rows["item_id"] == "local"]
    if local.empty:
        return _figure("initiation_statement", 0,
                       "La question du niveau, national ou local, auquel lancer les services "
                       "numérisés ne figure pas dans les données analysées.", "initiation")
    latest = current(local, focus).sort_values("wave").drop_duplicates("population",
                                                                       keep="last")
    latest = latest.sort_values("population")
    others = rows[rows["item_id"] != "local"].merge(latest[["population", "wave"]],
                                                   on=["population", "wave"])
    many = len(latest) > 1 or name(str(latest["population"].iloc[0])).plural
    shares = french_list([share_text(row, focus, name(str(row["population"])).of)
                          for _, row in latest.iterrows()])
    text = ("Sur le niveau auquel lancer les services publics numérisés, national ou local, "
            f"{shares} {agree(2 if many else 1, 'choisit', 'choisissent')} le niveau local")
    if len(others):
        text += ", contre " + french_list([
            f"{fr_percent(o['pct'])}"
            + (f" {name(str(o['population'])).of}" if len(latest) > 1 else "")
            + f" pour {label(items, o['question_id'], o['item_id'])}"
            for _, o in others.sort_values(["population", "pct"],
                                           ascending=[True, False]).iterrows()])
    else:
        text += (f"{NBSP}; le rapport ne publie ni la liste des autres réponses proposées ni "
                 "leur répartition")
    text += "."
    if set(latest["population"]) & COMPOSITE:
        text += (" Le rapport ne disant pas comment les deux échantillons territoriaux ont été "
                 "réunis pour cette question [@harris2022, tableau de l'initiative locale], "
                 "l'intervalle, calculé sur leur somme, reste indicatif.")
    return _figure("initiation_statement", float(latest["pct"].iloc[0]), text,
                   "initiation: local share and the rest, stated once")


def figure_waves_clause(proposals: pd.DataFrame, focus: str) -> KeyFigure:
    """Which wave the proposals figure draws, for its caption (no capital, no stop)."""
    older = sorted(set(map(str, older_than_focus(proposals, focus)["wave"])))
    text = f"vague {focus}" + (f", et vague {french_list(older)} pour une population absente "
                               f"de {focus}" if older else "")
    return _figure("figure_waves_clause", len(older) + 1, text, "waves drawn in the figure")


def waves_limit_clause(waves: list[str]) -> KeyFigure:
    """What the waves allow, as a clause for the conclusion's list of limits."""
    if len(waves) < 2:
        text = "l'enquête ne compte qu'une vague, si bien qu'aucune évolution n'est mesurable"
    else:
        text = (f"les {fr_number(len(waves))} vagues ne se comparent que sur les questions et "
                "les populations présentes dans chacune")
    return _figure("waves_limit_clause", len(waves), text, "what the waves allow")


def n_eff_public_clause(estimates: pd.DataFrame, focus: str, design_effect: float) -> KeyFigure:
    """What the assumed design effect does to the public's sample, in the focus wave."""
    public = estimates[(estimates["population"] == PUBLIC)
                       & (estimates["wave"].astype(str) == focus)]
    single = estimates["wave"].nunique() == 1
    if public.empty:
        text = (f"le grand public n'étant pas interrogé en {focus}, il n'intervient pas dans "
                "les chiffres cités")
    else:
        base, n_eff = public["base"].max(), public["n_eff"].max()
        if n_eff >= base:
            text = (f"en {focus}, la taille effective du public vient des poids eux-mêmes "
                    f"({fr_number(n_eff)} personnes), si bien que l'hypothèse n'y sert pas")
        else:
            text = (f"il ramène l'échantillon du public de {fr_number(base)} à une taille "
                    f"effective de {fr_number(n_eff)} personnes"
                    + ("" if single else f" (vague {focus})"))
    return _figure("n_eff_public_clause", design_effect, text, "public effective size")


def alt_texts(proposals: pd.DataFrame, gaps: pd.DataFrame, obstacles: pd.DataFrame,
              items: pd.DataFrame, focus: str, confidence: float) -> list[KeyFigure]:
    """Alternative texts of the survey figures, true for the data drawn (``proposals`` and
    ``obstacles``: the figures' rows, older populations included and dated)."""
    now = in_focus(proposals, focus)
    populations = french_list([name(p).the for p in sorted(proposals["population"].unique())],
                              "aucune population")
    divides = divided_statement(now, items, focus).text
    older = older_proposals_statement(proposals, focus).text
    widest = widest_intervals_statement(now).text
    comparison = gaps_comparison_statement(gaps, focus).text
    tops = obstacle_top_statement(obstacles, items, focus, confidence).text
    return [
        _figure("alt_proposals", len(proposals),
                f"Graphique en points de la part de favorables à chaque proposition pour "
                f"{populations}, avec intervalles de confiance. {divides} {older} {widest}"
                .replace("  ", " ").strip(), "fig-alt of fig-proposals-by-population"),
        _figure("alt_gaps", len(gaps),
                "Graphique des écarts, en points, entre chaque population territoriale et le "
                "grand public, proposition par proposition, avec des intervalles ajustés pour "
                f"comparaisons multiples{NBSP}; un point plein marque un écart significatif après "
                f"correction, dont l'intervalle exclut zéro. {comparison}",
                "fig-alt of fig-gap-elected-public"),
        _figure("alt_obstacles", len(obstacles),
                "Graphique en points de la part d'acteurs citant chaque frein, avec intervalles."
                f" {tops}", "fig-alt of fig-obstacles-by-population"),
    ]


def all_sentences(*, results: pd.DataFrame, estimates: pd.DataFrame, proposals: pd.DataFrame,
                  gaps: pd.DataFrame, gaps_all: pd.DataFrame, obstacles: pd.DataFrame,
                  obstacle_gaps: pd.DataFrame, view: pd.DataFrame, items: pd.DataFrame,
                  focus: str, correction: str, design_effect_public: float,
                  confidence: float) -> list[KeyFigure]:
    """Every sentence of this module, for the survey notebook to record in one call.

    ``proposals`` and ``obstacles`` are :func:`estimates.at_focus` rows (older waves for the
    populations the focus wave lacks); ranges, counts and rankings quote the focus wave only
    and older rows only in sentences that date them. ``gaps``: one wave per pair
    (:func:`estimates.pair_waves`); ``gaps_all``: every wave.
    """
    waves = sorted(map(str, estimates["wave"].unique()))
    now = in_focus(proposals, focus)
    return [
        data_statement(results, items, focus),
        support_statement(now, items, focus, confidence),
        support_range_statement(now, focus),
        older_proposals_statement(proposals, focus),
        widest_intervals_statement(now),
        comparisons_statement(gaps, CORRECTION_FR[correction], focus),
        gap_statement(gaps, items, "communes", "communes", focus),
        gap_statement(gaps, items, "departements", "departements", focus),
        gaps_comparison_statement(gaps_all, focus),
        obstacles_asked_statement(obstacles, focus),
        obstacle_top_statement(obstacles, items, focus, confidence),
        obstacle_gaps_statement(obstacle_gaps, items, focus),
        obstacles_conclusion_statement(obstacles, items, focus, confidence),
        initiation_statement(view, items, focus),
        waves_limit_clause(waves),
        figure_waves_clause(proposals, focus),
        n_eff_public_clause(estimates, focus, design_effect_public),
        *alt_texts(proposals, gaps_all, obstacles, items, focus, confidence),
    ]
