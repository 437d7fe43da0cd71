"""Read the Quarto article the way Quarto will, and check it without Quarto.

The article is ``report/index.qmd`` plus the files it includes. This module resolves the
``include`` shortcodes, finds every ``embed``, cross-reference, citation and ``meta`` value,
and checks each against what exists: executed notebooks and their labelled cells, the
bibliography, the values file. A broken reference is found here, not at render time.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

from ..errors import Problem
from ..literature.bibliography import STUDY_ROLE, keys_with_role
from ..notebook.cell_options import cell_options, labelled_cells
from ..notebook.cell_values import PLACEHOLDER, unfilled
from ..prose.language import english_words
from . import claims, locators, readability
from .shortcodes import INCLUDE, META

# Markdown written by `dps run` (path relative to the project root), read at render time by the
# project's `generated` shortcode (_extensions/generated): an include would be expanded before
# Quarto's pre-render step has written it.
GENERATED = re.compile(r"\{\{<\s*generated\s+(\S+?)\s*>\}\}")
EMBED = re.compile(r"\{\{<\s*embed\s+(\S+?)#([\w-]+)((?:\s+[\w-]+=\S+)*)\s*>\}\}")
LABEL = re.compile(r"\{#((?:fig|tbl|sec)-[\w-]+)[^}]*\}")
XREF = re.compile(r"(?<![\w@.\\])@((?:fig|tbl|sec)-[\w-]*\w)")  # not an escaped « \@ »
CITE = re.compile(r"(?<![\w@.])-?@([A-Za-z][\w:-]*\w)")
FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


@dataclass
class Article:
    """The article with includes resolved, and what it refers to."""

    path: Path
    meta: dict
    body: str
    embeds: list[tuple[str, str]] = field(default_factory=list)  # (notebook, label)
    labels: set[str] = field(default_factory=set)
    xrefs: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    uses: list[tuple[str, str, Path, int]] = field(default_factory=list)  # kind, key, file, line
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def split_front_matter(text: str) -> tuple[dict, str]:
    match = FRONT.match(text)
    if not match:
        return {}, text
    return yaml.safe_load(match.group(1)) or {}, text[match.end():]


def resolve_includes(
    path: Path, problems: list[Problem], files: list[Path] | None = None, depth: int = 0
) -> str:
    """The text of ``path`` with ``include`` shortcodes replaced (relative to each file)."""
    text = path.read_text(encoding="utf-8")
    if files is not None:
        files.append(path)
    if depth:
        text = split_front_matter(text)[1]

    def replace(match: re.Match) -> str:
        target = (path.parent / match.group(1)).resolve()
        if not target.is_file():
            problems.append(Problem(path, "included file not found", value=match.group(1)))
            return ""
        if depth > 10:
            problems.append(Problem(path, "includes nested too deeply", value=match.group(1)))
            return ""
        return resolve_includes(target, problems, files, depth + 1)

    return INCLUDE.sub(replace, text)


def _without_code(text: str) -> str:
    """Prose only: fenced code blocks and inline code can mention @ and {{< >}} freely."""
    text = re.sub(r"^```.*?^```", lambda m: "\n" * m.group(0).count("\n"), text,
                  flags=re.S | re.M)
    return re.sub(r"`[^`\n]*`", "", text)


HTML_ONLY = re.compile(r'^:::+\s*\{[^}]*\.content-visible[^}]*when-format="html"[^}]*\}\s*$'
                       r"(.*?)^:::+\s*$", re.M | re.S)


def html_only_embeds(body: str) -> set[str]:
    """Labels of the figures and tables embedded in an HTML-only block: the PDF leaves them
    out and says in words what they show."""
    return {m.group(2) for block in HTML_ONLY.finditer(body)
            for m in EMBED.finditer(block.group(1))}


def read_article(path: Path) -> Article:
    problems: list[Problem] = []
    files: list[Path] = []
    meta, _ = split_front_matter(path.read_text(encoding="utf-8"))
    body = split_front_matter(resolve_includes(path, problems, files))[1]
    prose = _without_code(body)
    article = Article(path=path, meta=meta, body=body, problems=problems, files=files)
    article.embeds = [(m.group(1), m.group(2)) for m in EMBED.finditer(prose)]
    article.labels = {label for _, label in article.embeds} | set(LABEL.findall(prose))
    for source in files:
        text = _without_code(split_front_matter(source.read_text(encoding="utf-8"))[1])
        offset = source.read_text(encoding="utf-8").count("\n") - text.count("\n")
        for number, line in enumerate(text.splitlines(), start=offset + 1):
            article.uses += [(kind, key, source, number) for kind, key in _uses(line)]
    article.xrefs = [key for kind, key, _, _ in article.uses if kind == "xref"]
    article.citations = [key for kind, key, _, _ in article.uses if kind == "cite"]
    article.values = [key for kind, key, _, _ in article.uses if kind == "meta"]
    return article


def _uses(line: str) -> list[tuple[str, str]]:
    """Cross-references, citations and values used on one line of prose."""
    found = [("xref", k) for k in XREF.findall(line)]
    found += [("meta", k) for k in META.findall(line)]
    rest = XREF.sub("", META.sub("", EMBED.sub("", GENERATED.sub("", INCLUDE.sub("", line)))))
    rest = re.sub(r"\S+@\S+\.\w+", "", rest)  # e-mail addresses
    return found + [("cite", k) for k in CITE.findall(rest)]


def figure_problems(path: Path, notebook: nbformat.NotebookNode, *,
                    executed: bool = True) -> list[Problem]:
    """Every figure has a caption and alternative text; every table a caption.

    In an executed notebook a ``{v.…}`` placeholder must have been filled by the runner
    (:mod:`notebook.cell_values`); a source notebook holds them by design (``executed=False``).
    """
    problems = []
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type != "code":
            continue
        options = cell_options(cell.source)
        label = str(options.get("label", ""))
        if "__invalid__" in options:
            problems.append(Problem(path, "cell options are not valid YAML", line=number,
                                    field="#|", value=options["__invalid__"][:80]))
        if label.startswith("fig-"):
            for key in ("fig-cap", "fig-alt"):
                if not str(options.get(key, "")).strip():
                    problems.append(Problem(path, f"figure {label} has no {key}",
                                            line=number, field=key,
                                            expected="a non-empty text (cell number given)"))
        if label.startswith("tbl-") and not str(options.get("tbl-cap", "")).strip():
            problems.append(Problem(path, f"table {label} has no tbl-cap", line=number,
                                    field="tbl-cap", expected="a non-empty caption"))
        for key in ("fig-cap", "fig-alt", "tbl-cap"):
            problems += [Problem(path, f"{label}: {key} names a value no notebook recorded",
                                 line=number, field=key, value=f"{{v.{name}}}",
                                 expected="a key the notebook records with ValueBook")
                         for name in (unfilled(str(options.get(key, ""))) if executed else [])]
            problems += [Problem(path, f"{label}: {p.message}", line=number, field=key,
                                 value=p.value, expected=p.expected)
                         for p in typography_problems(path, str(options.get(key, "")))]
            shown = PLACEHOLDER.sub("", str(options.get(key, "")))  # filled after execution
            problems += english_problems(path, label, number, key, shown)
            problems += readability.caption_problems(path, label, number, shown)
        if label.startswith("tbl-"):
            headers, body = table_cells(cell)
            for text in dict.fromkeys(headers):
                problems += english_problems(path, label, number, "table header", text,
                                             header=True)
            for text in dict.fromkeys(body):
                problems += english_problems(path, label, number, "table cell", text)
    return problems


def _pipe_cells(line: str) -> list[str]:
    return [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]


def table_cells(cell: nbformat.NotebookNode) -> tuple[list[str], list[str]]:
    """Header cells and body cells of the Markdown (pipe) tables a cell shows."""
    headers: list[str] = []
    body: list[str] = []
    for output in cell.get("outputs", []):
        lines = "".join(output.get("data", {}).get("text/markdown", "")).splitlines()
        for i, (first, second) in enumerate(zip(lines, lines[1:], strict=False)):
            if first.lstrip().startswith("|") and re.fullmatch(r"\s*\|[\s:|-]+\|\s*", second):
                headers += _pipe_cells(first)
                rows = lines[i + 2:]
                for row in rows[:next((k for k, r in enumerate(rows)
                                       if not r.lstrip().startswith("|")), len(rows))]:
                    body += _pipe_cells(row)
    return headers, body


def english_problems(path: Path, label: str, line: int, field: str, text: str,
                     header: bool = False) -> list[Problem]:
    """English words in a caption, alternative text or table (see ``language``)."""
    found = english_words(text, header=header)
    if not found:
        return []
    return [Problem(path, f"{label}: English in reader-facing text ({', '.join(found)})",
                    line=line, field=field, value=text[:80],
                    expected="French (the paper's language); quote a source's wording in « »")]


SPACE_BEFORE = re.compile(r" [:;!?%»]")
NUMERO = re.compile(r"n°(?= ?\d)")
SPACE_AFTER = re.compile(r"« ")
DECIMAL_POINT = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])")


LEADING_SHORTCODE = re.compile(r"^\{\{<[^>]*>\}\}.*'.*\{\{<")


def shortcode_line_problems(path: Path, text: str) -> list[Problem]:
    """Quarto reads a line that starts with a shortcode as one shortcode up to the last
    ``>}}``; an apostrophe in between then breaks the render (« Invalid Shortcode »)."""
    return [Problem(path, "line starts with a shortcode and holds an apostrophe before "
                    "another shortcode", line=number, value=line[:60],
                    expected="the leading shortcode alone on its line, the text on the next")
            for number, line in enumerate(text.splitlines(), start=1)
            if LEADING_SHORTCODE.match(line)]


def typography_problems(path: Path, text: str) -> list[Problem]:
    """French typography in the prose: no-break spaces around « » : ; ! ? %, decimal comma."""
    problems = []
    front = FRONT.match(text)
    skip = front.group(0).count("\n") if front else 0
    for number, line in enumerate(_without_code(text).splitlines(), start=1):
        if number <= skip or line.lstrip().startswith((":::", "|", "#|", "<", "![", "{{<")):
            continue
        prose = META.sub("", EMBED.sub("", re.sub(r"\]\([^)]*\)|https?://\S+", "]", line)))
        for pattern, what in ((SPACE_BEFORE, "ordinary space before a high punctuation "
                               "mark or »"), (SPACE_AFTER, "ordinary space after «"),
                              (NUMERO, "« n° » without a no-break space before its number")):
            for match in pattern.finditer(prose):
                problems.append(Problem(path, what, line=number, value=prose[
                    max(0, match.start() - 15):match.end() + 5],
                    expected="a no-break space (U+00A0) or narrow no-break space (U+202F)"))
        for match in DECIMAL_POINT.finditer(prose):
            problems.append(Problem(path, "decimal point in French prose", line=number,
                                    value=match.group(0), expected="a decimal comma"))
    return problems


def bibliography_keys(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    return set(re.findall(r"^\s*@\w+\s*\{\s*([^,\s]+)\s*,", text, flags=re.M))


def study_keys(path: Path) -> set[str]:
    """Keys of the studies the paper re-reads (``role = study``); tags are validated by
    ``dps validate``, not here."""
    return keys_with_role(path.read_text(encoding="utf-8"), STUDY_ROLE)


def locator_problems(files: list[Path], studies: set[str]) -> list[Problem]:
    """Statements about a studied source without a locator, file by file (see ``locators``)."""
    problems = []
    for source in files:
        text = source.read_text(encoding="utf-8")
        prose = _without_code(split_front_matter(text)[1])
        first = text.count("\n") - prose.count("\n") + 1
        problems += locators.problems(source, prose, studies, first)
    return problems


def quarto_values(path: Path) -> dict[str, str]:
    """The ``meta`` keys the values file defines, flattened: ``v.survey.x -> text``."""
    if not path.is_file():
        return {}
    flat: dict[str, str] = {}

    def walk(node: object, prefix: str) -> None:
        if isinstance(node, dict):
            for key, child in node.items():
                walk(child, f"{prefix}.{key}" if prefix else str(key))
        else:
            flat[prefix] = str(node)

    walk(yaml.safe_load(path.read_text(encoding="utf-8")) or {}, "")
    return flat


def claim_problems(root: Path) -> list[Problem]:
    """The guarded claims the build's values do not support (none before a first run)."""
    values_file = root / "build" / "values.json"
    if not values_file.is_file():
        return []
    return claims.problems(
        claims.judge(root, json.loads(values_file.read_text(encoding="utf-8"))), root)


