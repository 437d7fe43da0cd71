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

from . import provenance, values


def _write(path: Path, text: str) -> bool:
    """Write atomically; return whether the content changed."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return True


def assemble(root: Path, build: Path, stems: list[str]) -> dict:
    """Merge values and write provenance; returns the merged values."""
    files = [build / "outputs" / stem / "values.json" for stem in stems]
    merged = values.merge([f for f in files if f.is_file()])
    text = json.dumps(merged, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    current = build / "values.json"
    if current.is_file() and current.read_text(encoding="utf-8") != text:
        shutil.copyfile(current, build / "values.previous.json")
    _write(current, text)
    meta = yaml.safe_dump(values.as_quarto_metadata(merged), allow_unicode=True,
                          sort_keys=True)
    _write(build / "values.yml", meta)
    prov = provenance.collect(root, stems, build)
    _write(build / "provenance.json",
           json.dumps(prov, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    _write(build / "provenance.md", provenance.to_markdown(prov))
    return merged


def clear_quarto_embed_cache(root: Path) -> None:
    """Quarto does not notice that an embedded notebook changed; drop its cache."""
    shutil.rmtree(root / ".quarto" / "embed", ignore_errors=True)
