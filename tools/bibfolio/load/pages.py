"""The site's MyST pages, read the way myst-parser reads them, with positions.

Each page is tokenized by myst-parser's own markdown-it parser (the one the
build uses), so a citation, a directive or an image is found where the build
will find it; directive bodies that hold MyST (notes, figures, ...) are read
the same way. Nothing here runs a directive: this is what the checks look at
before Sphinx reads anything.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from bibfolio.diagnostics import TABLE, Place, Problem, Severity
from bibfolio.load.files import display_path
from bibfolio.load.yaml import YamlDocument, parse_yaml
from bibfolio.pickled import quick_pickle

E = Severity.ERROR
_FRONT_MATTER = "The front matter is YAML between two lines of ---, at the very top of the page."
_FRONT_MATTER_CODES = {"CV001": "PAGE001", "CV002": "PAGE002", "CV005": "PAGE003"}

GENERATED_MARK = "% bibfolio: generated"
# Every paper's page has this same source (bibfolio.sphinx.paperpages writes it): the
# {paper-page} directive finds the paper from the page's folder, so no text from the
# bibliography is ever written as MyST. Only a file that holds exactly this is taken for a
# generated page; any other is read and checked as the user's.
GENERATED_PAGE = f"""---
orphan: true
---
{GENERATED_MARK} from the bibliography; edit refs.bib, not this file

```{{paper-page}}
```
"""
GENERATED_BYTES = GENERATED_PAGE.encode("utf-8")  # as bibfolio writes it: UTF-8, no BOM
# Directives whose body is not MyST: their text is data, never read for roles.
LITERAL_BODIES = frozenset(
    {
        "code",
        "code-block",
        "sourcecode",
        "code-cell",
        "literalinclude",
        "raw",
        "math",
        "csv-table",
        "mermaid",
        "graphviz",
        "bibliography",
        "toctree",
        "publications",
    }
)
# Directives and roles that copy or read a file named in the page.
FILE_DIRECTIVES = frozenset({"include", "literalinclude", "image", "figure"})
# Directives whose :url: option docutils fetches while it builds (file:// addresses too).
URL_DIRECTIVES = frozenset({"raw", "csv-table"})
_OPTION = re.compile(r"^:([\w-]+):\s*(.*)$")
_TARGET = re.compile(r"<([^<>]*)>\s*$")


@quick_pickle
@dataclass(frozen=True, slots=True)
class CiteRole:
    """A key cited in a page's text: {cite}`key`, {cite:p}`a,b`."""

    key: str
    place: Place


@quick_pickle
@dataclass(frozen=True, slots=True)
class Directive:
    name: str
    argument: str
    options: dict[str, str]
    body: tuple[str, ...]  # the lines after the options
    place: Place
    body_line: int  # the line of the page the body starts on


@dataclass(frozen=True, slots=True)
class FileUse:
    """A file a page makes the build read: ``target`` as written, and how Sphinx resolves it."""

    target: str
    kind: str  # include, literalinclude, image, figure, download, raw :file:, raw :url:, ...
    from_source_folder: bool  # "/x" is the source folder's x (Sphinx's rule), else the disk's
    place: Place


@dataclass
class Page:
    path: Path
    shown: str
    docname: str
    front_matter: dict[str, Any] = field(default_factory=dict)
    front_matter_line: int = 0  # 0: none
    front_matter_marks: dict[tuple[Any, ...], tuple[int, int]] = field(default_factory=dict)
    title: str = ""
    citations: list[CiteRole] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    files: list[FileUse] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def uses(self, name: str) -> list[Directive]:
        return [d for d in self.directives if d.name == name]


@cache
def _parser() -> Any:
    from markdown_it.renderer import RendererHTML  # noqa: PLC0415
    from myst_parser.config.main import MdParserConfig  # noqa: PLC0415
    from myst_parser.parsers.mdit import create_md_parser  # noqa: PLC0415

    return create_md_parser(MdParserConfig(enable_extensions={"colon_fence"}), RendererHTML)


def is_generated(text: str) -> bool:
    return text == GENERATED_PAGE


