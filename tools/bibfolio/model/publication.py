"""Publications as the portfolio sees them, read from parsed BibTeX once, with their problems.

``read_publication`` turns one entry into a frozen ``Publication`` and reports,
located at the field, every value it cannot take (a year that is not four
digits, an unknown award, a local PDF outside the files folder, ...): a field
is parsed once, and what the model holds is what was checked. A value with a
problem is left out of the model rather than guessed; a build never gets that
far, since the problem stops it.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from bibfolio.diagnostics import Problem
from bibfolio.load.bibtex import BibFile, Entry, Field
from bibfolio.load.files import inside
from bibfolio.model.fields import LINK_FIELDS, PUBLIC_FIELDS
from bibfolio.model.names import Name, NameError_, Owner, name_marks, parse_name, split_names
from bibfolio.model.text import LOOKALIKE, fold, latex_to_text
from bibfolio.model.urls import safe_url
from bibfolio.pickled import quick_pickle

_LIST_SEPARATOR = re.compile(r"\s*[,;]\s*")
_LOCAL_FILE = re.compile(r"^(?![a-zA-Z][a-zA-Z0-9+.-]*:)(?!/)(?!.*\.\.)[\w./ -]+$")
_YEAR = re.compile(r"^\d{4}$")
_PAGES = re.compile(
    r"^(?:[A-Za-z]?\d+[A-Za-z]?(?:\s*(?:--|-|\u2013)\s*[A-Za-z]?\d+[A-Za-z]?)?|"
    r"[ivxlcdm]+(?:\s*--?\s*[ivxlcdm]+)?)(?:\s*,\s*.+)?$",
    re.IGNORECASE,
)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ARXIV = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$")
# Every spelling of a month BibTeX files use: jan, january, sept, 9, ...
_MONTH_WORDS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
MONTH_NUMBERS = {
    **{name: number for number, name in enumerate(_MONTH_WORDS, start=1)},
    **{name[:3]: number for number, name in enumerate(_MONTH_WORDS, start=1)},
    "sept": 9,
}
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


def local_file(value: str) -> bool:
    """A relative file path (no scheme, no '..', not absolute): a file of the project."""
    return bool(_LOCAL_FILE.match(value)) and not safe_url(value)


def parse_list(value: str) -> tuple[str, ...]:
    """``{llm-agents, rlhf}`` -> ("llm-agents", "rlhf")."""
    return tuple(item for item in _LIST_SEPARATOR.split(value.strip()) if item)


@quick_pickle
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


@quick_pickle
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


@quick_pickle
@dataclass(frozen=True, slots=True)
class Publication:
    key: str
    type: str  # lower-case entry type
    title: str  # plain text
    authors: tuple[Name, ...]
    editors: tuple[Name, ...]
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
    links: tuple[tuple[str, str], ...]  # (field, address) for the link fields given
    local_pdf: Path | None  # a checked PDF of the files folder, published with the site
    bibtex: str  # the entry as BibTeX, standard fields only
    fields: tuple[tuple[str, str], ...]  # every field as read (name in lower case, raw value)
    path: str
    line: int
    position: int  # index in the file: order within a year
    selected: bool = False  # selected = {true}: shown among the selected papers (home page)
    more_authors: bool = False  # the author list ends with 'and others': it is not complete


@dataclass(frozen=True)
class Rules:
    """What an entry's values are checked against, besides their own form."""

    owner: Owner | None = None
    awards: frozenset[str] = frozenset(AWARDS)
    themes: frozenset[str] | None = None  # theme page names; None: no pages to check against
    themes_dir: str = "docs/research"
    files_dir: Path | None = None  # where published local files live; None: no project
    files_shown: str = "files"
    project: Path | None = None  # the folder every published file lies in, links followed


