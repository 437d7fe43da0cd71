"""Questions and items the paper shows by their identifier: a warning, never a published edition.

A survey file may bring an item that neither the file nor the instrument words. The paper still
builds, so that the rest of the file's results can be read, and shows the identifier as code
with the note « libellé absent du fichier »; ``dps run`` and ``dps check`` say which items and
how to word them, and ``dps release`` refuses an edition that would publish one.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..survey import io, wording


def messages(root: Path, build: Path) -> list[str]:
    """One message per survey file the build read (``provenance.json``) that leaves a
    question or item unworded, naming them and the fix."""
    record = build / "provenance.json"
    if not record.is_file():
        return []
    found = []
    for entry in json.loads(record.read_text(encoding="utf-8")).get("survey_files", []):
        path = root / entry["path"]
        if path.is_file():
            names = wording.unworded(path, io.read_survey(path))
            if names:
                found.append(wording.missing_message(entry["path"], names))
    return found