def site_pages(
    docs: Path,
    exclude: Sequence[str] = (),
    suffixes: tuple[str, ...] = (".md",),
    include: Sequence[str] = ("**",),
) -> tuple[list[Path], list[Path]]:
    """The pages of the site in ``docs`` (MyST unless ``suffixes`` say more), in order, and
    the folders among them that are links (Sphinx reads the pages in them too).

    The pages are the documents Sphinx finds, by its own rule (``include_patterns``,
    ``exclude_patterns`` and the paths it always leaves out), so that the checks
    read exactly the pages the build reads.
    """
    from sphinx.project import EXCLUDE_PATHS  # noqa: PLC0415 - only a site's pages need it

    found, linked = matching_files(docs, include, [*exclude, *EXCLUDE_PATHS], suffixes)
    pages = [docs / relative for relative in sorted(found, key=lambda path: path.split("/"))]
    holding = {folder for relative in found for folder in _folders(relative)}
    return pages, sorted(docs / folder for folder in linked & holding)


def matching_files(
    docs: Path, include: Sequence[str], exclude: Sequence[str], suffixes: tuple[str, ...]
) -> tuple[list[str], set[str]]:
    """The files Sphinx's ``get_matching_files(docs, include, exclude)`` gives (relative,
    with /) that end with ``suffixes``, by the same rule, and the folders it went into that
    are links. Without matching the paths of the other files, one listing per folder:
    Sphinx's function takes 0.25 s of every build at 2,000 papers (a folder each), this
    0.05 s."""
    from sphinx.util.matching import compile_matchers  # noqa: PLC0415 - Sphinx's own patterns

    excluded = compile_matchers(exclude)
    included = compile_matchers(include)
    found: list[str] = []
    linked: set[str] = set()
    pending = [(str(docs.resolve()), "")]
    while pending:
        folder, relative = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue  # as os.walk: a folder that cannot be listed is left out
        for entry in entries:
            path = _nfc(f"{relative}/{entry.name}" if relative else entry.name)
            try:
                is_folder = entry.is_dir()  # links followed, as Sphinx's walk does
            except OSError:
                is_folder = False
            if is_folder:
                if not any(match(path) for match in excluded):
                    if entry.is_symlink():
                        linked.add(path)
                    pending.append((entry.path, path))
            elif (
                entry.name.endswith(suffixes)
                and any(match(path) for match in included)
                and not any(match(path) for match in excluded)
            ):
                found.append(path)
    return found, linked


def _nfc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _folders(relative: str) -> list[str]:
    """The folders a relative path is in: ``a/b/c.md`` -> ``a``, ``a/b``."""
    parts = relative.split("/")[:-1]
    return ["/".join(parts[: end + 1]) for end in range(len(parts))]


def read_page(path: Path, docs: Path, text: str, extensions: Collection[str] = ()) -> Page:
    """The page at ``path``; ``extensions`` are the MyST extensions the site enables."""
    shown = display_path(path)
    docname = path.relative_to(docs).with_suffix("").as_posix()
    page = Page(path, shown, docname)
    lines = text.splitlines()
    _Reader(page, lines, extensions).read(text, 0)
    return page


