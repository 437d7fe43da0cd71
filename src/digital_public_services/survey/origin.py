"""Which waves the paper uses and where each comes from, said where a reader first looks.

The title block, the résumé, the English abstract, the note under the recommendations, the
method section and the conclusion all say whether the survey numbers come only from the
published report or also from a user's file, and what that file leaves unknown. With the
shipped data every sentence here says what the published paper says; with a new wave none
of them can still claim that the paper uses no new data.
"""

from __future__ import annotations

import pandas as pd

from ..prose.escape import code, markdown
from ..prose.key_figure import KeyFigure
from ..prose.phrasing import agree, french_list
from ..prose.typography import NBSP, fr_number, french_date
from .naming import name

DESIGN_FIELDS = "le mode et les dates de collecte, l'institut, le commanditaire et la base " \
                "de sondage"


def _user(origin: pd.DataFrame) -> pd.DataFrame:
    return origin[~origin["published"].astype(bool)]


def _files(user: pd.DataFrame) -> str:
    """« la vague 2025, lue dans le fichier `x.csv` (SHA-256 `0123abcd4567`) »."""
    parts = []
    for file, rows in user.groupby("file", sort=True):
        waves = list(rows["wave"].astype(str))
        parts.append(f"{agree(len(waves), 'la vague', 'les vagues')} {french_list(waves)}, "
                     f"{agree(len(waves), 'lue', 'lues')} dans le fichier {code(file)} "
                     f"(SHA-256 {code(str(rows['sha256'].iloc[0])[:12])})")
    return french_list(parts)


def _sizes(results: pd.DataFrame, wave: str) -> str:
    rows = results[results["wave"].astype(str) == wave]
    bases = rows.groupby("population")["base"].max().sort_index()
    return french_list([f"{fr_number(n)} pour {name(str(p)).the}" for p, n in bases.items()])


MODES = {"telephone": "par téléphone", "online": "en ligne"}
SAID = {"mode": "le mode de collecte", "dates": "les dates de collecte",
        "institute": "l'institut", "sponsor": "le commanditaire", "frame": "la base de sondage"}


def documented(design: pd.DataFrame | None, wave: str) -> tuple[list[str], list[str]]:
    """What a file's design sheet says of one wave (« le mode de collecte (en ligne pour le
    grand public) »), and what it leaves unsaid (« l'institut »)."""
    rows = (design[design["wave"].astype(str) == wave] if design is not None
            else pd.DataFrame(columns=["wave", "population"]))
    said, unsaid = [], []

    def values(field: str) -> list[tuple[str, str]]:
        if field not in rows:
            return []
        return [(str(p), str(v)) for p, v in zip(rows["population"].fillna(""),
                                                  rows[field].fillna(""), strict=True) if v]

    def per_population(pairs: list[tuple[str, str]], shown) -> str:
        if len({v for _, v in pairs}) == 1:
            return shown(pairs[0][1])
        return french_list([f"{shown(v)} pour {name(p).the}" if p else shown(v)
                            for p, v in pairs])

    for field in ("mode", "dates", "institute", "sponsor", "frame"):
        if field == "dates":
            starts, ends = values("fieldwork_start"), values("fieldwork_end")
            pairs = [(p, f"du {french_date(s)} au {french_date(e)}")
                     for (p, s), (_, e) in zip(starts, ends, strict=False)]
        else:
            pairs = values(field)
        if not pairs:
            unsaid.append(SAID[field])
            continue
        shown = (lambda v: MODES.get(v, markdown(v))) if field == "mode" else markdown
        said.append(f"{SAID[field]} ({per_population(pairs, shown)})")
    return said, unsaid


