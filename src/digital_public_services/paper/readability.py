"""Readability rules of the paper's prose, checked by ``dps check`` (issue 19).

The prose is read as the reader sees it: includes resolved, ``{{< meta v.… >}}`` replaced by
the values of ``build/values.yml``, code, embeds, comments and citations (with their
locators) left out. Each paragraph keeps its file and line so a problem says where to write.

Rules, on the body and the appendices unless said:

- no template plural such as « écart(s) » or « résiste(nt) »: the package writes agreement;
- no sentence quoting more than :data:`MAX_ITEMS` survey items word for word (a table or a
  short label does it better);
- one name per concept: a variant of :data:`prose.glossary.GLOSSARY` only in a sentence that also
  gives the label;
- one format for a percentage with its interval, « 65 % [63 ; 67] »;
- no percentage typed by hand: a share in the prose comes from a value;
- in the body (before the references), no pipeline vocabulary (:data:`PIPELINE`): the method
  and reproducibility appendices speak software, the body speaks policy;
- one value per quantity: values recorded with the same ``quantity`` agree
  (:func:`quantity_problems`);
- in the body, no sentence of :data:`REPEATED_WORDS` words or more twice, whether typed or
  quoted from a value: a summary paraphrases (:func:`repeated_problems`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import Problem
from ..prose.glossary import GLOSSARY, variant_pattern
from .shortcodes import INCLUDE, META

MAX_ITEMS = 3
SPACES = re.compile(r"[\u00a0\u202f ]+")
SHORTCODE = re.compile(r"\{\{<.*?>\}\}")
CITATION = re.compile(r"\[[^\[\]]*@[^\[\]]*\]|(?<![\w@.])-?@[\w:-]*\w")
LINK_TARGET = re.compile(r"\]\([^)]*\)|\{[.#][^}]*\}")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Þ«(])")
TEMPLATE_PLURAL = re.compile(r"[^\W\d_]\((?:s|x|e|es|nt|ent|le|les|ne|nes)\)")
NUMBER = r"\d+(?:,\d+)?"
#: Ways of writing a percentage with its interval other than « 65 % [63 ; 67] ».
INTERVAL_STYLES = (
    (re.compile(rf"\[\s*{NUMBER}\s*%\s*;"), "a percent sign inside the interval"),
    (re.compile(rf"\[\s*{NUMBER}\s*;\s*{NUMBER}\s*\]\s*%"), "a percent sign after the interval"),
    (re.compile(rf"%\s*\(\s*(?:IC[^)]*?)?{NUMBER}\s*%?\s*[;–-]\s*{NUMBER}"),
     "the interval in parentheses"),
    (re.compile(rf"%\s*\[\s*{NUMBER}\s*[–-]\s*{NUMBER}"), "a dash inside the interval"),
    (re.compile(rf"%\s*\[\s*{NUMBER}\s*,\s+{NUMBER}"), "a comma between the bounds"),
    (re.compile(rf"{NUMBER}\s*%\s*±"), "« ± » instead of the interval"),
)
#: A share typed in the prose; « 0 % » and « 100 % » (bounds, not data) are allowed.
HAND_PERCENT = re.compile(rf"(?<![\w{{,])\s?(?!(?:0|100)\s*%){NUMBER}\s*%")
#: Words of the software that the body must not use (issue 19, point 8).
PIPELINE = re.compile(
    r"(?<!\w)(?:notebooks?|carnets?|pipelines?|papermill|quarto|dps|qdpx|refi-qda|yaml|json"
    r"|commits?|scripts?|chaîne de traitement|la chaîne|(?:le|du|au|en|un|son|ce) cache)(?!\w)",
    re.I)
#: The body ends at the references; the appendices follow them.
APPENDIX_HEADING = re.compile(r"^#\s+(?:Références\b|.*\.appendix\b)")
REPEATED_WORDS = 8
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@dataclass(frozen=True)
class Paragraph:
    path: Path
    line: int
    raw: str    # the line as written, shortcodes included
    text: str   # what the reader reads: values filled, citations and markup left out
    body: bool  # before the references and appendices


def _plain(text: str) -> str:
    """One kind of space and of apostrophe, so that rules compare like with like."""
    return SPACES.sub(" ", text.replace("’", "'"))


def _reader_text(line: str, values: dict[str, str]) -> str:
    text = META.sub(lambda m: values.get(m.group(1), ""), line)
    text = SHORTCODE.sub("", text)
    return _plain(LINK_TARGET.sub("]", CITATION.sub("", text))).strip()


def paragraphs(article: Path, values: dict[str, str]) -> list[Paragraph]:
    """The article's prose lines in reading order, includes resolved."""
    state = {"body": True}

    def walk(path: Path, depth: int) -> Iterator[Paragraph]:
        lines = path.read_text(encoding="utf-8").splitlines()
        fence = False
        start = 0
        if lines and lines[0] == "---":
            start = next((i for i in range(1, len(lines)) if lines[i] == "---"), 0) + 1
        comment = False
        for number, line in enumerate(lines[start:], start=start + 1):
            stripped = line.strip()
            if stripped.startswith("```"):
                fence = not fence
                continue
            if "<!--" in stripped:
                comment = "-->" not in stripped
                continue
            if fence or comment:
                comment = comment and "-->" not in stripped
                continue
            include = INCLUDE.search(stripped)
            if include and depth < 10:
                target = (path.parent / include.group(1)).resolve()
                if target.is_file():
                    yield from walk(target, depth + 1)
                continue
            if APPENDIX_HEADING.match(stripped):
                state["body"] = False
            if (not stripped or stripped.startswith((":::", "#|", "{{< embed", "{{< generated",
                                                     "<", "|", "![")) or stripped[0] == "#"):
                continue
            yield Paragraph(path, number, line, _reader_text(line, values), state["body"])

    return list(walk(article, 0))


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text) if s]