class _Reader:
    def __init__(self, page: Page, lines: list[str], extensions: Collection[str]) -> None:
        self.page = page
        self.lines = lines
        self.html_image = "html_image" in extensions  # <img> read as the image directive

    def place(self, line: int, col: int = 1) -> Place:
        return Place(self.page.shown, line, col)

    def read(self, text: str, offset: int) -> None:
        """Tokens of ``text``, whose first line is line ``offset + 1`` of the page."""
        tokens = _parser().parse(text)
        if offset == 0:
            self.settings_front_matter(next((t for t in tokens if t.type == "front_matter"), None))
        heading = False
        for token in tokens:
            start = (token.map[0] if token.map else 0) + offset
            if token.type == "front_matter" and offset == 0:
                self.front_matter(token.content, start)
            elif token.type == "inline":
                self.inline(token, start, heading)
            elif token.type in ("fence", "colon_fence") and token.info.startswith("{"):
                self.directive(token, start)
            elif token.type == "html_block":
                self.html(token.content, start, token.map, {})
            if token.type == "heading_open" and token.tag == "h1" and not self.page.title:
                self.page.title = "pending"
            elif token.type == "inline" and self.page.title == "pending":
                self.page.title = token.content.strip()
            heading = token.type == "heading_open"

    def front_matter(self, content: str, start: int) -> None:
        document = parse_yaml(content, YamlDocument(self.page.shown, None), line_offset=start + 1)
        self.page.front_matter_line = start + 1
        self.page.front_matter_marks = document.marks
        for problem in document.problems:  # the data file's YAML codes, as the page's own
            code = _FRONT_MATTER_CODES.get(problem.code, problem.code)
            self.page.problems.append(
                replace(problem, code=code, hint=TABLE[code].hint, message=problem.message)
            )
        if isinstance(document.data, dict):
            self.page.front_matter = document.data
        elif document.data is not None:
            self.page.problems.append(
                Problem(
                    self.page.shown,
                    start + 2,
                    1,
                    "PAGE004",
                    "the front matter is not a mapping of keys to values",
                    Severity.ERROR,
                    TABLE["PAGE004"].hint,
                )
            )

    def settings_front_matter(self, token: Any) -> None:
        """myst-parser reads a page's MyST settings from the front matter by a rule of its
        own (``read_topmatter``: from a first line starting with ---, up to a line starting
        with --- or ..., or to the end); where that disagrees with the front matter the page
        is read with, and would give settings, the page is refused: what is checked is what
        the build uses."""
        lines = self.lines
        if not lines or not lines[0].startswith("---"):
            return
        end = next(
            (i for i, line in enumerate(lines[1:], 1) if line.startswith(("---", "..."))),
            len(lines),
        )
        if token is not None and token.map and token.map[1] - 1 == end:
            return
        document = parse_yaml("\n".join(lines[1:end]), YamlDocument(self.page.shown, None))
        if not document.problems and not isinstance(document.data, dict):
            return  # nothing myst-parser would take settings from
        if end == len(lines):
            line, message = 1, "the front matter has no closing line of ---"
        else:
            line = end + 1
            message = (
                f"line {line} ends the front matter for MyST's settings but not for the page: "
                "close the front matter with a line of --- alone"
            )
        self.page.problems.append(
            Problem(self.page.shown, line, 1, "PAGE001", message, E, TABLE["PAGE001"].hint)
        )

    def inline(self, token: Any, start: int, heading: bool = False) -> None:
        cursor: dict[int, int] = {}
        for child in token.children or ():
            if child.type == "html_inline" and heading:
                heading = False  # one message for a heading
                line, col = self.locate(child.content, start, token.map, cursor)
                self.page.problems.append(
                    self.place(line, col).problem(
                        "PAGE101",
                        f"the heading holds HTML ({child.content[:40]}), which would be copied "
                        "as it is into the menu of every page",
                    )
                )
            if child.type == "myst_role":
                name = child.meta.get("name", "")
                raw = f"{{{name}}}`{child.content}`"
                line, col = self.locate(raw, start, token.map, cursor)
                if name == "cite" or name.startswith("cite:"):
                    self.cite(child.content, raw, line, col)
                elif name == "download":
                    target = _role_target(child.content)
                    self.page.files.append(FileUse(target, "download", True, self.place(line, col)))
            elif child.type == "html_inline":
                self.html(child.content, start, token.map, cursor)
            elif child.type == "image":
                src = child.attrs.get("src", "")
                if src and not re.match(r"^[a-z][a-z0-9+.-]*:", src, re.IGNORECASE):
                    line, col = self.locate(f"({src}", start, token.map, cursor)
                    col += 1  # at the target itself
                    self.page.files.append(FileUse(src, "image", True, self.place(line, col)))

    def html(self, content: str, start: int, span: Any, cursor: dict[int, int]) -> None:
        """With MyST's html_image, HTML made only of <img> tags shows files as images."""
        if not self.html_image or "<img" not in content.lower():
            return
        from myst_parser.parsers.parse_html import tokenize_html  # noqa: PLC0415

        try:
            root = tokenize_html(content).strip(inplace=True, recurse=False)
        except (ValueError, RecursionError):  # MyST warns (myst.html), shows it as HTML
            return
        if not all(child.name == "img" for child in root):
            return  # MyST passes it through as HTML: no file is read
        for child in root:
            src = child.attrs.get("src")
            if src and not re.match(r"^[a-z][a-z0-9+.-]*:", src, re.IGNORECASE):
                line, col = self.locate(src, start, span, cursor)
                self.page.files.append(FileUse(src, "image", True, self.place(line, col)))

    def locate(self, raw: str, start: int, span: Any, cursor: dict[int, int]) -> tuple[int, int]:
        """Line and column of ``raw`` in the token's lines, after the previous one found."""
        count = (span[1] - span[0]) if span else 1
        for number in range(start, min(start + max(count, 1), len(self.lines))):
            col = self.lines[number].find(raw, cursor.get(number, 0))
            if col >= 0:
                cursor[number] = col + len(raw)
                return number + 1, col + 1
        return start + 1, 1

    def cite(self, content: str, raw: str, line: int, col: int) -> None:
        inner = col + raw.index("`") + 1  # the column of the first key's first character
        offset = 0
        for key in content.split(","):
            stripped = key.strip()
            if stripped:
                at = inner + offset + key.index(stripped)
                self.page.citations.append(CiteRole(stripped, self.place(line, at)))
            offset += len(key) + 1

    def directive(self, token: Any, start: int) -> None:
        name, _, argument = token.info[1:].partition("}")
        name, argument = name.strip(), argument.strip()
        body = token.content.splitlines()
        options, rest, skipped = _options(body)
        col = (self.lines[start].find("{") + 1) if start < len(self.lines) else 1
        where = self.place(start + 1, max(col, 1))
        self.page.directives.append(
            Directive(name, argument, options, tuple(rest), where, start + 2 + skipped)
        )
        if name in FILE_DIRECTIVES and argument and not argument.startswith("<"):
            self.page.files.append(FileUse(argument, name, True, where))
        if "file" in options:  # raw (and include) :file: is read from the disk as written
            self.page.files.append(FileUse(options["file"], f"{name} :file:", False, where))
        if "url" in options and name in URL_DIRECTIVES:  # fetched, file:// included
            self.page.files.append(FileUse(options["url"], f"{name} :url:", False, where))
        if name not in LITERAL_BODIES and rest:
            self.read("\n".join(rest) + "\n", start + 1 + skipped)


