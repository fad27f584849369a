"""A BibTeX parser that locates every entry, field and error, and never stops at the first.

The grammar is pybtex's (and so BibTeX's): text outside entries is a comment,
``@type{key, name = value, ...}`` or with parentheses, values made of
``{...}``, ``"..."``, numbers and @string names joined by ``#``; @string,
@preamble and @comment. Where pybtex stops or drops entries after an error,
this parser records the error with its line and column, resumes at the next
line that starts with ``@``, and goes on, so that one run reports every
problem.

Written here rather than taken from a library: pybtex reports one error at a
time with a line but no column and drops entries after some errors;
bibtexparser gives the line of a block but no column, and neither keeps the
position of each field, which the checks and the build's messages need.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from string import ascii_letters, digits

from bibfolio.diagnostics import TABLE, LineIndex, Problem, Severity
from bibfolio.pickled import quick_pickle

E = Severity.ERROR
W = Severity.WARNING
MAX_DEPTH = 32  # braces nested deeper than this are an error (BIB021)
MAX_VALUE = 100_000  # characters in one value once macros are expanded (BIB022)


NAME_CHARS = ascii_letters + "@!$&*+-./:;<>?[\\]^_`|~\x7f"
_NAME = re.compile(f"[{re.escape(NAME_CHARS)}][{re.escape(NAME_CHARS + digits)}]*")
_KEY = {"}": re.compile(r"[^\s,}]+"), ")": re.compile(r"[^\s,]+")}
_SPACE = re.compile(r"\s*")
_NUMBER = re.compile(r"[0-9]+")
_BRACE = re.compile(r"[{}]")
_QUOTED = re.compile(r'["{}]')


def match_braces(text: str) -> tuple[dict[int, int], int | None]:
    """Each '{' -> the offset after the '}' that closes it, in one pass over the text.

    A brace's value ends where a scan from it counting braces returns to zero,
    which is exactly the closing brace a stack pairs with it; an unclosed brace
    has no entry. Also returns the offset of the first brace nested more than
    MAX_DEPTH deep, if any.
    """
    closing: dict[int, int] = {}
    stack: list[int] = []
    too_deep: int | None = None
    for found in _BRACE.finditer(text):
        if found.group() == "{":
            stack.append(found.start())
            if too_deep is None and len(stack) > MAX_DEPTH:
                too_deep = found.start()
        elif stack:
            closing[stack.pop()] = found.end()
    return closing, too_deep


# The common case in one match: ", name = {text}" (or "text", or a number), no nesting.
_FAST_FIELD = re.compile(
    rf"\s*,\s*({_NAME.pattern})\s*=\s*"
    rf'(?:\{{([^{{}}]*)\}}|"([^"{{}}]*)"|([0-9]+)|({_NAME.pattern}))\s*'
)
# A line inside a value that reads like a field of its own ("  author = {...},"): the
# sign that a brace or quote opened earlier was not closed where it was meant to be.
_SWALLOWED = re.compile(r"\n[ \t]*([A-Za-z][\w-]*)[ \t]*=[ \t]*[{\"0-9][^\n]*,[ \t]*(?=\n)")
_ENTRY_LINE = re.compile(r"^[ \t]*@", re.MULTILINE)
_STRAY_FIELD = re.compile(r"^[ \t]*,?[ \t]*([A-Za-z][\w-]*)[ \t]*=[ \t]*[{\"0-9]", re.MULTILINE)

MONTHS = {
    "jan": "January",
    "feb": "February",
    "mar": "March",
    "apr": "April",
    "may": "May",
    "jun": "June",
    "jul": "July",
    "aug": "August",
    "sep": "September",
    "oct": "October",
    "nov": "November",
    "dec": "December",
}


@quick_pickle
@dataclass(slots=True)
class Field:
    """One ``name = value`` of an entry; offsets point into the file's text."""

    name: str
    name_at: int
    value: str  # macros expanded, parts joined, braces kept, whitespace as written
    value_at: int
    value_end: int
    macros: tuple[str, ...] = ()  # @string names the value used


