"""Numbers quoted in the paper's prose, recorded by the notebooks that compute them.

A notebook never prints a number for a human to copy: it records it here under a stable key
(``survey.public_teleconsultation``), with its French text form and, where it has one, its
interval. The runner merges every notebook's file into ``build/values.yml`` (read by Quarto
through ``metadata-files``; the article writes ``{{< meta v.survey.public_teleconsultation >}}``)
and keeps ``build/values.json`` so that two builds can be compared number by number.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


@dataclass(frozen=True)
class Value:
    key: str
    text: str
    value: float | int | str
    low: float | None = None
    high: float | None = None
    unit: str = ""
    description: str = ""
    # What is measured, for values that quote the same quantity in two sections (e.g.
    # ``survey:main_obstacles/agent_training/communes``): ``dps check`` requires one value.
    quantity: str = ""
    # A survey share knows what it is (issue 27): wave, population, question/item, base and
    # source (a ``sources`` id, or the file name of a user's survey file).
    wave: str = ""
    population: str = ""
    item: str = ""
    base: float | None = None
    source: str = ""


class ValueBook:
    """Collects one notebook's quoted numbers and writes them as JSON."""

    def __init__(self, namespace: str):
        if not re.fullmatch(r"[a-z][a-z0-9_]*", namespace):
            raise ValueError(f"namespace must be lower_snake_case, got {namespace!r}")
        self.namespace = namespace
        self._values: dict[str, Value] = {}

    def add(
        self,
        name: str,
        value: float | int | str,
        text: str,
        *,
        low: float | None = None,
        high: float | None = None,
        unit: str = "",
        description: str = "",
        quantity: str = "",
        wave: str = "",
        population: str = "",
        item: str = "",
        base: float | None = None,
        source: str = "",
    ) -> str:
        """Record a value; returns its text so the notebook can show it too."""
        key = f"{self.namespace}.{name}"
        if not KEY.fullmatch(key):
            raise ValueError(f"value key must be lower_snake_case, got {key!r}")
        if key in self._values:
            raise ValueError(f"value {key!r} recorded twice")
        plain = value.item() if hasattr(value, "item") else value
        self._values[key] = Value(key, text, plain, _float(low), _float(high), unit,
                                  description, quantity, str(wave), population, item,
                                  _float(base), source)
        return text

    def save(self, output_dir: Path | str) -> Path:
        return save([self], output_dir)

    def __len__(self) -> int:
        return len(self._values)


def save(books: list[ValueBook], output_dir: Path | str) -> Path:
    """Write one notebook's books (several namespaces allowed) as its ``values.json``."""
    payload: dict[str, dict] = {}
    for book in books:
        payload.update({k: asdict(v) for k, v in book._values.items()})
    folder = Path(output_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "values.json"
    path.write_text(json.dumps(dict(sorted(payload.items())), ensure_ascii=False, indent=2,
                               sort_keys=True) + "\n", encoding="utf-8")
    return path


def _float(x: float | None) -> float | None:
    return None if x is None else float(x)


def merge(files: list[Path]) -> dict[str, dict]:
    """Merge several notebooks' values files; a key defined twice is an error."""
    merged: dict[str, dict] = {}
    for path in files:
        for key, entry in json.loads(Path(path).read_text(encoding="utf-8")).items():
            if key in merged:
                raise ValueError(f"value {key!r} defined by two notebooks ({path})")
            merged[key] = entry
    return dict(sorted(merged.items()))


def as_quarto_metadata(values: dict[str, dict]) -> dict:
    """Nest ``a.b.c -> text`` under ``v`` for Quarto's ``{{< meta v.a.b.c >}}``."""
    root: dict = {}
    for key, entry in values.items():
        node = root
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = entry["text"]
    return {"v": root}
