"""The reference of every check code as Markdown, from the registry itself: the owner's
guide holds it (tools/guide/codes.md), and a test keeps the committed page fresh."""

from __future__ import annotations

import re

from bibfolio.diagnostics.codes import CODES
from bibfolio.diagnostics.problem import Code, Severity

GUIDE_PAGE = "tools/guide/codes.md"
HEADER = """\
# The codes

<!-- Made from tools/bibfolio/diagnostics/codes.py: do not edit. After a change of a code,
     `pytest tests/test_guide.py --update-golden` writes it again. -->

Every problem `bibfolio check` and the build report has a code, and a code never
changes meaning. The hundreds give the stage: `0xx` reading and syntax, `1xx` the
form of one entry or value, `2xx` references between entries, pages and data, `3xx`
style. `BIB` codes concern the bibliography, `CV` codes the data file, `PAGE` codes
the pages, `CONF` codes the settings (`pyproject.toml` and `conf.py`). How to check,
select and ignore codes: [Checking the bibliography](checks.md).
"""


def codes_markdown() -> str:
    """The page: one section per code, with its severity, its hint and an example input."""
    return HEADER + "".join(_section(code) for code in CODES)


def _section(code: Code) -> str:
    severity = "Error" if code.severity is Severity.ERROR else "Warning"
    example = code.example.rstrip("\n")
    shown = example.encode("unicode_escape").decode() if _invisible(example) else example
    language = "yaml" if code.example_file.endswith(".yaml") else "text"
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall("`+", shown)), default=0))
    return (
        f"\n## {code.code}: {_escape(code.title)}\n\n"
        f"**{severity}.** {_escape(code.hint)}\n\n"
        f"Example (`{code.example_file}`):\n\n"
        f"{fence}{language}\n{shown}\n{fence}\n"
    )


def _escape(text: str) -> str:
    """Plain text in Markdown: every character Markdown (or HTML) would read as markup."""
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", text)


def _invisible(text: str) -> bool:
    """Whether the example holds characters a page would not show (controls, Latin-1)."""
    return any(ord(c) < 32 and c not in "\n\t" for c in text) or any(
        0x80 <= ord(c) < 0x100 for c in text
    )
