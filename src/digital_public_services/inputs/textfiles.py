"""Text from outside the project: UTF-8 (with or without BOM), or an error saying where."""

from __future__ import annotations

from pathlib import Path

from ..errors import DataError, Problem
from .tracking import record_read


def decode_utf8(raw: bytes, where: Path | str, hint: str = "re-save the file as UTF-8") -> str:
    """Decode, or raise naming the line and byte that are not UTF-8 and how to fix it."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(Problem(where, "not UTF-8", line=line,
                                value=f"byte 0x{raw[exc.start]:02x}",
                                expected=f"UTF-8 text; {hint}")) from exc


def read_utf8(path: Path, hint: str = "re-save the file as UTF-8") -> str:
    """The text of an input file, recorded as read for the runner's cache."""
    if not path.is_file():
        raise DataError(Problem(path, "file not found", expected="an existing file"))
    record_read(path)
    return decode_utf8(path.read_bytes(), path, hint)
