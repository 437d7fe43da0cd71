"""Computed values in figure captions and alternative texts (``#|`` cell options).

A caption or an alt text that states a finding (« le coût des équipements est cité en
tête ») would be false for another survey file, yet Quarto reads cell options as static text.
So a notebook writes a placeholder, ``{v.survey.alt_obstacles}``, in the option, records the
value with :class:`values.ValueBook`, and the runner, once the
notebook has run, replaces each placeholder of the executed copy with the value's French
text. Quarto, ``dps check`` and the preview then read true, finished options. A placeholder
that names no recorded value is left as it is; ``dps check`` reports it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat

PLACEHOLDER = re.compile(r"\{v\.([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)\}")
OPTION_LINE = re.compile(r"^#\|.*$", re.M)


def _yaml_safe(text: str) -> str:
    """The text inside a double-quoted YAML scalar: no raw double quotes, no newlines."""
    return text.replace("\\", "\\\\").replace('"', "'").replace("\n", " ")


def fill(source: str, values: dict[str, dict]) -> str:
    """``source`` with each placeholder of its ``#|`` lines replaced by the value's text."""
    def value(match: re.Match) -> str:
        entry = values.get(match.group(1))
        return _yaml_safe(entry["text"]) if entry else match.group(0)

    return OPTION_LINE.sub(lambda line: PLACEHOLDER.sub(value, line.group(0)), source)


def fill_notebook(notebook: Path, values_file: Path) -> None:
    """Fill the placeholders of an executed notebook from the values it recorded."""
    if not values_file.is_file():
        return
    values = json.loads(values_file.read_text(encoding="utf-8"))
    nb = nbformat.read(notebook, as_version=4)
    changed = False
    for cell in nb.cells:
        if cell.cell_type == "code" and PLACEHOLDER.search(cell.source):
            filled = fill(cell.source, values)
            changed |= filled != cell.source
            cell.source = filled
    if changed:
        nbformat.write(nb, notebook)


def unfilled(text: str) -> list[str]:
    """Placeholders still present in an option (the value was never recorded)."""
    return PLACEHOLDER.findall(text)
