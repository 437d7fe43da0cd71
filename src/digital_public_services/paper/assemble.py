"""Build-level products derived from the notebooks' outputs.

``build/values.json`` (every number quoted in the text), ``build/values.yml`` (the same as
Quarto metadata), ``build/provenance.{json,md}``, and the appendix « Éditions et ce qui a
changé » (``build/changes.md``, full list in ``build/changes.csv``), which compares this
build with the committed edition snapshot it descends from (``editions``), never with what
was built before in this folder: every product depends on the commit and its inputs only.
Also ``build/citation.yml`` (authors, date, licence and citation of the article, from
``CITATION.cff``) and ``build/data-package.zip`` (``data/`` for download).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from .. import __version__
from ..inputs import archive
from ..notebook import values
from ..prose.typography import french_date
from . import changes, citation, claims, editions, provenance

CHANGES_CSV_LINK = "../build/changes.csv"  # relative to report/index.qmd, which includes it


DATA_ARCHIVE = "data-package.zip"


def _write(path: Path, text: str) -> bool:
    """Write atomically; return whether the content changed."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return True


def paper_metadata(prov: dict, released: dict | None) -> dict:
    """Version, date and commit shown on the paper (``v.paper.*``), not compared. A
    released version is dated by its edition, a working version by its commit."""
    return {"version": __version__,
            "date": french_date(released["date"] if released else prov["date"]),
            "commit": prov["commit"][:12],
            "survey_files": provenance.survey_sentence(prov.get("survey_files", []))}


def _status(released: dict | None, base: dict | None, table) -> str:
    """Which edition this build is, in one French sentence that stays true for any data."""
    version = __version__
    if released and table.empty:
        return (f"Ce document est l'édition {version}, publiée le "
                f"{french_date(released['date'])}.")
    if released:
        return (f"Ce document porte le numéro de l'édition {version}, publiée le "
                f"{french_date(released['date'])}, mais certaines de ses valeurs "
                "citées diffèrent de celles de cette édition\u00a0: elles sont résumées "
                "ci-dessous.")
    if base:
        return (f"Ce document est une version de travail ({version}), pas encore publiée ;"
                f" il est comparé à l'édition {base['version']}, la dernière publiée avant "
                "lui.")
    return (f"Ce document est une version de travail ({version}) : aucune édition n'a "
            "encore été publiée, il n'y a donc rien à comparer.")


def changes_appendix(found: list[dict], merged: dict[str, dict], prov: dict):
    """The appendix text and the full table of moved values (empty without an edition)."""
    base = editions.base_edition(found, __version__)
    released = editions.find(found, __version__)
    table = changes.compare_values(base["values"] if base else merged, merged)
    working = None if released else {"version": __version__, "date": prov["date"],
                                      "inputs": prov["inputs"], "values": merged}
    lines = [_status(released, base, table), "", "## Éditions {.unnumbered}", "",
             editions.history_markdown(editions.history(found, working))]
    if base:
        against = f"l'édition {base['version']} du {french_date(base['date'])}"
        lines += [f"## Valeurs citées modifiées depuis l'édition {base['version']} "
                  "{.unnumbered}", "",
                  changes.changes_markdown(table, len(merged), against, CHANGES_CSV_LINK)]
    return "\n".join(lines), table


def assemble(root: Path, build: Path, stems: list[str]) -> dict:
    """Merge values, write provenance, compare the values with the edition they descend
    from."""
    files = [build / "outputs" / stem / "values.json" for stem in stems]
    merged = values.merge([f for f in files if f.is_file()])
    _write(build / "values.json",
           json.dumps(merged, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    (build / "values.previous.json").unlink(missing_ok=True)  # older code's; never read now
    prov = provenance.collect(root, stems, build)
    _write(build / "provenance.json",
           json.dumps(prov, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    _write(build / "provenance.md", provenance.to_markdown(prov))
    found = editions.load_editions(root / editions.EDITIONS_DIR)
    text, table = changes_appendix(found, merged, prov)
    _write(build / "changes.md", text)
    _write(build / "changes.csv", changes.changes_csv(table))
    meta = values.as_quarto_metadata(merged)
    released = editions.find(found, __version__)
    meta["v"]["paper"] = paper_metadata(prov, released)
    _write(build / "values.yml", yaml.safe_dump(meta, allow_unicode=True, sort_keys=True))
    claims.write(build, claims.judge(root, merged))
    date = released["date"] if released else prov["date"]
    if (root / "CITATION.cff").is_file():
        _write(build / "citation.yml", citation.to_yaml(
            root / "CITATION.cff", __version__, date if date != "unknown" else None))
    if (root / "data").is_dir():
        archive.write_archive(root / "data", build / DATA_ARCHIVE, "donnees")
    return merged


def clear_quarto_embed_cache(root: Path) -> None:
    """Quarto does not notice that an embedded notebook changed; drop its cache."""
    shutil.rmtree(root / ".quarto" / "embed", ignore_errors=True)
