"""Person names in BibTeX: splitting author lists, displaying names, finding the owner."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from bibfolio.model.text import fold, latex_to_text
from bibfolio.pickled import quick_pickle

_AND = re.compile(r" [Aa][Nn][Dd] ")
_BRACE_OR_AND = re.compile(r"[{}]| [Aa][Nn][Dd] ")
# Marks some sites write into names (al-folio's ``Asai*, Akari``): *, dagger, double dagger,
# as characters, TeX commands or superscripts.
_MARK = re.compile(
    r"\\textsuperscript\s*\{(?P<sup>[^{}]*)\}"
    r"|\$(?P<math>[^$]*)\$"
    r"|\\\((?P<paren>.*?)\\\)"
    r"|\^\{?(?P<caret>\*|\\d?dag(?:ger)?)\}?"
    r"|(?P<plain>\*|\u2020|\u2021|\\d?dag(?:ger)?\b)"
)
MARKS = "*\u2020\u2021"  # the marks sites write into names


def split_names(value: str) -> list[str]:
    """Split ``A and B and C`` at top-level " and " (BibTeX's rule), keeping empty names."""
    normalized = " ".join(value.split())
    if not normalized:
        return []
    if "{" not in normalized:
        return [name.strip() for name in _AND.split(normalized)]
    # Only " and " outside braces separates names. pybtex's split_name_list does the
    # same, but loading pybtex costs more than the whole check of a small file.
    names = []
    start = depth = 0
    for match in _BRACE_OR_AND.finditer(normalized):
        piece = match.group()
        if piece == "{":
            depth += 1
        elif piece == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            names.append(normalized[start : match.start()].strip())
            start = match.end()
    names.append(normalized[start:].strip())
    return names


def _mark_of(text: str) -> str | None:
    """``*``, ``†`` or ``‡`` for a mark's text (``\\dag``, ``^*``), None for other text."""
    text = text.strip().replace("\\ddagger", "\u2021").replace("\\ddag", "\u2021")
    text = text.replace("\\dagger", "\u2020").replace("\\dag", "\u2020")
    text = "".join(char for char in text if char not in " ^{}")
    if text and all(char in MARKS for char in text):
        return text
    return None


def without_marks(value: str) -> str:
    """A list of names without the marks written into them, spacing kept as written."""
    return _MARK.sub(lambda m: "" if _mark_of(_group(m)) else m.group(), value)


def _group(match: re.Match[str]) -> str:
    return next(group for group in match.groups() if group is not None)


def name_marks(raw: str) -> tuple[str, str]:
    """A name without the marks written into it, and those marks: ``Asai*, Akari`` ->
    (``Asai, Akari``, ``*``). A ``$...$`` that is not a mark is left as it is."""
    if not any(sign in raw for sign in (*MARKS, "dag")):
        return raw, ""
    marks = []

    def drop(match: re.Match[str]) -> str:
        found = _mark_of(_group(match))
        if found is None:
            return match.group()
        marks.append(found)
        return ""

    clean = _MARK.sub(drop, raw)
    clean = re.sub(r"\s+,", ",", " ".join(clean.split())).strip()
    return clean, "".join(marks)


@quick_pickle
@dataclass(frozen=True, slots=True)
class Name:
    """A person's name, split as BibTeX splits it, as plain text."""

    first: str  # given names (and middle names)
    von: str
    last: str
    jr: str
    person: Any = field(default=None, compare=False, repr=False)  # pybtex's, kept for its styles

    @property
    def display(self) -> str:
        """As a CV writes it: ``Michael I. Jordan``."""
        full = " ".join(part for part in (self.first, self.von, self.last) if part)
        return f"{full}, {self.jr}" if self.jr else full

    @property
    def inverted(self) -> str:
        """As Google Scholar and library catalogues want it: ``Jordan, Michael I.``."""
        last = " ".join(part for part in (self.von, self.last) if part)
        parts = [last, self.jr, self.first] if self.jr else [last, self.first]
        return ", ".join(part for part in parts if part)


class NameError_(ValueError):
    """A name BibTeX cannot split (for instance, too many commas)."""


@lru_cache(maxsize=1 << 14)  # a bibliography names the same people again and again
def parse_name(raw: str) -> Name:
    from pybtex.database import Person  # noqa: PLC0415 - pybtex loads slowly; `check` rarely needs it
    from pybtex.exceptions import PybtexError  # noqa: PLC0415

    try:
        person = Person(raw)
    except PybtexError as error:
        raise NameError_(str(error)) from None

    def text(parts: Iterable[str]) -> str:
        return latex_to_text(" ".join(parts))

    return Name(
        first=text([*person.first_names, *person.middle_names]),
        von=text(person.prelast_names),
        last=text(person.last_names),
        jr=text(person.lineage_names),
        person=person,
    )


def _given(name: Name) -> list[str]:
    return fold(name.first.replace("-", " ").replace(".", ". ")).split()


def _swapped(a: Name, b: Name) -> bool:
    """The same full name with family and given names the other way round (``Kam-Kwai,
    Wong`` for ``Wong, Kam-Kwai``, as names written family name first often end up):
    every part must be written out, so an initial never matches."""
    return bool(a.first and b.first and not a.von and not b.von) and (
        fold(a.first) == fold(b.last) and fold(a.last) == fold(b.first)
    )


class Owner:
    """Recognises the owner's name however an entry spells it.

    ``Lu, Miao``, ``Miao Lu``, ``M. Lu``, ``{Lu}, Miao`` and ``Mi{\\'a}o Lu`` all
    match ``Miao Lu``: family names must be equal once accents, braces and case
    are folded, and given names equal or an initial of each other (or the full name
    written the other way round: ``Kam-Kwai, Wong``). ``aliases``
    add spellings that no rule derives (another family name, another script).
    """

    def __init__(self, name: str, aliases: Iterable[str] = ()) -> None:
        self.names = [parse_name(n) for n in (name, *aliases) if n.strip()]
        self._seen: dict[Name, bool] = {}

    def matches(self, other: Name) -> bool:
        found = self._seen.get(other)
        if found is None:
            found = any(_same_person(mine, other) for mine in self.names)
            if len(self._seen) < 1 << 14:
                self._seen[other] = found
        return found


def _same_person(a: Name, b: Name) -> bool:
    if fold(f"{a.von} {a.last}") != fold(f"{b.von} {b.last}"):
        return _swapped(a, b)
    given_a, given_b = _given(a), _given(b)
    if not given_a or not given_b:
        return not given_a and not given_b
    x, y = given_a[0], given_b[0]
    return x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))
