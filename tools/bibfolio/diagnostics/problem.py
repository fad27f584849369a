"""Located problems: the record every check produces, and what a code is."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from bibfolio.pickled import quick_pickle


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@quick_pickle
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

    @property
    def area(self) -> str:
        """BIB, CV or PAGE: which input the code is about."""
        return self.code.rstrip("0123456789")


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