def check(root: Path, article_path: Path | None = None, *, with_claims: bool = True
          ) -> list[Problem]:
    """Everything that would break or degrade the Quarto render, found without Quarto, and
    (``with_claims``) every guarded claim the data no longer support."""
    path = article_path or root / "report" / "index.qmd"
    article = read_article(path)
    problems = list(article.problems)
    for source in article.files:
        problems += typography_problems(source, source.read_text(encoding="utf-8"))
        problems += shortcode_line_problems(source, source.read_text(encoding="utf-8"))
    notebooks: dict[Path, dict] = {}
    for target, label in article.embeds:
        nb_path = (path.parent / target).resolve()
        if nb_path not in notebooks:
            if not nb_path.is_file():
                problems.append(Problem(path, "embedded notebook not found (run `dps run`)",
                                        value=target))
                notebooks[nb_path] = {}
                continue
            nb = nbformat.read(nb_path, as_version=4)
            notebooks[nb_path] = labelled_cells(nb)
            problems += figure_problems(nb_path, nb)
        cells = notebooks[nb_path]
        if nb_path.is_file() and label not in cells:
            problems.append(Problem(path, f"no cell labelled {label} in {target}",
                                    field="embed", value=f"{target}#{label}"))
        elif label in cells and not cells[label].get("outputs"):
            problems.append(Problem(path, f"cell {label} of {target} has no output",
                                    field="embed", value=f"{target}#{label}"))
    bib = article.meta.get("bibliography")
    known = bibliography_keys((path.parent / bib).resolve()) if bib else set()
    if bib:
        problems += locator_problems(article.files, study_keys((path.parent / bib).resolve()))
    defined = quarto_values(root / "build" / "values.yml")
    for kind, key, source, line in article.uses:
        if kind == "xref" and key not in article.labels:
            problems.append(Problem(source, "cross-reference to an unknown label", line=line,
                                    field="@", value=key))
        elif kind == "cite" and key not in known:
            problems.append(Problem(source, "citation key not in the bibliography",
                                    line=line, field="@", value=key,
                                    expected=f"a key of {bib}"))
        elif kind == "meta" and key.startswith("v.") and key not in defined:
            problems.append(Problem(source, "value not produced by any notebook", line=line,
                                    field="meta", value=key))
    problems += readability.check(root, path, defined)
    if with_claims:
        problems += claim_problems(root)
    used = sorted({key for kind, key, _, _ in article.uses if kind == "meta" and key in defined})
    for key in used:
        problems += [Problem(root / "build" / "values.yml", p.message, field=key, value=p.value,
                             expected=p.expected)
                     for p in typography_problems(Path(key), defined[key])]
    return problems
