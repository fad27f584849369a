"""Bibliography and data rules: one small function per code, all run in one pass.

``check_project`` returns every problem of the bibliography files, the data
file and the pages, located; it never raises for bad content.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bibfolio.bibtex import BibFile, Entry
from bibfolio.diagnostics import REGISTRY, Problem, Severity
from bibfolio.model import (
    AWARDS,
    LINK_FIELDS,
    MONTH_NUMBERS,
    STATES,
    cited_keys,
    local_file,
    parse_list,
    parse_positions,
    parse_presentations,
    parse_status,
)
from bibfolio.names import NameError_, Owner, parse_name, split_names
from bibfolio.text import fold
from bibfolio.urls import safe_url

E = Severity.ERROR
W = Severity.WARNING

# -- registry: the codes this module reports ----------------------------------

REGISTRY.add(
    "BIB102",
    E,
    "required field missing",
    "BibTeX styles need this field for this entry type; add it, or use a type that fits.",
    "@article{key, author = {Lu, Miao}, title = {A}, year = 2024}\n",
)
REGISTRY.add(
    "BIB103",
    W,
    "unknown entry type",
    "BibTeX styles treat it as @misc; use a standard type (article, inproceedings, misc, ...).",
    "@paper{key, author = {Lu, Miao}, title = {A}, year = 2024}\n",
)
REGISTRY.add(
    "BIB104",
    E,
    "entry key with a character keys should not hold",
    "Keys are letters, digits and - _ : . / + only: such a key works in LaTeX's \\cite, "
    "in page citations and in addresses.",
    "@misc{lu`2024, author = {Lu, Miao}, title = {A}}\n",
)
REGISTRY.add(
    "BIB126",
    E,
    "local file outside the files folder",
    "Files published with the site (a paper's PDF) live in the files folder (files/ beside "
    "pyproject.toml unless [tool.bibfolio] files says otherwise): move it there and give its "
    "path from the .bib file's folder, such as files/paper.pdf.",
    "@misc{key, author = {Lu, Miao}, title = {A}, pdf = {docs/cv.yaml}}\n",
)
REGISTRY.add(
    "BIB127",
    E,
    "local file that does not exist",
    "Check the path: it is relative to the folder of the .bib file (files/paper.pdf).",
    "@misc{key, author = {Lu, Miao}, title = {A}, pdf = {files/missing.pdf}}\n",
)
REGISTRY.add(
    "BIB128",
    E,
    "local file that is not a PDF",
    "The pdf field names a PDF file (one that starts with %PDF-); link other files by address.",
    "@misc{key, author = {Lu, Miao}, title = {A}, pdf = {files/notes.pdf}}\n",
)
REGISTRY.add(
    "BIB110",
    E,
    "empty name in a name list",
    "Names are separated by a single 'and': look for 'and and' or an 'and' at either end.",
    "@misc{key, author = {Lu, Miao and and Li, Bin}, title = {A}}\n",
)
REGISTRY.add(
    "BIB111",
    W,
    "'others' or 'et al.' in a name list",
    "A CV lists every author: write all the names.",
    "@misc{key, author = {Lu, Miao and others}, title = {A}}\n",
)
REGISTRY.add(
    "BIB112",
    E,
    "name that BibTeX cannot split",
    "A name has at most two commas: 'von Last, Jr, First'; brace a corporate name: {ACME Inc.}.",
    "@misc{key, author = {Lu, Miao, Jr, III}, title = {A}}\n",
)
REGISTRY.add(
    "BIB113",
    W,
    "the owner is not among the authors",
    "Check the spelling of the owner's name, or add a spelling to 'aliases' in the data file.",
    "@misc{key, author = {Li, Bin}, title = {A}}\n",
)
REGISTRY.add(
    "BIB120",
    E,
    "malformed year",
    "Write the year as four digits: year = 2024.",
    "@misc{key, author = {Lu, Miao}, title = {A}, year = {24}}\n",
)
REGISTRY.add(
    "BIB121",
    E,
    "malformed month",
    "Use a month macro (month = feb), a month name or a number from 1 to 12.",
    "@misc{key, author = {Lu, Miao}, title = {A}, month = {Febr}}\n",
)
REGISTRY.add(
    "BIB122",
    E,
    "malformed page range",
    "Write pages as 12--34, a single page (12) or an article number (e1234).",
    "@misc{key, author = {Lu, Miao}, title = {A}, pages = {12 to 34}}\n",
)
REGISTRY.add(
    "BIB123",
    E,
    "malformed DOI",
    "Write the bare DOI, 10.prefix/suffix, without https://doi.org/ or doi:.",
    "@misc{key, author = {Lu, Miao}, title = {A}, doi = {https://doi.org/10.1000/xyz}}\n",
)
REGISTRY.add(
    "BIB124",
    E,
    "malformed arXiv identifier",
    "Write the identifier alone: eprint = {2401.01234} (or an old one such as math/0601001).",
    "@misc{key, author = {Lu, Miao}, title = {A}, eprint = {arXiv:2401.1}, "
    "archiveprefix = {arXiv}}\n",
)
REGISTRY.add(
    "BIB125",
    E,
    "address that is not http(s)",
    "Links must start with https:// or http://; a PDF may also be a file path in the project.",
    "@misc{key, author = {Lu, Miao}, title = {A}, url = {javascript:alert(1)}}\n",
)
REGISTRY.add(
    "BIB130",
    E,
    "equal-contribution positions that do not exist",
    "equalcontrib lists author positions, 1 for the first author: equalcontrib = {1, 2}.",
    "@misc{key, author = {Lu, Miao and Li, Bin}, title = {A}, equalcontrib = {1, 3}}\n",
)
REGISTRY.add(
    "BIB131",
    E,
    "alphabetical is not true or false",
    "Write alphabetical = {true} when the authors are in alphabetical order.",
    "@misc{key, author = {Lu, Miao}, title = {A}, alphabetical = {yes please}}\n",
)
REGISTRY.add(
    "BIB132",
    E,
    "award not in the known set",
    f"Known awards: {', '.join(AWARDS)}; add others under [tool.bibfolio] awards in "
    "pyproject.toml.",
    "@misc{key, author = {Lu, Miao}, title = {A}, award = {Oral!}}\n",
)
REGISTRY.add(
    "BIB133",
    E,
    "unknown publication state",
    f"Write 'state' or 'state at venue', the state one of: {', '.join(STATES)}.",
    "@misc{key, author = {Lu, Miao}, title = {A}, pubstate = {sent somewhere}}\n",
)
REGISTRY.add(
    "BIB134",
    E,
    "malformed other presentation",
    "Write 'venue, year' or 'venue, year, award'; separate several with ';'.",
    "@misc{key, author = {Lu, Miao}, title = {A}, presented = {Some Workshop}}\n",
)
REGISTRY.add(
    "BIB135",
    E,
    "theme without a page",
    "Each theme is a page docs/research/<theme>.md: create it or fix the name.",
    "@misc{key, author = {Lu, Miao}, title = {A}, themes = {quantum}}\n",
)
REGISTRY.add(
    "BIB201",
    E,
    "duplicate entry key",
    "BibTeX compares keys without case; pybtex drops every entry after the duplicate. "
    "Rename or remove one.",
    "@misc{key, title = {A}}\n@misc{Key, title = {B}}\n",
)
REGISTRY.add(
    "BIB202",
    E,
    "the same DOI twice",
    "Two entries describe the same work: keep one.",
    "@misc{a, title = {A}, doi = {10.1/x}}\n@misc{b, title = {B}, doi = {10.1/X}}\n",
)
REGISTRY.add(
    "BIB203",
    E,
    "the same arXiv identifier twice",
    "Two entries describe the same work: keep one (record versions in the same entry).",
    "@misc{a, title = {A}, eprint = {2401.01234}}\n@misc{b, title = {B}, eprint = {2401.01234v2}}\n",
)
REGISTRY.add(
    "BIB204",
    W,
    "the same title and first author twice",
    "Probably the same work entered twice; if they differ (say a journal and a conference "
    "version), record one as the other's extended version.",
    "@misc{a, author = {Lu, Miao}, title = {Deep {RL} Today}}\n"
    "@misc{b, author = {Lu, M.}, title = {Deep {RL} today.}}\n",
)
REGISTRY.add(
    "BIB205",
    E,
    "crossref to a missing entry",
    "crossref and xref name the key of another entry in the bibliography.",
    "@inproceedings{a, title = {A}, crossref = {proc2099}}\n",
)
REGISTRY.add(
    "BIB206",
    E,
    "crossref cycle",
    "Entries inherit fields along crossref; a cycle never ends. Break it.",
    "@misc{a, title = {A}, crossref = {b}}\n@misc{b, title = {B}, crossref = {a}}\n",
)
REGISTRY.add(
    "BIB210",
    E,
    "citation of a key that is not in the bibliography",
    "Fix the key, or add the entry to the .bib file.",
    "See {cite}`nosuchkey2099`.\n",
    example_file="docs/page.md",
)
REGISTRY.add(
    "BIB211",
    W,
    "entry shown on no page",
    "Cite it on a page, or add a page with the {publications} directive.",
    "@misc{lonely, author = {Lu, Miao}, title = {A}}\n",
)
REGISTRY.add(
    "CV201",
    E,
    "data cites a key that is not in the bibliography",
    "Fix the key, or add the entry to the .bib file.",
    "name: A\nupdated: 2025-09\nsummary: See [@nosuchkey2099].\n",
    example_file="docs/cv.yaml",
)
REGISTRY.add(
    "BIB301",
    E,
    "look-alike Unicode where ASCII is meant",
    "Replace it with the ASCII character: a typographic dash or quote in a key, DOI or "
    "page range breaks links and citations.",
    "@misc{key\u2212a, title = {A}}\n",
)
REGISTRY.add(
    "BIB302",
    W,
    "unprotected acronym in a title",
    "BibTeX styles lower-case titles; protect it with braces: {RLHF}.",
    "@misc{key, author = {Lu, Miao}, title = {Aligning LLMs}}\n",
)
REGISTRY.add(
    "BIB303",
    W,
    "page range with a single hyphen",
    "Write page ranges with two hyphens (12--34): BibTeX prints an en dash.",
    "@misc{key, author = {Lu, Miao}, title = {A}, pages = {12-34}}\n",
)

# -- entry types and their required fields (BibTeX's standard styles, biblatex) --

REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "article": (("author",), ("title",), ("journal",), ("year", "date")),
    "book": (("author", "editor"), ("title",), ("publisher",), ("year", "date")),
    "booklet": (("title",),),
    "inbook": (("author", "editor"), ("title",), ("chapter", "pages"), ("publisher",), ("year",)),
    "incollection": (("author",), ("title",), ("booktitle",), ("publisher",), ("year", "date")),
    "inproceedings": (("author",), ("title",), ("booktitle",), ("year", "date")),
    "conference": (("author",), ("title",), ("booktitle",), ("year", "date")),
    "manual": (("title",),),
    "mastersthesis": (("author",), ("title",), ("school",), ("year", "date")),
    "misc": (),
    "phdthesis": (("author",), ("title",), ("school",), ("year", "date")),
    "proceedings": (("title",), ("year", "date")),
    "techreport": (("author",), ("title",), ("institution",), ("year", "date")),
    "unpublished": (("author",), ("title",), ("note",)),
    # biblatex
    "online": (("author", "editor"), ("title",), ("year", "date"), ("url", "doi", "eprint")),
    "report": (("author",), ("title",), ("type",), ("institution",), ("year", "date")),
    "thesis": (("author",), ("title",), ("type",), ("institution",), ("year", "date")),
    "software": (("author", "editor"), ("title",), ("year", "date")),
    "dataset": (("author", "editor"), ("title",), ("year", "date")),
    "collection": (("editor",), ("title",), ("year", "date")),
    "electronic": (("title",),),
    "preprint": (("author",), ("title",), ("year", "date")),
}

_YEAR = re.compile(r"^\d{4}$")
_PAGES = re.compile(
    r"^(?:[A-Za-z]?\d+[A-Za-z]?(?:\s*(?:--|-|\u2013)\s*[A-Za-z]?\d+[A-Za-z]?)?|"
    r"[ivxlcdm]+(?:\s*--?\s*[ivxlcdm]+)?)(?:\s*,\s*.+)?$",
    re.IGNORECASE,
)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_ARXIV = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$")
_ACRONYM = re.compile(r"\b[A-Za-z]*[A-Z][a-z]*[A-Z][A-Za-z0-9]*\b")
# Characters that look like ASCII punctuation, and the ASCII meant.
_LOOKALIKES = {
    "\u2212": "-",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2044": "/",
    "\u2215": "/",
    "\u00a0": " ",
    "\u200b": "",
    "\ufeff": "",
    "\uff0f": "/",
}
_LOOKALIKE = re.compile(f"[{''.join(_LOOKALIKES)}]")


@dataclass
class Context:
    """What the checks may look at besides the entries themselves."""

    owner: Owner | None = None
    themes: frozenset[str] | None = None  # theme page names; None: no docs to check
    themes_dir: str = "docs/research"
    awards: frozenset[str] = frozenset(AWARDS)
    files_dir: Path | None = None  # the folder local files are published from; None: no project
    files_shown: str = "files"
    problems: list[Problem] = field(default_factory=list)


class Reporter:
    def __init__(self, bib: BibFile, context: Context) -> None:
        self.bib = bib
        self.context = context

    def add(self, code: str, offset: int, message: str, hint: str = "") -> None:
        self.context.problems.append(self.bib.problem(code, offset, message, hint))


EntryCheck = Callable[[Reporter, Entry], None]
ENTRY_CHECKS: list[EntryCheck] = []


def entry_check(function: EntryCheck) -> EntryCheck:
    ENTRY_CHECKS.append(function)
    return function


# -- one entry --------------------------------------------------------------


@entry_check
def required_fields(out: Reporter, entry: Entry) -> None:
    kind = entry.type.lower()
    needed = REQUIRED.get(kind)
    if needed is None:
        out.add("BIB103", entry.at, f"'@{entry.type}' is not a standard entry type")
        return
    if entry.get("crossref") is not None:
        return  # fields may come from the parent; resolved by crossrefs()
    present = entry.by_name
    for alternatives in needed:
        if not any(name in present and present[name].value.strip() for name in alternatives):
            wanted = " or ".join(alternatives)
            out.add("BIB102", entry.at, f"@{kind} '{entry.key}' has no {wanted}")


@entry_check
def name_lists(out: Reporter, entry: Entry) -> None:
    for role in ("author", "editor"):
        fld = entry.get(role)
        if fld is None:
            continue
        names = split_names(fld.value)
        if not fld.value.strip():
            out.add("BIB110", fld.value_at, f"the {role} list of '{entry.key}' is empty")
            continue
        for position, name in enumerate(names, start=1):
            lower = name.lower()
            if not name or lower == "and" or lower.startswith("and ") or lower.endswith(" and"):
                out.add(
                    "BIB110",
                    fld.value_at,
                    f"empty name in the {role} list of '{entry.key}' (near name {position}: "
                    f"an extra 'and')",
                )
            elif lower in ("others", "et al.", "et al", "{others}") or lower.endswith("et al."):
                out.add(
                    "BIB111", fld.value_at, f"the {role} list of '{entry.key}' ends with '{name}'"
                )
            elif name.count(",") > 2 and _top_level_commas(name) > 2:
                out.add(
                    "BIB112",
                    fld.value_at,
                    f"{role} {position} of '{entry.key}', '{name}', has too many commas",
                )


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


@entry_check
def owner_present(out: Reporter, entry: Entry) -> None:
    owner = out.context.owner
    fld = entry.get("author")
    if owner is None or fld is None or not fld.value.strip():
        return
    family = {fold(name.last) for name in owner.names}
    text = fold(fld.value)
    if any(word in text for word in family):
        for raw in split_names(fld.value):
            try:
                if owner.matches(parse_name(raw)):
                    return
            except NameError_:
                continue
    shown = owner.names[0].display
    out.add("BIB113", fld.value_at, f"'{shown}' is not among the authors of '{entry.key}'")


@entry_check
def year_and_month(out: Reporter, entry: Entry) -> None:
    year = entry.get("year")
    if year is not None and not _YEAR.match(year.value.strip()):
        out.add("BIB120", year.value_at, f"year '{year.value}' of '{entry.key}' is not 4 digits")
    month = entry.get("month")
    if month is not None:
        value = month.value.strip().lower().rstrip(".")
        if not (value in MONTH_NUMBERS or (value.isdigit() and 1 <= int(value) <= 12)):
            out.add("BIB121", month.value_at, f"month '{month.value}' of '{entry.key}'")


@entry_check
def pages(out: Reporter, entry: Entry) -> None:
    fld = entry.get("pages")
    if fld is None:
        return
    value = fld.value.strip()
    if not value:
        return
    if not _PAGES.match(value):
        out.add("BIB122", fld.value_at, f"pages '{value}' of '{entry.key}'")
    elif re.search(r"\d\s*-\s*\d", value) and "--" not in value:
        out.add("BIB303", fld.value_at, f"pages '{value}' of '{entry.key}': write '--'")


@entry_check
def identifiers(out: Reporter, entry: Entry) -> None:
    doi = entry.get("doi")
    if doi is not None and doi.value.strip() and not _LOOKALIKE.search(doi.value):
        value = doi.value.strip()
        if not _DOI.match(value):
            bare = re.sub(
                r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.IGNORECASE
            )
            suggestion = f" (write {bare})" if bare != value and _DOI.match(bare) else ""
            out.add("BIB123", doi.value_at, f"DOI '{value}' of '{entry.key}'{suggestion}")
    eprint = entry.get("eprint")
    prefix = (entry.value("archiveprefix") or entry.value("eprinttype")).strip().lower()
    if eprint is not None and prefix in ("arxiv", "") and eprint.value.strip():
        value = eprint.value.strip()
        looks_arxiv = (
            prefix == "arxiv" or value.lower().startswith("arxiv") or re.match(r"^\d{4}\.", value)
        )
        if looks_arxiv and not _ARXIV.match(value):
            out.add("BIB124", eprint.value_at, f"arXiv identifier '{value}' of '{entry.key}'")


@entry_check
def addresses(out: Reporter, entry: Entry) -> None:
    for name in ("url", *LINK_FIELDS):
        fld = entry.get(name)
        if fld is None or not fld.value.strip():
            continue
        value = fld.value.strip()
        if safe_url(value) or (name == "pdf" and local_file(value)):
            continue
        out.add("BIB125", fld.value_at, f"{name} of '{entry.key}' is '{value[:60]}'")


@entry_check
def portfolio_fields(out: Reporter, entry: Entry) -> None:
    equal = entry.get("equalcontrib")
    if equal is not None:
        positions = parse_positions(equal.value)
        count = len(split_names(entry.value("author"))) if entry.value("author").strip() else 0
        if positions is None:
            out.add(
                "BIB130",
                equal.value_at,
                f"equalcontrib '{equal.value}' of '{entry.key}' is not a list of author positions",
            )
        elif any(p > count for p in positions):
            wrong = ", ".join(str(p) for p in positions if p > count)
            out.add(
                "BIB130",
                equal.value_at,
                f"equalcontrib of '{entry.key}' names position {wrong}, "
                f"but the entry has {count} author{'s' if count != 1 else ''}",
            )
    alphabetical = entry.get("alphabetical")
    if alphabetical is not None and alphabetical.value.strip().lower() not in (
        "true",
        "false",
        "yes",
        "no",
    ):
        out.add("BIB131", alphabetical.value_at, f"alphabetical '{alphabetical.value}'")
    award = entry.get("award")
    if award is not None and award.value.strip() not in out.context.awards:
        out.add("BIB132", award.value_at, f"award '{award.value}' of '{entry.key}'")
    for name in ("pubstate", "extended"):
        fld = entry.get(name)
        if fld is not None and parse_status(fld.value) is None:
            out.add("BIB133", fld.value_at, f"{name} '{fld.value}' of '{entry.key}'")
    presented = entry.get("presented")
    if presented is not None:
        parsed = parse_presentations(presented.value)
        if parsed is None:
            out.add("BIB134", presented.value_at, f"presented '{presented.value}' of '{entry.key}'")
        else:
            for item in parsed:
                if item.award and item.award not in out.context.awards:
                    out.add("BIB132", presented.value_at, f"award '{item.award}' in presented")
    themes = entry.get("themes")
    known = out.context.themes
    if themes is not None and known is not None:
        for theme in parse_list(themes.value):
            if theme not in known:
                listed = ", ".join(sorted(known)) or "none"
                out.add(
                    "BIB135",
                    themes.value_at,
                    f"'{entry.key}' names theme '{theme}', which has no page "
                    f"({out.context.themes_dir}/{theme}.md); known themes: {listed}",
                )


_KEY_PUNCTUATION = frozenset("-_:./+")


@entry_check
def key_characters(out: Reporter, entry: Entry) -> None:
    for index, char in enumerate(entry.key):
        if char.isalnum() or char in _KEY_PUNCTUATION or char in _LOOKALIKES:
            continue  # look-alikes of ASCII punctuation are BIB301's
        name = unicodedata.name(char, "a control character")
        out.add(
            "BIB104",
            entry.key_at + index,
            f"key '{entry.key}' holds {char!r} ({name}, U+{ord(char):04X})",
        )
        return


@entry_check
def local_files(out: Reporter, entry: Entry) -> None:
    fld = entry.get("pdf")
    folder = out.bib.folder
    files = out.context.files_dir
    if fld is None or folder is None or files is None:
        return
    value = fld.value.strip()
    if not value or not local_file(value):
        return
    target = (folder / value).resolve()
    if not target.is_relative_to(files.resolve()):
        through = " through a link" if (folder / value).absolute().is_relative_to(files) else ""
        out.add(
            "BIB126",
            fld.value_at,
            f"pdf '{value}' of '{entry.key}' leads{through} outside the files folder "
            f"({out.context.files_shown}/), so it is not published",
        )
    elif not target.is_file():
        out.add("BIB127", fld.value_at, f"pdf '{value}' of '{entry.key}' does not exist")
    elif not _starts_with(target, b"%PDF-"):
        out.add("BIB128", fld.value_at, f"pdf '{value}' of '{entry.key}' is not a PDF file")


def _starts_with(path: Path, head: bytes) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(head)) == head
    except OSError:
        return False


@entry_check
def lookalikes(out: Reporter, entry: Entry) -> None:
    found = _LOOKALIKE.search(entry.key)
    if found:
        out.add("BIB301", entry.key_at + found.start(), f"key '{entry.key}' {_lookalike(found)}")
    for name in ("doi", "pages", "eprint", "year", "crossref", "url"):
        fld = entry.get(name)
        if fld is None:
            continue
        found = _LOOKALIKE.search(fld.value)
        if found and not (name == "pages" and found.group() == "\u2013"):
            out.add("BIB301", fld.value_at, f"{name} of '{entry.key}' {_lookalike(found)}")


def _lookalike(found: re.Match[str]) -> str:
    char = found.group()
    meant = _LOOKALIKES[char]
    instead = f"write '{meant}'" if meant else "remove it"
    return (
        f"holds {unicodedata.name(char, 'an invisible character')} (U+{ord(char):04X}): {instead}"
    )


@entry_check
def acronyms(out: Reporter, entry: Entry) -> None:
    title = entry.get("title")
    if title is None:
        return
    found = sorted({m.group() for m in _ACRONYM.finditer(_outside_braces(title.value))})
    if found:
        out.add(
            "BIB302",
            title.value_at,
            f"title of '{entry.key}': {', '.join(found)} not in braces",
        )


_INNER_GROUP = re.compile(r"\{[^{}]*\}")
_COMMAND = re.compile(r"\\[A-Za-z]+")


def _outside_braces(text: str) -> str:
    """The text with every braced group blanked out, and TeX commands too."""
    while "{" in text:
        blanked = _INNER_GROUP.sub(" ", text)
        if blanked == text:
            break
        text = blanked
    return _COMMAND.sub(" ", text) if "\\" in text else text


# -- across entries -----------------------------------------------------------


def duplicates(bibs: Sequence[BibFile], context: Context) -> None:
    seen_key: dict[str, tuple[BibFile, Entry]] = {}
    seen: dict[str, dict[str, tuple[BibFile, Entry]]] = defaultdict(dict)
    for bib in bibs:
        out = Reporter(bib, context)
        for entry in bib.entries:
            lower = entry.key.lower()
            first = seen_key.get(lower)
            if first is not None:
                out.add(
                    "BIB201",
                    entry.key_at,
                    f"key '{entry.key}' is already used by the entry at {_where(*first)}",
                )
                continue
            seen_key[lower] = (bib, entry)
            for code, kind, value in _identities(entry):
                if not value:
                    continue
                earlier = seen[kind].get(value)
                if earlier is None:
                    seen[kind][value] = (bib, entry)
                else:
                    fld = entry.get(kind if kind != "arxiv" else "eprint")
                    out.add(
                        code,
                        fld.value_at if fld is not None else entry.at,
                        f"'{entry.key}' and '{earlier[1].key}' ({_where(*earlier)}) "
                        f"have the same {_IDENTITY_NAMES[kind]}",
                    )


_FIRST_NAME = re.compile(r"\s+and\s+", re.IGNORECASE)
_IDENTITY_NAMES = {"doi": "DOI", "arxiv": "arXiv id", "title": "title and first author"}


def _identities(entry: Entry) -> Iterator[tuple[str, str, str]]:
    doi = entry.value("doi").strip().lower()
    yield "BIB202", "doi", doi
    prefix = (entry.value("archiveprefix") or entry.value("eprinttype")).strip().lower()
    if prefix in ("arxiv", ""):
        eprint = re.sub(r"v\d+$", "", entry.value("eprint").strip().lower())
        yield "BIB203", "arxiv", eprint.removeprefix("arxiv:")
    title = title_key(entry.value("title"))
    if len(title) > 10:  # the same title by the same first author (and number): bibtex-tidy's rule
        people = entry.value("author") or entry.value("editor")
        first = _FIRST_NAME.split(people.strip(), 1)[0]
        family = first.split(",", 1)[0] if "," in first else (first.split() or [""])[-1]
        number = entry.value("number")
        yield (
            "BIB204",
            "title",
            f"{title_key(family)}:{title}:{title_key(number) if number else ''}",
        )


_TITLE_NOISE = re.compile(r"\\[A-Za-z]+|\\.|[^0-9a-z]+")


def title_key(title: str) -> str:
    """Letters and digits of a title, lower-cased, accents and TeX commands dropped."""
    if not title.isascii():
        title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return _TITLE_NOISE.sub("", title.lower())


def _where(bib: BibFile, entry: Entry) -> str:
    line, col = bib.locate(entry.at)
    return f"{bib.path}:{line}:{col}"


def crossrefs(bibs: Sequence[BibFile], context: Context) -> None:
    if not any("crossref" in e.by_name or "xref" in e.by_name for b in bibs for e in b.entries):
        return
    entries = {entry.key.lower(): (bib, entry) for bib in bibs for entry in bib.entries}
    in_cycles: set[str] = set()
    for bib in bibs:
        out = Reporter(bib, context)
        for entry in bib.entries:
            for name in ("crossref", "xref"):
                fld = entry.get(name)
                if fld is None:
                    continue
                target = fld.value.strip()
                if target.lower() not in entries:
                    out.add("BIB205", fld.value_at, f"{name} of '{entry.key}' names '{target}'")
            if entry.get("crossref") is not None:
                _crossref_chain(out, entry, entries, in_cycles)


def _crossref_chain(
    out: Reporter,
    entry: Entry,
    entries: dict[str, tuple[BibFile, Entry]],
    in_cycles: set[str],
) -> None:
    chain = [entry.key]
    current = entry
    merged = {f.name.lower() for f in entry.fields}
    while True:
        target = current.value("crossref").strip().lower()
        if not target or target not in entries:
            break
        if target in (k.lower() for k in chain):
            if entry.key.lower() in in_cycles:
                return  # this cycle is reported once, at its first entry
            in_cycles.update(k.lower() for k in chain)
            fld = entry.get("crossref")
            out.add(
                "BIB206",
                fld.value_at if fld else entry.at,
                "crossref cycle: " + " -> ".join([*chain, target]),
            )
            return
        current = entries[target][1]
        chain.append(current.key)
        merged |= {f.name.lower() for f in current.fields if f.value.strip()}
    needed = REQUIRED.get(entry.type.lower(), ())
    for alternatives in needed:
        if not any(name in merged for name in alternatives):
            kind = entry.type.lower()
            out.add("BIB102", entry.at, f"@{kind} '{entry.key}' has no {' or '.join(alternatives)}")


# -- against the pages and the data -------------------------------------------


@dataclass(frozen=True, slots=True)
class Citation:
    key: str
    path: str
    line: int
    col: int


def data_citations(texts: Iterable[tuple[str, int, int, str]]) -> list[Citation]:
    """``[@key]`` and ``[@a; @b]`` in the data file's prose: (path, line, col, text)."""
    return [
        Citation(key, path, line, col)
        for path, line, col, text in texts
        for key in cited_keys(text)
    ]


