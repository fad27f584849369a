"""Reading the project's input files: the one module that opens them.

Every reader returns what it could read plus located problems; none raises for
bad content. ``InputError`` is only for a file that cannot be read at all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bibfolio.bibtex import BibFile, parse
from bibfolio.diagnostics import REGISTRY, LineIndex, Problem, Severity

E = Severity.ERROR

REGISTRY.add(
    "BIB001",
    E,
    "file is not UTF-8",
    "Save the file as UTF-8 (most editors offer it under 'Save with encoding').",
    b"@article{key, title = {Caf\xe9}}\n".decode("latin-1"),
)
REGISTRY.add(
    "BIB002",
    E,
    "NUL byte in the file",
    "The file holds binary data at this place; remove it.",
    "@article{key, title = {A\x00}}\n",
)
REGISTRY.add(
    "CV001",
    E,
    "YAML syntax error",
    "Check the indentation and the ':' after each key; quote text that holds ': ' or '#'.",
    "name: [Miao Lu\n",
    example_file="docs/cv.yaml",
)
REGISTRY.add(
    "CV002",
    E,
    "key given twice",
    "YAML keeps only the last of them; remove one.",
    "name: A\nname: B\n",
    example_file="docs/cv.yaml",
)


class InputError(Exception):
    """A file that cannot be read at all (missing, a folder, no permission)."""


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the working folder when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"{display_path(path)}: cannot read: {error.strerror}") from None


def _decode(data: bytes, shown: str, problems: list[Problem], codes: tuple[str, str]) -> str:
    not_utf8, nul = codes
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        text = data.decode("utf-8-sig", errors="replace")
        line = data.count(b"\n", 0, error.start) + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        col = len(data[line_start : error.start].decode("utf-8", errors="replace")) + 1
        problems.append(
            Problem(
                shown,
                line,
                col,
                not_utf8,
                f"byte 0x{data[error.start]:02x} is not UTF-8; the file seems to use "
                "another encoding (such as Latin-1, GBK or Windows-1252)",
                REGISTRY[not_utf8].severity,
                REGISTRY[not_utf8].hint,
            )
        )
    if "\x00" in text:
        index = LineIndex(text)
        offset = text.index("\x00")
        line, col = index.locate(offset)
        count = text.count("\x00")
        more = f" ({count} in the file)" if count > 1 else ""
        problems.append(
            Problem(
                shown,
                line,
                col,
                nul,
                f"NUL byte{more}",
                REGISTRY[nul].severity,
                REGISTRY[nul].hint,
            )
        )
        text = text.replace("\x00", " ")
    return text


def read_bibtex(path: Path) -> BibFile:
    shown = display_path(path)
    problems: list[Problem] = []
    text = _decode(_read_bytes(path), shown, problems, ("BIB001", "BIB002"))
    bib = parse(text, shown)
    bib.problems[:0] = problems
    bib.folder = path.resolve().parent
    return bib


# -- YAML with positions ------------------------------------------------------

KEY = "<key>"  # marks[(*path, KEY)] is where a mapping key is written


@dataclass
class YamlDocument:
    """A YAML file as plain Python data, with the position of every value and key."""

    path: str
    data: Any
    marks: dict[tuple[Any, ...], tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def where(self, location: tuple[Any, ...]) -> tuple[int, int]:
        """The position of ``location``, or of its nearest enclosing value."""
        while location not in self.marks and location:
            location = location[:-1]
        return self.marks.get(location, (1, 1))


MAX_YAML_DEPTH = 50  # mappings and lists nested deeper than this are an error (CV005)
MAX_YAML_VALUES = 100_000  # values, once aliases are expanded (CV005)


def read_yaml(path: Path) -> YamlDocument:
    shown = display_path(path)
    document = YamlDocument(shown, None)
    text = _decode(_read_bytes(path), shown, document.problems, ("CV003", "CV004"))
    return parse_yaml(text, document)


def parse_yaml(text: str, document: YamlDocument, line_offset: int = 0) -> YamlDocument:
    """Fill ``document`` from YAML ``text``; every problem is located, none is raised.

    Built from the parser's events with an explicit stack, so nesting costs no
    recursion; aliases are expanded by reference and the values they stand for
    are counted, so a file of nested aliases ("billion laughs") or an alias
    inside the value it names stops with a message instead of filling memory.
    ``line_offset`` shifts the lines reported (YAML front matter inside a page).
    """
    import yaml  # noqa: PLC0415 - only the data file and front matter need it

    loader = yaml.SafeLoader(text)
    try:
        _YamlBuilder(loader, document, line_offset).run()
    except _YamlLimit as limit:
        document.data = None
        document.problems.append(
            _yaml_problem(document, limit.line + line_offset, limit.col, "CV005", limit.message)
        )
    except yaml.MarkedYAMLError as error:
        document.data = None
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(part for part in (error.context, error.problem) if part)
        document.problems.append(
            _yaml_problem(document, line + line_offset, col, "CV001", f"YAML syntax: {problem}")
        )
    except yaml.YAMLError as error:
        document.data = None
        document.problems.append(
            _yaml_problem(document, 1 + line_offset, 1, "CV001", f"YAML: {error}")
        )
    finally:
        loader.dispose()
    return document


def _yaml_problem(document: YamlDocument, line: int, col: int, code: str, message: str) -> Problem:
    return Problem(document.path, line, col, code, message, E, REGISTRY[code].hint)


class _YamlLimit(Exception):
    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.line = mark.line + 1
        self.col = mark.column + 1
        self.message = message


_MERGE = "<<"
_PLAIN_TAGS = (
    "!",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
)


@dataclass
class _Open:
    """A mapping or list being built."""

    value: Any
    location: tuple[Any, ...]
    anchor: str | None
    size: int = 1  # values it holds, aliases expanded
    key: Any = None  # a mapping's pending key
    expecting_key: bool = True
    merges: list[Any] = field(default_factory=list)


class _YamlBuilder:
    def __init__(self, loader: Any, document: YamlDocument, line_offset: int) -> None:
        self.loader = loader
        self.doc = document
        self.offset = line_offset
        self.anchors: dict[str, tuple[Any, int]] = {}  # name -> (value, size)
        self.open_anchors: set[str] = set()
        self.stack: list[_Open] = []
        self.total = 0

    def mark(self, location: tuple[Any, ...], mark: Any) -> None:
        self.doc.marks[location] = (mark.line + 1 + self.offset, mark.column + 1)

    def run(self) -> None:
        import yaml  # noqa: PLC0415

        loader = self.loader
        documents = 0
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _YamlLimit(event.start_mark, "a second YAML document ('---'): keep one")
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                self.start(event, mapping=isinstance(event, yaml.MappingStartEvent))
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                self.end(event)
            elif isinstance(event, yaml.ScalarEvent):
                self.scalar(event)
            elif isinstance(event, yaml.AliasEvent):
                self.alias(event)

    def location(self) -> tuple[Any, ...]:
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.value, dict):
            return (*top.location, top.key)
        return (*top.location, len(top.value))

    def count(self, size: int, mark: Any) -> None:
        self.total += size
        if self.total > MAX_YAML_VALUES:
            raise _YamlLimit(
                mark,
                f"the file holds more than {MAX_YAML_VALUES:,} values once its aliases "
                "(*name) are expanded",
            )

    def expecting_key(self) -> bool:
        return (
            bool(self.stack)
            and isinstance(self.stack[-1].value, dict)
            and (self.stack[-1].expecting_key)
        )

    def check_tag(self, event: Any) -> None:
        if event.tag and event.tag not in _PLAIN_TAGS:
            raise _YamlLimit(event.start_mark, f"the YAML tag {event.tag} is not supported here")

    def start(self, event: Any, mapping: bool) -> None:
        self.check_tag(event)
        if len(self.stack) >= MAX_YAML_DEPTH:
            raise _YamlLimit(
                event.start_mark, f"lists and mappings nested more than {MAX_YAML_DEPTH} deep"
            )
        if self.expecting_key():
            raise _YamlLimit(event.start_mark, "a key must be text, not a list or a mapping")
        location = self.location()
        self.mark(location, event.start_mark)
        self.count(1, event.start_mark)
        if event.anchor:
            self.open_anchors.add(event.anchor)
        self.stack.append(_Open({} if mapping else [], location, event.anchor))

    def end(self, event: Any) -> None:
        done = self.stack.pop()
        if isinstance(done.value, dict):
            for merged in done.merges:  # keys written here win, then earlier merges
                for key, value in merged.items():
                    done.value.setdefault(key, value)
        if done.anchor:
            self.open_anchors.discard(done.anchor)
            self.anchors[done.anchor] = (done.value, done.size)
        self.add(done.value, done.size, event.start_mark)

    def scalar(self, event: Any) -> None:
        import yaml  # noqa: PLC0415

        self.check_tag(event)
        if self.expecting_key():
            self.key(event)
            return
        tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            value = self.loader.construct_object(node)
        except (ValueError, OverflowError):  # an impossible date such as 2024-02-30
            value = event.value  # kept as text: the schema then says what is wrong with it
        self.mark(self.location(), event.start_mark)
        self.count(1, event.start_mark)
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)
        self.add(value, 1, event.start_mark)

    def key(self, event: Any) -> None:
        top = self.stack[-1]
        key = event.value
        where = (*top.location, key, KEY)
        if key in top.value:
            first = self.doc.marks.get(where, (0, 0))
            self.doc.problems.append(
                _yaml_problem(
                    self.doc,
                    event.start_mark.line + 1 + self.offset,
                    event.start_mark.column + 1,
                    "CV002",
                    f"'{key}' is given twice (first on line {first[0]})",
                )
            )
        if key != _MERGE:
            self.mark(where, event.start_mark)
        top.key, top.expecting_key = key, False

    def alias(self, event: Any) -> None:
        name = event.anchor
        if name in self.open_anchors:
            raise _YamlLimit(event.start_mark, f"the alias *{name} is inside the value it names")
        if name not in self.anchors:
            raise _YamlLimit(event.start_mark, f"the alias *{name} names no anchor (&{name})")
        if self.expecting_key():
            raise _YamlLimit(event.start_mark, "a key must be written out, not an alias")
        value, size = self.anchors[name]
        self.mark(self.location(), event.start_mark)
        self.count(size, event.start_mark)
        self.add(value, size, event.start_mark)

    def add(self, value: Any, size: int, mark: Any) -> None:
        if not self.stack:
            self.doc.data = value
            return
        top = self.stack[-1]
        top.size += size
        if isinstance(top.value, list):
            top.value.append(value)
            return
        if top.key == _MERGE:
            merged = value if isinstance(value, list) else [value]
            if not all(isinstance(item, dict) for item in merged):
                raise _YamlLimit(mark, "'<<' merges mappings only")
            top.merges.extend(merged)
        else:
            top.value[top.key] = value
        top.expecting_key = True


REGISTRY.add(
    "CV003",
    E,
    "data file is not UTF-8",
    "Save the file as UTF-8.",
    b"name: Caf\xe9\n".decode("latin-1"),
    example_file="docs/cv.yaml",
)
REGISTRY.add(
    "CV004",
    E,
    "NUL byte in the data file",
    "The file holds binary data at this place; remove it.",
    "name: A\x00\n",
    example_file="docs/cv.yaml",
)
REGISTRY.add(
    "CV005",
    E,
    "YAML that cannot be read safely",
    "Write the values out: nesting deeper than 50 levels, aliases (*name) that expand to "
    "more than 100,000 values or name the value they are in, and YAML tags (!name) are refused.",
    "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
    example_file="docs/cv.yaml",
)
