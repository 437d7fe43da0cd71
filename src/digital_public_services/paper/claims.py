"""Guarded claims: the sentences of the authors' prose that the data could make false.

What the data decide, the package computes; what the authors argue is written by hand. An
argued sentence that depends on the data declares the condition that makes it true, as a span
of the article's sources::

    [Chez les acteurs communaux, le coût et l'accès arrivent ensemble en
    tête]{.claim when="survey.obstacle_communes_n_leaders >= 2"}

The condition is an expression over the values the notebooks recorded (``build/values.json``),
named by their keys, with comparisons, ``and``/``or``/``not``, numbers, strings, and
``items(key)`` for a value that lists identifiers (``'equipment_cost' in
items(survey.obstacle_communes_leaders)``); a condition over values of different survey waves
never holds (the sentence names no wave). It is evaluated by simpleeval, which runs no
other code. ``dps run`` writes every verdict to ``build/claims.json``: the render prints a
true claim as plain text and marks a false one (``report/claims.lua``, the preview likewise);
``dps check`` reports each false claim with its sentence, file and line, and ``dps release``
refuses while one is false. A new survey file therefore never silently keeps a conclusion
the data no longer support.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from simpleeval import EvalWithCompoundTypes, InvalidExpression

from ..errors import Problem

#: The end of a claim span; its text is found by matching brackets backwards.
CLOSE = re.compile(r'\]\{\.claim\s+when="(?P<condition>[^"]*)"\}')
CLAIMS_FILE = "claims.json"
SOURCES = ("report/index.qmd", "report/sections")


@dataclass(frozen=True)
class Claim:
    path: Path
    line: int
    text: str
    condition: str


@dataclass(frozen=True)
class Verdict:
    claim: Claim
    holds: bool
    reason: str = ""  # why a claim could not be judged true (a value missing, n.d.)


def _opening(text: str, close: int) -> int:
    """The ``[`` that opens the span whose ``]`` is at ``close`` (citations nest inside)."""
    depth, start = 0, close
    while start > 0:
        start -= 1
        if text[start] == "]":
            depth += 1
        elif text[start] == "[":
            if depth == 0:
                return start
            depth -= 1
    return start


def find(path: Path, text: str) -> list[Claim]:
    """Every claim span of one source file, with the line where its text starts."""
    found = []
    for match in CLOSE.finditer(text):
        start = _opening(text, match.start())
        body = " ".join(text[start + 1:match.start()].split())
        found.append(Claim(path, text.count("\n", 0, start) + 1, body,
                           match.group("condition")))
    return found


def rewrite(text: str, verdicts: dict[str, bool], marked: str = "[Affirmation non vérifiée]"
            ) -> str:
    """The text with each claim span replaced by its sentence: as is when its condition
    holds, after ``marked`` (in bold) otherwise — the draft shows what the data no longer
    support. Used by the HTML preview; Quarto does the same in ``report/claims.lua``."""
    out, end = [], 0
    for claim_end in CLOSE.finditer(text):
        start = _opening(text, claim_end.start())
        body = text[start + 1:claim_end.start()]
        holds = verdicts.get(claim_end.group("condition")) is True
        out += [text[end:start], body if holds else f"**{marked}** {body}"]
        end = claim_end.end()
    return "".join(out) + text[end:]


def sources(root: Path) -> list[Path]:
    """The article's source files: ``index.qmd`` and its sections."""
    files = [root / SOURCES[0]] if (root / SOURCES[0]).is_file() else []
    return files + sorted((root / SOURCES[1]).glob("*.qmd"))


def _namespace(values: dict[str, dict]) -> dict[str, SimpleNamespace]:
    """``survey.n_communes`` etc. as attributes of one object per namespace."""
    spaces: dict[str, dict] = {}
    for key, entry in values.items():
        space, _, name = key.partition(".")
        spaces.setdefault(space, {})[name] = entry.get("value")
    return {space: SimpleNamespace(**names) for space, names in spaces.items()}


def _items(value: object) -> set[str]:
    """The identifiers of a list-valued value (``a;b``), as a set."""
    return {part for part in str(value).split(";") if part}


KEY = re.compile(r"\b([a-z][a-z0-9_]*\.[a-z0-9_]+)\b")


def waves_of(condition: str, values: dict[str, dict]) -> list[str]:
    """The waves of the values a condition names (values without a wave say nothing)."""
    return sorted({str(values[key]["wave"]) for key in KEY.findall(condition)
                   if key in values and values[key].get("wave")})


def evaluate(condition: str, values: dict[str, dict]) -> tuple[bool, str]:
    """Whether a condition holds for these values, and if not judged true, why.

    An authored sentence names no wave, so a condition over values of different waves never
    holds: the sentence would compare or join waves without saying so (issue 27).
    """
    waves = waves_of(condition, values)
    if len(waves) > 1:
        return False, f"valeurs de vagues différentes ({', '.join(waves)})"
    evaluator = EvalWithCompoundTypes(names=_namespace(values), functions={"items": _items})
    try:
        result = evaluator.eval(condition)
    except (InvalidExpression, AttributeError, KeyError, SyntaxError) as exc:
        return False, f"condition non évaluable ({exc})"
    except TypeError:
        return False, "une valeur de la condition est absente des données (n.d.)"
    return bool(result), ""


def load(build: Path) -> dict[str, bool]:
    """The verdicts ``dps run`` wrote (none before a first run)."""
    path = build / CLAIMS_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def judge(root: Path, values: dict[str, dict]) -> list[Verdict]:
    """The verdict on every claim of the article's sources."""
    claims = [c for path in sources(root) for c in find(path, path.read_text(encoding="utf-8"))]
    return [Verdict(c, *evaluate(c.condition, values)) for c in claims]


def write(build: Path, verdicts: list[Verdict]) -> Path:
    """``build/claims.json``: condition → true/false, for the render and the preview."""
    path = build / CLAIMS_FILE
    table = {v.claim.condition: v.holds for v in verdicts}
    path.write_text(json.dumps(table, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                    encoding="utf-8")
    return path


def problems(verdicts: list[Verdict], root: Path) -> list[Problem]:
    """One problem per claim the data do not support, naming its sentence and place."""
    return [Problem(v.claim.path.relative_to(root) if v.claim.path.is_relative_to(root)
                    else v.claim.path,
                    f"claim not supported by the data: « {v.claim.text} »"
                    + (f" ({v.reason})" if v.reason else ""),
                    line=v.claim.line, field="when", value=v.claim.condition,
                    expected="a condition true for build/values.json, or a sentence rewritten")
            for v in verdicts if not v.holds]
