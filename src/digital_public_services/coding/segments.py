"""The tidy coded-segment table: one row per excerpt × theme code.

It is the common form of the shipped excerpts (paraphrases of published quotations) and of a
real coding project imported with ``dps import-qdpx``, so that the interview notebook runs
unchanged on either. Its Table Schema is written once, here, and used both to read and to
check what is written.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from ..inputs.datapackage import load_table, validate_table
from ..paths import data_dir

NOT_STATED = "non précisé"

COLUMNS = [
    "excerpt_id", "source_id", "document", "speaker_role", "sector", "actor_type", "text",
    "code", "qda_code",
]

SCHEMA: dict = {
    "fields": [
        {"name": "excerpt_id", "type": "string", "constraints": {"required": True},
         "description": "Excerpt or coded selection (a QDA selection id for imports)"},
        {"name": "source_id", "type": "string", "constraints": {"required": True},
         "description": "Study the excerpt belongs to (pp7, harris2022, or the imported project)"},
        {"name": "document", "type": "string", "constraints": {"required": True},
         "description": "Document (transcript) or section the excerpt comes from"},
        {"name": "speaker_role", "type": "string", "constraints": {"required": True}},
        {"name": "sector", "type": "string", "constraints": {"required": True}},
        {"name": "actor_type", "type": "string", "constraints": {"required": True}},
        {"name": "text", "type": "string",
         "description": "Text analysed by the lexicometry (paraphrase, or the coded selection)"},
        {"name": "code", "type": "string",
         "description": "Codebook code; empty when the QDA code maps to none",
         "constraints": {"pattern": "^[a-z][a-z_]*(\\.[a-z][a-z_]*)*$"}},
        {"name": "qda_code", "type": "string", "constraints": {"required": True},
         "description": "Code as named in the coding project (path with '/')"},
    ],
    "primaryKey": ["excerpt_id", "qda_code"],
}


def from_package(excerpts: pd.DataFrame, excerpt_codes: pd.DataFrame) -> pd.DataFrame:
    """Join the shipped excerpts and their codes into the tidy table."""
    joined = excerpt_codes.merge(excerpts, on="excerpt_id", how="left", validate="many_to_one")
    frame = pd.DataFrame({
        "excerpt_id": joined["excerpt_id"],
        "source_id": joined["source_id"],
        "document": joined["source_section"],
        "speaker_role": joined["speaker_role"],
        "sector": joined["sector"],
        "actor_type": joined["actor_type"],
        "text": joined["paraphrase_fr"],
        "code": joined["code"],
        "qda_code": joined["code"],
    })
    return frame[COLUMNS].astype("string")


def shipped(package_dir: Path | str | None = None) -> pd.DataFrame:
    """The tidy table of the data package's excerpts (validated on the way in)."""
    folder = Path(package_dir) if package_dir is not None else data_dir()
    excerpts = load_table("excerpts", package_dir=folder)
    codes = load_table("excerpt_codes", package_dir=folder)
    return from_package(excerpts, codes)


def read(path: Path | str) -> pd.DataFrame:
    """Read a tidy table (e.g. written by ``dps import-qdpx``), checked against :data:`SCHEMA`."""
    frame = validate_table(Path(path), SCHEMA)
    return frame[COLUMNS].astype("string")


def write(frame: pd.DataFrame, path: Path | str) -> Path:
    """Write atomically: a reader never sees a half-written table, a failure leaves none."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            frame[COLUMNS].to_csv(handle, index=False, lineterminator="\n")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def with_import(shipped_table: pd.DataFrame, imported: pd.DataFrame) -> pd.DataFrame:
    """The shipped excerpts with those of each imported study replaced by the import.

    A full coding project usually covers one study (the policy paper's interviews): the
    other study's published excerpts stay, so the two can still be compared.
    """
    kept = shipped_table[~shipped_table["source_id"].isin(set(imported["source_id"]))]
    return pd.concat([kept, imported], ignore_index=True)[COLUMNS].astype("string")
