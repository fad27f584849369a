"""Publications as the portfolio sees them: frozen values built from parsed BibTeX.

The model is built only from entries that passed the checks (``bibfolio.check``);
it does not validate. Values the checks would reject are left out rather than
guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bibfolio.bibtex import BibFile, Entry
from bibfolio.names import Name, NameError_, parse_name, split_names
from bibfolio.text import latex_to_text
from bibfolio.urls import safe_url

_LIST_SEPARATOR = re.compile(r"\s*[,;]\s*")
_LOCAL_FILE = re.compile(r"^(?![a-zA-Z][a-zA-Z0-9+.-]*:)(?!/)(?!.*\.\.)[\w./ -]+$")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_YEAR = re.compile(r"^\d{4}$")
# Every spelling of a month BibTeX files use: jan, january, sept, ...
MONTH_NUMBERS = {
    **{name.lower(): number for number, name in enumerate(MONTH_NAMES, start=1)},
    **{name.lower()[:3]: number for number, name in enumerate(MONTH_NAMES, start=1)},
    "sept": 9,
}


def local_file(value: str) -> bool:
    """A relative file path inside the project (no scheme, no '..', not absolute)."""
    return bool(_LOCAL_FILE.match(value)) and not safe_url(value)


# The states a preprint, a paper or its extended version can be in.
STATES = (
    "in preparation",
    "submitted",
    "under review",
    "under conference review",
    "under major revision",
    "under minor revision",
    "accepted",
    "to appear",
)
PENDING_STATES = frozenset(STATES[:6])
AWARDS = (
    "Oral",
    "Oral presentation",
    "Spotlight",
    "Spotlight presentation",
    "Best Paper",
    "Best Paper Award",
    "Best Student Paper",
    "Outstanding Paper",
    "Outstanding Paper Award",
    "Honorable Mention",
    "Distinguished Paper",
)
# bibfolio's own fields: documented in docs/guide/bibliography.md, left out of
# the BibTeX shown to readers.
PORTFOLIO_FIELDS = (
    "themes",
    "equalcontrib",
    "alphabetical",
    "award",
    "presented",
    "extended",
    "pubstate",
    "abstract",
    "pdf",
    "code",
    "slides",
    "video",
    "poster",
    "project",
)
LINK_FIELDS = ("pdf", "code", "slides", "video", "poster", "project")


def parse_list(value: str) -> tuple[str, ...]:
    """``{llm-agents, rlhf}`` -> ("llm-agents", "rlhf")."""
    return tuple(item for item in _LIST_SEPARATOR.split(value.strip()) if item)


def parse_positions(value: str) -> tuple[int, ...] | None:
    """``{1, 2}`` -> (1, 2); None when an item is not a positive whole number."""
    items = parse_list(value)
    if not all(item.isdigit() and int(item) > 0 for item in items):
        return None
    return tuple(int(item) for item in items)


@dataclass(frozen=True, slots=True)
class Status:
    """``under review at Management Science (MS)`` -> state and venue."""

    state: str
    venue: str = ""

    @property
    def text(self) -> str:
        return f"{self.state} at {self.venue}" if self.venue else self.state

    @property
    def pending(self) -> bool:
        return self.state in PENDING_STATES


def parse_status(value: str) -> Status | None:
    """None unless the value starts with one of STATES (case-insensitive)."""
    text = latex_to_text(value)
    lower = text.lower()
    for state in sorted(STATES, key=len, reverse=True):
        if lower == state:
            return Status(state)
        if lower.startswith(f"{state} at "):
            return Status(state, text[len(state) + 4 :].strip())
    return None


@dataclass(frozen=True, slots=True)
class Presentation:
    """Another presentation of the work: ``venue, year[, award]``."""

    venue: str
    year: str
    award: str = ""


def parse_presentations(value: str) -> tuple[Presentation, ...] | None:
    """None when an item has no four-digit year after its venue."""
    found = []
    for item in (part.strip() for part in latex_to_text(value).split(";")):
        if not item:
            continue
        pieces = [piece.strip() for piece in item.rsplit(",", 2)]
        award = ""
        if len(pieces) == 3 and not _YEAR.match(pieces[2]):
            award = pieces.pop()
        elif len(pieces) == 3:
            pieces = [f"{pieces[0]}, {pieces[1]}", pieces[2]]
        if len(pieces) != 2 or not _YEAR.match(pieces[1]) or not pieces[0]:
            return None
        found.append(Presentation(pieces[0], pieces[1], award))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Publication:
    key: str
    type: str  # lower-case entry type
    title: str  # plain text
    authors: tuple[Name, ...]
    year: str
    month: int | None
    booktitle: str
    journal: str
    howpublished: str
    publisher: str
    volume: str
    number: str
    pages: str
    equal: frozenset[int]  # 1-based author positions
    alphabetical: bool
    award: str
    presented: tuple[Presentation, ...]
    extended: Status | None
    pubstate: Status | None
    themes: tuple[str, ...]
    abstract: str
    doi: str
    arxiv: str
    url: str
    links: tuple[tuple[str, str], ...]  # (field, address) for LINK_FIELDS present
    bibtex: str  # the entry as BibTeX, without bibfolio's own fields
    folder: Path | None  # the .bib file's folder: local files are relative to it
    path: str
    line: int
    position: int  # index in the file: order within a year


def _field(entry: Entry, name: str) -> str:
    return latex_to_text(entry.value(name))


def _authors(entry: Entry) -> tuple[Name, ...]:
    names = []
    for raw in split_names(entry.value("author")):
        try:
            names.append(parse_name(raw))
        except NameError_:
            continue
    return tuple(names)


def _arxiv(entry: Entry) -> str:
    prefix = (entry.value("archiveprefix") or entry.value("eprinttype")).strip().lower()
    eprint = entry.value("eprint").strip()
    return eprint if eprint and prefix in ("arxiv", "") else ""


def bibtex_source(bib: BibFile, entry: Entry) -> str:
    """The entry re-written from its source, keeping values as written, minus our fields."""
    kept = [f for f in entry.fields if f.name.lower() not in PORTFOLIO_FIELDS]
    width = max((len(f.name) for f in kept), default=0)
    lines = [f"@{entry.type.lower()}{{{entry.key},"]
    for fld in kept:
        source = " ".join(bib.text[fld.value_at : fld.value_end].split())
        lines.append(f"  {fld.name.lower():<{width}} = {source},")
    lines.append("}")
    return "\n".join(lines)


def publication(bib: BibFile, entry: Entry, position: int) -> Publication:
    month_value = entry.value("month").strip().lower().rstrip(".")
    month = MONTH_NUMBERS.get(month_value) or (
        int(month_value) if month_value.isdigit() and 1 <= int(month_value) <= 12 else None
    )
    positions = parse_positions(entry.value("equalcontrib")) or ()
    return Publication(
        key=entry.key,
        type=entry.type.lower(),
        title=_field(entry, "title"),
        authors=_authors(entry),
        year=entry.value("year").strip(),
        month=month,
        booktitle=_field(entry, "booktitle"),
        journal=_field(entry, "journal"),
        howpublished=_field(entry, "howpublished"),
        publisher=_field(entry, "publisher"),
        volume=_field(entry, "volume"),
        number=_field(entry, "number"),
        pages=_field(entry, "pages"),
        equal=frozenset(positions),
        alphabetical=entry.value("alphabetical").strip().lower() in ("true", "yes"),
        award=_field(entry, "award"),
        presented=parse_presentations(entry.value("presented")) or (),
        extended=parse_status(entry.value("extended")),
        pubstate=parse_status(entry.value("pubstate")),
        themes=parse_list(entry.value("themes")),
        abstract=_field(entry, "abstract"),
        doi=entry.value("doi").strip(),
        arxiv=_arxiv(entry),
        url=entry.value("url").strip(),
        links=tuple(
            (name, entry.value(name).strip()) for name in LINK_FIELDS if entry.value(name).strip()
        ),
        bibtex=bibtex_source(bib, entry),
        folder=bib.folder,
        path=bib.path,
        line=bib.locate(entry.at)[0],
        position=position,
    )


def publications(bib: BibFile) -> list[Publication]:
    """Every complete entry of the file, in file order (first of duplicate keys only)."""
    seen: set[str] = set()
    found = []
    for position, entry in enumerate(bib.entries):
        if not entry.complete or entry.key.lower() in seen:
            continue
        seen.add(entry.key.lower())
        found.append(publication(bib, entry, position))
    return found


# -- prose from the data file -------------------------------------------------

_PROSE = re.compile(
    r"\*\*(?P<strong>[^*]+)\*\*|\*(?P<emph>[^*\s][^*]*)\*|\[(?P<cite>@[^\s\];@][^\]]*)\]"
)


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of prose: plain text, emphasis, strong text, or citations (keys)."""

    kind: str  # text, emph, strong, cite
    text: str = ""
    keys: tuple[str, ...] = ()


def prose(text: str) -> tuple[Segment, ...]:
    """``*emphasis*``, ``**strong**`` and ``[@key]`` / ``[@a; @b]``; the rest is plain text."""
    found: list[Segment] = []
    position = 0
    for match in _PROSE.finditer(text):
        if match.start() > position:
            found.append(Segment("text", text[position : match.start()]))
        if match.group("strong") is not None:
            found.append(Segment("strong", match.group("strong")))
        elif match.group("emph") is not None:
            found.append(Segment("emph", match.group("emph")))
        else:
            keys = tuple(k.strip().lstrip("@") for k in match.group("cite").split(";"))
            found.append(Segment("cite", keys=tuple(k for k in keys if k)))
        position = match.end()
    if position < len(text):
        found.append(Segment("text", text[position:]))
    return tuple(found)


def cited_keys(text: str) -> tuple[str, ...]:
    return tuple(key for segment in prose(text) if segment.kind == "cite" for key in segment.keys)
