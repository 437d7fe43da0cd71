"""Content-addressed cache of notebook executions.

A notebook is re-executed only when something it depends on changed: its source, its
parameters, a file it read last time (or names as a parameter), the package's code, or the
pinned environment. Quarto's ``freeze`` keys on source text only, so it cannot decide this.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

CHUNK = 1 << 20


def file_digest(path: Path) -> str:
    """SHA-256 of a file, or of a folder's files (relative names and contents)."""
    if path.is_dir():
        digest = hashlib.sha256()
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            digest.update(child.relative_to(path).as_posix().encode())
            digest.update(file_digest(child).encode())
        return digest.hexdigest()
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def code_digest(package_dir: Path) -> str:
    """One digest for the package's Python code: any change re-runs every notebook."""
    digest = hashlib.sha256()
    for path in sorted(package_dir.rglob("*.py")):
        digest.update(path.relative_to(package_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def environment_digest(root: Path) -> str:
    """The pinned dependencies and the interpreter version."""
    digest = hashlib.sha256(sys.version.encode())
    lock = root / "requirements.lock"
    if lock.is_file():
        digest.update(lock.read_bytes())
    return digest.hexdigest()


def params_digest(params: dict) -> str:
    return hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()


def relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def input_digests(paths: list[Path], root: Path) -> dict[str, str]:
    """``{relative path: digest}``; a vanished file maps to ``"missing"``."""
    return {
        relative(p, root): file_digest(p) if p.exists() else "missing" for p in paths
    }


class Manifest:
    """What one successful execution depended on, stored as ``build/cache/<stem>.json``."""

    def __init__(self, path: Path):
        self.path = path

    def load(self) -> dict | None:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return None

    def save(self, record: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        tmp.replace(self.path)

    def is_fresh(self, key: dict, root: Path) -> bool:
        """Same key, and every input recorded last time still has the same content."""
        record = self.load()
        if record is None or record.get("key") != key:
            return False
        recorded = record.get("inputs", {})
        paths = [root / name for name in recorded]
        return input_digests(paths, root) == recorded