@dataclass
class _Reader:
    """Reads one entry's fields, noting each problem at its field."""

    bib: BibFile
    entry: Entry
    rules: Rules
    problems: list[Problem] = field(default_factory=list)
    cut_short: set[str] = field(default_factory=set)  # roles whose list ends with 'others'

    def report(self, code: str, offset: int, message: str, hint: str = "") -> None:
        self.problems.append(self.bib.problem(code, offset, message, hint))

    def text(self, name: str) -> str:
        return latex_to_text(self.entry.value(name))

    # -- people -------------------------------------------------------------

    def name_list(self, role: str) -> tuple[Name, ...]:
        key = self.entry.key
        fld = self.entry.get(role)
        if fld is None:
            return ()
        if not fld.value.strip():
            self.report("BIB110", fld.value_at, f"the {role} list of '{key}' is empty")
            return ()
        parsed = []
        marked: list[tuple[int, str, str]] = []
        for position, written in enumerate(split_names(fld.value), start=1):
            raw, marks = name_marks(written)
            if marks:
                marked.append((position, written, marks))
            lower = raw.lower()
            if not raw or lower == "and" or lower.startswith("and ") or lower.endswith(" and"):
                self.report(
                    "BIB110",
                    fld.value_at,
                    f"empty name in the {role} list of '{key}' (near name {position}: "
                    f"an extra 'and')",
                )
            elif lower in ("others", "et al.", "et al", "{others}") or lower.endswith("et al."):
                self.cut_short.add(role)  # shown as "et al.", never as a complete list
                self.report("BIB111", fld.value_at, f"the {role} list of '{key}' ends with '{raw}'")
            elif raw.count(",") > 2 and _top_level_commas(raw) > 2:
                self.report(
                    "BIB112",
                    fld.value_at,
                    f"{role} {position} of '{key}', '{raw}', has too many commas",
                )
            else:
                try:
                    parsed.append(parse_name(raw))
                except NameError_:
                    self.report(
                        "BIB112",
                        fld.value_at,
                        f"{role} {position} of '{key}', '{raw}', cannot be split",
                    )
        if role == "author":
            self.owner_among(fld, parsed)
        if marked:
            self.marks_in_names(role, fld, marked)
        return tuple(parsed)

    def marks_in_names(self, role: str, fld: Field, marked: list[tuple[int, str, str]]) -> None:
        """One warning for the marks written into the names of a list (BIB142)."""
        names = ", ".join(f"'{written}'" for _, written, _ in marked)
        several = len(marked) > 1
        message = (
            f"{role}{'s' if several else ''} {', '.join(str(p) for p, _, _ in marked)} of "
            f"'{self.entry.key}' carr{'y' if several else 'ies'} a mark in the name ({names})"
        )
        equal = [str(position) for position, _, marks in marked if "*" in marks]
        if role == "author" and equal and self.entry.get("equalcontrib") is None:
            message += f": write equalcontrib = {{{', '.join(equal)}}} and remove the marks"
        else:
            message += (
                ": remove the marks (bibfolio shows * from equalcontrib and \u2020 from "
                "alphabetical, and no other mark)"
            )
        self.report("BIB142", fld.value_at, message)

    def owner_among(self, fld: Field, names: list[Name]) -> None:
        owner = self.rules.owner
        if owner is None or not names or "author" in self.cut_short:
            return  # a list cut short with 'others' may hold the owner among the others
        family = {fold(name.last) for name in owner.names}
        family |= {fold(name.first) for name in owner.names if name.first}  # written reversed
        if any(word in fold(fld.value) for word in family) and any(map(owner.matches, names)):
            return
        shown = owner.names[0].display
        self.report(
            "BIB113", fld.value_at, f"'{shown}' is not among the authors of '{self.entry.key}'"
        )

    # -- dates, pages, identifiers -------------------------------------------------

    def year(self) -> str:
        fld = self.entry.get("year")
        if fld is None:
            return ""
        value = fld.value.strip()
        if not _YEAR.match(value):
            self.report(
                "BIB120", fld.value_at, f"year '{fld.value}' of '{self.entry.key}' is not 4 digits"
            )
            return ""
        return value

    def month(self) -> int | None:
        fld = self.entry.get("month")
        if fld is None:
            return None
        value = fld.value.strip().lower().rstrip(".")
        if value in MONTH_NUMBERS:
            return MONTH_NUMBERS[value]
        if value.isdigit() and 1 <= int(value) <= 12:
            return int(value)
        self.report("BIB121", fld.value_at, f"month '{fld.value}' of '{self.entry.key}'")
        return None

    def pages(self) -> str:
        fld = self.entry.get("pages")
        value = fld.value.strip() if fld is not None else ""
        if fld is None or not value:
            return ""
        if not _PAGES.match(value):
            self.report("BIB122", fld.value_at, f"pages '{value}' of '{self.entry.key}'")
            return ""
        if re.search(r"\d\s*-\s*\d", value) and "--" not in value:
            self.report(
                "BIB303", fld.value_at, f"pages '{value}' of '{self.entry.key}': write '--'"
            )
        return latex_to_text(value)

    def doi(self) -> str:
        fld = self.entry.get("doi")
        value = fld.value.strip() if fld is not None else ""
        if fld is None or not value or LOOKALIKE.search(value):
            return ""  # a look-alike character is BIB301's
        if _DOI.match(value):
            return value
        bare = _DOI_PREFIX.sub("", value)
        suggestion = f" (write {bare})" if bare != value and _DOI.match(bare) else ""
        self.report("BIB123", fld.value_at, f"DOI '{value}' of '{self.entry.key}'{suggestion}")
        return ""

    def arxiv(self) -> str:
        """The arXiv identifier: eprint's, else al-folio's arxiv field's."""
        entry = self.entry
        fld = entry.get("eprint")
        prefix = (entry.value("archiveprefix") or entry.value("eprinttype")).strip().lower()
        if fld is None and entry.get("arxiv") is not None:
            fld, prefix = entry.get("arxiv"), "arxiv"
        value = fld.value.strip() if fld is not None else ""
        if fld is None or not value or prefix not in ("arxiv", ""):
            return ""
        looks_arxiv = (
            prefix == "arxiv" or value.lower().startswith("arxiv") or re.match(r"^\d{4}\.", value)
        )
        if looks_arxiv and not _ARXIV.match(value):
            self.report("BIB124", fld.value_at, f"arXiv identifier '{value}' of '{entry.key}'")
            return ""
        return value

    # -- links and files -------------------------------------------------------------

    def address(self, name: str) -> str:
        fld = self.entry.get(name)
        value = fld.value.strip() if fld is not None else ""
        if fld is None or not value:
            return ""
        if safe_url(value) or (name == "pdf" and local_file(value)):
            return value
        self.report("BIB125", fld.value_at, f"{name} of '{self.entry.key}' is '{value[:60]}'")
        return ""

    def local_pdf(self, value: str) -> Path | None:
        """The PDF a relative ``pdf`` value names, when it is one of the files folder.

        The one file reading an entry looks at besides refs.bib: bibfolio.kept looks at
        it again before it reuses what was read (keep in step)."""
        fld = self.entry.get("pdf")
        folder, files = self.bib.folder, self.rules.files_dir
        if fld is None or not value or not local_file(value) or folder is None or files is None:
            return None
        key = self.entry.key
        target = (folder / value).resolve()
        project = self.rules.project
        if project is not None and not inside(target, project):
            self.report(
                "BIB126",
                fld.value_at,
                f"pdf '{value}' of '{key}' leads to {target}, outside the project, so it is "
                "not published",
            )
        elif not target.exists():
            self.report(
                "BIB127",
                fld.value_at,
                f"pdf '{value}' of '{key}' does not exist{self.pdf_meant(value, folder, files)}",
            )
        elif not target.is_relative_to(files.resolve()):
            through = " through a link" if (folder / value).absolute().is_relative_to(files) else ""
            self.report(
                "BIB126",
                fld.value_at,
                f"pdf '{value}' of '{key}' leads{through} outside the files folder "
                f"({self.rules.files_shown}/), so it is not published",
            )
        elif not target.is_file():
            self.report("BIB127", fld.value_at, f"pdf '{value}' of '{key}' is not a file")
        elif not _starts_with(target, b"%PDF-"):
            self.report("BIB128", fld.value_at, f"pdf '{value}' of '{key}' is not a PDF file")
        else:
            return target
        return None

    def pdf_meant(self, value: str, folder: Path, files: Path) -> str:
        """Where a PDF named by a path that leads nowhere probably is: in the files folder,
        or in al-folio's assets/pdf/ (its pdf field names a file there)."""
        name = Path(value).name
        for candidate in (files / value, files / name):
            if candidate.is_file():
                return f": write pdf = {{{posixpath.relpath(candidate, folder)}}}"
        for site in (folder, folder.parent):  # al-folio's refs.bib is in _bibliography/
            if (site / "assets" / "pdf" / value).is_file():
                shown = posixpath.relpath(files / name, folder)
                return (
                    f" here (al-folio's assets/pdf/{value} does): move it to "
                    f"{self.rules.files_shown}/ and write pdf = {{{shown}}}"
                )
        shown = posixpath.relpath(files / name, folder)
        if shown == value:
            return ""
        return f" (a PDF published with the site goes in {self.rules.files_shown}/: {shown})"

    # -- bibfolio's own fields ----------------------------------------------------------

    def equal(self, authors: int) -> frozenset[int]:
        fld = self.entry.get("equalcontrib")
        if fld is None:
            return frozenset()
        items = parse_list(fld.value)
        if not all(item.isdigit() and int(item) > 0 for item in items):
            self.report(
                "BIB130",
                fld.value_at,
                f"equalcontrib '{fld.value}' of '{self.entry.key}' is not a list of author "
                "positions",
            )
            return frozenset()
        positions = {int(item) for item in items}
        count = len(split_names(self.entry.value("author"))) if authors else 0
        wrong = sorted(p for p in positions if p > count)
        if wrong:
            self.report(
                "BIB130",
                fld.value_at,
                f"equalcontrib of '{self.entry.key}' names position "
                f"{', '.join(map(str, wrong))}, but the entry has {count} "
                f"author{'s' if count != 1 else ''}",
            )
            return frozenset()
        return frozenset(positions)

    def flag(self, name: str, code: str) -> bool:
        """A field that is true or false (``alphabetical``, ``selected``); absent: false."""
        fld = self.entry.get(name)
        if fld is None:
            return False
        value = fld.value.strip().lower()
        if value not in ("true", "false", "yes", "no"):
            self.report(code, fld.value_at, f"{name} '{fld.value}'")
        return value in ("true", "yes")

    def award(self) -> str:
        fld = self.entry.get("award")
        if fld is None:
            return ""
        if fld.value.strip() not in self.rules.awards:
            self.report("BIB132", fld.value_at, f"award '{fld.value}' of '{self.entry.key}'")
            return ""
        return latex_to_text(fld.value)

    def status(self, name: str) -> Status | None:
        fld = self.entry.get(name)
        if fld is None:
            return None
        parsed = parse_status(fld.value)
        if parsed is None:
            self.report("BIB133", fld.value_at, f"{name} '{fld.value}' of '{self.entry.key}'")
        return parsed

    def presented(self) -> tuple[Presentation, ...]:
        fld = self.entry.get("presented")
        if fld is None:
            return ()
        parsed = parse_presentations(fld.value)
        if parsed is None:
            self.report("BIB134", fld.value_at, f"presented '{fld.value}' of '{self.entry.key}'")
            return ()
        for item in parsed:
            if item.award and item.award not in self.rules.awards:
                self.report("BIB132", fld.value_at, f"award '{item.award}' in presented")
        return parsed

    def themes(self) -> tuple[str, ...]:
        fld = self.entry.get("themes")
        if fld is None:
            return ()
        themes = parse_list(fld.value)
        known = self.rules.themes
        for theme in themes:
            if known is not None and theme not in known:
                listed = ", ".join(sorted(known)) or "none"
                self.report(
                    "BIB135",
                    fld.value_at,
                    f"'{self.entry.key}' names theme '{theme}', which has no page "
                    f"({self.rules.themes_dir}/{theme}.md); known themes: {listed}",
                )
        return themes


