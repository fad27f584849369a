"""The one way in: load every input, check it, and build the model.

``bibfolio check``, the Sphinx build, ``bibfolio pdf`` and ``bibfolio versions``
all call ``load_project``. Each input is read and parsed once (the bibliography
by bibfolio's own parser, the data file, each page), every problem that can stop
a build is found here with its code and location, and the portfolio is built
only from inputs without errors.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from bibfolio.check.data import check_links, check_photo, strings
from bibfolio.check.entries import check_entry
from bibfolio.check.identity import check_identity
from bibfolio.check.pages import (
    check_data_pages,
    check_files,
    check_page_settings,
    check_paper_pages,
    check_toctrees,
)
from bibfolio.check.references import (
    Citation,
    check_citations,
    check_labels,
    check_theme_pages,
)
from bibfolio.check.releases import check_release_folders, check_releases
from bibfolio.diagnostics import Place, Problem, Severity, select_problems
from bibfolio.kept import Keeper, Readings, keep_publications, kept_publications
from bibfolio.load.bibtex import BibFile
from bibfolio.load.files import (
    InputError,
    decode,
    display_path,
    inside,
    read_bibtex,
    read_bytes,
    real_path,
)
from bibfolio.load.pages import GENERATED_BYTES, Page, is_generated, read_page, site_pages
from bibfolio.load.settings import RELEASES, Settings, conf_literal
from bibfolio.load.yaml import YamlDocument, YamlFiles
from bibfolio.model.cv import CV, validate_cv
from bibfolio.model.names import Owner
from bibfolio.model.prose import cited_keys
from bibfolio.model.publication import AWARDS, Publication, Rules, read_publication
from bibfolio.releases import previous_release, release_folders
from bibfolio.view.papers import (
    DEFAULT_GROUPS,
    Group,
    Portfolio,
    build_portfolio,
    kind_of,
    unique_slugs,
)

ROOT_DOC = "index"
PAPERS = "papers"  # the folder of the generated paper pages, in the pages' folder
# No page of a site (bibfolio.sphinx.config adds them to Sphinx's exclude_patterns): build
# outputs, where another build may be publishing while this one reads, and hidden files
# and folders.
UNREAD = ("_build", "**/_build", ".*", "**/.*")
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
    other_docs: frozenset[str] = frozenset()  # documents that are no MyST page read here
    data_refused: bool = False  # the data file lies outside the project: not read (CV006)
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
    """The pages of the themes folder itself (not of a folder inside it), but its index."""
    folder = themes.strip("/")
    return [
        page
        for page in pages
        if posixpath.dirname(page.docname) == folder and page.docname != f"{folder}/index"
    ]


def theme_names(settings: Settings) -> frozenset[str] | None:
    """The themes, one per page of the themes folder; None when there are no pages."""
    folder = settings.themes_dir
    if not settings.docs.is_dir():
        return None
    if not folder.is_dir():
        return frozenset()
    return frozenset(p.stem for p in folder.glob("*.md") if p.stem != "index")


def data_citations(doc: YamlDocument) -> list[Citation]:
    """Citations in the data: ``[@key]`` in any text, and every item of a ``papers`` list."""
    found = []
    for location, text in strings(doc.data):
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


@dataclass(frozen=True)
class SiteRules:
    """How the build finds and reads the pages: Sphinx's ``exclude_patterns`` and
    ``include_patterns``, and the MyST extensions the site enables."""

    exclude: Sequence[str] = ("_build",)
    include: Sequence[str] = ("**",)
    myst_extensions: Collection[str] = ()

    @classmethod
    def of(cls, docs: Path) -> SiteRules:
        """What conf.py says in literals, when no build gives the real values: its exclude
        patterns, with what is never a page and the earlier releases (sites of their own)."""
        exclude = conf_literal(docs, "exclude_patterns")
        if not isinstance(exclude, list | tuple) or not all(isinstance(p, str) for p in exclude):
            exclude = []
        extensions = conf_literal(docs, "myst_enable_extensions")
        if not isinstance(extensions, list | tuple | set):
            extensions = ()
        return cls((*exclude, *UNREAD, RELEASES), ("**",), frozenset(map(str, extensions)))


def read_pages(
    docs: Path,
    root: Path,
    rules: SiteRules,
    generated: Collection[Path] = frozenset(),
    listing: tuple[list[Path], list[Path]] | None = None,
) -> tuple[list[Page], frozenset[str], list[Problem]]:
    """The site's MyST pages (not the generated ones), the names of its other documents, and
    the problems of pages that cannot be read or decoded, or that are links (or in folders
    that are links) leading outside the project ``root`` (those are not read). The pages
    ``generated`` are known to be paper pages as bibfolio wrote them: they are not read.
    ``listing``: what ``site_pages`` found for ``docs`` and ``rules``, if it was asked."""
    pages = []
    others = set(SPECIAL_DOCS)
    problems: list[Problem] = []
    paths, folders = listing or site_pages(docs, rules.exclude, (".md", ".rst"), rules.include)
    links = [*folders, *(path for path in paths if path.is_symlink())]
    refused = {link for link in links if not inside(link, root)}
    for link in sorted(refused):
        what = "folder" if link in folders else "page"
        problems.append(
            Place(display_path(link), 1, 1).problem(
                "PAGE210",
                f"this {what} is a link to {real_path(link)}, outside the project, so it "
                "is not read into the site",
            )
        )
    for path in paths:
        docname = path.relative_to(docs).with_suffix("").as_posix()
        if path.suffix == ".rst" or (refused and refused.intersection((path, *path.parents))):
            others.add(docname)
            continue
        if path in generated:
            others.add(docname)
            continue
        try:
            data = read_bytes(path, "PAGE008")
        except InputError as error:
            problems.append(error.problem)
            others.add(docname)
            continue
        if data == GENERATED_BYTES:  # a paper's page, as bibfolio writes it: nothing to read
            others.add(docname)
            continue
        text = decode(data, display_path(path), problems, ("PAGE006", "PAGE007"))
        if is_generated(text):
            others.add(docname)
        else:
            pages.append(read_page(path, docs, text, rules.myst_extensions))
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
    return [
        *(p for page in pages for p in page.problems),
        *check_page_settings(pages),
        *check_files(pages, docs, root, private_files(settings)),
    ]


def private_files(settings: Settings) -> tuple[Path, ...]:
    """The files no page may show: the data file and each earlier release's (they hold what
    the site leaves out, the phone number)."""
    current = (settings.data,) if settings.data is not None else ()
    return (*current, *(f / "cv.yaml" for f in release_folders(settings.docs / RELEASES)))


def label_groups(cv: CV | None) -> Sequence[Group]:
    if cv is None or cv.labels is None:
        return DEFAULT_GROUPS
    return tuple(
        Group(
            g.prefix,
            g.title,
            frozenset(g.kinds),
            tuple(word.lower() for word in g.venues if word.strip()),
            frozenset(key.lower() for key in g.papers),
        )
        for g in cv.labels
    )


def _labels(project: Project) -> list[Problem]:
    """The data's label groups against the kinds of entry the bibliography has."""
    if project.data is None or project.cv is None:
        return []
    groups = label_groups(project.cv)
    kinds: dict[str, list[str]] = {}
    for publication in project.publications:
        if not any(group.names(publication) for group in groups):  # by venue or key
            kinds.setdefault(kind_of(publication), []).append(publication.key)
    return check_labels(project.data, groups, project.cv.labels is not None, kinds)


