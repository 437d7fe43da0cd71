"""The whole data package as one ZIP file for download, the same bytes for the same files.

ZIP entries carry a date and permissions, and ``zipfile`` writes them in the order given;
fixing the first (1980-01-01, the earliest ZIP date), the second (``rw-r--r--``) and the
order (sorted paths) makes the archive depend on the files' names and contents only.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

EPOCH = (1980, 1, 1, 0, 0, 0)
MODE = 0o100644 << 16  # regular file, rw-r--r--


def archive_bytes(folder: Path, prefix: str) -> bytes:
    """Every file under ``folder``, sorted, stored under ``prefix/`` in a ZIP."""
    folder = Path(folder)
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in files:
            info = zipfile.ZipInfo(f"{prefix}/{path.relative_to(folder).as_posix()}", EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = MODE
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    return buffer.getvalue()


def write_archive(folder: Path, target: Path, prefix: str) -> bool:
    """Write the archive atomically; return whether its content changed."""
    content = archive_bytes(folder, prefix)
    if target.is_file() and target.read_bytes() == content:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_bytes(content)
    os.replace(tmp, target)
    return True