def citations(
    bibs: Sequence[BibFile],
    context: Context,
    cited: Sequence[Citation],
    data_cited: Sequence[Citation],
    lists_all: bool,
) -> None:
    keys = {entry.key.lower() for bib in bibs for entry in bib.entries}
    for citation in cited:
        if citation.key.lower() not in keys:
            context.problems.append(
                _problem(
                    citation, "BIB210", f"cites '{citation.key}', which is not in the bibliography"
                )
            )
    for citation in data_cited:
        if citation.key.lower() not in keys:
            context.problems.append(
                _problem(
                    citation, "CV201", f"cites '{citation.key}', which is not in the bibliography"
                )
            )
    if lists_all:
        return
    used = {c.key.lower() for c in (*cited, *data_cited)}
    for bib in bibs:
        out = Reporter(bib, context)
        for entry in bib.entries:
            if entry.key.lower() not in used:
                out.add("BIB211", entry.at, f"'{entry.key}' is cited on no page")


def _problem(citation: Citation, code: str, message: str) -> Problem:
    registered = REGISTRY[code]
    return Problem(
        citation.path,
        citation.line,
        citation.col,
        code,
        message,
        registered.severity,
        registered.hint,
    )


def check_bibliographies(bibs: Sequence[BibFile], context: Context) -> None:
    """Every check that needs only the bibliography (and the context)."""
    for bib in bibs:
        context.problems.extend(bib.problems)
        out = Reporter(bib, context)
        for entry in bib.entries:
            if not entry.complete:
                continue  # cut short by a syntax error, already reported
            for check in ENTRY_CHECKS:
                check(out, entry)
    duplicates(bibs, context)
    crossrefs(bibs, context)
