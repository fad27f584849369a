"""A portfolio project: where its files are, and everything read and checked from them.

Settings come from ``[tool.bibfolio]`` in pyproject.toml (all optional):

    [tool.bibfolio]
    bibliography = ["refs.bib"]   # relative to pyproject.toml
    docs = "docs"
    data = "docs/cv.yaml"
    themes = "research"           # theme pages: <docs>/<themes>/<name>.md
    select = []                   # check codes (or prefixes) to report; empty: all
    ignore = []                   # check codes (or prefixes) to leave out
    strict = false                # warnings count as problems (exit 1)
    awards = []                   # awards accepted besides the built-in ones
    files = "files"               # local files published with the site (a paper's PDF)
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bibfolio.bibtex import BibFile
from bibfolio.check import (
    Citation,
    Context,
    check_bibliographies,
    citations,
    data_citations,
)
from bibfolio.diagnostics import REGISTRY, Problem, Severity, select_problems
from bibfolio.load import YamlDocument, display_path, read_bibtex, read_yaml
from bibfolio.model import AWARDS, publications
from bibfolio.names import Owner
from bibfolio.pages import Page, is_generated, read_page, site_pages
from bibfolio.pages import resolve as resolve_use
from bibfolio.view import DEFAULT_GROUPS, Group, Portfolio, build_portfolio

if TYPE_CHECKING:
    from bibfolio.cv import CV

E = Severity.ERROR

KNOWN_SETTINGS = {
    "bibliography": list,
    "docs": str,
    "data": str,
    "themes": str,
    "select": list,
    "ignore": list,
    "strict": bool,
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
    strict: bool = False
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
        awards=tuple(table.get("awards", ())),
        files=root / table["files"] if "files" in table else None,
    )


@dataclass
class Project:
    settings: Settings
    bibs: list[BibFile] = field(default_factory=list)
    data: YamlDocument | None = None
    cv: CV | None = None
    problems: list[Problem] = field(default_factory=list)
    portfolio: Portfolio | None = None
    pages: list[Page] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    def failed(self, strict: bool | None = None) -> bool:
        strict = self.settings.strict if strict is None else strict
        return bool(self.errors) or (strict and bool(self.problems))


def theme_names(settings: Settings) -> frozenset[str] | None:
    folder = settings.themes_dir
    if not folder.is_dir():
        return None
    return frozenset(p.stem for p in folder.glob("*.md") if p.stem != "index")


def _strings(data: Any, location: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*location, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*location, index))
    elif isinstance(data, str):
        yield location, data


def cited_by_data(doc: YamlDocument) -> list[Citation]:
    """Citations in the data: ``[@key]`` in any text, and every item of a ``papers`` list."""
    texts = []
    listed = []
    for location, text in _strings(doc.data):
        line, col = doc.where(location)
        if len(location) >= 2 and location[-2] == "papers":
            listed.append(Citation(text, doc.path, line, col))
        elif "[@" in text:
            texts.append((doc.path, line, col, text))
    return [*data_citations(texts), *listed]


REGISTRY.add(
    "CV202",
    E,
    "two releases with the same version",
    "A release's version is its data's 'updated' month: give each release its own (the "
    "current one in docs/cv.yaml, each earlier one in docs/releases/<version>/cv.yaml).",
    "updated: 2025-02  # in docs/cv.yaml and in docs/releases/2025.02/cv.yaml\n",
    example_file="docs/cv.yaml",
)


def release_problems(settings: Settings, current: YamlDocument | None) -> list[Problem]:
    """Releases (the current data and docs/releases/*/cv.yaml) must have distinct versions."""
    from bibfolio.cv import DateError, parse_month  # noqa: PLC0415
    from bibfolio.cvview import release  # noqa: PLC0415

    folder = settings.docs / "releases"
    documents = [current] if current is not None else []
    if folder.is_dir():
        for data in sorted(folder.glob("*/cv.yaml")):
            if (data.parent / "conf.py").is_file():
                documents.append(read_yaml(data))
    seen: dict[str, YamlDocument] = {}
    problems = []
    for doc in documents:
        if not isinstance(doc.data, dict):
            continue
        try:
            version = release(parse_month(doc.data.get("updated")))
        except DateError:
            continue  # reported by the data file's own checks
        first = seen.setdefault(version, doc)
        if first is not doc:
            line, col = doc.where(("updated",))
            at = first.where(("updated",))
            problems.append(
                Problem(
                    doc.path,
                    line,
                    col,
                    "CV202",
                    f"release {version} is also {first.path}:{at[0]}: two releases cannot "
                    "share a version",
                    E,
                    REGISTRY["CV202"].hint,
                )
            )
    return problems


def read_pages(docs: Path) -> list[Page]:
    """Every page of the site but the generated ones."""
    found = []
    for path in site_pages(docs):
        text = path.read_text(encoding="utf-8", errors="replace")
        if not is_generated(text):
            found.append(read_page(path, docs, text))
    return found


def publish_root(docs: Path, settings: Settings) -> Path:
    """The folder whose files a page may use: that of pyproject.toml above the pages (for an
    earlier release's pages too), else the project's own root."""
    folder = docs.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / "pyproject.toml").is_file():
            return candidate
    return settings.root.resolve()


