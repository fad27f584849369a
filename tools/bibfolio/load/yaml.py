"""YAML with the position of every key and value, read without recursion and within bounds.

The data file (cv.yaml) and the front matter of pages are read here: plain
Python data, a mark (line, column) for every value and key, and located
problems; nothing is raised for bad content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bibfolio.diagnostics import TABLE, LineIndex, Problem, Severity
from bibfolio.load.files import decode, display_path, read_bytes, real_path

E = Severity.ERROR

KEY = "<key>"  # marks[(*path, KEY)] is where a mapping key is written


@dataclass
class YamlDocument:
    """A YAML file as plain Python data, with the position of every value and key."""

    path: str
    data: Any
    marks: dict[tuple[Any, ...], tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    text: str = ""  # the source, as read

    def where(self, location: tuple[Any, ...]) -> tuple[int, int]:
        """The position of ``location``, or of its nearest enclosing value."""
        while location not in self.marks and location:
            location = location[:-1]
        return self.marks.get(location, (1, 1))


# {a: }, [a: ] and "? a" without its ": value": the empty value is placed a column apart;
# a lone "!" tag on an empty value reads as an empty text, not as nothing.
_EMPTY_VALUE = re.compile(r":\s*[,}\]]|(?:^|[\s\[{,])\?(?:\s|$)")
_BARE_TAG = re.compile(r"(?:^|[\s\[{,:-])!(?:\s|$|[,\]}])")
_HEADER_COMMENT = re.compile(r"[|>][-+0-9]*#")  # "|#": a comment PyYAML wants a space before
MAX_YAML_DEPTH = 50  # mappings and lists nested deeper than this are an error (CV005)
MAX_YAML_VALUES = 100_000  # values, once aliases are expanded (CV005)


def read_yaml(path: Path) -> YamlDocument:
    shown = display_path(path)
    document = YamlDocument(shown, None)
    text = decode(read_bytes(path, "CV007"), shown, document.problems, ("CV003", "CV004"))
    document.text = text
    return parse_yaml(text, document)


class YamlFiles:
    """The YAML files one load reads, each read once even when several steps need it."""

    def __init__(self) -> None:
        self._read: dict[Path, YamlDocument] = {}

    def __call__(self, path: Path) -> YamlDocument:
        key = real_path(path)
        if key not in self._read:
            self._read[key] = read_yaml(path)
        return self._read[key]


def parse_yaml(text: str, document: YamlDocument, line_offset: int = 0) -> YamlDocument:
    """Fill ``document`` from YAML ``text``; every problem is located, none is raised.

    Built from the parser's events with an explicit stack, so nesting costs no
    recursion; aliases are expanded by reference and the values they stand for
    are counted, so a file of nested aliases ("billion laughs") or an alias
    inside the value it names stops with a message instead of filling memory.
    ``line_offset`` shifts the lines reported (YAML front matter inside a page).
    """
    import yaml  # noqa: PLC0415 - only the data file and front matter need it

    if _read_fast(yaml, text, document, line_offset):
        return document
    try:
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as error:  # a character YAML does not allow
        document.data = None
        line, col = LineIndex(text).locate(error.position)
        document.problems.append(
            _yaml_problem(
                document,
                line + line_offset,
                col,
                "CV001",
                f"YAML: character U+{error.character:04X} is not allowed (is this a text file?)",
            )
        )
        return document
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


def _read_fast(yaml: Any, text: str, document: YamlDocument, line_offset: int) -> bool:
    """Fill ``document`` with libyaml's parser, if PyYAML has it and ``text`` reads without
    a problem; else leave it as it was and say so.

    libyaml (``CSafeLoader``, in PyYAML's wheels) reads a data file some seven times
    faster than PyYAML's own parser, with the same events and marks (line, column
    in characters). Its messages are terser and placed where it noticed the fault,
    so text with a fault is read again by PyYAML's parser, for the located message
    a user gets everywhere, with or without libyaml.
    """
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is None or _read_differently(text):
        return False
    known, marks = len(document.problems), dict(document.marks)
    loader = fast(text)
    try:
        _YamlBuilder(loader, document, line_offset, libyaml=True).run()
    except Exception:  # noqa: BLE001, S110 - PyYAML's parser has the last word, with its message
        pass
    else:  # an empty document is placed otherwise after a last comment: read again
        if len(document.problems) == known and document.data is not None:
            return True
    finally:
        loader.dispose()
    del document.problems[known:]
    document.marks, document.data = marks, None
    return False


def _read_differently(text: str) -> bool:
    """Whether libyaml might read ``text`` otherwise than PyYAML's own parser: it takes a
    tab between tokens and a byte-order mark inside a line, which PyYAML refuses or
    keeps; it places some empty values a column apart, reads a lone "!" tag otherwise
    and a block scalar's "|#"; and it reads UTF-8, which text with a lone surrogate has
    no form in. (A '?' inside a plain value in brackets, which PyYAML ends the value at,
    is found while reading: ``_ReadOtherwise``.)"""
    if "\t" in text or "\ufeff" in text:
        return True
    if _EMPTY_VALUE.search(text) or _BARE_TAG.search(text) or _HEADER_COMMENT.search(text):
        return True
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _yaml_problem(document: YamlDocument, line: int, col: int, code: str, message: str) -> Problem:
    return Problem(document.path, line, col, code, message, E, TABLE[code].hint)


class _ReadOtherwise(Exception):
    """Where libyaml reads the text otherwise than PyYAML's own parser: read again by it."""


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
    flow: bool = False  # written inside brackets or braces


class _YamlBuilder:
    def __init__(
        self, loader: Any, document: YamlDocument, line_offset: int, libyaml: bool = False
    ) -> None:
        self.loader = loader
        self.libyaml = libyaml  # stop where libyaml reads otherwise than PyYAML
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

    def in_braces(self) -> bool:
        return bool(self.stack) and self.stack[-1].flow

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
        self.stack.append(
            _Open({} if mapping else [], location, event.anchor, flow=bool(event.flow_style))
        )

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
        if self.libyaml and not event.style and "?" in event.value and self.in_braces():
            raise _ReadOtherwise  # PyYAML ends a plain value inside brackets at a "?"
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
