"""Turning problems into the text a user reads (or JSON a tool reads)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from bibfolio.diagnostics import Problem, Severity


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
    lines = []
    for problem in problems:
        level = "" if problem.severity is Severity.ERROR else " (warning)"
        lines.append(f"{problem}{level}")
        if hints and problem.hint:
            lines.append(f"    hint: {problem.hint}")
    return "\n".join(lines)


def as_build_text(problems: Sequence[Problem]) -> str:
    """Problems as a build shows them (as Sphinx logs bibfolio's): ``path:line:col: ERROR:``."""
    lines = []
    for problem in problems:
        level = "ERROR" if problem.severity is Severity.ERROR else "WARNING"
        lines.append(f"{problem.path}:{problem.line}:{problem.col}: {level}: {problem.code} ")
        lines[-1] += problem.message
        if problem.hint:
            lines.append(f"    hint: {problem.hint}")
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
                for p in problems
            ],
            "summary": summary(problems),
        },
        indent=2,
        ensure_ascii=False,
    )
