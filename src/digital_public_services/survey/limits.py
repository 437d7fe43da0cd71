"""Who answered the survey, how, and which proposals divide them: sentences for §5.

The survey section opens with the samples (sizes, modes, who answers for a département) and
with the limits that sampling error does not cover (mode of collection, wording), then leads
with the proposals that divide the respondents rather than with the near-unanimous ones.
Every sentence here is computed, with its French variants, so that another survey file (or
another design table) keeps it true.

Stable keys (namespace ``survey``), each a full sentence (or empty where noted):

``sample_statement``          the quantitative samples: size and mode of each population
``roles_statement``           who the département respondents are (largest role, elected)
``mode_statement``            which populations answered by which mode, and what follows
``high_agreement_statement``  how many proposals reach 90 % in each population
``divided_statement``         the proposals that divide the respondents, lowest first
``divided_clause``            clause for the key messages: those proposals, three at most
``divided_gaps_statement``    which of those separate a territorial population from the public
``sensitivity_statement``     how the count of gaps held moves with the assumed design effect
"""

from __future__ import annotations

import pandas as pd

from ..prose.key_figure import KeyFigure
from ..prose.phrasing import PROPOSITION, agree, count, french_list, sentence
from ..prose.typography import NBSP, fr_number
from .estimates import in_focus
from .naming import LISTED, item_names, name, share_text

MODE_SHORT = {"telephone": "par téléphone", "online": "en ligne"}
INTERVIEWER = {"telephone": True, "online": False}
DIVIDED_AT = 100 * 2 / 3  # « divides »: at least one respondent in three not in favour
HIGH_AT = 90  # « near-unanimous »: nine in ten in favour
ORDER = ("communes", "departements", "grand_public")


def _figure(key: str, value, text: str, description: str) -> KeyFigure:
    return KeyFigure(key, value, text, description=description)


def _ordered(populations) -> list[str]:
    present = list(dict.fromkeys(populations))
    return [p for p in ORDER if p in present] + sorted(set(present) - set(ORDER))


def _quantitative(design: pd.DataFrame) -> pd.DataFrame:
    rows = design[design["study"] == "quantitative"].drop_duplicates("population")
    order = {p: i for i, p in enumerate(_ordered(rows["population"]))}
    return rows.assign(_o=rows["population"].map(order)).sort_values("_o").drop(columns="_o")


def _counted(population: str, n: int) -> str:
    """« 325 acteurs communaux », « 2 185 adultes » (the public is counted in people)."""
    noun = "adultes" if population == "grand_public" else name(population).bare
    return f"{fr_number(n)} {noun}"


def sample_statement(design: pd.DataFrame) -> KeyFigure:
    """« Le volet quantitatif compte 325 acteurs communaux et 55 acteurs départementaux,
    interrogés par téléphone, et 2 185 adultes, interrogés en ligne »."""
    rows = _quantitative(design)
    if rows.empty:
        return _figure("sample_statement", 0, "Le plan de l'enquête ne décrit aucun échantillon "
                       "quantitatif.", "quantitative samples")
    groups = []
    for mode, part in rows.groupby("mode", sort=False):
        counted = [_counted(str(r["population"]), int(r["sample_size"]))
                   for _, r in part.iterrows()]
        asked = agree(int(part["sample_size"].sum()), "interrogé", "interrogés")
        groups.append(f"{french_list(counted)}, {asked} {MODE_SHORT.get(mode, mode)}")
    sizes = rows["sample_size"].astype(int)
    ratio = sizes.max() / sizes.min() if sizes.min() > 0 else 0
    text = f"Le volet quantitatif compte {f'{NBSP}; '.join(groups)}"
    text += (f"{NBSP}: le plus grand échantillon est environ {fr_number(ratio)} fois plus "
             "nombreux que le plus petit." if len(rows) > 1 and ratio >= 2 else ".")
    return _figure("sample_statement", int(sizes.sum()), text, "quantitative samples")


