"""``dps release X.Y.Z``: publish an edition of the paper.

A release records what the paper quotes, so that later builds can say what changed since:
it checks that the tree is clean and that the paper builds and passes ``dps check`` with
the committed inputs, writes ``report/editions/X.Y.Z.json`` (see ``editions``), drafts the
CHANGELOG section from the value diff (for the author to edit), commits both and tags
``vX.Y.Z``. The edition's date is the date of the commit that was built (or ``--date``),
never the clock of the machine that happens to build the paper later.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

from .. import __version__
from ..prose.typography import NBSP
from . import changes, edition_store, editions, provenance

CHANGELOG = Path("CHANGELOG.md")
CITATION = Path("CITATION.cff")
HEADING = re.compile(r"^## \[([^\]]+)\][^\n]*\n", re.M)
DRAFT_NOTE = "<!-- Drafted by `dps release` from the value diff: edit before publishing. -->"
KEYS_SHOWN = 3


class ReleaseError(Exception):
    """The release cannot be made; the message says why and what to do."""


def git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                              timeout=60)
    except OSError as err:
        raise ReleaseError(f"cannot run git: {err}") from None
    if done.returncode:
        raise ReleaseError(f"`git {' '.join(args)}` failed: {done.stderr.strip()}")
    return done.stdout.strip()


def _citation_version(root: Path) -> str | None:
    match = re.search(r"^version:\s*['\"]?([^'\"\s]+)", (root / CITATION).read_text(
        encoding="utf-8"), re.M)
    return match[1] if match else None


def check_ready(root: Path, version: str) -> list[dict]:
    """Refuse a release that cannot be right; return the editions already released."""
    try:
        editions.parse_version(version)
    except ValueError as err:
        raise ReleaseError(str(err)) from None
    if version != __version__:
        raise ReleaseError(
            f"the package version is {__version__}, not {version}: set __version__ in "
            f"src/digital_public_services/__init__.py and `version:` in {CITATION} to "
            f"{version}, commit, then run `dps release {version}` again")
    if (root / CITATION).is_file() and _citation_version(root) != version:
        raise ReleaseError(f"{CITATION} says version {_citation_version(root)}, not {version}")
    if git(root, "rev-parse", "--is-inside-work-tree") != "true":
        raise ReleaseError(f"{root} is not a git working tree")
    dirty = git(root, "status", "--porcelain").splitlines()
    if dirty:
        shown = "; ".join(line.strip() for line in dirty[:5])
        raise ReleaseError(f"the working tree is not clean ({len(dirty)} change(s): {shown}"
                           f"{' …' if len(dirty) > 5 else ''}); commit or stash first")
    if git(root, "tag", "--list", f"v{version}"):
        raise ReleaseError(f"tag v{version} already exists")
    found = editions.load_editions(root / editions.EDITIONS_DIR)
    newer = [e["version"] for e in found
             if editions.parse_version(e["version"]) >= editions.parse_version(version)]
    if newer:
        raise ReleaseError(f"edition(s) {', '.join(newer)} already released: a new edition "
                           f"must be newer than the latest ({found[-1]['version']})")
    return found


def _section_draft(table) -> list[str]:
    lines = []
    for name, rows in table.groupby("section", sort=True):
        keys = ", ".join(f"`{k}`" for k in sorted(rows["key"])[:KEYS_SHOWN])
        more = len(rows) - KEYS_SHOWN
        lines.append(f"- {name}: {len(rows)} value(s) — {keys}"
                     f"{f' and {more} more' if more > 0 else ''}")
    return lines


SUMMARY = re.compile("^Résumé[ \u00a0]*:", re.M)


def has_summary(text: str, version: str) -> bool:
    """Whether the section the release dates (its own, else ``[Unreleased]``) already has
    its « Résumé : » line, written by the author."""
    headings = {m[1]: m for m in HEADING.finditer(text)}
    target = headings.get(version) or headings.get("Unreleased")
    if target is None:
        return False
    following = HEADING.search(text, target.end())
    return bool(SUMMARY.search(text[target.end():following.start() if following else None]))


def changelog_draft(edition: dict, base: dict | None, summary: bool = True) -> str:
    """The « Quoted values » part of the CHANGELOG section, from the value diff, after a
    drafted « Résumé : » line unless the author wrote one (``summary=False``)."""
    path = f"{editions.EDITIONS_DIR.as_posix()}/{edition['version']}.json"
    if base is None:
        body = [f"- First edition: {len(edition['values'])} quoted values recorded in "
                f"`{path}`."]
    else:
        table = changes.compare_values(base["values"], edition["values"])
        status = table["status"].value_counts()
        beyond = int(table["exceeds_interval"].fillna(False).sum())
        moved = editions.changed_inputs(base["inputs"], edition["inputs"])
        files = [*moved["modified"], *moved["added"], *moved["removed"]]
        body = [
            f"- Compared with edition {base['version']} ({base['date']}): "
            f"{int(status.get('changed', 0))} quoted value(s) changed ({beyond} beyond the "
            f"interval that edition published), {int(status.get('added', 0))} new, "
            f"{int(status.get('removed', 0))} removed; snapshot `{path}`.",
            "- Input files changed: " + (", ".join(f"`{f}`" for f in files) or "none") + ".",
            *_section_draft(table),
        ]
    head = [summary_line(edition, base), ""] if summary else []
    return "\n".join([*head, "### Quoted values", DRAFT_NOTE, *body]) + "\n"


def summary_line(edition: dict, base: dict | None) -> str:
    """The section's one-line French summary, shown on the site's « Éditions » page (drafted
    from the value diff: the author rewrites it to say what the edition brings)."""
    if base is None:
        return f"Résumé{NBSP}: première édition, {len(edition['values'])} valeurs citées."
    table = changes.compare_values(base["values"], edition["values"])
    moved = int((table["status"] != "removed").sum())
    what = ("aucune valeur citée nouvelle ou modifiée" if not moved else
            "une valeur citée nouvelle ou modifiée" if moved == 1 else
            f"{moved} valeurs citées nouvelles ou modifiées")
    return (f"Résumé{NBSP}: {what} depuis l'édition {base['version']}{NBSP}; données{NBSP}: "
            f"{editions.data_summary(base['inputs'], edition['inputs'])}.")


def update_changelog(text: str, version: str, date: str, draft: str) -> str:
    """Date the version's section (made from ``[Unreleased]`` if need be), add the draft."""
    headings = {m[1]: m for m in HEADING.finditer(text)}
    unreleased = headings.get("Unreleased")
    carried = ""
    if unreleased and version in headings:  # both: the unreleased notes join the version
        following = HEADING.search(text, unreleased.end())
        end = following.start() if following else len(text)
        carried = text[unreleased.end():end].strip("\n")
        text = text[:unreleased.start()] + text[end:]
        headings = {m[1]: m for m in HEADING.finditer(text)}
    target = headings.get(version) or headings.get("Unreleased")
    heading = f"## [{version}] — {date}\n"
    if target is None:
        first = HEADING.search(text)
        at = first.start() if first else len(text)
        text = text[:at] + heading + "\n" + text[at:]
        target = HEADING.search(text, at)
    else:
        text = text[:target.start()] + heading + text[target.end():]
        target = HEADING.search(text, target.start())
    body_start = target.end()
    if carried:
        text = text[:body_start] + "\n" + carried + "\n" + text[body_start:]
    following = HEADING.search(text, body_start)
    end = following.start() if following else len(text)
    section = text[body_start:end].rstrip("\n")
    return text[:body_start] + section + "\n\n" + draft + ("\n" if following else "") + (
        text[end:])


