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
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bibfolio.load.files import display_path

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
    """[tool.bibfolio] is malformed: a usage error."""


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


def find_root(start: Path) -> Path:
    """The project around ``start``: the nearest folder with pyproject.toml or refs.bib."""
    for folder in (start.resolve(), *start.resolve().parents):
        if (folder / "pyproject.toml").is_file() or (folder / "refs.bib").is_file():
            return folder
    return start.resolve()


def read_settings(start: Path) -> Settings:
    """Settings of the project around ``start`` (defaults where pyproject.toml says nothing)."""
    root = find_root(start)
    pyproject = root / "pyproject.toml" if (root / "pyproject.toml").is_file() else None
    table: dict[str, Any] = {}
    if pyproject is not None:
        try:
            table = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise SettingsError(f"{display_path(pyproject)}: {error}") from None
        table = table.get("bibfolio", {})
    for key, value in table.items():
        expected = KNOWN_SETTINGS.get(key)
        if expected is None:
            known = ", ".join(KNOWN_SETTINGS)
            raise SettingsError(f"[tool.bibfolio]: unknown setting '{key}' (known: {known})")
        if not isinstance(value, expected):
            raise SettingsError(f"[tool.bibfolio]: '{key}' should be a {expected.__name__}")
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


def conf_exclude(docs: Path) -> tuple[str, ...]:
    """``exclude_patterns`` of the site's conf.py when it is written as a literal list.

    conf.py is Python and is never run by ``bibfolio check``; a literal assignment
    is read without running anything, so check leaves out the pages the build does.
    """
    conf = docs / "conf.py"
    try:
        tree = ast.parse(conf.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return ()
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "exclude_patterns" for t in node.targets
        ):
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                return ()
            if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
                return tuple(value)
    return ()