def roles_statement(roles: pd.DataFrame, design: pd.DataFrame) -> KeyFigure:
    """Who the département respondents are: the largest role, and how many are elected."""
    rows = roles[roles["study"] == "quantitative"]
    sample = design[(design["study"] == "quantitative")
                    & (design["population"] == "departements")]["sample_size"]
    if rows.empty or sample.empty:
        return _figure("roles_statement", 0, "Le rapport ne détaille pas les fonctions des "
                       "acteurs départementaux interrogés.", "département roles")
    total, listed = int(sample.iloc[0]), int(rows["n"].sum())
    top = rows.sort_values(["n", "role_fr"], ascending=[False, True]).iloc[0]
    elected = int(rows.loc[rows["elected"].astype(bool), "n"].sum())
    top_text = f"{fr_number(int(top['n']))} sont des {top['role_fr']}"
    if elected * 2 < total:
        elected_text = {0: "aucun n'est élu", 1: "un seul est élu"}.get(
            elected, f"seuls {fr_number(elected)} sont des élus")
        detail = f"{top_text}{NBSP}; {elected_text}"
    else:
        detail = f"{fr_number(elected)} sont des élus"
    text = f"Sur les {fr_number(total)} acteurs départementaux, {detail}"
    text += "." if listed == total else (
        f" (le rapport ne détaille les fonctions que de {fr_number(listed)} d'entre eux).")
    return _figure("roles_statement", elected, text, "département respondents: roles")


def _the(populations: list[str]) -> str:
    return french_list([name(p).the for p in populations])


def mode_statement(design: pd.DataFrame) -> KeyFigure:
    """What the modes of collection do to the comparisons: nothing when all populations
    answered the same way, else a limit that sampling error does not cover."""
    rows = _quantitative(design)
    modes = dict(zip(rows["population"].astype(str), rows["mode"], strict=True))
    with_interviewer = [p for p, m in modes.items() if INTERVIEWER.get(m)]
    alone = [p for p, m in modes.items() if not INTERVIEWER.get(m)]
    if not with_interviewer or not alone:
        text = (f"Toutes les populations ont répondu {'à' if with_interviewer else 'sans'} un "
                f"enquêteur{NBSP}: leurs écarts ne tiennent pas à cette différence de mode.")
        return _figure("mode_statement", 0, text, "modes of collection")

    def how(populations: list[str]) -> str:
        return french_list(list(dict.fromkeys(MODE_SHORT.get(modes[p], modes[p])
                                              for p in populations)))

    def plural(populations: list[str]) -> int:
        return 2 if len(populations) > 1 or name(populations[0]).plural else 1

    many = plural(alone)
    text = (f"{sentence(_the(with_interviewer))[:-1]} "
            f"{agree(plural(with_interviewer), 'a', 'ont')} répondu à un enquêteur "
            f"({how(with_interviewer)}){NBSP}; {_the(alone)} {agree(many, 'a', 'ont')} répondu "
            f"{agree(many, 'seul', 'seuls')} ({how(alone)}). Or un enquêteur incite davantage "
            "à donner la réponse attendue et à acquiescer qu'un questionnaire rempli seul "
            f"[@chang2009]{NBSP}: une partie des écarts entre ces populations peut tenir au mode "
            "de collecte plutôt qu'à l'opinion, sans que les données permettent de faire la "
            "part des deux.")
    return _figure("mode_statement", 1, text, "modes of collection")


def high_agreement_statement(proposals: pd.DataFrame) -> KeyFigure:
    """How many proposals reach nine in ten favourable answers, population by population."""
    if proposals.empty:
        return _figure("high_agreement_statement", 0, "", "near-unanimous proposals")
    total = proposals["item_id"].nunique()
    parts = [(p, int((proposals.loc[proposals["population"] == p, "pct"] >= HIGH_AT).sum()))
             for p in _ordered(proposals["population"])]
    listed = french_list([f"{fr_number(n)} chez {name(p).the}" for p, n in parts])
    text = (f"Sur {fr_number(total)} propositions, le nombre de celles qui recueillent au moins "
            f"{HIGH_AT}{NBSP}% de favorables est de {listed}.")
    return _figure("high_agreement_statement", max(n for _, n in parts), text,
                   "proposals at 90 % or more, per population")


