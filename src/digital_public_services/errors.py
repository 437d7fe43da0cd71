"""Errors that tell a user exactly what to fix: file, line, field, value, expectation."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One defect found in one place of one file."""

    path: Path | str
    message: str
    line: int | None = None
    field: str | None = None
    value: object = None
    expected: str | None = None

    def __str__(self) -> str:
        where = [str(self.path)]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field is not None:
            where.append(f"field '{self.field}'")
        text = ", ".join(where) + ": " + self.message
        if self.value is not None:
            text += f" (value: {self.value!r})"
        if self.expected:
            text += f"; expected {self.expected}"
        return text


class DataError(Exception):
    """Input data that cannot be used; carries every problem found (first ones shown)."""

    shown = 10

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__(self._render())

    def _render(self) -> str:
        lines = [str(p) for p in self.problems[: self.shown]]
        rest = len(self.problems) - self.shown
        if rest > 0:
            lines.append(f"... and {rest} more problem(s)")
        return "\n".join(lines)

    @property
    def first(self) -> Problem:
        return self.problems[0]