def _top_level_commas(name: str) -> int:
    depth = count = 0
    for char in name:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "," and depth == 0:
            count += 1
    return count


def _starts_with(path: Path, head: bytes) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(head)) == head
    except OSError:
        return False


def bibtex_source(bib: BibFile, entry: Entry) -> str:
    """The entry re-written from its source, keeping values as written: its standard fields
    only (al-folio's ``arxiv`` as eprint, when there is none)."""
    kept: list[tuple[str, Field | None]] = [
        (f.name.lower(), f) for f in entry.fields if f.name.lower() in PUBLIC_FIELDS
    ]
    arxiv = entry.get("arxiv")
    if arxiv is not None and entry.get("eprint") is None:
        kept += [("eprint", arxiv)]
        if entry.get("archiveprefix") is None:
            kept += [("archiveprefix", None)]
    width = max((len(name) for name, _ in kept), default=0)
    lines = [f"@{entry.type.lower()}{{{entry.key},"]
    for name, fld in kept:
        source = " ".join(bib.text[fld.value_at : fld.value_end].split()) if fld else "{arXiv}"
        lines.append(f"  {name:<{width}} = {source},")
    lines.append("}")
    return "\n".join(lines)


def read_publication(
    bib: BibFile, entry: Entry, position: int, rules: Rules
) -> tuple[Publication, list[Problem]]:
    """The entry as a publication, and the problems of its values (located at each field)."""
    reader = _Reader(bib, entry, rules)
    authors = reader.name_list("author")
    links = tuple((name, value) for name in LINK_FIELDS if (value := reader.address(name)))
    pdf = next((value for name, value in links if name == "pdf"), "")
    pub = Publication(
        key=entry.key,
        type=entry.type.lower(),
        title=reader.text("title"),
        authors=authors,
        editors=reader.name_list("editor"),
        year=reader.year(),
        month=reader.month(),
        booktitle=reader.text("booktitle"),
        journal=reader.text("journal"),
        howpublished=reader.text("howpublished"),
        publisher=reader.text("publisher"),
        volume=reader.text("volume"),
        number=reader.text("number"),
        pages=reader.pages(),
        equal=reader.equal(len(authors)),
        alphabetical=reader.flag("alphabetical", "BIB131"),
        award=reader.award(),
        presented=reader.presented(),
        extended=reader.status("extended"),
        pubstate=reader.status("pubstate"),
        themes=reader.themes(),
        abstract=reader.text("abstract"),
        doi=reader.doi(),
        arxiv=reader.arxiv(),
        url=reader.address("url"),
        links=links,
        local_pdf=reader.local_pdf(pdf),
        bibtex=bibtex_source(bib, entry),
        fields=tuple((f.name.lower(), f.value) for f in entry.fields),
        path=bib.path,
        line=bib.locate(entry.at)[0],
        position=position,
        selected=reader.flag("selected", "BIB136"),  # al-folio's field
        more_authors="author" in reader.cut_short,
    )
    return pub, reader.problems
