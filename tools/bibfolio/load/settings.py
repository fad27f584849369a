"""Where a portfolio's files are: ``[tool.bibfolio]`` in pyproject.toml, all optional.

[tool.bibfolio]
bibliography = ["refs.bib"]   # relative to pyproject.toml
docs = "docs"
data = "docs/cv.yaml"
themes = "research"           # theme pages: <docs>/<themes>/<name>.md
select = []                   # check codes (or prefixes) to report; empty: all
ignore = []                   # check codes (or prefixes) to leave out
lenient = false               # check: only errors count (the build is strict all the same)
strict = false                # accepted for 0.1 projects; check is strict by default
awards = []                   # awards accepted besides the built-in ones
files = "files"               # local files published with the site (a paper's PDF)
"""

from __future__ import annotations

import ast
import os
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bibfolio.diagnostics import TABLE, Problem, problem
from bibfolio.load.files import display_path

RELEASES = "releases"  # the folder of earlier releases, in the pages' folder
KNOWN_SETTINGS = {
    "bibliography": list,
    "docs": str,
    "data": str,
    "themes": str,
    "select": list,
    "ignore": list,
    "strict": bool,
    "lenient": bool,
    "awards": list,
    "files": str,
}


class SettingsError(ValueError):
    """[tool.bibfolio] or conf.py is malformed: the located problems that say where."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Settings:
    root: Path
    bibliography: tuple[Path, ...]
    docs: Path
    data: Path | None
    themes: str = "research"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    strict: bool = False  # 0.1's setting: check is strict by default now
    lenient: bool = False
    awards: tuple[str, ...] = ()
    files: Path | None = None  # None: the files folder of the project root

    @property
    def files_dir(self) -> Path:
        return self.files if self.files is not None else self.root / "files"

    @property
    def themes_dir(self) -> Path:
        return self.docs / self.themes

    @property
    def releases_dir(self) -> Path:
        """Where earlier releases are kept: <docs>/releases/<version>/."""
        return self.docs / RELEASES

    def for_release(self, folder: Path) -> Settings:
        """These settings for the earlier release kept in ``folder``: its own bibliography,
        data and pages, the project's awards, codes, themes and files."""
        return replace(
            self,
            root=folder,
            bibliography=(folder / "refs.bib",),
            docs=folder,
            data=folder / "cv.yaml",
            files=self.files_dir,
        )


def find_root(start: Path) -> Path:
    """The project around ``start``: the nearest folder with pyproject.toml or refs.bib."""
    for folder in (start.resolve(), *start.resolve().parents):
        if (folder / "pyproject.toml").is_file() or (folder / "refs.bib").is_file():
            return folder
    return start.resolve()


def read_settings(start: Path) -> Settings:
    """Settings of the project around ``start`` (defaults where pyproject.toml says nothing).

    An earlier release (a folder of <docs>/releases/ of the project above it) is read
    with that project's settings. Raises ``SettingsError`` with every problem of
    [tool.bibfolio], each located.
    """
    root = find_root(start)
    if not (root / "pyproject.toml").is_file() and root.parent.name == RELEASES:
        project = read_settings(root.parent)
        if project.releases_dir.resolve() == root.parent:
            return project.for_release(root)
    pyproject = root / "pyproject.toml" if (root / "pyproject.toml").is_file() else None
    table: dict[str, Any] = {}
    if pyproject is not None:
        table = _bibfolio_table(pyproject)
    docs = root / table.get("docs", "docs")
    if "docs" not in table and not docs.is_dir() and (root / "conf.py").is_file():
        docs = root  # the project is a site folder itself (an earlier release, say)
    data = table.get("data")
    return Settings(
        root=root,
        bibliography=tuple(root / p for p in table.get("bibliography", ["refs.bib"])),
        docs=docs,
        data=root / data if data else docs / "cv.yaml",
        themes=table.get("themes", "research"),
        select=tuple(table.get("select", ())),
        ignore=tuple(table.get("ignore", ())),
        strict=table.get("strict", False),
        lenient=table.get("lenient", False),
        awards=tuple(table.get("awards", ())),
        files=root / table["files"] if "files" in table else None,
    )


