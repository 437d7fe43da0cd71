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
from ..prose.typography import NBSP, french_date
from . import changes, citation, claims, editions, provenance
from .label import Label, label

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


def paper_metadata(prov: dict, shown: Label) -> dict:
    """Version, date, commit and label shown on the paper (``v.paper.*``), not compared. An
    edition is dated by its snapshot, a working version by its commit (``label``)."""
    return {"version": shown.citation_version,
            "label": shown.text,
            "header": shown.header,
            "kind": shown.kind,
            "date": french_date(shown.date) if shown.date != "unknown" else "inconnue",
            "commit": prov["commit"][:12],
            "survey_files": provenance.survey_sentence(prov.get("survey_files", []))}


def _status(shown: Label, released: dict | None, base: dict | None) -> str:
    """Which edition this build is, in one French sentence that stays true for any data: the
    same verdict as the title block's label (``label``)."""
    if shown.kind == "edition" and base:
        return (f"Ce document est l'édition {__version__}, publiée le "
                f"{french_date(shown.date)}{NBSP}; il est comparé à l'édition "
                f"{base['version']}, la précédente.")
    if shown.kind == "edition":
        return (f"Ce document est l'édition {__version__}, publiée le "
                f"{french_date(shown.date)}, la première.")
    if released:
        return (f"Ce document est une version de travail postérieure à l'édition "
                f"{__version__}, publiée le {french_date(released['date'])}{NBSP}: ses "
                f"valeurs citées ou ses données diffèrent de celles de cette édition "
                f"(version {shown.citation_version}){NBSP}; les valeurs modifiées sont "
                "résumées ci-dessous.")
    if base:
        return (f"Ce document est une version de travail (version {shown.citation_version}), "
                f"pas encore publiée{NBSP}; il est comparé à l'édition {base['version']}, la "
                "dernière publiée avant lui.")
    return (f"Ce document est une version de travail (version {shown.citation_version}){NBSP}:"
            " aucune édition n'a encore été publiée, il n'y a donc rien à comparer.")


def changes_appendix(found: list[dict], merged: dict[str, dict], prov: dict, shown: Label):
    """The appendix text and the full table of moved values (empty without an edition)."""
    released = editions.find(found, __version__)
    # An edition shows what changed since the edition before it; a working version, what
    # changed since the last edition (which may have its own number).
    base = (editions.previous(found, released) if shown.kind == "edition"
            else editions.base_edition(found, __version__))
    table = changes.compare_values(base["values"] if base else merged, merged)
    working = None if shown.kind == "edition" else {
        "version": __version__, "date": prov["date"], "inputs": prov["inputs"],
        "values": merged, "label": f"version de travail ({shown.citation_version})"}
    lines = [_status(shown, released, base), "", "## Éditions {.unnumbered}", "",
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
    found = editions.load_editions(root / editions.EDITIONS_DIR)
    shown = label(__version__, found, merged, prov["inputs"], prov["commit"], prov["date"],
                  prov["clean"])
    _write(build / "provenance.md", provenance.to_markdown(prov, shown.citation_version))
    text, table = changes_appendix(found, merged, prov, shown)
    _write(build / "changes.md", text)
    _write(build / "changes.csv", changes.changes_csv(table))
    meta = values.as_quarto_metadata(merged)
    meta["v"]["paper"] = paper_metadata(prov, shown)
    _write(build / "values.yml", yaml.safe_dump(meta, allow_unicode=True, sort_keys=True))
    claims.write(build, claims.judge(root, merged))
    if (root / "CITATION.cff").is_file():
        released = editions.find(found, __version__) if shown.kind == "edition" else None
        _write(build / "citation.yml", citation.to_yaml(
            root / "CITATION.cff", shown.citation_version,
            shown.date if shown.date != "unknown" else None, released))
    if (root / "data").is_dir():
        archive.write_archive(root / "data", build / DATA_ARCHIVE, "donnees")
    return merged


def clear_quarto_embed_cache(root: Path) -> None:
    """Quarto does not notice that an embedded notebook changed; drop its cache."""
    shutil.rmtree(root / ".quarto" / "embed", ignore_errors=True)