def file_problems(pages: Sequence[Page], settings: Settings) -> list[Problem]:
    """A file a page makes the build read must lie inside the project, links followed."""
    root = publish_root(settings.docs, settings)
    problems = []
    for page in pages:
        for use in page.files:
            target = resolve_use(use, page, settings.docs)
            try:
                inside = target.resolve().is_relative_to(root)
            except (OSError, RuntimeError):  # a link loop
                inside = False
            if not inside:
                problems.append(
                    Problem(
                        use.place.path,
                        use.place.line,
                        use.place.col,
                        "PAGE210",
                        f"{use.kind} {use.target!r} is outside the project, so it is not read "
                        "into the site",
                        E,
                        REGISTRY["PAGE210"].hint,
                    )
                )
    return problems


def label_groups(cv: CV | None) -> Sequence[Group]:
    if cv is None or cv.labels is None:
        return DEFAULT_GROUPS
    return tuple(Group(g.prefix, g.title, frozenset(g.kinds)) for g in cv.labels)


def load_project(
    settings: Settings, docs: Path | None = None, *, portfolio: bool = False
) -> Project:
    """Read and check everything; with ``portfolio``, build it when nothing is wrong.

    ``docs`` overrides where the pages are (a Sphinx build's source folder).
    Raises ``InputError`` only for a file that cannot be read at all.
    """
    if docs is not None:
        settings = replace(settings, docs=docs)
    project = Project(settings)
    project.bibs = [read_bibtex(path) for path in settings.bibliography]
    owner = None
    data_cited: list[Citation] = []
    problems: list[Problem] = []
    if settings.data is not None and settings.data.is_file():
        from bibfolio.cv import validate_cv  # noqa: PLC0415 - pydantic loads slowly; only here

        project.data = read_yaml(settings.data)
        project.cv, cv_problems = validate_cv(project.data)
        problems += cv_problems
        if project.cv is not None:
            owner = Owner(project.cv.name, project.cv.aliases)
        if project.data.data is not None:
            data_cited = cited_by_data(project.data)
    context = Context(
        owner=owner,
        themes=theme_names(settings),
        themes_dir=display_path(settings.themes_dir),
        awards=frozenset((*AWARDS, *settings.awards)),
        files_dir=settings.files_dir,
        files_shown=display_path(settings.files_dir),
    )
    check_bibliographies(project.bibs, context)
    cited: list[Citation] = []
    lists_all = False
    if settings.docs.is_dir():
        project.pages = read_pages(settings.docs)
        for page in project.pages:
            problems += page.problems
            cited += [
                Citation(c.key, c.place.path, c.place.line, c.place.col) for c in page.citations
            ]
            lists_all = lists_all or bool(page.uses("publications"))
        problems += file_problems(project.pages, settings)
    citations(project.bibs, context, cited, data_cited, lists_all or not settings.docs.is_dir())
    problems += context.problems
    if settings.docs.is_dir():
        problems += release_problems(settings, project.data)
    project.problems = sorted(
        set(select_problems(problems, settings.select, settings.ignore)),
        key=lambda p: (p.path, p.line, p.col, p.code),
    )
    if portfolio and not project.errors:
        pubs = [pub for bib in project.bibs for pub in publications(bib)]
        project.portfolio = build_portfolio(pubs, owner or Owner(""), label_groups(project.cv))
    return project
