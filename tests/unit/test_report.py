"""How problems are printed (bibfolio.diagnostics.report): errors first, a shared hint once."""

from __future__ import annotations

from bibfolio.diagnostics import problem
from bibfolio.diagnostics.report import as_build_text, as_text

PROBLEMS = [
    problem("refs.bib", 2, 3, "BIB302", "title of 'a': LLMs not in braces", hint="{LLMs}"),
    problem("refs.bib", 5, 3, "BIB141", "'a' has al-folio's display field abbr"),
    problem("refs.bib", 9, 1, "BIB102", "@article 'b' has no journal"),
    problem("refs.bib", 12, 3, "BIB141", "'c' has al-folio's display field abbr"),
]


def test_errors_come_first_and_a_shared_hint_is_printed_once() -> None:
    lines = as_text(PROBLEMS).splitlines()
    assert [line.split()[1] for line in lines if not line.startswith(" ")] == [
        "BIB102",
        "BIB302",
        "BIB141",
        "BIB141",
    ]
    assert lines[3] == "    hint: {LLMs}", "a hint of its own"
    assert sum("hint:" in line for line in lines) == 3, "BIB141's hint once for two entries"
    build = as_build_text(PROBLEMS).splitlines()
    assert build[0] == "refs.bib:9:1: ERROR: BIB102 @article 'b' has no journal"
    assert sum("hint:" in line for line in build) == 3