def load_project(
    settings: Settings,
    docs: Path | None = None,
    *,
    portfolio: bool = False,
    site: SiteRules | None = None,
    yaml_files: YamlFiles | None = None,
    keeper: Keeper | None = None,
    generated: Collection[Path] = frozenset(),
    sources: Project | None = None,
    listing: tuple[list[Path], list[Path]] | None = None,
) -> Project:
    """Read and check everything; with ``portfolio``, build it when nothing is wrong.

    ``docs`` overrides where the pages are (a Sphinx build's source folder);
    ``site`` says how the build finds and reads them (Sphinx's settings);
    ``yaml_files`` the data files read so far, shared with the earlier release
    this one compares with (each file is read once); ``keeper`` where the
    publications read without a problem are kept for the next build (bibfolio.kept);
    ``generated`` the paper pages known to be as bibfolio wrote them (not read);
    ``sources`` a project loaded without a problem from the same files but its pages,
    under the same settings: its bibliography, data, publications, portfolio and
    earlier release are taken as they are, and only the pages are read and checked
    (with what they cite); ``listing`` the pages and linked folders ``site_pages`` found
    for ``docs`` and ``site`` just now, not looked for again. An input that cannot be read
    at all is a problem (BIB003, CV007, PAGE008), and then nothing is checked further:
    what it holds is unknown.
    """
    if docs is not None:
        settings = replace(settings, docs=docs)
    read = yaml_files if yaml_files is not None else YamlFiles()
    project = Project(settings)
    if sources is None:
        unreadable = _read_inputs(project, read)
    else:
        project.bibs, project.data, project.cv = sources.bibs, sources.data, sources.cv
        project.data_refused, unreadable = sources.data_refused, []
    unreadable += _read_site(project, site or SiteRules.of(settings.docs), generated, listing)
    if unreadable:
        project.problems = _chosen(unreadable, settings)
        return project
    problems = list(project.problems)
    owner = Owner(project.cv.name, project.cv.aliases) if project.cv is not None else None
    citations = data_citations(project.data) if project.data is not None else []
    citations += page_citations(project.pages)
    rules = Rules(
        owner=owner,
        awards=frozenset((*AWARDS, *settings.awards)),
        themes=theme_names(settings),
        themes_dir=display_path(settings.themes_dir),
        files_dir=settings.files_dir,
        files_shown=display_path(settings.files_dir),
        project=publish_root(settings.docs, settings),
    )
    if sources is None:
        problems += _read_publications(project, rules, keeper)
        problems += _labels(project)
    else:
        project.publications = sources.publications
    has_pages = settings.docs.is_dir()
    shows_all = not has_pages or any(
        "selected" not in directive.options  # a list of the selected papers shows not all
        for page in project.pages
        for directive in page.uses("publications")
    )
    problems += check_citations(project.bibs, citations, shows_all)
    if has_pages:
        problems += _check_site(project, read, portfolio, sources)
    project.problems = _chosen(problems, settings)
    if portfolio and not project.errors:
        project.portfolio = (
            sources.portfolio
            if sources is not None and sources.portfolio is not None
            else build_portfolio(project.publications, owner or Owner(""), label_groups(project.cv))
        )
    return project


