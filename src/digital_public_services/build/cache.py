"""Content-addressed cache of notebook executions.

A notebook is re-executed only when something it depends on changed: its source, its
parameters, a file it read last time (or names as a parameter), the package's code, or the
pinned environment. Quarto's ``freeze`` keys on source text only, so it cannot decide this.

Each entry also records the SHA-256 and size of every file the execution produced (the
executed notebook, its tables, figures and values): an output that went missing, was
overwritten (by a notebook run by hand, an editor, a disk fault) or appeared from elsewhere
makes the entry stale, so the build never serves a file its run did not write.
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


KEY_PARTS = {
    "notebook": "the notebook changed",
    "parameters": "its parameters changed",
    "code": "the package's code changed",
    "environment": "the environment changed (requirements.lock or Python)",
}


def output_records(files: dict[str, Path]) -> dict[str, dict[str, object]]:
    """``{name: {"sha256", "size"}}`` of produced files, named by where they end up."""
    return {name: {"sha256": file_digest(path), "size": path.stat().st_size}
            for name, path in sorted(files.items())}


def produced_files(executed: Path, outputs: Path, stem: str) -> dict[str, Path]:
    """The files of one execution that exist, named as they are (or will be) in ``build/``:
    ``executed`` is the executed notebook, ``outputs`` its output folder."""
    files = {f"build/notebooks/{stem}.ipynb": executed} if executed.is_file() else {}
    if outputs.is_dir():
        for path in sorted(p for p in outputs.rglob("*") if p.is_file()):
            files[f"build/outputs/{stem}/{path.relative_to(outputs).as_posix()}"] = path
    return files


def output_problems(recorded: dict[str, dict], actual: dict[str, Path]) -> list[str]:
    """What differs between the recorded outputs and the files now in place."""
    problems = []
    for name, record in sorted(recorded.items()):
        path = actual.get(name)
        if path is None:
            problems.append(f"{name} is missing")
            continue
        size = path.stat().st_size
        if size != record["size"]:
            problems.append(f"{name} differs from what its run wrote "
                            f"({size} bytes instead of {record['size']})")
        elif file_digest(path) != record["sha256"]:
            problems.append(f"{name} differs from what its run wrote "
                            "(same size, another SHA-256)")
    problems += [f"{name} was not written by its run"
                 for name in sorted(set(actual) - set(recorded))]
    return problems


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

    def input_problems(self, key: dict, root: Path, record: dict | None = None) -> list[str]:
        """Why the entry does not describe an execution of these inputs (empty: it does)."""
        record = record or self.load()
        if record is None:
            return [f"no cache entry ({relative(self.path, root)})"]
        old = record.get("key", {})
        if old != key:
            return [why for part, why in KEY_PARTS.items()
                    if old.get(part) != key.get(part)] or ["its cache key changed"]
        recorded = record.get("inputs", {})
        now = input_digests([root / name for name in recorded], root)
        return [f"input {name} {'is missing' if now[name] == 'missing' else 'changed'}"
                for name, digest in recorded.items() if now[name] != digest]

    def problems(self, key: dict, root: Path, stem: str) -> list[str]:
        """Why ``stem``'s build is not its cached execution: inputs first, then every
        output missing, altered or foreign (empty: the build is that execution's)."""
        record = self.load()
        found = self.input_problems(key, root, record)
        if record is None or found:
            return found
        if "outputs" not in record:
            return [f"{relative(self.path, root)} records no output checksums "
                    "(written by an older version of dps)"]
        build = root / "build"
        return output_problems(record["outputs"], produced_files(
            build / "notebooks" / f"{stem}.ipynb", build / "outputs" / stem, stem))
