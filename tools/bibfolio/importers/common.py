"""What every importer shares: the result, reading a source's files safely, dates, text.

A source folder is read only inside itself: a file reached through a link that
leads out of it, larger than ``MAX_FILE`` or not UTF-8 is left out with a
located message (IMP002), never read.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from bibfolio.diagnostics import TABLE, LineIndex, Problem
from bibfolio.load.files import decode, display_path, inside
from bibfolio.load.yaml import YamlDocument, parse_yaml

MAX_FILE = 5_000_000  # bytes: no researcher's bibliography or CV is larger
MAX_FILES = 2_000  # news items, PDFs: more is not a personal site

Data = dict[str, Any]


@dataclass(frozen=True, slots=True)
class NewsItem:
    """A dated news item: its date (YYYY-MM-DD) and its text as the data file's prose."""

    date: str
    text: str  # the data file's prose


@dataclass
class Imported:
    """What a source holds, in bibfolio's terms, and what could not be mapped."""

    cv: Data = field(default_factory=dict)  # the data file's top-level keys, in order
    sections: list[Data] = field(default_factory=list)
    bibtex: str = ""  # the bibliography, rewritten for bibfolio; "" when the source has none
    news: list[NewsItem] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)  # name under files/ -> source file
    photo: Path | None = None  # an image of the source: the home page's photo
    awards: list[str] = field(default_factory=list)  # award names the project must accept
    ignore: list[str] = field(default_factory=list)  # codes the new project sets aside, and why
    problems: list[Problem] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # what was changed to fit, summed up

    def note(self, code: str, path: str, line: int, col: int, message: str) -> None:
        spec = TABLE[code]
        self.problems.append(Problem(path, line, col, code, message, spec.severity, spec.hint))


class Source:
    """A source folder (or the folder of a source file), read only inside itself."""

    def __init__(self, root: Path, result: Imported) -> None:
        self.root = root
        self.result = result

    def shown(self, relative: str) -> str:
        return display_path(self.root / relative)

    def file(self, relative: str) -> Path | None:
        """The regular file at ``relative`` when it is inside the source (links followed)."""
        path = self.root / relative
        if not path.exists() and not path.is_symlink():
            return None
        if not inside(path, self.root):
            self.result.note(
                "IMP002", self.shown(relative), 1, 1, "leads outside the source folder: left out"
            )
            return None
        if not path.is_file():
            self.result.note("IMP002", self.shown(relative), 1, 1, "is not a file: left out")
            return None
        return path

    def text(self, relative: str) -> str | None:
        """The text of a file of the source, or None (missing, outside, too large, unreadable)."""
        path = self.file(relative)
        if path is None:
            return None
        shown = self.shown(relative)
        try:
            size = path.stat().st_size
            if size > MAX_FILE:
                self.result.note(
                    "IMP002", shown, 1, 1, f"is {size} bytes, more than {MAX_FILE}: left out"
                )
                return None
            data = path.read_bytes()
        except OSError as error:
            self.result.note("IMP002", shown, 1, 1, f"cannot read it: {error.strerror}: left out")
            return None
        problems: list[Problem] = []
        text = decode(data, shown, problems, ("IMP002", "IMP002"))
        if problems:
            self.result.problems += problems
            return None
        return text

    def yaml(self, relative: str, text: str | None = None, line_offset: int = 0) -> YamlDocument:
        """A YAML file of the source (bounded, with positions); data None when unreadable."""
        shown = self.shown(relative)
        document = YamlDocument(shown, None)
        if text is None:
            text = self.text(relative)
        if text is None:
            return document
        parse_yaml(text, document, line_offset)
        for problem in document.problems:
            self.result.note(
                "IMP002", problem.path, problem.line, problem.col, f"{problem.message}: left out"
            )
        document.problems = []
        return document

    def json(self, relative: str) -> Any:
        text = self.text(relative)
        if text is None:
            return None
        return parse_json(text, self.shown(relative), self.result)


