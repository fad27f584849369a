"""Rules between the bibliography, the pages and the data: every citation names an entry,
every entry is shown somewhere, every theme page lists its papers and says what it is about."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bibfolio.diagnostics import Place, Problem
from bibfolio.load.bibtex import BibFile
from bibfolio.load.pages import Page


@dataclass(frozen=True, slots=True)
class Citation:
    """A key cited by a page ({cite} roles, bibliography bodies) or by the data ([@key])."""

    key: str
    place: Place
    code: str = "BIB210"  # reported when the key is unknown: BIB210 pages, CV201 the data


def check_citations(
    bibs: Sequence[BibFile], citations: Sequence[Citation], every_entry_shown: bool
) -> list[Problem]:
    """Unknown keys (BIB210, CV201); entries no page shows (BIB211) unless a page lists all."""
    keys = {entry.key.lower() for bib in bibs for entry in bib.entries}
    problems = [
        c.place.problem(c.code, f"cites '{c.key}', which is not in the bibliography")
        for c in citations
        if c.key.lower() not in keys
    ]
    if every_entry_shown:
        return problems
    used = {c.key.lower() for c in citations}
    for bib in bibs:
        problems += [
            bib.problem("BIB211", entry.at, f"'{entry.key}' is cited on no page")
            for entry in bib.entries
            if entry.key.lower() not in used
        ]
    return problems


def check_theme_pages(themes: Sequence[Page]) -> list[Problem]:
    """A theme page lists its papers ({bibliography}) and has a one-line description."""
    problems = []
    for page in themes:
        start = Place(page.shown, page.front_matter_line or 1, 1)
        description = page.front_matter.get("description")
        if not isinstance(description, str) or not description.strip():
            problems.append(
                start.problem(
                    "PAGE211",
                    'this theme page has no one-line "description" in its front matter',
                )
            )
        if not page.uses("bibliography"):
            problems.append(
                Place(page.shown, 1, 1).problem(
                    "PAGE212",
                    "this theme page lists none of its papers: it has no {bibliography}",
                )
            )
    return problems
