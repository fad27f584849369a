"""Turning problems into the text a user reads (or JSON a tool reads)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence

from bibfolio.diagnostics import Problem, Severity


def in_order(problems: Iterable[Problem]) -> list[Problem]:
    """Errors first, then warnings, each in the order given (file order): what stops the
    build comes before what only would under the strict build."""
    return sorted(problems, key=lambda p: p.severity is not Severity.ERROR)


def with_hints(problems: Iterable[Problem]) -> Iterator[tuple[Problem, str]]:
    """Each problem with the hint to print after it: "" when the same hint was printed for
    an earlier problem (a code repeated across entries says how to fix it once)."""
    shown: set[tuple[str, str]] = set()
    for problem in problems:
        said = (problem.code, problem.hint)
        yield problem, "" if said in shown else problem.hint
        shown.add(said)


def summary(problems: Sequence[Problem]) -> str:
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return "no problems found"
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    files = len({p.path for p in problems})
    return f"{', '.join(parts)} in {files} file{'s' if files != 1 else ''}"


def as_text(problems: Sequence[Problem], hints: bool = True) -> str:
    """One line per problem, errors first; a hint after the first problem that needs it."""
    lines = []
    for problem, hint in with_hints(in_order(problems)):
        level = "" if problem.severity is Severity.ERROR else " (warning)"
        lines.append(f"{problem}{level}")
        if hints and hint:
            lines.append(f"    hint: {hint}")
    return "\n".join(lines)


def as_build_text(problems: Sequence[Problem]) -> str:
    """Problems as a build shows them (as Sphinx logs bibfolio's): ``path:line:col: ERROR:``."""
    lines = []
    for problem, hint in with_hints(in_order(problems)):
        level = "ERROR" if problem.severity is Severity.ERROR else "WARNING"
        lines.append(f"{problem.path}:{problem.line}:{problem.col}: {level}: {problem.code} ")
        lines[-1] += problem.message
        if hint:
            lines.append(f"    hint: {hint}")
    return "\n".join(lines)


def as_json(problems: Sequence[Problem]) -> str:
    return json.dumps(
        {
            "problems": [
                {
                    "path": p.path,
                    "line": p.line,
                    "col": p.col,
                    "code": p.code,
                    "severity": p.severity.value,
                    "message": p.message,
                    "hint": p.hint,
                }
                for p in in_order(problems)
            ],
            "summary": summary(problems),
        },
        indent=2,
        ensure_ascii=False,
    )
