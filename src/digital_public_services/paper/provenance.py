"""Provenance of a build: version, commit, parameters and the SHA-256 of every input.

The date shown is that of the commit (or ``SOURCE_DATE_EPOCH`` when set, the
reproducible-builds convention), not the wall clock, so that the same inputs give the same
appendix byte for byte.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
from pathlib import Path

from .. import __version__
from ..build.cache import Manifest, file_digest, relative
from ..prose.escape import code

#: Notebook parameters naming a survey file, the main one first (``baseline_survey`` gives
#: the earlier waves a new file lacks).
SURVEY_PARAMETERS = ("survey", "baseline_survey")
NBSP = "\u00a0"


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                              check=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip()


def git_state(root: Path) -> dict:
    commit = _git(root, "rev-parse", "HEAD")
    status = _git(root, "status", "--porcelain", "--untracked-files=no")
    stamp = _git(root, "log", "-1", "--format=%ct")
    return {
        "commit": commit or "unknown (not a git checkout)",
        "clean": status == "" if status is not None else None,
        "commit_epoch": int(stamp) if stamp else None,
    }


def build_date(git: dict) -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or git.get("commit_epoch")
    if epoch is None:
        return "unknown"
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date().isoformat()


def collect(root: Path, stems: list[str], build: Path) -> dict:
    """Everything a reader needs to know which inputs produced this build."""
    git = git_state(root)
    parameters, inputs = {}, {}
    for stem in stems:
        record = Manifest(build / "cache" / f"{stem}.json").load() or {}
        parameters[stem] = {k: v for k, v in record.get("parameters", {}).items()
                            if k != "output_dir"}
        inputs.update(record.get("inputs", {}))
    return {
        "version": __version__,
        "survey_files": survey_files(root, parameters, inputs),
        "commit": git["commit"],
        "clean": git["clean"],
        "date": build_date(git),
        "python": platform.python_version(),
        "parameters": parameters,
        "inputs": dict(sorted(inputs.items())),
    }


def survey_files(root: Path, parameters: dict[str, dict], inputs: dict[str, str]) -> list[dict]:
    """The survey file(s) the build read, main one first: path as the cache records it
    (relative to the project when inside it), file name and SHA-256 (the digest the cache
    recorded for the run, else the file's own)."""
    found: dict[str, dict] = {}
    for name in SURVEY_PARAMETERS:
        for values in parameters.values():
            value = values.get(name)
            if not isinstance(value, str) or not value:
                continue
            path = root / value
            key = relative(path, root)
            digest = inputs.get(key) or (file_digest(path) if path.is_file() else "missing")
            found.setdefault(key, {"path": key, "name": Path(key).name, "sha256": digest})
    return list(found.values())


def survey_sentence(files: list[dict]) -> str:
    """Which survey file(s) the paper was built from, for the method note (``v.paper``)."""
    if not files:
        return "Aucun fichier d'enquête n'a été lu pour cette construction."
    main, *rest = files
    text = (f"Les résultats d'enquête de ce document sont lus dans le fichier "
            f"{code(main['name'])} (empreinte SHA-256{NBSP}: `{main['sha256']}`)")
    if rest:
        others = " et ".join(f"{code(f['name'])} (SHA-256{NBSP}: `{f['sha256']}`)"
                             for f in rest)
        text += f"{NBSP}; les vagues absentes de ce fichier sont reprises de {others}"
    return text + "."


def _table_code(text: str) -> str:
    """A file name as code in a pipe table, whose cells end at any unescaped « | »."""
    return code(text).replace("|", "\\|")


def to_markdown(prov: dict, version: str | None = None) -> str:
    """The provenance appendix, in French. ``version``: the version the paper shows
    (``0.1.0+abc1234`` for a working version, see ``paper.label``); default the package's."""
    state = {True: "propre", False: "modifié (changements non commités)", None: "inconnu"}
    lines = [
        f"- Version du document : {version or prov['version']}",
        f"- Commit : `{prov['commit']}` (arbre de travail {state[prov['clean']]})",
        f"- Date de construction (date du commit) : {prov['date']}",
        f"- Python : {prov['python']}",
        # A hard line break before the digest: no stretched justified line in the PDF.
        *(f"- Fichier d'enquête : {code(f['path'])}\\\n  SHA-256 : `{f['sha256']}`"
          for f in prov.get("survey_files", [])),
        "",
        "Paramètres de chaque carnet :",
        "",
    ]
    for stem, values in prov["parameters"].items():
        shown = ", ".join(f"`{k}` = {code(json.dumps(v, ensure_ascii=False))}"
                          for k, v in sorted(values.items()))
        lines.append(f"- `{stem}` : {shown or 'aucun'}")
    # The digest of every input file: in the HTML (a page of hexadecimal in the PDF, whose
    # reader finds it one click away); the PDF says how many files it covers.
    lines += ["", f"L'empreinte SHA-256 de chacun des {len(prov['inputs'])} fichiers d'entrée "
              "figure dans la version HTML de cette annexe.", "",
              '::: {.content-visible when-format="html"}', "",
              "| Fichier d'entrée | SHA-256 |", "|---|---|"]
    lines += [f"| {_table_code(name)} | `{digest}` |" for name, digest in prov["inputs"].items()]
    lines += ["", ":::"]
    return "\n".join(lines) + "\n"
