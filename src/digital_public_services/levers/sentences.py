"""The levers section's sentences whose truth depends on the survey data or the coding.

Like :mod:`survey.sentences`, each function returns the keyword arguments of
``ValueBook.add`` for one sentence or clause, written in French with its variants; a
population or an item the data lack becomes words that say so. Stable keys (namespace
``levers``):

``agent_training_clause``       clause (no capital, no stop): who cites the lack of agent
                                training among their main obstacles, with shares
``state_coordination_clause``   clause: the same for the State's lack of coordination
``train_medical_staff_statement``  sentence: support for training medical staff, qualified
                                (« quasi unanime », « large », « majoritaire », « partagée »)
``local_statement``             sentence: share wanting digital services started locally
``access_disparities_statement``  sentence: the rank of access disparities among obstacles
``unlinked_obstacles_statement``  sentence: obstacles no lever answers, with shares
``equipment_levers_clause``     clause: the levers linked to the cost of equipment, or none
``n_links_project`` / ``n_links_source``  links made by the project / by the sources
``least_illustrated_statement``   sentence: the lever with the fewest excerpts
``alt_matrix``                  alternative text of ``fig-levers-matrix``
"""

from __future__ import annotations

import pandas as pd

from ..prose.phrasing import agree, french_list, in_words, not_measured
from ..prose.ranking import NOT_SEPARATED, tie_words
from ..prose.typography import NBSP, fr_number, quoted
from ..survey.naming import item_names, name, share_text
from ..survey.ranking import leaders
from ..survey.sentences import current

TERRITORIAL = ("communes", "departements")
RESIDUAL_PREFIX = "other"  # « Une autre raison »: a residual answer, not an obstacle


def _value(key: str, value, text: str) -> dict:
    return {"name": key, "value": value, "text": text}


def shares_clause(view: pd.DataFrame, question_id: str, item_id: str,
                  populations: tuple[str, ...], focus: str) -> tuple[str, int]:
    """« 37 % [32 ; 42] % des acteurs communaux et 45 % … des acteurs départementaux »,
    naming the populations that were not asked; and how many populations answered."""
    rows = view[(view["question_id"] == question_id) & (view["item_id"] == item_id)]
    found, absent = [], []
    for population in populations:
        row = rows[rows["population"] == population]
        if row.empty:
            absent.append(population)
        else:
            found.append(share_text(row.iloc[0], focus, name(population).of))
    if not found:
        return (f"aucune des populations interrogées (item {not_measured()} dans les données "
                "analysées)"), 0
    text = french_list(found)
    if absent:
        text += (f", la question n'ayant pas été posée "
                 f"{french_list([name(p).to for p in absent])} dans les données analysées")
    return text, len(found)


def qualifier(lowest: float) -> str:
    """How wide support is, from the lowest share across the populations asked."""
    if lowest >= 90:
        return "quasi unanime"
    if lowest >= 75:
        return "large"
    if lowest >= 50:
        return "majoritaire"
    return "partagée"


def rank_text(view: pd.DataFrame, items: pd.DataFrame, question_id: str, item_id: str,
              population: str, focus: str, confidence: float) -> str:
    """« en tête par les acteurs départementaux (65 % [..]) » for a leader the sample
    separates; « dans le groupe de tête, au coude-à-coude avec …, par … » when it cannot;
    « derrière … par … » otherwise: the one tie rule of :mod:`survey.ranking`."""
    rows = view[(view["question_id"] == question_id) & (view["population"] == population)]
    row = rows[rows["item_id"] == item_id]
    if row.empty:
        return f"pas par {name(population).the}, qui n'ont pas répondu à cette question"
    lead = leaders(rows, confidence)
    by = f"par {name(population).the} ({share_text(row.iloc[0], focus)})"
    if item_id not in set(lead["item_id"]):
        return f"derrière {french_list(item_names(items, lead))} {by}"
    others = lead[lead["item_id"] != item_id]
    if others.empty:
        return f"en tête {by}"
    tie, named = tie_words(list(lead["pct"])), french_list(item_names(items, others))
    if tie == NOT_SEPARATED:
        return f"dans le groupe de tête avec {named}, que l'échantillon ne départage pas, {by}"
    return f"dans le groupe de tête, {tie} avec {named}, {by}"


def obstacle_levers_text(links: pd.DataFrame, lever_labels: pd.Series, item_id: str) -> str:
    """« Aucun des quatre leviers ne traite ce frein », or the levers linked to it (a clause,
    no stop), as the lever links say."""
    linked = links[(links["question_id"] == "main_obstacles") & (links["item_id"] == item_id)]
    codes = [c for c in lever_labels.index if c in set(linked["lever_code"])]
    if not codes:
        return f"Aucun des {in_words(len(lever_labels))} leviers ne traite ce frein"
    names = french_list([quoted(lever_labels[c]) for c in codes])
    return (f"{agree(len(codes), 'Le levier', 'Les leviers')} {names} "
            f"{agree(len(codes), 'y est relié', 'y sont reliés')}")