def _read_inputs(project: Project, read: YamlFiles) -> list[Problem]:
    """Read the bibliography and the data into ``project`` (their problems into
    ``project.problems``); the problems of inputs that cannot be read at all."""
    settings = project.settings
    unreadable: list[Problem] = []
    root = publish_root(settings.docs, settings)
    for path in settings.bibliography:
        if settings.docs.is_dir() and path.exists() and not inside(path, root):
            # Its entries would be published; a file named on the command line is just checked.
            unreadable.append(
                Place(display_path(path), 1, 1).problem(
                    "BIB004",
                    "the bibliography lies outside the project (the folder of pyproject.toml) "
                    "once links are followed, so it is not read into the site",
                )
            )
            continue
        try:
            project.bibs.append(read_bibtex(path))
        except InputError as error:
            unreadable.append(error.problem)
    data = settings.data
    if data is not None and data.exists() and not inside(data, root):
        project.data_refused = True
        project.problems.append(
            Place(display_path(data), 1, 1).problem(
                "CV006",
                "the data file lies outside the project (the folder of pyproject.toml) once "
                "links are followed, so it is not read",
            )
        )
    elif data is not None and os.path.lexists(data):
        try:
            project.data = read(data)
        except InputError as error:
            unreadable.append(error.problem)
    if project.data is not None:
        project.cv, found = validate_cv(project.data)
        project.problems += found + check_links(project.data)
        if project.cv is not None and data is not None:
            project.problems += check_photo(project.data, project.cv, data, root)
    return unreadable