def divided(proposals: pd.DataFrame) -> pd.DataFrame:
    """Proposals that at least a third of some population does not favour, lowest first.

    One row per item: its lowest and highest share across populations (the rows themselves,
    so intervals and waves come along) and the spread in points.
    """
    if proposals.empty:
        return pd.DataFrame(columns=["question_id", "item_id", "low", "high", "spread"])
    rows = []
    for (question, item), part in proposals.groupby(["question_id", "item_id"], sort=True):
        ordered = part.sort_values(["pct", "population"])
        low, high = ordered.iloc[0], ordered.iloc[-1]
        if low["pct"] <= DIVIDED_AT:
            rows.append({"question_id": question, "item_id": item, "low": low, "high": high,
                         "spread": float(high["pct"] - low["pct"])})
    frame = pd.DataFrame(rows, columns=["question_id", "item_id", "low", "high", "spread"])
    if frame.empty:
        return frame
    frame["_low"] = [r["pct"] for r in frame["low"]]
    return frame.sort_values(["_low", "item_id"]).drop(columns="_low").reset_index(drop=True)


def _range(row: pd.Series, focus: str) -> str:
    low, high = row["low"], row["high"]
    if low["population"] == high["population"] or low["pct"] == high["pct"]:
        return f"{share_text(low, focus)} chez {name(str(low['population'])).the}"
    return (f"de {share_text(low, focus)} chez {name(str(low['population'])).the} à "
            f"{share_text(high, focus)} chez {name(str(high['population'])).the}")


def divided_statement(proposals: pd.DataFrame, items: pd.DataFrame, focus: str) -> KeyFigure:
    """The proposals that divide respondents, lowest support first: the first three with the
    range of their support, the next three by name, any further ones counted."""
    table = divided(proposals)
    n = len(table)
    if proposals.empty:
        return _figure("divided_statement", 0, "", "dividing proposals")
    if n == 0:
        lowest = proposals.sort_values(["pct", "item_id"]).iloc[0]
        text = (f"Aucune proposition ne partage vraiment les répondants{NBSP}: chacune "
                "recueille au moins deux tiers de favorables dans chaque population, la moins "
                f"soutenue étant {item_names(items, lowest.to_frame().T)[0]} "
                f"({share_text(lowest, focus)} chez {name(str(lowest['population'])).the}).")
        return _figure("divided_statement", 0, text, "dividing proposals")
    text = (f"{sentence(count(n, PROPOSITION, words=True))[:-1]} sur "
            f"{fr_number(proposals['item_id'].nunique())} "
            f"{agree(n, 'partage', 'partagent')} les répondants{NBSP}: dans au moins une "
            "population, un tiers ou davantage ne s'y dit pas favorable.")
    for _, row in table.head(LISTED).iterrows():
        item = item_names(items, pd.DataFrame([row]))[0]
        text += f" Pour {item}, l'adhésion va {_range(row, focus)}."
    more = table.iloc[LISTED:]
    if len(more) and len(more) <= LISTED:
        text += f" Le constat vaut aussi pour {french_list(item_names(items, more))}."
    elif len(more):
        text += (f" {sentence(count(len(more), PROPOSITION, words=True))[:-1]} de plus "
                 f"{agree(len(more), 'est', 'sont')} dans ce cas.")
    return _figure("divided_statement", n, text, "dividing proposals, lowest support first")


def divided_clause(proposals: pd.DataFrame, items: pd.DataFrame) -> KeyFigure:
    """For the key messages: a clause (no capital, no stop) naming the proposals that divide
    respondents most (at most three, lowest support first) with the range of each."""
    table = divided(proposals)
    if table.empty:
        text = ("aucune proposition ne partage vraiment les répondants, chacune recueillant au "
                "moins deux tiers de favorables dans chaque population")
        return _figure("divided_clause", 0, text, "dividing proposals, for the key messages")

    def spread(row: pd.Series) -> str:
        low, high = fr_number(row["low"]["pct"]), fr_number(row["high"]["pct"])
        return f"{low}{NBSP}%" if low == high else f"de {low} à {high}{NBSP}%"

    named = [f"{item_names(items, pd.DataFrame([row]))[0]} ({spread(row)})"
             for _, row in table.head(LISTED).iterrows()]
    n = len(table)
    lead = (f"une seule proposition partage les répondants{NBSP}: " if n == 1 else
            f"{count(n, PROPOSITION, words=True)} partagent les répondants, "
            f"{'en tête ' if n > LISTED else ''}")
    text = lead + french_list(named)
    return _figure("divided_clause", n, text, "dividing proposals, for the key messages")