def _bibfolio_table(pyproject: Path) -> dict[str, Any]:
    """[tool.bibfolio] of ``pyproject``, each value of the type its setting takes."""
    shown = display_path(pyproject)
    try:
        text = pyproject.read_bytes().decode("utf-8")
        document = tomllib.loads(text)
    except OSError as error:
        raise SettingsError(
            [problem(shown, 1, 1, "CONF001", f"cannot read it: {error.strerror}")]
        ) from None
    except UnicodeDecodeError as error:
        raise SettingsError(
            [problem(shown, 1, 1, "CONF001", f"byte {error.start} is not UTF-8")]
        ) from None
    except tomllib.TOMLDecodeError as error:
        where = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        line, col = (int(where.group(1)), int(where.group(2))) if where else (1, 1)
        message = re.sub(r" \(at (line \d+, column \d+|end of document)\)", "", str(error))
        raise SettingsError([problem(shown, line, col, "CONF001", f"TOML: {message}")]) from None
    tool = document.get("tool", {})
    if not isinstance(tool, dict):
        line, col = _key_place(text, "tool", None)
        raise SettingsError(
            [problem(shown, line, col, "CONF102", "'tool' should be a table ([tool.bibfolio])")]
        )
    table = tool.get("bibfolio", {})
    if not isinstance(table, dict):
        line, col = _key_place(text, "bibfolio", "tool")
        raise SettingsError(
            [problem(shown, line, col, "CONF102", "'tool.bibfolio' should be a table")]
        )
    problems = []
    for key, value in table.items():
        line, col = _key_place(text, key, "tool.bibfolio")
        wrong = _wrong_setting(key, value)
        if wrong:
            code = "CONF101" if key not in KNOWN_SETTINGS else "CONF102"
            problems.append(problem(shown, line, col, code, wrong))
    data = table.get("data")
    if not problems and data and not os.path.lexists(pyproject.parent / data):
        line, col = _key_place(text, "data", "tool.bibfolio")
        problems.append(
            problem(shown, line, col, "CONF102", f"'data' names {data}, which does not exist")
        )
    if problems:
        raise SettingsError(problems)
    return table


def _wrong_setting(key: str, value: Any) -> str:
    """What is wrong with ``key = value`` in [tool.bibfolio] ("" when nothing is)."""
    expected = KNOWN_SETTINGS.get(key)
    if expected is None:
        return f"unknown setting '{key}' (known: {', '.join(KNOWN_SETTINGS)})"
    if expected is list:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            return f"'{key}' should be a list of strings, not {_toml_kind(value)}"
        values = value
    elif not isinstance(value, expected):
        name = {"str": "string", "bool": "true or false"}[expected.__name__]
        return f"'{key}' should be a {name}, not {_toml_kind(value)}"
    else:
        values = [value] if isinstance(value, str) else []
    if any("\x00" in item for item in values):
        return f"'{key}' holds a NUL character"
    if key in ("bibliography", "docs", "data", "themes", "files") and any(
        not item.strip() for item in values
    ):
        return f"'{key}' holds an empty path"
    if key in ("select", "ignore"):
        unknown = [item for item in values if not any(c.startswith(item) for c in TABLE)]
        if unknown:
            return f"'{key}' names '{unknown[0]}', which is no code nor prefix of codes"
    return ""


def _toml_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, list):
        return "a list holding " + " and ".join(
            sorted({_toml_kind(i) for i in value}) or ["nothing"]
        )
    names = {str: "a string", int: "a number", float: "a number", dict: "a table"}
    return names.get(type(value), f"a {type(value).__name__}")


def _key_place(text: str, key: str, table: str | None) -> tuple[int, int]:
    """Line and column of ``key = ...`` in ``[table]`` (or at the top level) of a TOML text;
    the table's header when the key is not written on a line of its own, else 1:1."""
    lines = text.splitlines()
    header = 0
    current: str | None = None
    assignment = re.compile(rf"""^\s*(["']?){re.escape(key)}\1\s*=""")
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            current = stripped.strip("[] ").replace(" ", "")
            if current == table:
                header = number
            continue
        if current == table and assignment.match(line):
            return number, len(line) - len(line.lstrip()) + 1
    return (header, 1) if header else (1, 1)


def _conf_assignment(docs: Path, name: str) -> ast.stmt | None:
    """The last top-level statement of the site's conf.py that assigns ``name``."""
    try:
        tree = ast.parse((docs / "conf.py").read_bytes())
    except (OSError, SyntaxError, ValueError):
        return None
    found = None
    for node in tree.body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            found = node
    return found


def conf_place(docs: Path, name: str) -> tuple[str, int, int]:
    """The site's conf.py as shown in messages, and the line and column where it assigns
    ``name`` (1:1 when it does not)."""
    node = _conf_assignment(docs, name)
    shown = display_path(docs / "conf.py")
    return (shown, node.lineno, node.col_offset + 1) if node is not None else (shown, 1, 1)


def conf_literal(docs: Path, name: str) -> Any:
    """The value the site's conf.py gives ``name`` when it is written as a literal, else None.

    conf.py is Python, and nothing here runs it: a literal assignment is read
    without running anything (``bibfolio pdf`` leaves out the pages the build does).
    """
    node = _conf_assignment(docs, name)
    if not isinstance(node, ast.Assign | ast.AnnAssign) or node.value is None:
        return None
    try:
        return ast.literal_eval(node.value)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