@quick_pickle
@dataclass(slots=True)
class Entry:
    type: str  # as written
    key: str
    at: int  # offset of the '@'
    key_at: int
    end: int = -1  # offset after the closing delimiter; -1 while unfinished
    fields: list[Field] = field(default_factory=list)
    complete: bool = False  # False when a syntax error cut the entry short
    by_name: dict[str, Field] = field(default_factory=dict)  # first field of each name

    def get(self, name: str) -> Field | None:
        """The first field called ``name`` (give it in lower case), as BibTeX reads it."""
        return self.by_name.get(name)

    def value(self, name: str, default: str = "") -> str:
        """The text of the first field called ``name`` (lower case), or ``default``."""
        found = self.by_name.get(name)
        return default if found is None else found.value


@dataclass(slots=True)
class StringDef:
    name: str
    value: str
    at: int


@quick_pickle
@dataclass(slots=True)
class BibFile:
    path: str  # as shown in messages
    text: str
    entries: list[Entry] = field(default_factory=list)
    strings: list[StringDef] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    folder: Path | None = None  # where the file is: local files are relative to it
    _index: LineIndex | None = None

    def locate(self, offset: int) -> tuple[int, int]:
        if self._index is None:
            self._index = LineIndex(self.text)
        return self._index.locate(offset)

    def problem(self, code: str, offset: int, message: str, hint: str = "") -> Problem:
        registered = TABLE[code]
        line, col = self.locate(offset)
        return Problem(
            self.path, line, col, code, message, registered.severity, hint or registered.hint
        )


