"""An al-folio bibliography (``_bibliography/papers.bib``) rewritten as bibfolio's refs.bib.

bibfolio reads al-folio's own fields (``selected``, ``website``, ``html``,
``arxiv``, ``supp``, ``blog``, ``code``, ``slides``, ``poster``, ``video``,
``award``), so those stay as written. What changes (al-folio's meaning is that of
its ``bib`` layout):

- marks written into names (``Zhang*, Yuntong``): removed; ``*`` becomes the
  author's position in ``equalcontrib``; any other mark (``†``, ``‡``, ...) has
  no field yet and is reported;
- ``pdf``: an address stays; a file name means ``assets/pdf/<name>``, copied
  to ``files/`` (``pdf = {files/<name>}``) when it is a PDF inside the source;
  a link field naming a local file (``poster = {poster.pdf}``) is left out;
- ``award_name`` (or a short ``award``) becomes ``award``; a name bibfolio does
  not know is returned to be declared in the project's settings;
- al-folio's display settings (``abbr``, ``bibtex_show``, ``preview``, badges)
  are dropped; so is every field bibfolio does not know (a site's own), and a
  field written twice (the first is kept);
- a DOI written as an address becomes the bare DOI, an arXiv address its
  identifier, ACM's pages ``140:1--140:28`` the article number ``140``;
  acronyms in titles are braced, page ranges get ``--``;
- last, each entry is read as the build reads it: a field the build would
  stop on or warn about (a value of the wrong form) is left out, unless the
  entry needs it.

What was changed or left out is reported once per entry, at the entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bibfolio.check.entries import ACRONYM, REQUIRED, check_entry
from bibfolio.diagnostics import Severity
from bibfolio.importers.common import Imported, Source
from bibfolio.load.bibtex import MONTHS, BibFile, Entry, Field, parse
from bibfolio.model.fields import DISPLAY_FIELDS, LINK_KINDS, is_known
from bibfolio.model.names import split_names
from bibfolio.model.publication import AWARDS, Rules, read_publication
from bibfolio.model.text import latex_to_text
from bibfolio.model.urls import safe_url

# al-folio's fields that only change how its page looks: nothing to carry over.
DISPLAY = frozenset(
    (
        *("abbr", "bibtex_show", "preview", "altmetric", "dimensions", "google_scholar_id"),
        *("inspirehep_id", "badges"),
    )
)
# Fields whose text is the reader's (al-folio prints it): left out, and said with their text.
_TEXTS = frozenset(DISPLAY_FIELDS) - DISPLAY - {"award_name"}
# Fields an entry needs: never left out by the last reading, whatever it finds.
_NEEDED = frozenset(("author", "editor", "title", "year", "date", "journal", "booktitle"))
_EQUAL = "*\u2217\u2736"  # asterisk, U+2217, U+2736: co-first (equal contribution) in every site surveyed
_MARK = re.compile(
    r"\\\(\s*\^\s*\{?\s*(\*|\\dagger|\\ddagger)\s*\}?\s*\\\)"  # \(^*\), \(^\dagger\)
    r"|\$\s*\^\s*\{?\s*(\*|\\dagger|\\ddagger)\s*\}?\s*\$"  # $^*$, $^\dagger$
    r"|\\(dagger|ddagger|dag)\b(?:\{\})?"
    r"|\^?([*\u2217\u2736\u2020\u2021\u00a7\u00b6\u2016#])"
)
_PAGES = re.compile(r"(\d)\s*-\s*(\d)")
_ACM_PAGES = re.compile(r"^\s*(\d+):\d+\s*-+\s*\1:\d+\s*$")  # 140:1--140:28
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ARXIV_ID = re.compile(r"(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)")
_FILE_NAME = re.compile(r"[^\w.-]")
_FLAG_MACRO = re.compile(r"^@string '(?:true|false)' is not defined$", re.IGNORECASE)
# What an entry's line says, in the order of the codes (the first present gives the code).
_CODES = ("IMP103", "IMP101", "IMP104", "IMP102")

CUT_SHORT = "BIB111"  # an author list that ends with 'others'


@dataclass
class _Entry:
    """One entry being rewritten: its fields in order, and what was said about it."""

    source: Entry
    fields: list[tuple[str, str]] = field(default_factory=list)  # (name, value as BibTeX)
    dropped: list[str] = field(default_factory=list)  # al-folio's display fields
    said: dict[str, list[str]] = field(default_factory=dict)  # code -> what, in order

    def has(self, name: str, besides: str = "") -> bool:
        """Whether ``name`` is written, or will be from a field of its own (not ``besides``)."""
        written = any(n == name for n, _ in self.fields)
        return written or (name != besides and self.source.get(name) is not None)

    def say(self, code: str, what: str) -> None:
        self.said.setdefault(code, []).append(what)


def import_papers(source: Source, relative: str, result: Imported) -> None:
    """Read an al-folio bibliography into ``result.bibtex``, its PDFs into ``result.files``."""
    text = source.text(relative)
    if text is None:
        return
    bib = parse(text, source.shown(relative))
    for problem in bib.problems:
        if problem.code == "BIB101" or _FLAG_MACRO.match(problem.message):
            continue  # a field written twice: said at its entry; selected = true: the word
        result.note("IMP002", problem.path, problem.line, problem.col, problem.message)
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


def has_workshops(bibtex: str) -> bool:
    """Whether a rewritten bibliography has a paper at a workshop (its venue says so)."""
    bib = parse(bibtex, "refs.bib")
    return any(
        "workshop" in entry.value(name).lower()
        for entry in bib.entries
        for name in ("booktitle", "journal", "howpublished")
    )


@dataclass
class _Rewriter:
    source: Source
    bib: BibFile
    result: Imported
    identities: dict[str, str] = field(default_factory=dict)  # "doi:10.1/x" -> the first key

    def first_with(self, kind: str, value: str, key: str) -> str | None:
        """The entry that already has this DOI or arXiv id (the build takes them for one work)."""
        return self.identities.setdefault(f"{kind}:{value.lower()}", key) if value else None

    def entry(self, entry: Entry) -> str:
        out = _Entry(entry)
        seen: set[str] = set()
        for fld in entry.fields:
            name = fld.name.lower()
            if name in seen and name != "equalcontrib":
                out.say("IMP101", f"a second {name} ({_short(fld.value)}) left out")
                continue
            seen.add(name)
            self.field(out, fld)
        kind = entry.type.lower()
        if kind not in REQUIRED:
            out.say("IMP104", f"@{entry.type} is not a BibTeX type: written @misc")
            kind = "misc"
        present = {name for name, value in out.fields if value.strip('{}" ')}
        missing = [names for names in REQUIRED[kind] if not present & set(names)]
        if missing and entry.get("crossref") is None:
            lacking = ", ".join(" or ".join(names) for names in missing)
            out.say("IMP104", f"@{kind} without {lacking}: written @misc")
            kind = "misc"
        text = self.vetted(out, kind)
        self.report(out)
        return text

    def report(self, out: _Entry) -> None:
        """One line for the entry: all that was changed or left out, at the entry."""
        if out.dropped:
            out.say("IMP102", f"{', '.join(out.dropped)} dropped (al-folio's display only)")
        found = [code for code in _CODES if code in out.said]
        if not found:
            return
        parts = [part for code in _CODES for part in out.said.get(code, [])]
        line, col = self.bib.locate(out.source.at)
        self.result.note(
            found[0], self.bib.path, line, col, f"'{out.source.key}': {'; '.join(parts)}"
        )

    def vetted(self, out: _Entry, kind: str) -> str:
        """The entry's text, without the fields the build would stop on or warn about (read
        as the build reads them), unless the entry needs them."""
        rules = Rules(awards=frozenset((*AWARDS, *self.result.awards)))
        for _ in range(len(out.fields) + 1):
            text = _written(out.source.key, kind, out.fields)
            bib = parse(text, "refs.bib")
            if not bib.entries or bib.problems:
                return text
            written = bib.entries[0]
            problems = check_entry(bib, written) + read_publication(bib, written, 0, rules)[1]
            spans = [
                (fld.name.lower(), bib.locate(fld.name_at)[0], bib.locate(fld.value_end)[0])
                for fld in written.fields
            ]
            found = [
                (name, problem)
                for problem in problems
                if problem.severity in (Severity.ERROR, Severity.WARNING)
                for name, first, last in spans
                if first <= problem.line <= last
            ]
            if any(problem.code == CUT_SHORT for _, problem in found):
                # Listed as the source lists them, shown as "et al.": never made complete.
                found = [(name, problem) for name, problem in found if problem.code != CUT_SHORT]
                out.say("IMP104", "the author list ends with 'others': shown as 'et al.'")
                if CUT_SHORT not in self.result.ignore:
                    self.result.ignore.append(CUT_SHORT)
            bad = {name: problem.message for name, problem in found if name not in _NEEDED}
            if not bad:
                for name, problem in found:
                    out.say(
                        "IMP101", f"the build will stop on {name}: {problem.code} {problem.message}"
                    )
                return text
            out.fields = [(name, value) for name, value in out.fields if name not in bad]
            for name, message in bad.items():
                out.say("IMP101", f"{name} left out ({message})")
        return _written(out.source.key, kind, out.fields)

    def field(self, out: _Entry, fld: Field) -> None:
        name = fld.name.lower()
        value = fld.value.strip()
        if name in DISPLAY:
            out.dropped.append(name)
        elif name in _TEXTS:
            out.say("IMP101", f"{name} {_short(value)} left out (bibfolio does not show it)")
        elif name == "author":
            authors, equal = self.authors(out, fld)
            out.fields.append((name, braced(authors)))
            if equal:
                out.fields = [(n, v) for n, v in out.fields if n != "equalcontrib"]
                out.fields.append(("equalcontrib", braced(", ".join(map(str, equal)))))
        elif name == "title":
            out.fields.append((name, braced(brace_acronyms(" ".join(value.split())))))
        elif name == "pages":
            self.pages(out, value)
        elif name == "pdf":
            self.pdf(out, fld)
        elif name in LINK_KINDS:
            self.address(out, fld)
        elif name == "arxiv":
            self.arxiv(out, fld)
        elif name in ("award", "award_name"):
            self.award(out, fld)
        elif name == "equalcontrib" and any(n == name for n, _ in out.fields):
            return  # already written from the marks, merged
        elif name == "selected":
            word = fld.macros[0] if fld.macros and not value else value
            if word.strip('{}" ').lower() in ("true", "yes", "1"):
                out.fields.append((name, "{true}"))
        elif name == "doi":
            self.doi(out, fld)
        elif is_known(name):
            out.fields.append((name, self.as_written(fld)))
        else:
            out.say("IMP101", f"{name} = {_short(value)} not mapped")

    def as_written(self, fld: Field) -> str:
        if fld.macros:
            macro = fld.macros[0].lower()
            if len(fld.macros) == 1 and MONTHS.get(macro[:3]) == fld.value and len(macro) == 3:
                return macro
            return braced(fld.value)
        raw = self.bib.text[fld.value_at : fld.value_end]
        return raw if raw.startswith(("{", '"')) or raw.isdigit() else braced(fld.value)

    def pages(self, out: _Entry, value: str) -> None:
        acm = _ACM_PAGES.match(value)
        if acm:
            out.fields.append(("pages", braced(acm.group(1))))
            out.say("IMP104", f"pages {value} written as the article number {acm.group(1)}")
        elif "--" not in value and _PAGES.search(value):
            out.fields.append(("pages", braced(_PAGES.sub(r"\1--\2", value))))
        else:
            out.fields.append(("pages", braced(value)))

    def doi(self, out: _Entry, fld: Field) -> None:
        key, value = out.source.key, fld.value.strip()
        bare = _DOI_PREFIX.sub("", value)
        if self.first_with("doi", bare, key) not in (key, None):
            first = self.identities[f"doi:{bare.lower()}"]
            out.say("IMP101", f"doi '{bare}' is also '{first}'s: not mapped")
            return
        if bare != value:
            out.say("IMP104", f"doi written bare ({bare})")
        out.fields.append(("doi", braced(bare)))

    # -- names -----------------------------------------------------------------------

    def authors(self, out: _Entry, fld: Field) -> tuple[str, list[int]]:
        """The names without their marks, and the positions ``equalcontrib`` then holds."""
        names = split_names(fld.value)
        commas = [part.strip() for part in fld.value.split(",")]
        if len(names) == 1 and len(commas) > 3 and all(commas):
            # "A, B, C, D": names listed with commas, not "and" (BibTeX reads one name of
            # at most three parts); each part a name, as written.
            names = commas
            out.say("IMP104", "authors listed with commas: written with 'and'")
        equal: list[int] = []
        other: list[str] = []
        cleaned = []
        for position, raw in enumerate(names, start=1):
            name, marks = strip_marks(raw)
            if any(mark in _EQUAL for mark in marks):
                equal.append(position)
            other += [mark for mark in marks if mark not in _EQUAL]
            cleaned.append(name)
        if other:
            shown = " ".join(sorted(set(other)))
            out.say("IMP101", f"author marks {shown} removed (bibfolio has no field for them)")
        if not equal:
            return " and ".join(cleaned), []
        before = out.source.value("equalcontrib")
        known = {int(p) for p in re.findall(r"\d+", before)}
        out.say("IMP104", "marks * moved to equalcontrib")
        return " and ".join(cleaned), sorted(known | set(equal))

    # -- links and files -------------------------------------------------------------

    def address(self, out: _Entry, fld: Field) -> None:
        """A link field of al-folio's, kept as it is when it is an address."""
        name, value = fld.name.lower(), fld.value.strip()
        if safe_url(value):
            out.fields.append((name, braced(value)))
        elif value:
            out.say("IMP103", f"{name} {_short(value)} (a local file: only pdf is copied) left out")

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
            out.say("IMP103", f"pdf {_short(value)} ({relative}: {why}) not copied")
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
        key = out.source.key
        found = _ARXIV_ID.search(fld.value)
        if found is None:
            out.say("IMP101", f"arxiv {_short(fld.value)} (not an arXiv identifier) not mapped")
            return
        first = self.first_with("arxiv", re.sub(r"v\d+$", "", found.group(1)), key)
        if first != key:
            out.say("IMP101", f"arxiv {found.group(1)} is also '{first}'s: not mapped")
            return
        if found.group(1) != fld.value.strip():
            out.say("IMP104", f"arxiv written as its identifier ({found.group(1)})")
        out.fields.append(("arxiv", braced(found.group(1))))

    def award(self, out: _Entry, fld: Field) -> None:
        entry = out.source
        name = (entry.value("award_name") or entry.value("award")).strip()
        if fld.name.lower() == "award" and entry.get("award_name") is not None:
            out.say("IMP101", f"award text {_short(fld.value)} not mapped")
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
            out.say("IMP101", f"award {_short(name)} not mapped")


def _written(key: str, kind: str, fields: list[tuple[str, str]]) -> str:
    width = max((len(name) for name, _ in fields), default=0)
    lines = [f"@{kind}{{{key},"]
    lines += [f"  {name:<{width}} = {value}," for name, value in fields]
    return "\n".join([*lines, "}"])


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