def sentences(view: pd.DataFrame, links: pd.DataFrame, items: pd.DataFrame,
              grid: pd.DataFrame, excerpt_ev: pd.DataFrame, lever_labels: pd.Series,
              columns: dict[str, str], focus: str, confidence: float) -> list[dict]:
    """Every sentence of this module, as ``ValueBook.add`` keyword arguments."""
    found = []
    for key, item in (("agent_training_clause", "agent_training"),
                      ("state_coordination_clause", "state_coordination")):
        text, n = shares_clause(view, "main_obstacles", item, TERRITORIAL, focus)
        found.append(_value(key, n, text))

    medical = view[(view["question_id"] == "favourability")
                   & (view["item_id"] == "train_medical_staff")]
    clause, n = shares_clause(view, "favourability", "train_medical_staff",
                              ("communes", "departements", "grand_public"), focus)
    if n:
        text = (f"Former les soignants aux outils déployés dans leurs établissements recueille une "
                f"adhésion {qualifier(medical['pct'].min())} ({clause}).")
    else:
        text = ("La proposition de former les soignants aux outils déployés dans leurs "
                "établissements ne figure pas dans les données analysées.")
    found.append(_value("train_medical_staff_statement", n, text))

    local = current(view[(view["question_id"] == "initiation_level")
                         & (view["item_id"] == "local")], focus)
    clause, n = shares_clause(view, "initiation_level", "local",
                              tuple(sorted(set(local["population"]))), focus)
    found.append(_value("local_statement", n, (
        f"Le lancement des services numérisés au niveau local est choisi par {clause}" if n else
        "La préférence des acteurs territoriaux pour un lancement local des services "
        f"numérisés est {not_measured(feminine=True)} dans les données analysées") + "."))

    parts = [rank_text(view, items, "main_obstacles", "access_disparities", p, focus,
                       confidence) for p in ("departements", "communes")]
    found.append(_value("access_disparities_statement", 0,
                        "Parmi les freins, les disparités d'accès entre citoyens sont citées "
                        f"{french_list(parts)}."))

    linked = set(links.loc[links["question_id"] == "main_obstacles", "item_id"].dropna())
    asked = view[view["question_id"] == "main_obstacles"]
    aside = sorted(i for i in set(asked["item_id"]) - linked
                   if not str(i).startswith(RESIDUAL_PREFIX))
    wording = items.set_index(["question_id", "item_id"])["wording"]
    described = []
    for item in aside:
        clause, _ = shares_clause(view, "main_obstacles", item, TERRITORIAL, focus)
        label = str(wording.get(("main_obstacles", item), item))
        described.append(f"{label[0].lower()}{label[1:]}, cité par {clause}")
    if described:
        text = (f"Enfin, l'enquête fait ressortir "
                f"{'un frein' if len(aside) == 1 else fr_number(len(aside)) + ' freins'} "
                f"qu'aucun levier ne traite{NBSP}: {french_list(described)}.")
    else:
        text = "Enfin, chacun des freins mesurés par l'enquête est relié à au moins un levier."
    found.append(_value("unlinked_obstacles_statement", len(aside), text))
    found.append(_value("equipment_levers_clause", int("equipment_cost" not in aside),
                        obstacle_levers_text(links, lever_labels, "equipment_cost")))

    n_project = int((links["basis"] == "inferred").sum())
    found.append({"name": "n_links_project", "value": n_project, "text": fr_number(n_project),
                  "description": "liens entre leviers et sources faits par le projet"})
    n_source = int((links["basis"] == "stated").sum())
    found.append({"name": "n_links_source", "value": n_source, "text": fr_number(n_source),
                  "description": "liens entre leviers et sources faits par les sources"})

    totals = excerpt_ev.groupby("lever_code")["n_linked"].sum().sort_index()
    least = totals[totals == totals.min()].index
    counts = excerpt_ev[excerpt_ev["lever_code"].isin(least)]
    detail = french_list([f"{fr_number(r.n_linked)} {'extraits' if r.n_linked > 1 else 'extrait'}"
                          f" {'du policy paper' if r.source_id == 'pp7' else 'de l’enquête'}"
                          .replace("’", "'") for r in counts.itertuples()])
    names = french_list([quoted(lever_labels[lev]) for lev in least])
    found.append(_value("least_illustrated_statement", int(totals.min()), (
        f"Le levier le moins illustré par les extraits d'entretiens est {names} ({detail})."
        if len(least) == 1 else
        f"Les leviers les moins illustrés par les extraits d'entretiens sont, à égalité, {names}"
        f" ({detail}).")))

    tops = []
    for column in grid.columns:
        best = grid[column][grid[column] == grid[column].max()].index
        levers = french_list([quoted(lever_labels[b]) for b in best])
        tops.append(f"{columns[column]}, {levers} ({fr_number(int(grid[column].max()))})")
    found.append(_value("alt_matrix", len(grid), (
        f"Barres en {fr_number(len(grid.columns))} panneaux, un par source, chacun à sa "
        f"propre échelle puisque extraits, items et références ne se comparent pas, pour "
        f"{fr_number(len(grid))} leviers. Levier qui compte le plus d'éléments, par source"
        f"{NBSP}: " + f"{NBSP}; ".join(tops) + ".")))
    return found