def parse_json(text: str, shown: str, result: Imported) -> Any:
    """JSON, within bounds (nesting is limited by the parser; size by MAX_FILE)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        result.note("IMP002", shown, error.lineno, error.colno, f"JSON: {error.msg}: left out")
    except RecursionError:
        result.note("IMP002", shown, 1, 1, "JSON nested too deeply: left out")
    return None


def where_json(text: str, needle: str) -> tuple[int, int]:
    """Line and column of the first ``"needle"`` in a JSON text (1, 1 when absent)."""
    found = text.find(f'"{needle}"')
    return LineIndex(text).locate(found) if found >= 0 else (1, 1)


# -- dates -----------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_POINT = re.compile(
    r"(?:(?P<word>[A-Za-z]{3,9})\.?\s+)?(?P<year>(?:19|20|21)\d{2})"
    r"(?:[-./](?P<month>\d{1,2})(?![\d]))?"
)
_NOW = re.compile(r"\b(?:now|present|current|ongoing|today)\b", re.IGNORECASE)


def month_of(value: Any) -> str | None:
    """``2023-09`` or ``2023`` from a date as sources write it (``Sep 2023``, ``2023.9``,
    ``2023-09-14``, a YAML date, a year as a number); None when it is none."""
    if isinstance(value, datetime.date):
        return f"{value.year}-{value.month:02d}"
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    found = _POINT.search(value)
    if found is None:
        return None
    return _point(found)


def _point(found: re.Match[str]) -> str | None:
    year = found.group("year")
    month = int(found.group("month") or 0) or _MONTHS.get((found.group("word") or "").lower(), 0)
    if not 0 <= month <= 12:
        return None
    return f"{year}-{month:02d}" if month else year


def span_of(value: Any) -> tuple[str, str | None] | None:
    """(start, end) of ``2017 - 2021``, ``2021 - Now`` (end "present"), ``1905`` (no end)."""
    if isinstance(value, int | datetime.date) and not isinstance(value, bool):
        start = month_of(value)
        return (start, None) if start else None
    if not isinstance(value, str):
        return None
    points = [p for p in map(_point, _POINT.finditer(value)) if p]
    if not points:
        return None
    if len(points) >= 2:
        return points[0], points[1]
    return points[0], ("present" if _NOW.search(value) else None)


# -- text ------------------------------------------------------------------------------

_SHORTCODE = re.compile(r"(?<![\w:]):[a-z0-9_+-]+:(?![\w:])")
_SPACES = re.compile(r"\s+")
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_ESCAPED = re.compile(r"([!-/:-@\[-`{-~])")


def escape_markdown(text: str) -> str:
    """Text that MyST prints as written: every ASCII punctuation mark backslash-escaped."""
    return _ESCAPED.sub(r"\\\1", text)


def html_to_text(source: str) -> str:
    return _SPACES.sub(" ", _strip_tags(source)).strip()


def _strip_tags(html: str) -> str:
    from html import unescape  # noqa: PLC0415

    return unescape(re.sub(r"<[^>]{0,2000}>", " ", html))


_LIQUID = re.compile(r"\{%.{0,2000}?%\}|\{\{.{0,2000}?\}\}", re.DOTALL)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)([^>]{0,2000})>|([^<]+)|<", re.DOTALL)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_MARKS = {"em": "*", "i": "*", "strong": "**", "b": "**"}
_BLOCKS = frozenset(("p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "tr", "td"))


@dataclass
class _Prose:
    """Prose of the data file being written: text, ``*emphasis*``, ``**strong**`` and
    ``[text](https://address)``; what is open is a stack of (output, mark or address)."""

    out: list[str] = field(default_factory=list)
    stack: list[tuple[list[str], str, str]] = field(default_factory=list)  # (outer, kind, arg)
    dropped: int = 0  # links left as their text (an address of the site, not http(s))

    def text(self, text: str) -> None:
        text = _SHORTCODE.sub("", text).replace("*", "\u2217").replace("](", "] (")
        self.out.append(text.replace("[@", "[ @"))

    def open(self, kind: str, arg: str = "") -> None:
        self.stack.append((self.out, kind, arg))
        self.out = []

    def close(self, kind: str) -> None:
        if not any(open_kind == kind for _, open_kind, _ in self.stack):
            return
        while self.stack:
            inner = "".join(self.out).strip() if kind == "link" else "".join(self.out)
            self.out, open_kind, arg = self.stack.pop()
            self.out.append(self.wrapped(open_kind, arg, inner))
            if open_kind == kind:
                return

    def wrapped(self, kind: str, arg: str, inner: str) -> str:
        if kind == "link":
            from bibfolio.model.urls import safe_url  # noqa: PLC0415

            label = re.sub(r"\*+", "", inner).replace("[", "(").replace("]", ")").strip()
            if safe_url(arg) and not re.search(r"[<>\\\s()\[\]]", arg):
                return f"[{label or arg}]({arg})"
            self.dropped += 1
            return inner
        bare = inner.strip()
        if not bare or "*" in bare or bare != inner:
            return inner
        return f"{arg}{bare}{arg}"

    def html(self, html: str) -> None:
        from html import unescape  # noqa: PLC0415

        for found in _TAG.finditer(html):
            closing, tag, rest, words = found.groups()
            tag = (tag or "").lower()
            if words is not None:
                self.text(unescape(words))
            elif tag == "a" and closing:
                self.close("link")
            elif tag == "a":
                href = _HREF.search(rest or "")
                self.open(
                    "link", unescape(next((g for g in href.groups() if g), "")) if href else ""
                )
            elif tag in _MARKS and closing:
                self.close(tag)
            elif tag in _MARKS:
                self.open(tag, _MARKS[tag])
            elif tag in _BLOCKS:
                self.out.append(" ")

    def result(self) -> str:
        while self.stack:
            self.close(self.stack[-1][1])
        return _SPACES.sub(" ", "".join(self.out)).strip()


def markdown_to_prose(source: str) -> tuple[str, int]:
    """Markdown (with HTML and Jekyll's Liquid) as the data file's prose: its text, its
    emphasis and its http(s) links; and how many links were left as text (a page or file of
    the site). A ``*`` that marks nothing becomes U+2217 (an asterisk operator), so that it prints as written."""
    from markdown_it import MarkdownIt  # noqa: PLC0415

    writer = _Prose()
    source = _LIQUID.sub("", _COMMENT.sub("", source))
    for token in MarkdownIt("commonmark").parse(source):
        for child in token.children or ():
            kind = child.type
            if kind == "link_open":
                writer.open("link", str(child.attrs.get("href", "")))
            elif kind == "link_close":
                writer.close("link")
            elif kind in ("em_open", "strong_open"):
                writer.open(kind[:-5], "*" if kind == "em_open" else "**")
            elif kind in ("em_close", "strong_close"):
                writer.close(kind[:-6])
            elif kind in ("text", "code_inline"):
                writer.text(child.content)
            elif kind in ("softbreak", "hardbreak"):
                writer.out.append(" ")
            elif kind == "html_inline":
                writer.html(child.content)
        if token.type in ("paragraph_close", "heading_close", "list_item_close"):
            writer.out.append(" ")
        elif token.type == "html_block":
            writer.html(token.content)
    text = writer.result()
    return text, writer.dropped


# -- the data file's values ---------------------------------------------------------------


def valid_item(
    model: type[BaseModel], item: Data, result: Imported, *, path: str, line: int, what: str
) -> Data | None:
    """``item`` when the data file's model takes it; else None, reported as not mapped."""
    try:
        model.model_validate(item)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        place = ".".join(str(part) for part in first["loc"]) or "it"
        result.note("IMP101", path, line, 1, f"{what}: {place}: {first['msg']}: not mapped")
        return None
    return item
