"""The data behind each embedded figure and table, as a CSV a reader can download.

Every figure and table the article embeds has, under it, a « Données (CSV) » link to
``build/outputs/<notebook>/data/<label>.csv``: the table the notebook drew it from (one of
the tables it wrote in ``tables/``, rows filtered where the figure shows a subset), with
French column names that say the unit. A table that the notebook only displays is taken
from its displayed Markdown, which is then exactly what the reader sees. Files are UTF-8
with a header row and ``\\n`` line ends, so the same outputs give the same bytes.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..prose.escape import csv_cell, unescape

SHOWN = "shown"  # the table as the notebook displays it (Markdown output of the cell)


@dataclass(frozen=True)
class Table:
    """Text cells under named columns, as a CSV file holds them. The data are copied, never
    computed, so the standard library's ``csv`` suffices: the runner's workers, which write
    these files, need not import pandas."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = ()

    def records(self) -> list[dict[str, str]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class Source:
    """Where a figure's or table's data come from, and the French name of each column.

    ``columns`` lists the columns kept, in order; ``rest`` names any other column (``{}``
    is its name) when a table has one column per category; ``where`` keeps the rows whose
    column equals a value.
    """

    table: str
    columns: dict[str, str] = field(default_factory=dict)
    rest: str | None = None
    where: tuple[tuple[str, str], ...] = ()


SURVEY_ROWS = {
    "wave": "Vague",
    "population": "Population",
    "question_id": "Question (code)",
    "item_id": "Item (code)",
    "response": "Réponse (code)",
    "pct": "Part des répondants (%)",
    "ci_low": "Borne basse de l'intervalle de confiance (%)",
    "ci_high": "Borne haute de l'intervalle de confiance (%)",
    "base": "Base (répondants)",
    "n_eff": "Taille effective de l'échantillon (répondants)",
    "source_id": "Source (code)",
    "source_section": "Section de la source",
}
GAPS = {
    "wave": "Vague",
    "question_id": "Question (code)",
    "item_id": "Item (code)",
    "population_a": "Population A",
    "population_b": "Population B",
    "pct_a": "Part A (%)",
    "pct_b": "Part B (%)",
    "diff": "Écart A − B (points)",
    "diff_low": "Borne basse de l'intervalle de l'écart (points)",
    "diff_high": "Borne haute de l'intervalle de l'écart (points)",
    "p_value": "Probabilité critique (brute)",
    "p_adjusted": "Probabilité critique corrigée",
    "significant": "Écart significatif après correction (vrai/faux)",
    "adj_level": "Risque alloué à la comparaison par la correction",
    "adj_low": "Borne basse de l'intervalle ajusté pour comparaisons multiples (points)",
    "adj_high": "Borne haute de l'intervalle ajusté pour comparaisons multiples (points)",
}
TIMELINE = {
    "period": "Période",
    "period_theme_fr": "Orientation de la période",
    "table_row": "Ligne du Tableau 1",
    "row_label": "Intitulé de la ligne",
    "kind": "Nature (code)",
    "name": "Nom",
    "detail": "Précision",
    "year_stated": "Année indiquée",
    "budget": "Montant cité (unité de la source)",
    "source_id": "Source (code)",
    "source_section": "Section de la source",
}
LEVERS_MATRIX = {
    "lever_code": "Levier (code)",
    "pp7": "Extraits d'entretiens du policy paper (nombre)",
    "harris2022": "Verbatims de l'enquête (nombre)",
    "survey": "Items d'enquête (nombre)",
    "literature": "Références (nombre)",
}
THEME_TREE = {
    "code": "Thème (code)",
    "parent": "Thème parent (code)",
    "label_fr": "Thème",
    "origin": "Origine (code)",
    "depth": "Profondeur dans l'arbre",
    "family": "Famille (code)",
    "n_direct": "Extraits codés sur ce thème (nombre)",
    "n_total": "Extraits, sous-thèmes compris (nombre)",
}
SPECIFICITIES = {
    "lemma": "Lemme",
    "part": "Famille de thèmes (code)",
    "k": "Occurrences dans la famille (nombre)",
    "F": "Occurrences dans le corpus (nombre)",
    "t": "Mots de la famille (nombre)",
    "T": "Mots du corpus (nombre)",
    "expected": "Occurrences attendues si hasard (nombre)",
    "score": "Score de spécificité",
}
LITERATURE_WORKS = {
    "key": "Référence (clé BibTeX)",
    "citation": "Travail",
    "question_label": "Question de la synthèse",
    "year": "Année de publication",
    "origin": "Origine",
    "stream": "Courant (code)",
    "verification": "Statut de vérification (code)",
    "verified": "Vérification de la notice (où, quand)",
}
FUNDING = {
    "name": "Plan ou fonds",
    "measure": "Ce que mesure le chiffre",
    "value_text": "Chiffre imprimé",
    "value": "Valeur (unité de la source)",
    "unit": "Unité de la source",
    "euros": "Montant (euros)",
    "period_label": "Période",
    "sector": "Secteur (code)",
    "scope": "Objet : numérique, transformation ou sectoriel (code)",
    "source_id": "Source (code)",
    "source_section": "Section de la source",
}

#: Each embedded label and the data it was drawn from (tables of the same notebook).
DATA: dict[str, Source] = {
    "fig-literature-map": Source("literature_works", LITERATURE_WORKS),
    "tbl-literature-works": Source("literature_works", LITERATURE_WORKS),
    "tbl-evidence-map": Source("claim_support", {
        "label_fr": "Affirmation",
        "n_academic": "Références académiques (nombre)",
        "n_grey": "Littérature grise (nombre)",
        "n_excerpts_pp7": "Extraits du policy paper (nombre)",
        "n_excerpts_harris2022": "Verbatims de l'enquête (nombre)",
        "support_fr": "Appui",
        "n_added": "Travaux ajoutés par la synthèse (nombre)",
        "added_keys": "Travaux ajoutés par la synthèse (clés BibTeX)"}),
    "fig-policy-timeline": Source("policy_timeline", TIMELINE),
    "tbl-policy-timeline": Source("policy_timeline", TIMELINE),
    "tbl-official-names": Source("official_names", {
        "item_id": "Entrée (code)",
        "Le policy paper écrit": "Le policy paper écrit",
        "Nom officiel": "Nom officiel",
        "Source du nom officiel": "Source du nom officiel"}),
    "fig-funding-amounts": Source("funding_amounts", FUNDING),
    "tbl-funding-amounts": Source("funding_amounts", FUNDING),
    "tbl-international-context": Source("international_context", {
        "Indicateur": "Indicateur", "Période": "Période",
        "France": "France (unité de l'indicateur)",
        "Point de comparaison": "Point de comparaison (unité de l'indicateur)",
        "Source": "Source", "Réserve": "Réserve"}),
    "tbl-national-context": Source("national_context", {
        "Indicateur": "Indicateur", "Période": "Période",
        "France": "France (unité de l'indicateur)", "Source": "Source",
        "Réserve": "Réserve"}),
    "tbl-interview-design": Source("interview_design", {
        "Étude": "Étude", "Élément": "Élément", "Valeur": "Valeur (unité de l'élément)",
        "Source (section)": "Source (section)"}),
    "fig-theme-tree": Source("theme_counts", THEME_TREE),
    "tbl-theme-tree": Source("theme_counts", THEME_TREE),
    "fig-theme-counts": Source("theme_counts_by_dimension", {
        "Thème": "Thème", "Croisement": "Croisement", "Catégorie": "Catégorie",
        "Extraits": "Extraits (nombre)"}),
    "tbl-theme-counts": Source("theme_counts_by_dimension", {
        "Thème": "Thème", "Croisement": "Croisement", "Catégorie": "Catégorie",
        "Extraits": "Extraits (nombre)"}),
    "fig-triangulation": Source("triangulation", rest="{}"),
    "tbl-triangulation": Source("triangulation", rest="{}"),
    "fig-specific-vocabulary": Source("specificities", SPECIFICITIES),
    "tbl-specific-vocabulary": Source("specificities", SPECIFICITIES),
    "tbl-survey-design": Source(SHOWN, rest="{}"),
    "fig-proposals-by-population": Source("survey_estimates", SURVEY_ROWS,
                                          where=(("question_id", "favourability"),)),
    "tbl-proposals-by-population": Source("survey_estimates", SURVEY_ROWS,
                                          where=(("question_id", "favourability"),)),
    "fig-gap-elected-public": Source("gaps_elected_public", GAPS),
    "tbl-gap-elected-public": Source("gaps_elected_public", GAPS),
    "tbl-design-effect-sensitivity": Source("design_effect_sensitivity", {
        "design_effect": "Effet de plan supposé du grand public",
        "comparisons": "Comparaisons (nombre)",
        "significant": "Écarts significatifs (nombre)"}),
    "fig-obstacles-by-population": Source("survey_estimates", SURVEY_ROWS,
                                          where=(("question_id", "main_obstacles"),)),
    "tbl-obstacles-by-population": Source("survey_estimates", SURVEY_ROWS,
                                          where=(("question_id", "main_obstacles"),)),
    "tbl-wave-evolution": Source("wave_changes", {
        "wave_before": "Vague précédente", "wave": "Vague", "population": "Population",
        "question_id": "Question (code)", "item_id": "Item (code)",
        "pct_before": "Part à la vague précédente (%)", "pct": "Part (%)",
        "diff": "Évolution (points)",
        "diff_low": "Borne basse de l'intervalle de l'évolution (points)",
        "diff_high": "Borne haute de l'intervalle de l'évolution (points)",
        "p_adjusted": "Probabilité critique corrigée",
        "significant": "Évolution significative après correction (vrai/faux)"}),
    "fig-levers-matrix": Source("levers_matrix", LEVERS_MATRIX),
    "tbl-levers-matrix": Source("levers_matrix", LEVERS_MATRIX),
    "tbl-levers-scorecard": Source("levers_scorecard", rest="{}"),
    "tbl-lever-links": Source(SHOWN, rest="{}"),
    "tbl-levers-profile": Source(SHOWN, rest="{}"),
    "tbl-recommendations": Source(SHOWN, rest="{}"),
}


class DataExportError(ValueError):
    """A figure's data cannot be written as declared; the message says which and why."""


def french_table(table: Table, source: Source, label: str) -> Table:
    """Rows and columns of ``table`` that ``source`` declares, under their French names."""
    rows = table.rows
    for column, value in source.where:
        if column not in table.columns:
            raise DataExportError(f"{label}: column {column!r} to filter on is missing")
        at = table.columns.index(column)
        rows = tuple(row for row in rows if row[at] == value)
    missing = [c for c in source.columns if c not in table.columns]
    if missing:
        raise DataExportError(f"{label}: column(s) {', '.join(missing)} missing from "
                              f"{source.table}; known: {', '.join(table.columns)}")
    names = dict(source.columns)
    if source.rest is not None:
        names |= {c: source.rest.format(c) for c in table.columns if c not in names}
    kept = [table.columns.index(c) for c in names]
    return Table(tuple(names.values()), tuple(tuple(row[i] for i in kept) for row in rows))


CELL_BORDER = re.compile(r"(?<!\\)\|")
"""A pipe that separates cells (an escaped one, ``\\|``, is the cell's text)."""


def _cells(line: str) -> list[str]:
    """The cells of one line of a pipe table, as text: escapes dropped (a wording's ``<``
    was written ``\\<`` so as to be read as text)."""
    return [unescape(c.strip()) for c in CELL_BORDER.split(line.strip())[1:-1]]


def markdown_table(text: str) -> Table:
    """A pipe table as ``prose.tables.show`` writes it, read back as text cells."""
    rows = [_cells(line) for line in text.strip().splitlines()
            if line.strip().startswith("|")]
    if len(rows) < 2:
        raise DataExportError("no Markdown table in the cell's output")
    header, body = rows[0], rows[2:]
    return Table(tuple(header), tuple(tuple(row) for row in body))


def read_table(path: Path) -> Table:
    """A table the notebook wrote (``prose.tables.write_csv``), every cell as text; blank lines
    are skipped, as pandas skips them."""
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = [row for row in csv.reader(handle) if row]
    return Table(tuple(header), tuple(map(tuple, rows)))


def to_csv_bytes(table: Table) -> bytes:
    """UTF-8, header row, ``\\n`` line ends, cells quoted only where needed; no cell that a
    spreadsheet would run as a formula (``prose.escape.csv_cell``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_cell(c) for c in table.columns])
    writer.writerows([csv_cell(c) for c in row] for row in table.rows)
    return buffer.getvalue().encode("utf-8")


def write_csv(table: Table, path: Path) -> Path:
    """Write atomically: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(to_csv_bytes(table))
    os.replace(tmp, path)
    return path


def _shown(cell: dict) -> str:
    for output in cell.get("outputs", []):
        text = output.get("data", {}).get("text/markdown")
        if text:
            return "".join(text)
    return ""


def export(cells: dict[str, dict], outputs: Path, labels: Iterable[str] | None = None
           ) -> list[Path]:
    """Write ``outputs/data/<label>.csv`` for each labelled cell that ``DATA`` declares.

    ``cells`` maps labels to executed notebook cells (``cell_options.labelled_cells``).
    """
    written = []
    for label in sorted(labels if labels is not None else cells):
        source = DATA.get(label)
        if source is None or label not in cells:
            continue
        if source.table == SHOWN:
            try:
                table = markdown_table(_shown(cells[label]))
            except DataExportError as exc:
                raise DataExportError(f"{label}: {exc}") from None
        else:
            path = outputs / "tables" / f"{source.table}.csv"
            if not path.is_file():
                raise DataExportError(f"{label}: {path} was not written by the notebook")
            table = read_table(path)
        written.append(write_csv(french_table(table, source, label),
                                 outputs / "data" / f"{label}.csv"))
    return written
