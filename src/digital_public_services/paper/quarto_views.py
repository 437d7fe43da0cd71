"""Keep Quarto's notebook views from one render to the next when their notebook did not change.

A full ``quarto render`` of a manuscript empties the output folder first, then renders every
embedded notebook twice more (an HTML view and a downloadable ``.out.ipynb``): about a third
of a warm render. Quarto reuses a view it finds in the output folder when the view is newer
than its notebook, but it has just deleted them. So the project's post-render step saves the
views under ``build/quarto-views/``, each with the SHA-256 of its executed notebook, of the
project's Quarto configuration and theme files and of Quarto's version; the pre-render step
(after ``dps run``) puts back only those whose key still matches. A notebook that re-ran, a
changed ``_quarto.yml`` or theme, or another Quarto: the view is rendered again.

Quarto also drops ``site_libs/manuscript-notebook`` (the views' script) when it rendered no
view itself; the post-render step puts it back before saving.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Collection, Mapping
from pathlib import Path

from ..build.cache import file_digest
from ..paths import build_dir

NOTEBOOKS = Path("build") / "notebooks"
VIEW_FILES = ("{stem}-preview.html", "{stem}.out.ipynb", "{stem}_files")
VIEW_LIBS = Path("site_libs") / "manuscript-notebook"
CONFIG_PATTERNS = ("_*.yml", "_*.yaml", "*.scss", "*.css", "*.lua", "*.html")
PROSE_SUFFIXES = {".qmd", ".md"}
KEY_FILE = "key"


class NotRunByQuarto(Exception):
    """The step needs the environment Quarto gives its pre- and post-render scripts."""


def stash_dir(root: Path) -> Path:
    return build_dir(root) / "quarto-views"


def output_dir(root: Path, env: Mapping[str, str]) -> Path:
    """The project's output folder, as Quarto tells its pre- and post-render scripts."""
    folder = env.get("QUARTO_PROJECT_OUTPUT_DIR")
    if not folder:
        raise NotRunByQuarto("QUARTO_PROJECT_OUTPUT_DIR is not set: `dps views` is a pre- or "
                             "post-render step of `quarto render` (see _quarto.yml)")
    return root / folder


def quarto_identity(env: Mapping[str, str]) -> str:
    """Quarto's version file (and where it is installed): another Quarto renders anew."""
    share = env.get("QUARTO_SHARE_PATH", "")
    version = Path(share) / "version"
    text = version.read_text(encoding="utf-8").strip() if share and version.is_file() else ""
    return f"{version}:{text}:{env.get('QUARTO_BIN_PATH', '')}:{env.get('QUARTO_PROFILE', '')}"


def config_files(root: Path) -> list[Path]:
    """Quarto configuration, brand, theme, filter and template files of the project: those at
    the root and in ``_extensions/``, and every file of ``report/`` but its prose (a view shows
    a notebook, not the article)."""
    found = {p for pattern in CONFIG_PATTERNS for p in root.glob(pattern)}
    found |= set((root / "_extensions").rglob("*"))
    found |= {p for p in (root / "report").rglob("*") if p.suffix not in PROSE_SUFFIXES}
    return sorted(p for p in found if p.is_file())


def view_key(root: Path, stem: str, env: Mapping[str, str]) -> str:
    digest = hashlib.sha256(quarto_identity(env).encode())
    digest.update(file_digest(root / NOTEBOOKS / f"{stem}.ipynb").encode())
    for path in config_files(root):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(file_digest(path).encode())
    return digest.hexdigest()


def _stems(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / NOTEBOOKS).glob("*.ipynb"))


def _copy(source: Path, target: Path) -> None:
    """Copy a file or folder; copies get the current time, so Quarto sees them as newer than
    the notebook (which the key has already shown to be unchanged)."""
    if target.exists():
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, target, copy_function=shutil.copyfile)
    else:
        shutil.copyfile(source, target)


def restore(root: Path, env: Mapping[str, str]) -> list[str]:
    """Put back the saved views whose key still matches; return their notebooks' stems."""
    out = output_dir(root, env) / NOTEBOOKS
    restored = []
    for stem in _stems(root):
        saved = stash_dir(root) / stem
        key_file = saved / KEY_FILE
        if not key_file.is_file() or key_file.read_text(encoding="utf-8") != view_key(
                root, stem, env):
            continue
        for name in VIEW_FILES:
            _copy(saved / name.format(stem=stem), out / name.format(stem=stem))
        restored.append(stem)
    return restored


def save(root: Path, env: Mapping[str, str], skip: Collection[str] = ()) -> list[str]:
    """After a render: complete the views' libraries, then save every view with its key,
    but those of ``skip`` (notebooks replaced during the render: their views show the old
    notebook, the key would name the new one)."""
    output = output_dir(root, env)
    libs = stash_dir(root) / VIEW_LIBS.name
    if not (output / VIEW_LIBS).is_dir() and libs.is_dir():
        _copy(libs, output / VIEW_LIBS)
    if (output / VIEW_LIBS).is_dir():
        _copy(output / VIEW_LIBS, libs)
    saved = []
    for stem in _stems(root):
        files = [output / NOTEBOOKS / name.format(stem=stem) for name in VIEW_FILES]
        if stem in skip or not all(f.exists() for f in files):
            continue
        target = stash_dir(root) / stem
        partial = target.with_name(f"{stem}.{os.getpid()}.tmp")
        shutil.rmtree(partial, ignore_errors=True)
        for source in files:
            _copy(source, partial / source.name)
        (partial / KEY_FILE).write_text(view_key(root, stem, env), encoding="utf-8")
        shutil.rmtree(target, ignore_errors=True)
        partial.rename(target)
        saved.append(stem)
    return saved