def origin_figures(origin: pd.DataFrame, results: pd.DataFrame, focus: str,
                   changes_clause: str = "", design: pd.DataFrame | None = None
                   ) -> list[KeyFigure]:
    """``waves_clause`` / ``waves_clause_en`` (résumé and abstract), ``data_origin_statement``
    (note under the recommendations), ``design_gaps_statement`` (§5.1),
    ``new_wave_conclusion_statement`` (conclusion, with ``changes_clause``: what moved between
    waves), ``user_file_clause`` (introduction, §2), ``published_proposals`` (how many
    proposals the published survey asked) and ``n_user_waves`` (for claims). ``design``: the
    file's ``design`` sheet (:mod:`survey.design_sheet`), what it documents is said."""
    user = _user(origin)
    published = sorted(set(origin.loc[origin["published"].astype(bool), "wave"].astype(str)))
    asked = results[results["wave"].astype(str).isin(published)
                    & (results["question_id"] == "favourability")]["item_id"].nunique()
    proposals = KeyFigure("published_proposals", int(asked), fr_number(int(asked)),
                          description="proposals of the published survey (its waves only)")
    n = len(user)
    if n == 0:
        waves = french_list(published)
        return [
            proposals,
            KeyFigure("waves_clause", len(published), f"une enquête d'opinion de {waves}",
                      description="survey waves, for the résumé"),
            KeyFigure("waves_clause_en", len(published), f"a {waves} opinion survey",
                      description="survey waves, for the English abstract"),
            KeyFigure("data_origin_statement", 0, "Ce document ne présente aucune donnée "
                      "nouvelle.", description="whether a user's file adds data"),
            KeyFigure("design_gaps_statement", 0, "", description="design of a user's wave"),
            KeyFigure("new_wave_conclusion_statement", 0, "",
                      description="the new wave, for the conclusion"),
            KeyFigure("user_file_clause", 0, "", description="a user's file, for §2"),
            KeyFigure("n_user_waves", 0, "0", description="waves read from a user's file"),
        ]
    files = _files(user)
    base = f"une enquête d'opinion de {french_list(published)}" if published else \
        "une enquête d'opinion"
    design_text = []
    for _, row in user.iterrows():
        wave = str(row["wave"])
        said, unsaid = documented(design, wave)
        older = f"la vague {french_list(published)}" if published else "les vagues publiées"
        caveats = ("les réserves de cette section sur le mode de collecte, le commanditaire et le "
                   f"champ ne valent que pour {older}")
        if said:
            head = (f"Pour la vague {wave}, le fichier {code(row['file'])} indique "
                    f"{french_list(said)}"
                    + (f", mais ne documente pas {french_list(unsaid)}" if unsaid else ""))
        else:
            head = (f"Pour la vague {wave}, le fichier {code(row['file'])} ne documente pas "
                    f"{DESIGN_FIELDS}")
        design_text.append(
            f"{head}{NBSP}: {'ces éléments restent inconnus, et ' if unsaid else ''}{caveats}. "
            f"Les effectifs de {wave} sont ceux que le fichier déclare{NBSP}: "
            f"{_sizes(results, wave)}.")
    focus_is_new = focus in set(user["wave"].astype(str))
    return [
        proposals,
        KeyFigure("waves_clause", n, f"{base}, prolongée ici par {files}",
                  description="survey waves, for the résumé", source=";".join(user["file"])),
        KeyFigure("waves_clause_en", n,
                  (f"a {' and '.join(published)} " if published else "an ")
                  + f"opinion survey, extended here by wave{'s' if n > 1 else ''} "
                  f"{' and '.join(user['wave'].astype(str))} read from a user's file",
                  description="survey waves, for the English abstract"),
        KeyFigure("data_origin_statement", n,
                  f"Outre les documents publiés, ce document analyse {files}, qui ne renvoie "
                  f"à aucun document publié{NBSP}: les chiffres de "
                  f"{agree(n, 'cette vague', 'ces vagues')} sont cités par ce fichier"
                  + (", et ce sont eux que le texte cite en premier" if focus_is_new else "")
                  + ".", description="whether a user's file adds data"),
        KeyFigure("design_gaps_statement", n, " ".join(design_text),
                  description="design of a user's wave"),
        KeyFigure("new_wave_conclusion_statement", n,
                  f"Cette version s'appuie aussi sur {files}"
                  + (f"{NBSP}; {changes_clause}" if changes_clause else "")
                  + f". Le plan de sondage de {agree(n, 'cette vague', 'ces vagues')} n'étant "
                  "pas documenté, ses chiffres appellent au moins les réserves de l'enquête "
                  "publiée.", description="the new wave, for the conclusion"),
        KeyFigure("user_file_clause", n, f", auxquels s'ajoute {files}, qui ne l'est pas",
                  description="a user's file, for §2"),
        KeyFigure("n_user_waves", n, fr_number(n), description="waves read from a user's file"),
    ]
