"""Rules between the bibliography, the pages and the data: every citation names an entry,
every entry is shown somewhere, every theme page lists its papers and says what it is about,
every entry gets a label of its own kind."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from bibfolio.diagnostics import Place, Problem
from bibfolio.load.bibtex import BibFile
from bibfolio.load.pages import Page
from bibfolio.load.yaml import YamlDocument


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


class LabelGroup(Protocol):
    """A label group (the data's, or a default one): its prefix, title and kinds of entry."""

    @property
    def prefix(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def kinds(self) -> frozenset[str]: ...


def check_labels(
    doc: YamlDocument,
    groups: Sequence[LabelGroup],
    custom: bool,
    kinds: Mapping[str, Sequence[str]],
) -> list[Problem]:
    """Label groups the data defines have letters of their own (CV105) and take every kind
    of entry the bibliography has (CV204); a publications section names groups that exist
    (CV203). ``kinds``: the keys of each kind of entry; ``custom``: the data gives labels."""
    problems = []
    if custom:
        seen: dict[str, int] = {}
        for index, group in enumerate(groups):
            first = seen.setdefault(group.prefix, index)
            if first != index and group.prefix:  # groups without a letter: [1], [2], ... each
                line, col = doc.where(("labels", index, "prefix"))
                problems.append(
                    Place(doc.path, line, col).problem(
                        "CV105",
                        f"prefix '{group.prefix}' is also the prefix of label group "
                        f"'{groups[first].title}': two papers would get the same label",
                    )
                )
        taken = frozenset().union(*(group.kinds for group in groups))
        for kind, keys in sorted(kinds.items()):
            if kind in taken or not keys:
                continue
            shown = ", ".join(f"'{key}'" for key in keys[:3]) + (", ..." if len(keys) > 3 else "")
            line, col = doc.where(("labels",))
            problems.append(
                Place(doc.path, line, col).problem(
                    "CV204",
                    f"no label group takes entries of kind '{kind}' ({shown}): they would be "
                    f"labelled and listed with '{groups[-1].title}'",
                )
            )
    titles = [group.title for group in groups]
    sections = doc.data.get("sections") if isinstance(doc.data, dict) else None
    for index, section in enumerate(sections if isinstance(sections, list) else []):
        if not isinstance(section, dict) or section.get("type") != "publications":
            continue
        names = section.get("groups")
        for number, name in enumerate(names if isinstance(names, list) else []):
            if name not in titles:
                line, col = doc.where(("sections", index, "groups", number))
                known = ", ".join(f"'{title}'" for title in titles)
                problems.append(
                    Place(doc.path, line, col).problem(
                        "CV203",
                        f"group '{name}' is not a label group, so this section would list "
                        f"nothing of it (groups: {known})",
                    )
                )
    return problems