def divided_gaps_statement(proposals: pd.DataFrame, gaps: pd.DataFrame,
                           items: pd.DataFrame) -> KeyFigure:
    """Of the dividing proposals, those on which a territorial population and the public
    differ after correction."""
    table = divided(proposals)
    if table.empty or gaps.empty:
        return _figure("divided_gaps_statement", 0, "", "dividing proposals with held gaps")
    ids = set(table["item_id"])
    held = gaps[gaps["significant"] & gaps["item_id"].isin(ids)]
    held_items = table[table["item_id"].isin(set(held["item_id"]))]
    n, total = len(held_items), len(table)
    if n == 0:
        text = ("Sur aucune de ces propositions l'écart entre acteurs territoriaux et grand "
                "public ne résiste à la correction pour comparaisons multiples"
                f"{NBSP}: ces réserves se retrouvent dans chaque population sans les opposer "
                "nettement.")
    elif n == total:
        text = (f"Sur {'cette proposition' if total == 1 else 'chacune de ces propositions'}, "
                "un écart entre acteurs territoriaux et grand public résiste à la correction "
                "pour comparaisons multiples.")
    else:
        named = (french_list(item_names(items, held_items)) if n <= LISTED else
                 count(n, PROPOSITION, words=True))
        text = (f"Parmi elles, seul{'e' if n == 1 else 's'} {named} "
                f"{agree(n, 'sépare', 'séparent')} un échelon territorial du grand public après "
                "correction pour comparaisons multiples.")
    return _figure("divided_gaps_statement", n, text, "dividing proposals with held gaps")


def _deff(value: float) -> str:
    """« 1 », « 1,5 »: a design effect without a needless decimal."""
    return fr_number(value, 0 if float(value).is_integer() else 1)


def sensitivity_statement(sensitivity: pd.DataFrame, design_effect: float) -> KeyFigure:
    """How the count of gaps held moves when the assumed design effect varies."""
    if sensitivity.empty:
        return _figure("sensitivity_statement", 0, "", "design-effect sensitivity")
    counts = sensitivity.set_index("design_effect")["significant"].astype(int)
    total = int(sensitivity["comparisons"].max())
    low, high = counts.index.min(), counts.index.max()
    chosen = counts.get(float(design_effect))
    text = ("Le nombre d'écarts significatifs après correction serait de "
            f"{fr_number(int(counts[low]))} sur {fr_number(total)} avec un effet de plan de "
            f"{_deff(low)} et de "
            f"{fr_number(int(counts[high]))} avec un effet de {_deff(high)}")
    if chosen is not None and float(design_effect) not in (low, high):
        text += f", contre {fr_number(int(chosen))} avec la valeur retenue"
    if counts.nunique() == 1:
        text += f"{NBSP}: cette hypothèse ne change pas les conclusions."
    elif chosen is not None and counts.max() - counts.min() <= 1:
        text += f"{NBSP}: les conclusions dépendent à peine de cette hypothèse."
    else:
        text += (f"{NBSP}: le nombre d'écarts significatifs dépend de cette hypothèse, qu'il faut "
                 "garder en tête.")
    return _figure("sensitivity_statement", int(counts.max() - counts.min()), text,
                   "gaps held under the lowest and highest design effect")


def all_sentences(*, design: pd.DataFrame, roles: pd.DataFrame, proposals: pd.DataFrame,
                  gaps: pd.DataFrame, items: pd.DataFrame, sensitivity: pd.DataFrame,
                  focus: str, design_effect_public: float) -> list[KeyFigure]:
    """Every sentence of this module, for the survey notebook to record in one call: counts
    and ranges over the focus wave only (older rows are dated elsewhere)."""
    now, gaps_now = in_focus(proposals, focus), in_focus(gaps, focus)
    return [
        sample_statement(design),
        roles_statement(roles, design),
        mode_statement(design),
        high_agreement_statement(now),
        divided_statement(now, items, focus),
        divided_clause(now, items),
        divided_gaps_statement(now, gaps_now, items),
        sensitivity_statement(sensitivity, design_effect_public),
    ]