class _Stop(Exception):
    """A syntax error that ends the current command."""

    def __init__(self, code: str, offset: int, message: str, resume: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.offset = offset
        self.message = message
        self.resume = offset if resume is None else resume


class _Parser:
    def __init__(self, bib: BibFile, macros: dict[str, str]) -> None:
        self.bib = bib
        self.text = bib.text
        self.macros = {**MONTHS, **{k.lower(): v for k, v in macros.items()}}
        self.entry: Entry | None = None
        self._closing: dict[int, int] | None = None
        self._too_deep: int | None = None

    def report(self, code: str, offset: int, message: str, hint: str = "") -> None:
        self.bib.problems.append(self.bib.problem(code, offset, message, hint))

    def space(self, at: int) -> int:
        return _SPACE.match(self.text, at).end()  # type: ignore[union-attr]

    def run(self) -> None:
        text = self.text
        pos = 0
        while True:
            at = text.find("@", pos)
            self.stray(pos, len(text) if at < 0 else at)
            if at < 0:
                return
            self.entry = None
            try:
                pos = self.command(at)
            except _Stop as stop:
                self.report(stop.code, stop.offset, stop.message)
                found = _ENTRY_LINE.search(text, max(stop.resume, at + 1))
                pos = found.end() - 1 if found else len(text)

    def stray(self, start: int, end: int) -> None:
        """Text between entries is a comment, unless it looks like a lost field."""
        if end - start < 3 or "=" not in self.text[start:end]:
            return
        for match in _STRAY_FIELD.finditer(self.text, start, end):
            self.report(
                "BIB020",
                match.start(1),
                f"'{match.group(1)} = ...' is outside any entry, so BibTeX ignores it",
            )

    def command(self, at: int) -> int:
        text = self.text
        i = self.space(at + 1)
        name = _NAME.match(text, i)
        if name is None:
            word = text[at : text.find("\n", at) if "\n" in text[at:] else len(text)]
            word = (word.split() or ["@"])[0][:20]
            raise _Stop("BIB010", at, f"'{word}' starts no entry: an entry type must follow '@'")
        kind = name.group()
        i = self.space(name.end())
        opener = text[i : i + 1]
        if opener not in ("{", "("):
            shown = text[i : i + 12].split("\n", 1)[0].strip() or "end of line"
            raise _Stop("BIB011", i, f"'@{kind}' is followed by {shown!r}, not by '{{' or '('")
        close = "}" if opener == "{" else ")"
        i += 1
        lower = kind.lower()
        if lower == "comment":
            return i  # as pybtex and BibTeX: the rest is skipped as comment text
        if lower == "string":
            return self.string(at, i, close)
        if lower == "preamble":
            _, i, _, _ = self.value(i)
            return self.closing(at, i, close, what="@preamble")
        return self.regular(kind, at, i, close)

    def string(self, at: int, i: int, close: str) -> int:
        i = self.space(i)
        name = _NAME.match(self.text, i)
        if name is None:
            raise _Stop("BIB012", i, "@string without a name")
        i = self.space(name.end())
        if self.text[i : i + 1] != "=":
            raise _Stop("BIB013", i, f"'=' expected after @string name '{name.group()}'")
        try:
            _, i, value, _ = self.value(i + 1)
        except _Stop as stop:
            if stop.code == "BIB022":  # defined all the same, so its uses add no errors
                self.macros[name.group().lower()] = ""
            raise
        self.macros[name.group().lower()] = value
        self.bib.strings.append(StringDef(name.group(), value, name.start()))
        return self.closing(at, i, close, what=f"@string {name.group()}")

    def regular(self, kind: str, at: int, i: int, close: str) -> int:
        text = self.text
        i = self.space(i)
        key = _KEY[close].match(text, i)
        if key is None or key.group().startswith(("=", '"', "#", "{", "%", "'", "(")):
            raise _Stop("BIB012", i, f"'@{kind}' entry without a key")
        entry = Entry(kind, key.group(), at, key.start())
        self.entry = entry
        self.bib.entries.append(entry)
        i = key.end()
        fast = _FAST_FIELD.match
        while True:
            quick = fast(text, i)
            if quick is not None and text[quick.end() : quick.end() + 1] != "#":
                group = quick.lastindex or 4
                written: str = quick.group(group)
                value: str | None = written
                macros: tuple[str, ...] = ()
                if group == 5:  # an @string name: only when it is defined
                    macros = (written,)
                    value = self.macros.get(written.lower())
                if value is not None:
                    bare = group >= 4  # a number or a name: no delimiters around it
                    self.add_field(
                        entry,
                        Field(
                            quick.group(1),
                            quick.start(1),
                            value,
                            quick.start(group) - (0 if bare else 1),
                            quick.end(group) + (0 if bare else 1),
                            macros,
                        ),
                    )
                    i = quick.end()
                    continue
            i = self.space(i)
            if text[i : i + 1] != ",":
                break
            i = self.space(i + 1)
            name = _NAME.match(text, i)
            if name is None:
                break
            i = self.space(name.end())
            if text[i : i + 1] != "=":
                raise _Stop(
                    "BIB013",
                    i,
                    f"'=' expected after field name '{name.group()}' in entry '{entry.key}'",
                )
            start, i, value, macros = self.value(i + 1)
            self.add_field(entry, Field(name.group(), name.start(), value, start, i, macros))
        end = self.closing(at, i, close, what=f"entry '{entry.key}'")
        entry.end = end
        entry.complete = True
        return end

    def add_field(self, entry: Entry, new: Field) -> None:
        lower = new.name.lower()
        first = entry.by_name.get(lower)
        if first is not None:
            line, _ = self.bib.locate(first.name_at)
            self.report(
                "BIB101",
                new.name_at,
                f"entry '{entry.key}' has a second '{new.name}' field (the first is on line {line})",
            )
        else:
            entry.by_name[lower] = new
        entry.fields.append(new)

    def closing(self, at: int, i: int, close: str, what: str) -> int:
        text = self.text
        i = self.space(i)
        found = text[i : i + 1]
        if found == close:
            return i + 1
        if not found:
            raise _Stop("BIB018", at, f"{what} is not closed before the end of the file")
        name = _NAME.match(text, i)
        entry = self.entry
        if name is not None and entry is not None and not entry.fields:
            raise _Stop("BIB017", i, f"missing comma after the key of entry '{entry.key}'")
        if found == "=" and entry is not None and not entry.fields:
            raise _Stop(
                "BIB012", entry.key_at, f"'@{entry.type}' entry without a key (found a field)"
            )
        if name is not None and entry is not None:
            previous = entry.fields[-1]
            raise _Stop(
                "BIB017",
                previous.value_end,
                f"missing comma after field '{previous.name}' of entry '{entry.key}' "
                f"(next comes '{name.group()}')",
                resume=i,
            )
        shown = text[i : i + 12].split("\n", 1)[0]
        raise _Stop("BIB017", i, f"{what}: expected ',' or '{close}', found {shown!r}")

    def value(self, i: int) -> tuple[int, int, str, tuple[str, ...]]:
        """Parse ``part # part # ...``: its start and end offsets, its text, the macros used."""
        text = self.text
        parts: list[str] = []
        macros: list[str] = []
        length = 0
        start = i = self.space(i)
        while True:
            char = text[i : i + 1]
            if char in ("{", '"'):
                end = self.braced(i) if char == "{" else self.quoted(i)
                inner = text[i + 1 : end - 1]
                if "\n" in inner and "=" in inner:
                    self.swallowed(i, inner)
                parts.append(inner)
            elif char.isdigit():
                number = _NUMBER.match(text, i)
                end = number.end()  # type: ignore[union-attr]
                parts.append(number.group())  # type: ignore[union-attr]
            else:
                name = _NAME.match(text, i)
                if name is None:
                    shown = text[i : i + 10].split("\n", 1)[0] or "end of line"
                    raise _Stop(
                        "BIB014",
                        i,
                        f'expected a value ({{text}}, "text", a number or a @string name), '
                        f"found {shown!r}",
                    )
                end = name.end()
                macro = name.group()
                macros.append(macro)
                expansion = self.macros.get(macro.lower())
                if expansion is None:
                    self.report("BIB019", i, f"@string '{macro}' is not defined")
                    expansion = ""
                parts.append(expansion)
            length += len(parts[-1])
            if macros and length > MAX_VALUE:
                raise _Stop(
                    "BIB022",
                    start,
                    f"this value is longer than {MAX_VALUE:,} characters once its @string "
                    "macros are expanded",
                    resume=end,
                )
            i = self.space(end)
            if text[i : i + 1] != "#":
                return start, end, "".join(parts), tuple(macros)
            i = self.space(i + 1)

    def swallowed(self, at: int, inner: str) -> None:
        names = [m.group(1) for m in _SWALLOWED.finditer(inner)]
        if not names:
            return
        where = f" in entry '{self.entry.key}'" if self.entry is not None else ""
        shown = ", ".join(dict.fromkeys(names))
        raise _Stop(
            "BIB016",
            at,
            f"this {'brace' if self.text[at] == '{' else 'quote'}{where} is not closed where it "
            f"should be: its value swallows the fields {shown}",
            resume=at + 1,
        )

    def braced(self, at: int) -> int:
        """The offset after the '}' that closes the '{' at ``at`` (the whole file is paired
        once, so a file of unclosed braces costs one pass, not one per brace)."""
        if self._closing is None:
            self._closing, self._too_deep = match_braces(self.text)
        end = self._closing.get(at)
        if end is None:
            raise self.unclosed(at, "brace")
        deep = self._too_deep
        if deep is not None and at <= deep < end:
            raise _Stop("BIB021", deep, f"braces nested more than {MAX_DEPTH} deep", resume=end)
        return end

    def quoted(self, at: int) -> int:
        text = self.text
        search = _QUOTED.search
        pos = at + 1
        while True:
            found = search(text, pos)
            if found is None:
                raise self.unclosed(at, "quote")
            char = found.group()
            if char == '"':
                return found.end()
            if char == "}":
                raise _Stop("BIB015", found.start(), "'}' inside a quoted value closes no '{'")
            pos = self.braced(found.start())  # a braced group: '"' inside it is text

    def unclosed(self, at: int, what: str) -> _Stop:
        where = f" in entry '{self.entry.key}'" if self.entry is not None else ""
        return _Stop("BIB016", at, f"this {what}{where} is never closed", resume=at + 1)


def parse(text: str, path: str = "<string>", macros: dict[str, str] | None = None) -> BibFile:
    """Parse BibTeX source; syntax problems are in the result, never raised."""
    bib = BibFile(path, text)
    _Parser(bib, macros or {}).run()
    return bib
