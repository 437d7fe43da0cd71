"""Build-level products derived from the notebooks' outputs.

``build/values.json`` (every number quoted in the text), ``build/values.yml`` (the same as
Quarto metadata), ``build/values.previous.json`` (the values of the build before the last
change, kept for the « what changed » appendix), ``build/provenance.{json,md}``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from . import __version__, changes, provenance, values

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre"]
FIRST_BUILD = ("Première construction dans ce dossier\u00a0: aucune version précédente "
               "à comparer.\n")


def _write(path: Path, text: str) -> bool:
    """Write atomically; return whether the content changed."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return True


def french_date(iso: str) -> str:
    """``2026-11-21`` -> ``21 novembre 2026``."""
    try:
        year, month, day = (int(p) for p in iso.split("-"))
    except ValueError:
        return iso
    return f"{day}\u00a0{MONTHS[month - 1]} {year}"


def paper_metadata(prov: dict) -> dict:
    """Version, date and commit shown on the paper (``v.paper.*``), not compared."""
    return {"version": __version__, "date": french_date(prov["date"]),
            "commit": prov["commit"][:12]}


def assemble(root: Path, build: Path, stems: list[str]) -> dict:
    """Merge values, compare them with the previous build, write provenance."""
    files = [build / "outputs" / stem / "values.json" for stem in stems]
    merged = values.merge([f for f in files if f.is_file()])
    text = json.dumps(merged, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    current = build / "values.json"
    previous = build / "values.previous.json"
    if current.is_file() and current.read_text(encoding="utf-8") != text:
        shutil.copyfile(current, previous)
    _write(current, text)
    moved = (changes.changes_markdown(changes.compare_values(
        changes.load_values(previous), merged)) if previous.is_file() else FIRST_BUILD)
    _write(build / "changes.md", moved)
    prov = provenance.collect(root, stems, build)
    _write(build / "provenance.json",
           json.dumps(prov, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    _write(build / "provenance.md", provenance.to_markdown(prov))
    meta = values.as_quarto_metadata(merged)
    meta["v"]["paper"] = paper_metadata(prov)
    _write(build / "values.yml", yaml.safe_dump(meta, allow_unicode=True, sort_keys=True))
    return merged


def clear_quarto_embed_cache(root: Path) -> None:
    """Quarto does not notice that an embedded notebook changed; drop its cache."""
    shutil.rmtree(root / ".quarto" / "embed", ignore_errors=True)
