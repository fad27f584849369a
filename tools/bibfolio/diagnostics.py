"""Located problems: the record every check produces, and the registry of codes.

A code never changes meaning once released. The hundreds say the stage:
0xx reading and syntax, 1xx the form of one entry or value, 2xx references
between entries, pages and data, 3xx style.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One problem, located in a file (line and column are 1-based)."""

    path: str
    line: int
    col: int
    code: str
    message: str
    severity: Severity = field(default=Severity.ERROR, compare=False)
    hint: str = field(default="", compare=False)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"


@dataclass(frozen=True, slots=True)
class Code:
    """A registered diagnostic code: what it means and an input that triggers it."""

    code: str
    severity: Severity
    title: str
    hint: str
    example: str  # a small input that triggers exactly this code (tested)
    example_file: str = "refs.bib"  # which file the example stands for


class Registry:
    def __init__(self) -> None:
        self._codes: dict[str, Code] = {}

    def add(
        self,
        code: str,
        severity: Severity,
        title: str,
        hint: str,
        example: str,
        *,
        example_file: str = "refs.bib",
    ) -> Code:
        if code in self._codes:
            raise ValueError(f"diagnostic code {code} registered twice")
        registered = Code(code, severity, title, hint, example, example_file)
        self._codes[code] = registered
        return registered

    def __getitem__(self, code: str) -> Code:
        return self._codes[code]

    def __iter__(self) -> Iterator[Code]:
        return iter(sorted(self._codes.values(), key=lambda c: c.code))

    def __contains__(self, code: object) -> bool:
        return code in self._codes

    def codes(self) -> list[str]:
        return sorted(self._codes)


REGISTRY = Registry()


class LineIndex:
    """Offsets in a text -> (line, column), both 1-based; columns count characters."""

    def __init__(self, text: str) -> None:
        self._starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def locate(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1


def select_problems(
    problems: Iterable[Problem], select: Iterable[str] = (), ignore: Iterable[str] = ()
) -> list[Problem]:
    """Keep the problems whose code starts with a selected prefix and no ignored one."""
    chosen = tuple(select)
    dropped = tuple(ignore)
    return [
        p
        for p in problems
        if (not chosen or p.code.startswith(chosen))
        and not (dropped and p.code.startswith(dropped))
    ]