def _options(body: list[str]) -> tuple[dict[str, str], list[str], int]:
    """A directive's ``:name: value`` options (or a --- YAML block), the rest, lines used."""
    options: dict[str, str] = {}
    if body and body[0].strip() == "---":
        end = next((i for i, line in enumerate(body[1:], 1) if line.strip() == "---"), None)
        if end is not None:
            document = parse_yaml("\n".join(body[1:end]), YamlDocument("", None))
            if isinstance(document.data, dict):
                options = {str(k): str(v) for k, v in document.data.items()}
            return options, body[end + 1 :], end + 1
    used = 0
    for line in body:
        match = _OPTION.match(line)
        if match is None:
            break
        options[match.group(1)] = match.group(2).strip()
        used += 1
    rest = body[used:]
    if used and rest and not rest[0].strip():
        rest, used = rest[1:], used + 1
    return options, rest, used


def _role_target(content: str) -> str:
    """``text <target>`` -> target; a bare ``target`` -> itself."""
    match = _TARGET.search(content)
    return (match.group(1) if match else content).strip()


def resolve(use: FileUse, page: Page, srcdir: Path) -> Path:
    """Where the build will read ``use.target`` from (not resolved through links)."""
    target = use.target
    if target.startswith("/") and use.from_source_folder:
        return srcdir / target.lstrip("/")
    return page.path.parent / target