def _normal(text: str) -> str:
    return _plain(text).lower()


def survey_wordings(root: Path) -> list[str]:
    """Word-for-word survey items (``data/survey/survey_items.csv``), normalised."""
    path = root / "data" / "survey" / "survey_items.csv"
    if not path.is_file():
        return []
    wordings = pd.read_csv(path, dtype=str)["wording"].dropna()
    return sorted({_normal(w) for w in wordings if len(w) >= 12})


def paragraph_problems(p: Paragraph, wordings: list[str]) -> list[Problem]:
    """Every rule that reads one paragraph."""
    problems = []

    def flag(message: str, value: str, expected: str) -> None:
        problems.append(Problem(p.path, message, line=p.line, value=value, expected=expected))

    for match in TEMPLATE_PLURAL.finditer(p.text):
        flag("template plural in the prose", p.text[max(0, match.start() - 20):match.end()],
             "a proper agreement written by the package (phrasing.agree)")
    for pattern, what in INTERVAL_STYLES:
        for match in pattern.finditer(p.text):
            flag(f"percentage interval written with {what}",
                 p.text[max(0, match.start() - 10):match.end() + 5],
                 "the paper's one format, « 65 % [63 ; 67] » (frformat.fr_interval)")
    raw = CITATION.sub("", SHORTCODE.sub("", p.raw))
    for match in HAND_PERCENT.finditer(raw):
        flag("percentage typed by hand in the prose", match.group(0).strip(),
             "a value the package computed ({{< meta v.… >}})")
    for sentence in sentences(p.text):
        normal = _normal(sentence)
        quoted = [w for w in wordings if w in normal]
        if len(quoted) > MAX_ITEMS:
            flag(f"sentence quotes {len(quoted)} survey items word for word",
                 sentence[:80] + "…",
                 f"at most {MAX_ITEMS}; a table or short labels for the others")
        for term in GLOSSARY:
            match = variant_pattern(term).search(sentence)
            if match and term.label.lower() not in normal:
                flag(f"« {match.group(0)} » names {term.concept} another way",
                     sentence[max(0, match.start() - 30):match.end() + 30],
                     f"the glossary's label « {term.label} » (glossary.py), or both in a "
                     "defining sentence")
        if p.body:
            for match in PIPELINE.finditer(sentence):
                flag(f"pipeline vocabulary in the body (« {match.group(0)} »)",
                     sentence[max(0, match.start() - 30):match.end() + 30],
                     "the policy reader's words; software belongs in the reproducibility "
                     "appendix or the README")
    return problems


def quantity_problems(values_json: Path) -> list[Problem]:
    """Two values recorded for one quantity (same ``quantity`` field) must agree."""
    if not values_json.is_file():
        return []
    entries = json.loads(values_json.read_text(encoding="utf-8"))
    seen: dict[str, tuple[str, object]] = {}
    problems = []
    for key, entry in entries.items():
        quantity = entry.get("quantity") or ""
        if not quantity:
            continue
        if quantity in seen and seen[quantity][1] != entry["value"]:
            first, value = seen[quantity]
            problems.append(Problem(values_json, f"two values for one quantity ({quantity})",
                                    field=key, value=entry["value"],
                                    expected=f"the value of {first}, {value!r}: quote one "
                                    "value in every section"))
        seen.setdefault(quantity, (key, entry["value"]))
    return problems


def caption_problems(path: Path, label: str, line: int, text: str) -> list[Problem]:
    """The rules that also hold for captions and alternative texts."""
    problems = paragraph_problems(Paragraph(path, line, text, _reader_text(text, {}), False),
                                  [])
    return [Problem(p.path, f"{label}: {p.message}", line=p.line, field="caption",
                    value=p.value, expected=p.expected)
            for p in problems if "typed by hand" not in p.message]


def repeated_problems(found: list[Paragraph]) -> list[Problem]:
    """Body sentences of :data:`REPEATED_WORDS` words or more that the reader meets twice
    (same words, whatever the punctuation and case), each named at its second place."""
    first: dict[tuple[str, ...], Paragraph] = {}
    problems = []
    for paragraph in (p for p in found if p.body):
        for text in sentences(paragraph.text):
            words = tuple(w.lower() for w in WORD.findall(text.replace("’", "'")))
            if len(words) < REPEATED_WORDS:
                continue
            if words in first:
                earlier = first[words]
                problems.append(Problem(paragraph.path, "sentence repeated word for word",
                                        line=paragraph.line, value=text[:120],
                                        expected=f"a paraphrase (first at {earlier.path.name}"
                                                 f", line {earlier.line})"))
            else:
                first[words] = paragraph
    return problems


def check(root: Path, article: Path, values: dict[str, str]) -> list[Problem]:
    wordings = survey_wordings(root)
    problems = []
    found = paragraphs(article, values)
    for paragraph in found:
        problems += paragraph_problems(paragraph, wordings)
    return (problems + repeated_problems(found)
            + quantity_problems(root / "build" / "values.json"))
