"""An al-folio bibliography (``_bibliography/papers.bib``) rewritten as bibfolio's refs.bib.

What changes, field by field (al-folio's meaning is that of its ``bib`` layout):

- marks written into names (``Zhang*, Yuntong``): removed; ``*`` becomes the
  author's position in ``equalcontrib``; any other mark (``†``, ``‡``, ...) has
  no field yet and is reported;
- ``pdf``: an address stays; a file name means ``assets/pdf/<name>``, copied
  to ``files/`` (``pdf = {files/<name>}``) when it is a PDF inside the source;
- ``website`` becomes ``project``; ``html`` becomes ``url`` when there is none;
  ``arxiv`` becomes ``eprint`` with ``archiveprefix = {arXiv}``; ``code``,
  ``video``, ``slides`` and ``poster`` stay when they are addresses;
- ``award_name`` (or a short ``award``) becomes ``award``; a name bibfolio does
  not know is returned to be declared in the project's settings;
- al-folio's display settings (``abbr``, ``bibtex_show``, ``preview``, badges)
  are dropped, with one note per entry; every other field bibfolio has no
  place for (``selected``, ``supp``, ``blog``, ``annotation``, a site's own
  fields) is left out and reported where it is written;
- acronyms in titles are braced, page ranges get ``--``.

Standard BibTeX and biblatex fields are kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bibfolio.check.entries import ACRONYM, REQUIRED
from bibfolio.importers.common import Imported, Source
from bibfolio.load.bibtex import MONTHS, BibFile, Entry, Field, parse
from bibfolio.model.names import split_names
from bibfolio.model.publication import AWARDS
from bibfolio.model.text import latex_to_text
from bibfolio.model.urls import safe_url

STANDARD = frozenset(
    (
        *("address", "annote", "author", "booktitle", "chapter", "crossref", "edition"),
        *("editor", "howpublished", "institution", "journal", "key", "month", "note"),
        *("number", "organization", "pages", "publisher", "school", "series", "title"),
        *("type", "volume", "year", "doi", "url", "eprint", "archiveprefix", "primaryclass"),
        *("eprinttype", "eprintclass", "isbn", "issn", "keywords", "language", "location"),
        *("date", "urldate", "issue", "numpages", "articleno", "subtitle", "journaltitle"),
        *("eventtitle", "eventdate", "venue", "version", "pmid", "addendum", "maintitle"),
        # bibfolio's own
        *("abstract", "themes", "equalcontrib", "alphabetical", "presented", "extended"),
        "pubstate",
    )
)
# al-folio's fields that only change how its page looks: nothing to carry over.
DISPLAY = frozenset(
    (
        *("abbr", "bibtex_show", "preview", "altmetric", "dimensions", "google_scholar_id"),
        *("inspirehep_id", "badges"),
    )
)
LINKS = {"code": "code", "video": "video", "slides": "slides", "poster": "poster"}
_EQUAL = "*\u2217\u2736"  # asterisk, U+2217, U+2736: co-first (equal contribution) in every site surveyed
_MARK = re.compile(
    r"\\\(\s*\^\s*\{?\s*(\*|\\dagger|\\ddagger)\s*\}?\s*\\\)"  # \(^*\), \(^\dagger\)
    r"|\$\s*\^\s*\{?\s*(\*|\\dagger|\\ddagger)\s*\}?\s*\$"  # $^*$, $^\dagger$
    r"|\\(dagger|ddagger|dag)\b(?:\{\})?"
    r"|\^?([*\u2217\u2736\u2020\u2021\u00a7\u00b6\u2016#])"
)
_PAGES = re.compile(r"(\d)\s*-\s*(\d)")
_ARXIV_ID = re.compile(r"(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)")
_FILE_NAME = re.compile(r"[^\w.-]")


@dataclass
class _Entry:
    """One entry being rewritten: its fields in order, and where each came from."""

    source: Entry
    fields: list[tuple[str, str]] = field(default_factory=list)  # (name, value as BibTeX)
    dropped: list[str] = field(default_factory=list)

    def has(self, name: str, besides: str = "") -> bool:
        """Whether ``name`` is written, or will be from a field of its own (not ``besides``)."""
        written = any(n == name for n, _ in self.fields)
        return written or (name != besides and self.source.get(name) is not None)


def import_papers(source: Source, relative: str, result: Imported) -> None:
    """Read an al-folio bibliography into ``result.bibtex``, its PDFs into ``result.files``."""
    text = source.text(relative)
    if text is None:
        return
    bib = parse(text, source.shown(relative))
    for problem in bib.problems:
        result.note("IMP002", problem.path, problem.line, problem.col, f"{problem.message}")
    rewriter = _Rewriter(source, bib, result)
    written = []
    seen: set[str] = set()
    for entry in bib.entries:
        line, col = bib.locate(entry.at)
        if not entry.complete:
            result.note("IMP101", bib.path, line, col, f"'{entry.key}' is cut short: not mapped")
        elif entry.key.lower() in seen:
            result.note("IMP101", bib.path, line, col, f"'{entry.key}' comes twice: not mapped")
        else:
            seen.add(entry.key.lower())
            written.append(rewriter.entry(entry))
    result.bibtex = "\n\n".join(written) + "\n" if written else ""


@dataclass
class _Rewriter:
    source: Source
    bib: BibFile
    result: Imported
    marks_moved: int = 0
    identities: dict[str, str] = field(default_factory=dict)  # "doi:10.1/x" -> the first key

    def first_with(self, kind: str, value: str, key: str) -> str | None:
        """The entry that already has this DOI or arXiv id (the build takes them for one work)."""
        return self.identities.setdefault(f"{kind}:{value.lower()}", key) if value else None

    def note(self, at: int, message: str, code: str = "IMP101") -> None:
        line, col = self.bib.locate(at)
        self.result.note(code, self.bib.path, line, col, message)

    def entry(self, entry: Entry) -> str:
        out = _Entry(entry)
        for fld in entry.fields:
            self.field(out, fld)
        if out.dropped:
            self.note(
                entry.at,
                f"'{entry.key}': {', '.join(out.dropped)} dropped (al-folio's display only)",
                "IMP102",
            )
        kind = entry.type.lower()
        if kind not in REQUIRED:
            self.note(entry.at, f"'{entry.key}': @{entry.type} is not a BibTeX type: written @misc")
            kind = "misc"
        present = {name for name, value in out.fields if value.strip('{}" ')}
        missing = [names for names in REQUIRED[kind] if not present & set(names)]
        if missing and entry.get("crossref") is None:
            lacking = ", ".join(" or ".join(names) for names in missing)
            self.note(entry.at, f"'{entry.key}': @{kind} without {lacking}: written @misc")
            kind = "misc"
        width = max((len(name) for name, _ in out.fields), default=0)
        lines = [f"@{kind}{{{entry.key},"]
        lines += [f"  {name:<{width}} = {value}," for name, value in out.fields]
        return "\n".join([*lines, "}"])

    def field(self, out: _Entry, fld: Field) -> None:  # noqa: PLR0912 - one case per field
        name = fld.name.lower()
        value = fld.value.strip()
        key = out.source.key
        if name in DISPLAY:
            out.dropped.append(name)
        elif name == "author":
            authors = self.authors(out, fld)
            out.fields.append((name, braced(authors)))
        elif name == "title":
            out.fields.append((name, braced(brace_acronyms(" ".join(value.split())))))
        elif name == "pages" and "--" not in value and _PAGES.search(value):
            out.fields.append((name, braced(_PAGES.sub(r"\1--\2", value))))
        elif name == "pdf":
            self.pdf(out, fld)
        elif name == "website":
            self.address(out, fld, "project")
        elif name == "html":
            if out.has("url"):
                self.note(fld.name_at, f"'{key}': html (already has a url): not mapped")
            else:
                self.address(out, fld, "url")
        elif name in LINKS:
            self.address(out, fld, LINKS[name])
        elif name == "arxiv":
            self.arxiv(out, fld)
        elif name in ("award", "award_name"):
            self.award(out, fld)
        elif name == "equalcontrib" and any(n == name for n, _ in out.fields):
            return  # already written from the marks, merged
        elif name == "selected" and value.strip('{}" ').lower() in ("false", "no", ""):
            out.dropped.append(name)
        elif name == "doi" and self.first_with("doi", value, key) not in (key, None):
            first = self.identities[f"doi:{value.lower()}"]
            self.note(fld.name_at, f"'{key}': doi '{value}' is also '{first}'s: not mapped")
        elif name in STANDARD:
            out.fields.append((name, self.as_written(fld)))
        else:
            self.note(fld.name_at, f"'{key}': {name} = {_short(value)}: not mapped")

    def as_written(self, fld: Field) -> str:
        if fld.macros:
            macro = fld.macros[0].lower()
            if len(fld.macros) == 1 and MONTHS.get(macro[:3]) == fld.value and len(macro) == 3:
                return macro
            return braced(fld.value)
        raw = self.bib.text[fld.value_at : fld.value_end]
        return raw if raw.startswith(("{", '"')) or raw.isdigit() else braced(fld.value)

    # -- names -----------------------------------------------------------------------

    def authors(self, out: _Entry, fld: Field) -> str:
        names = split_names(fld.value)
        equal: list[int] = []
        other: list[str] = []
        cleaned = []
        for position, raw in enumerate(names, start=1):
            name, marks = strip_marks(raw)
            if any(mark in _EQUAL for mark in marks):
                equal.append(position)
            other += [mark for mark in marks if mark not in _EQUAL]
            cleaned.append(name)
        if equal or other:
            self.marks_moved += 1
        if other:
            shown = " ".join(sorted(set(other)))
            self.note(
                fld.value_at,
                f"'{out.source.key}': author marks {shown} removed: bibfolio has no field for "
                "them yet, not mapped",
            )
        if equal:
            before = out.source.value("equalcontrib")
            known = {int(p) for p in re.findall(r"\d+", before)}
            positions = sorted(known | set(equal))
            out.fields = [(n, v) for n, v in out.fields if n != "equalcontrib"]
            out.fields.append(("equalcontrib", braced(", ".join(map(str, positions)))))
            self.result.changes.append(f"{out.source.key}: marks * -> equalcontrib")
        return " and ".join(cleaned)

    # -- links and files -------------------------------------------------------------

    def address(self, out: _Entry, fld: Field, target: str) -> None:
        value = fld.value.strip()
        if safe_url(value) and not out.has(target, fld.name.lower()):
            out.fields.append((target, braced(value)))
            return
        why = "a local file, not an address" if not safe_url(value) else f"{target} is taken"
        self.note(
            fld.name_at, f"'{out.source.key}': {fld.name} = {_short(value)} ({why}): not mapped"
        )

    def pdf(self, out: _Entry, fld: Field) -> None:
        value = fld.value.strip()
        if safe_url(value):
            out.fields.append(("pdf", braced(value)))
            return
        relative = value.lstrip("/")
        if not relative.startswith("assets/"):
            relative = f"assets/pdf/{relative}"
        found = self.source.file(relative) if ".." not in relative.split("/") else None
        if found is None or not _is_pdf(found):
            why = "not a PDF" if found is not None else "no such file in the source"
            self.note(
                fld.value_at,
                f"'{out.source.key}': pdf '{_short(value)}' ({relative}: {why}) not copied",
                "IMP103",
            )
            return
        name = _FILE_NAME.sub("-", found.name)
        stem, suffix = name.rsplit(".", 1) if "." in name else (name, "pdf")
        number = 1
        while name in self.result.files and self.result.files[name] != found:
            number += 1
            name = f"{stem}-{number}.{suffix}"
        self.result.files[name] = found
        out.fields.append(("pdf", braced(f"files/{name}")))

    def arxiv(self, out: _Entry, fld: Field) -> None:
        found = _ARXIV_ID.search(fld.value)
        first = (
            self.first_with("arxiv", re.sub(r"v\d+$", "", found.group(1)), out.source.key)
            if found
            else None
        )
        if found is not None and first != out.source.key:
            self.note(
                fld.name_at,
                f"'{out.source.key}': arxiv {_short(fld.value)} is also '{first}'s: not mapped "
                "(check which entry it belongs to)",
            )
            return
        if found is None or out.has("eprint"):
            why = "eprint is taken" if found else "not an arXiv identifier"
            self.note(
                fld.name_at, f"'{out.source.key}': arxiv = {_short(fld.value)} ({why}): not mapped"
            )
            return
        out.fields += [("eprint", braced(found.group(1))), ("archiveprefix", "{arXiv}")]

    def award(self, out: _Entry, fld: Field) -> None:
        entry = out.source
        name = (entry.value("award_name") or entry.value("award")).strip()
        if fld.name.lower() == "award" and entry.get("award_name") is not None:
            self.note(fld.name_at, f"'{entry.key}': award text {_short(fld.value)}: not mapped")
            return
        plain = " ".join(latex_to_text(name).replace("*", "").replace("_", " ").split())
        known = {award.lower(): award for award in AWARDS}
        if plain.lower() in known:
            out.fields.append(("award", braced(known[plain.lower()])))
        elif plain and len(plain) <= 80 and not re.search(r"[{}\\<>\[\]]", plain):
            out.fields.append(("award", braced(plain)))
            if plain not in self.result.awards:
                self.result.awards.append(plain)
        else:
            self.note(fld.name_at, f"'{entry.key}': award {_short(name)}: not mapped")


def strip_marks(name: str) -> tuple[str, list[str]]:
    """``Zhang*\\(^\\dagger\\), Yuntong`` -> (``Zhang, Yuntong``, ['*', '†'])."""
    marks: list[str] = []

    def take(found: re.Match[str]) -> str:
        symbol = next(group for group in found.groups() if group)
        marks.append(
            {"\\dagger": "\u2020", "dagger": "\u2020", "dag": "\u2020"}.get(
                symbol, "\u2021" if "ddagger" in symbol else symbol
            )
        )
        return ""

    cleaned = _MARK.sub(take, name)
    cleaned = re.sub(r"\s+,", ",", " ".join(cleaned.split())).strip(" ,")
    return (cleaned if cleaned else name), marks


def brace_acronyms(title: str) -> str:
    """Each word BIB302 would flag (two capitals outside braces) wrapped in braces."""
    mask = list(title)
    depth = 0
    for index, char in enumerate(title):
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        if depth or char in "{}":
            mask[index] = " "
    for command in re.finditer(r"\\[A-Za-z]+", title):
        mask[command.start() : command.end()] = " " * (command.end() - command.start())
    plain = "".join(mask)
    for found in reversed(list(ACRONYM.finditer(plain))):
        title = f"{title[: found.start()]}{{{found.group()}}}{title[found.end() :]}"
    return title


def braced(value: str) -> str:
    return f"{{{value}}}"


def _short(value: str, size: int = 50) -> str:
    line = " ".join(value.split())
    return f"'{line}'" if len(line) <= size else f"'{line[:size]}…'"


def _is_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(5) == b"%PDF-"
    except OSError:
        return False
