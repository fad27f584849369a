"""The one way in: load every input, check it, and build the model.

``bibfolio check``, the Sphinx build, ``bibfolio pdf`` and ``bibfolio versions``
all call ``load_project``. Each input is read and parsed once (the bibliography
by bibfolio's own parser, the data file, each page), every problem that can stop
a build is found here with its code and location, and the portfolio is built
only from inputs without errors.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bibfolio.check.entries import check_entry
from bibfolio.check.identity import check_identity
from bibfolio.check.pages import (
    check_data_pages,
    check_files,
    check_page_settings,
    check_toctrees,
)
from bibfolio.check.references import Citation, check_citations, check_theme_pages
from bibfolio.check.releases import check_releases
from bibfolio.diagnostics import Place, Problem, Severity, select_problems
from bibfolio.load.bibtex import BibFile
from bibfolio.load.files import display_path, inside, read_bibtex
from bibfolio.load.pages import Page, is_generated, read_page, site_pages
from bibfolio.load.settings import Settings
from bibfolio.load.yaml import YamlDocument, YamlFiles
from bibfolio.model.cv import CV, validate_cv
from bibfolio.model.names import Owner
from bibfolio.model.prose import cited_keys
from bibfolio.model.publication import AWARDS, Publication, Rules, read_publication
from bibfolio.releases import previous_release, release_folders
from bibfolio.view.papers import DEFAULT_GROUPS, Group, Portfolio, build_portfolio

ROOT_DOC = "index"
DATA_DIRECTIVES = ("cv", "talks", "news", "profile", "changes")  # pages made from the data
# Names a toctree may hold that are no page: Sphinx makes them itself.
SPECIAL_DOCS = frozenset({"genindex", "modindex", "search"})


@dataclass
class Project:
    settings: Settings
    bibs: list[BibFile] = field(default_factory=list)
    data: YamlDocument | None = None
    cv: CV | None = None
    pages: list[Page] = field(default_factory=list)
    publications: list[Publication] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    portfolio: Portfolio | None = None
    previous: Project | None = None  # the release before this one, for the what-changed page
    previous_version: str = ""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    def failed(self, lenient: bool = False) -> bool:
        """Whether a strict build stops: on any problem; ``lenient``, on errors only."""
        return bool(self.errors) if lenient else bool(self.problems)

    @property
    def theme_pages(self) -> list[Page]:
        return theme_pages(self.pages, self.settings.themes)


def theme_pages(pages: Sequence[Page], themes: str) -> list[Page]:
    folder = themes.strip("/")
    return [
        page
        for page in pages
        if page.docname.startswith(f"{folder}/") and page.docname != f"{folder}/index"
    ]


def theme_names(settings: Settings) -> frozenset[str] | None:
    """The themes, one per page of the themes folder; None when there are no pages."""
    folder = settings.themes_dir
    if not settings.docs.is_dir():
        return None
    if not folder.is_dir():
        return frozenset()
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


def data_citations(doc: YamlDocument) -> list[Citation]:
    """Citations in the data: ``[@key]`` in any text, and every item of a ``papers`` list."""
    found = []
    for location, text in _strings(doc.data):
        place = Place(doc.path, *doc.where(location))
        if len(location) >= 2 and location[-2] == "papers":
            found.append(Citation(text, place, "CV201"))
        elif "[@" in text:
            found += [Citation(key, place, "CV201") for key in cited_keys(text)]
    return found


def page_citations(pages: Sequence[Page]) -> list[Citation]:
    """Keys the pages cite, and the keys a bibliography directive lists in its body."""
    found = [Citation(c.key, c.place) for page in pages for c in page.citations]
    for page in pages:
        for directive in page.uses("bibliography"):
            for number, line in enumerate(directive.body, start=directive.body_line):
                key = line.strip()
                if key:
                    col = len(line) - len(line.lstrip()) + 1
                    found.append(Citation(key, Place(page.shown, number, col)))
    return found


def read_pages(
    docs: Path, root: Path, exclude: Sequence[str] = ()
) -> tuple[list[Page], frozenset[str], list[Problem]]:
    """The site's MyST pages (not the generated ones), the names of its other documents, and
    the pages and folders that are links leading outside the project ``root`` (not read)."""
    pages = []
    others = set(SPECIAL_DOCS)
    problems = []
    paths, folders = site_pages(docs, exclude, (".md", ".rst"))
    links = [*folders, *(path for path in paths if path.is_symlink())]
    refused = {link for link in links if not inside(link, root)}
    for link in sorted(refused):
        what = "folder" if link in folders else "page"
        problems.append(
            Place(display_path(link), 1, 1).problem(
                "PAGE210",
                f"this {what} is a link to {link.resolve()}, outside the project, so it "
                "is not read into the site",
            )
        )
    for path in paths:
        docname = path.relative_to(docs).with_suffix("").as_posix()
        if path.suffix == ".rst" or path in refused:
            others.add(docname)
            continue
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        if is_generated(text):
            others.add(docname)
        else:
            pages.append(read_page(path, docs, text))
    return pages, frozenset(others), problems


def publish_root(docs: Path, settings: Settings) -> Path:
    """The folder whose files a page may use: that of pyproject.toml above the pages (for an
    earlier release's pages too), else the project's own root."""
    folder = docs.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / "pyproject.toml").is_file():
            return candidate
    return settings.root.resolve()


def page_problems(
    pages: Sequence[Page], docs: Path, root: Path, settings: Settings
) -> list[Problem]:
    """What is wrong with each page on its own: its front matter, the MyST settings it
    changes, the files it makes the build read."""
    private = (settings.data,) if settings.data is not None else ()
    return [
        *(p for page in pages for p in page.problems),
        *check_page_settings(pages),
        *check_files(pages, docs, root, private),
    ]


def label_groups(cv: CV | None) -> Sequence[Group]:
    if cv is None or cv.labels is None:
        return DEFAULT_GROUPS
    return tuple(Group(g.prefix, g.title, frozenset(g.kinds)) for g in cv.labels)


def load_project(
    settings: Settings,
    docs: Path | None = None,
    *,
    portfolio: bool = False,
    exclude: Sequence[str] = (),
    yaml_files: YamlFiles | None = None,
) -> Project:
    """Read and check everything; with ``portfolio``, build it when nothing is wrong.

    ``docs`` overrides where the pages are (a Sphinx build's source folder);
    ``exclude`` are Sphinx's exclude_patterns; ``yaml_files`` the data files read
    so far, shared with the earlier release this one compares with (each file is
    read once). Raises ``InputError`` only for a file that cannot be read at all.
    """
    if docs is not None:
        settings = replace(settings, docs=docs)
    read = yaml_files if yaml_files is not None else YamlFiles()
    project = Project(settings)
    problems: list[Problem] = []
    project.bibs = [read_bibtex(path) for path in settings.bibliography]
    owner = None
    citations: list[Citation] = []
    root = publish_root(settings.docs, settings)
    data = settings.data
    data_outside = data is not None and data.exists() and not inside(data, root)
    if data is not None and data_outside:
        problems.append(
            Place(display_path(data), 1, 1).problem(
                "CV006",
                "the data file lies outside the project (the folder of pyproject.toml) once "
                "links are followed, so it is not read",
            )
        )
    elif settings.data is not None and settings.data.is_file():
        project.data = read(settings.data)
        project.cv, cv_problems = validate_cv(project.data)
        problems += cv_problems
        if project.cv is not None:
            owner = Owner(project.cv.name, project.cv.aliases)
        citations += data_citations(project.data)
    has_pages = settings.docs.is_dir()
    other_docs: frozenset[str] = frozenset()
    if has_pages:
        project.pages, other_docs, found = read_pages(settings.docs, root, exclude)
        problems += found
        citations += page_citations(project.pages)
    rules = Rules(
        owner=owner,
        awards=frozenset((*AWARDS, *settings.awards)),
        themes=theme_names(settings),
        themes_dir=display_path(settings.themes_dir),
        files_dir=settings.files_dir,
        files_shown=display_path(settings.files_dir),
        project=root,
    )
    problems += _read_publications(project, rules)
    problems += check_identity(project.bibs)
    shows_all = not has_pages or any(page.uses("publications") for page in project.pages)
    problems += check_citations(project.bibs, citations, shows_all)
    if has_pages:
        problems += page_problems(project.pages, settings.docs, root, settings)
        problems += check_theme_pages(project.theme_pages)
        problems += check_toctrees(project.pages, other_docs, ROOT_DOC)
        has_data = project.data is not None or data_outside  # one refused: said once
        problems += check_data_pages(project.pages, DATA_DIRECTIVES, has_data)
        earlier = [
            read(folder / "cv.yaml") for folder in release_folders(settings.docs / "releases")
        ]
        problems += check_releases(project.data, earlier)
        if project.cv is not None and any(page.uses("changes") for page in project.pages):
            problems += _load_previous(project, portfolio, read)
    project.problems = sorted(
        set(select_problems(problems, settings.select, settings.ignore)),
        key=lambda p: (p.path, p.line, p.col, p.code),
    )
    if portfolio and not project.errors:
        project.portfolio = build_portfolio(
            project.publications, owner or Owner(""), label_groups(project.cv)
        )
    return project


def _read_publications(project: Project, rules: Rules) -> list[Problem]:
    """Each complete entry checked and read once; the first of two equal keys is kept."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for bib in project.bibs:
        problems += bib.problems
        for position, entry in enumerate(bib.entries):
            if not entry.complete:
                continue  # cut short by a syntax error, already reported
            problems += check_entry(bib, entry)
            publication, found = read_publication(bib, entry, position, rules)
            problems += found
            if entry.key.lower() not in seen:
                seen.add(entry.key.lower())
                project.publications.append(publication)
    return problems


def _load_previous(project: Project, portfolio: bool, read: YamlFiles) -> list[Problem]:
    """The release before this one, read and checked once: the what-changed page compares
    with it, so its errors are this build's (reported in its own files)."""
    if project.cv is None:
        return []
    source = previous_release(
        project.settings.docs / "releases", project.cv.updated.version, project.settings, read
    )
    if source is None:
        return []
    previous = load_project(
        source.settings, docs=source.srcdir, portfolio=portfolio, yaml_files=read
    )
    project.previous, project.previous_version = previous, source.version
    return previous.errors
