"""Rules on the form of one entry that no field of the model covers: its type and required
fields, its key, fields bibfolio does not read, look-alike characters, unprotected acronyms in
its title."""

from __future__ import annotations

import re
import unicodedata

from bibfolio.diagnostics import Problem
from bibfolio.load.bibtex import BibFile, Entry
from bibfolio.model.fields import DISPLAY_FIELDS, is_known, meant
from bibfolio.model.text import LOOKALIKE, LOOKALIKES

# Entry types and their required fields (BibTeX's standard styles, biblatex).
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
_KEY_PUNCTUATION = frozenset("-_:./+")
ACRONYM = re.compile(r"\b[A-Za-z]*[A-Z][a-z]*[A-Z][A-Za-z0-9]*\b")
_COMMAND = re.compile(r"\\[A-Za-z]+")


def check_entry(bib: BibFile, entry: Entry) -> list[Problem]:
    """Every rule of this module on one complete entry."""
    problems: list[Problem] = []
    for rule in (required_fields, key_characters, unread_fields, lookalikes, acronyms):
        problems += rule(bib, entry)
    return problems


def required_fields(bib: BibFile, entry: Entry) -> list[Problem]:
    kind = entry.type.lower()
    needed = REQUIRED.get(kind)
    if needed is None:
        return [bib.problem("BIB103", entry.at, f"'@{entry.type}' is not a standard entry type")]
    if entry.get("crossref") is not None:
        return []  # fields may come from the parent: see check.identity
    return missing_fields(bib, entry, {n for n, f in entry.by_name.items() if f.value.strip()})


def missing_fields(bib: BibFile, entry: Entry, present: set[str]) -> list[Problem]:
    kind = entry.type.lower()
    return [
        bib.problem("BIB102", entry.at, f"@{kind} '{entry.key}' has no {' or '.join(names)}")
        for names in REQUIRED.get(kind, ())
        if not any(name in present for name in names)
    ]


def key_characters(bib: BibFile, entry: Entry) -> list[Problem]:
    for index, char in enumerate(entry.key):
        if char.isalnum() or char in _KEY_PUNCTUATION or char in LOOKALIKES:
            continue  # look-alikes of ASCII punctuation are BIB301's
        name = unicodedata.name(char, "a control character")
        message = f"key '{entry.key}' holds {char!r} ({name}, U+{ord(char):04X})"
        return [bib.problem("BIB104", entry.key_at + index, message)]
    return []


def unread_fields(bib: BibFile, entry: Entry) -> list[Problem]:
    """al-folio's display fields (BIB141) and fields nobody reads (BIB140): one problem per
    entry for each, at the first such field's name."""
    display = [f for f in entry.fields if f.name.lower() in DISPLAY_FIELDS]
    unknown = [f for f in entry.fields if f.name.lower() not in DISPLAY_FIELDS]
    unknown = [f for f in unknown if not is_known(f.name.lower())]
    problems = []
    if display:
        names = [f.name.lower() for f in display]
        message = (
            f"'{entry.key}' has al-folio's display field{'s' if len(names) > 1 else ''} "
            f"{', '.join(names)}, which bibfolio ignores"
        )
        reasons = "; ".join(f"{name}: {DISPLAY_FIELDS[name]}" for name in names)
        hint = (
            f"Remove {'them' if len(names) > 1 else 'it'} ({reasons}); bibfolio check --fix does."
        )
        problems.append(bib.problem("BIB141", display[0].name_at, message, hint))
    if unknown:
        described = []
        for fld in unknown:
            guess = meant(fld.name.lower())
            described.append(f"'{fld.name}'" + (f" (did you mean '{guess}'?)" if guess else ""))
        several = len(unknown) > 1
        message = (
            f"'{entry.key}' has {'fields' if several else 'a field'} bibfolio does not read, "
            f"so {'they are' if several else 'it is'} ignored: {', '.join(described)}"
        )
        problems.append(bib.problem("BIB140", unknown[0].name_at, message))
    return problems


def lookalikes(bib: BibFile, entry: Entry) -> list[Problem]:
    problems = []
    found = LOOKALIKE.search(entry.key)
    if found:
        problems.append(
            bib.problem(
                "BIB301", entry.key_at + found.start(), f"key '{entry.key}' {_lookalike(found)}"
            )
        )
    for name in ("doi", "pages", "eprint", "year", "crossref", "url"):
        fld = entry.get(name)
        found = LOOKALIKE.search(fld.value) if fld is not None else None
        if fld is not None and found and not (name == "pages" and found.group() == "\u2013"):
            problems.append(
                bib.problem("BIB301", fld.value_at, f"{name} of '{entry.key}' {_lookalike(found)}")
            )
    return problems


def _lookalike(found: re.Match[str]) -> str:
    char = found.group()
    meant = LOOKALIKES[char]
    instead = f"write '{meant}'" if meant else "remove it"
    name = unicodedata.name(char, "an invisible character")
    return f"holds {name} (U+{ord(char):04X}): {instead}"


def acronyms(bib: BibFile, entry: Entry) -> list[Problem]:
    title = entry.get("title")
    if title is None:
        return []
    found = sorted({m.group() for m in ACRONYM.finditer(outside_braces(title.value))})
    if not found:
        return []
    braced = ", ".join(f"{{{word}}}" for word in found)
    hint = (
        f"BibTeX styles lower-case titles; protect {'them' if len(found) > 1 else 'it'} with "
        f"braces: {braced} (bibfolio check --fix does)."
    )
    return [
        bib.problem(
            "BIB302",
            title.value_at,
            f"title of '{entry.key}': {', '.join(found)} not in braces",
            hint,
        )
    ]


def outside_braces(text: str) -> str:
    """The text with every braced group and every TeX command blanked out (one pass)."""
    kept = []
    depth = 0
    for char in text:
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        kept.append(char if depth == 0 and char not in "{}" else " ")
    plain = "".join(kept)
    return _COMMAND.sub(" ", plain) if "\\" in plain else plain