def keep_artefacts(root: Path, edition: dict, path: Path,
                   render: Callable[[Path], Path]) -> dict:
    """Render the edition (its snapshot now in place, so it labels itself « Édition »),
    store the site in ``cache/editions/`` and record the digests in the snapshot."""
    try:
        site = render(root)
        manifest = edition_store.store(root, edition["version"], site, "release",
                                       edition["commit"])
    except (edition_store.EditionError, OSError, subprocess.SubprocessError) as err:
        path.unlink(missing_ok=True)
        raise ReleaseError(f"rendering the edition failed: {err}") from None
    edition = {**edition, "artefacts": edition_store.artefacts(manifest)}
    path.write_text(editions.to_json(edition), encoding="utf-8")
    return edition


def release(root: Path, version: str, build: Callable[[Path], list[str]],
            date: str | None = None, render: Callable[[Path], Path] | None = None) -> dict:
    """Make the release; ``build`` builds the paper with the committed inputs and returns
    the problems ``dps check`` finds (none: the paper may be released); ``render`` renders
    it and returns the site folder, kept as the edition's artefacts (None: none kept; ``dps
    editions build`` can rebuild them from the snapshot's commit)."""
    found = check_ready(root, version)
    problems = build(root)
    if problems:
        raise ReleaseError(f"`dps check` found {len(problems)} problem(s), the first: "
                           f"{problems[0]}; fix them before releasing")
    if git(root, "status", "--porcelain"):
        raise ReleaseError("building the paper changed tracked files; commit them first")
    commit = git(root, "rev-parse", "HEAD")
    day = date or provenance.build_date(provenance.git_state(root))
    build_dir = root / "build"
    quoted = json.loads((build_dir / "values.json").read_text(encoding="utf-8"))
    inputs = json.loads((build_dir / "provenance.json").read_text(encoding="utf-8"))["inputs"]
    edition = editions.snapshot(version, day, commit, inputs, quoted)
    path = root / editions.EDITIONS_DIR / f"{version}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(editions.to_json(edition), encoding="utf-8")
    if render is not None:
        edition = keep_artefacts(root, edition, path, render)
    log = root / CHANGELOG
    text = log.read_text(encoding="utf-8") if log.is_file() else ""
    log.write_text(update_changelog(text, version, day, changelog_draft(
        edition, found[-1] if found else None, summary=not has_summary(text, version))),
        encoding="utf-8")
    git(root, "add", "--", str(path.relative_to(root)), str(CHANGELOG))
    git(root, "commit", "--quiet", "-m", f"Release {version}: edition snapshot and changelog")
    git(root, "tag", "-a", f"v{version}", "-m", f"Edition {version} of the paper")
    return edition
