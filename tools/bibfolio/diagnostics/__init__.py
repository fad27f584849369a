"""Located problems, the table of their codes, and the reporters that print them."""

from __future__ import annotations

from dataclasses import dataclass

from bibfolio.diagnostics.codes import CODES, TABLE
from bibfolio.diagnostics.problem import Code, LineIndex, Problem, Severity, select_problems
from bibfolio.pickled import quick_pickle


def problem(path: str, line: int, col: int, code: str, message: str, *, hint: str = "") -> Problem:
    """A problem of a known code: its severity, and its hint unless a better one is given."""
    known = TABLE[code]
    return Problem(path, line, col, code, message, known.severity, hint or known.hint)


@quick_pickle
@dataclass(frozen=True, slots=True)
class Place:
    """Where something is written: a file as shown in messages, a line and a column."""

    path: str
    line: int
    col: int

    def problem(self, code: str, message: str, hint: str = "") -> Problem:
        return problem(self.path, self.line, self.col, code, message, hint=hint)


__all__ = [
    "CODES",
    "TABLE",
    "Code",
    "LineIndex",
    "Place",
    "Problem",
    "Severity",
    "problem",
    "select_problems",
]
