"""Mechanical fixes of refs.bib, as edits of its text: acronyms braced (BIB302), marks moved
out of names into equalcontrib (BIB142), al-folio's display fields removed (BIB141).

Each fix is an ``Edit`` of a span of the file's text; everything outside the spans is
kept byte for byte. A value that is not written as one literal (``{...}`` or ``"..."``,
no macro, no ``#``) is left alone: its text in the file is not its value.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from bibfolio.check.entries import ACRONYM, outside_braces
from bibfolio.load.bibtex import BibFile, Entry, Field
from bibfolio.model.fields import DISPLAY_FIELDS
from bibfolio.model.names import name_marks, split_names, without_marks


@dataclass(frozen=True, order=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` by ``new``; ``why`` says which fix it is."""

    start: int
    end: int
    new: str
    why: str


def literal(bib: BibFile, fld: Field) -> bool:
    """Whether the field's value is written as one braced or quoted literal."""
    source = bib.text[fld.value_at : fld.value_end]
    return (
        len(source) >= 2
        and (source[0], source[-1]) in (("{", "}"), ('"', '"'))
        and source[1:-1] == fld.value
    )


def brace_acronyms(bib: BibFile, entry: Entry) -> list[Edit]:
    """``Aligning LLMs`` -> ``Aligning {LLMs}`` in the title."""
    title = entry.get("title")
    if title is None or not literal(bib, title):
        return []
    start = title.value_at + 1
    return [
        Edit(start + m.start(), start + m.end(), f"{{{m.group()}}}", "BIB302")
        for m in ACRONYM.finditer(outside_braces(title.value))
    ]


def move_marks(bib: BibFile, entry: Entry) -> list[Edit]:
    """Marks out of the author names; ``*`` into equalcontrib when the entry has none."""
    authors = entry.get("author")
    if authors is None or not literal(bib, authors):
        return []
    names = split_names(authors.value)
    marks = [name_marks(name)[1] for name in names]
    if not any(marks):
        return []
    start = authors.value_at + 1
    edits = [Edit(start, start + len(authors.value), without_marks(authors.value), "BIB142")]
    equal = [str(position) for position, found in enumerate(marks, start=1) if "*" in found]
    if equal and entry.get("equalcontrib") is None:
        edits.append(_added_field(bib, authors, "equalcontrib", ", ".join(equal)))
    return edits


def _added_field(bib: BibFile, after: Field, name: str, value: str) -> Edit:
    """A field written after ``after``, as the entry writes its fields (one a line, or not)."""
    text = bib.text
    line_start = text.rfind("\n", 0, after.name_at) + 1
    indent = text[line_start : after.name_at]
    comma = re.match(r"[ \t]*,", text[after.value_end :])
    equals = re.match(r"\s*=\s*", text[after.name_at + len(after.name) :])
    sign = equals.group() if equals is not None and "\n" not in equals.group() else " = "
    new = f"{name}{sign}{{{value}}}"
    # fields that share lines get it on the same line; one a line, a line of its own
    new = f" {new}," if indent.strip() else f"\n{indent}{new},"
    if comma is None:
        return Edit(after.value_end, after.value_end, "," + new.rstrip(","), "BIB142")
    at = after.value_end + comma.end()
    return Edit(at, at, new, "BIB142")


def drop_display_fields(bib: BibFile, entry: Entry) -> list[Edit]:
    """al-folio's display fields removed: the whole line when the field is alone on it."""
    text = bib.text
    edits = []
    for fld in entry.fields:
        if fld.name.lower() not in DISPLAY_FIELDS:
            continue
        line_start = text.rfind("\n", 0, fld.name_at) + 1
        after = re.match(r"[ \t]*,?[ \t]*(?:\r?\n|$)", text[fld.value_end :])
        if not text[line_start : fld.name_at].strip() and after is not None:
            edits.append(Edit(line_start, fld.value_end + after.end(), "", "BIB141"))
            continue
        comma = re.match(r"[ \t]*,[ \t]*", text[fld.value_end :])
        if comma is not None:
            edits.append(Edit(fld.name_at, fld.value_end + comma.end(), "", "BIB141"))
        else:  # the last field, after others on its line: drop the comma before it
            before = text.rfind(",", 0, fld.name_at)
            edits.append(Edit(before, fld.value_end, "", "BIB141"))
    return edits


FIXES = (brace_acronyms, move_marks, drop_display_fields)


def fixes(bib: BibFile) -> list[Edit]:
    """Every mechanical fix of a file that parses cleanly, in file order."""
    found: list[Edit] = []
    for entry in bib.entries:
        if entry.complete:
            for fix in FIXES:
                found += fix(bib, entry)
    return sorted(found)


def applied(text: str, edits: list[Edit]) -> str:
    """The text with the edits made (they do not overlap); the rest as it was."""
    parts = []
    at = 0
    for edit in sorted(edits):
        parts += [text[at : edit.start], edit.new]
        at = max(at, edit.end)
    parts.append(text[at:])
    return "".join(parts)


def unified_diff(before: str, after: str, path: str) -> str:
    """The change as ``diff -u`` shows it."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        f"{path} (now)",
        f"{path} (fixed)",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