def _read_site(
    project: Project,
    site: SiteRules,
    generated: Collection[Path],
    listing: tuple[list[Path], list[Path]] | None,
) -> list[Problem]:
    """Read the pages into ``project`` (their problems into ``project.problems``); the
    problems of pages that cannot be read at all."""
    settings = project.settings
    if not settings.docs.is_dir():
        return []
    root = publish_root(settings.docs, settings)
    project.pages, project.other_docs, found = read_pages(
        settings.docs, root, site, generated, listing
    )
    project.problems += [p for p in found if p.code != "PAGE008"]
    return [p for p in found if p.code == "PAGE008"]


def _check_site(
    project: Project, read: YamlFiles, portfolio: bool, sources: Project | None = None
) -> list[Problem]:
    """The rules on the pages, and on the earlier releases kept beside them (checked with
    ``sources`` already, when given: only the pages' rules are)."""
    settings = project.settings
    root = publish_root(settings.docs, settings)
    problems = page_problems(project.pages, settings.docs, root, settings)
    problems += check_theme_pages(project.theme_pages)
    problems += check_toctrees(project.pages, project.other_docs, ROOT_DOC)
    has_data = project.data is not None or project.data_refused  # one refused: said once
    problems += check_data_pages(project.pages, DATA_DIRECTIVES, has_data)
    slugs = unique_slugs(publication.key for publication in project.publications)
    problems += check_paper_pages(project.pages, slugs, PAPERS)
    wants_previous = project.cv is not None and any(page.uses("changes") for page in project.pages)
    if sources is not None:
        if wants_previous and sources.previous is not None:
            project.previous, project.previous_version = sources.previous, sources.previous_version
        elif wants_previous:
            problems += _load_previous(project, portfolio, read)
        return problems
    releases = settings.docs / RELEASES
    problems += check_release_folders(releases)
    try:
        earlier = [read(folder / "cv.yaml") for folder in release_folders(releases)]
    except InputError as error:
        earlier, problems = [], [*problems, error.problem]
    problems += check_releases(project.data, earlier)
    if wants_previous:
        problems += _load_previous(project, portfolio, read)
    return problems


def _chosen(problems: Sequence[Problem], settings: Settings) -> list[Problem]:
    """The problems the settings report, once each, in file order."""
    return sorted(
        set(select_problems(problems, settings.select, settings.ignore)),
        key=lambda p: (p.path, p.line, p.col, p.code),
    )


def _read_publications(project: Project, rules: Rules, keeper: Keeper | None) -> list[Problem]:
    """Each complete entry checked and read once; the first of two equal keys is kept;
    duplicates and crossrefs checked. What was read without a problem is kept: the whole
    list, and each entry's publication (an edit of one entry reads that one again)."""
    kept = kept_publications(keeper, project.bibs, rules)
    if kept is not None:
        project.publications = kept
        return []
    problems: list[Problem] = []
    seen: set[str] = set()
    readings = Readings(keeper, rules)
    for bib in project.bibs:
        problems += bib.problems
        for position, entry in enumerate(bib.entries):
            if not entry.complete:
                continue  # cut short by a syntax error, already reported
            name, publication = readings.find(bib, entry, position)
            if publication is None:
                publication, found = read_publication(bib, entry, position, rules)
                found = check_entry(bib, entry) + found
                if not found:
                    readings.add(name, bib, publication)
                problems += found
            if entry.key.lower() not in seen:
                seen.add(entry.key.lower())
                project.publications.append(publication)
    problems += check_identity(project.bibs)
    readings.keep()
    if not problems:
        keep_publications(keeper, project.bibs, rules, project.publications)
    return problems


def _load_previous(project: Project, portfolio: bool, read: YamlFiles) -> list[Problem]:
    """The release before this one, read and checked once: the what-changed page compares
    with it, so its errors are this build's (reported in its own files)."""
    if project.cv is None:
        return []
    source = previous_release(
        project.settings.docs / RELEASES, project.cv.updated.version, project.settings, read
    )
    if source is None:
        return []
    previous = load_project(
        source.settings, docs=source.srcdir, portfolio=portfolio, yaml_files=read
    )
    project.previous, project.previous_version = previous, source.version
    return previous.errors
