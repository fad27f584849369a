"""What a page may make the build read or run: files of the project only, no address fetched
while the site builds, no MyST setting of the whole site.

The checks (``bibfolio.pipeline``) find all of this in the pages they read, and the
build stops before Sphinx reads any page. Sphinx may read pages the checks do not (a
reStructuredText page, a page in a folder with a conf.py of its own), so the build
checks again as it goes, with the same rules and messages:

* before MyST reads a page the checks did not, the page (a link leading out of the
  project), its front matter and the files it names are checked; a page with an
  error is read as empty;
* ``raw`` and ``csv-table`` never fetch a ``:url:`` (docutils would, file:// too);
* after every page has been read, each file a page depends on (an image, a download,
  an included or literally-included file, a raw HTML file) must lie inside the project
  (links followed) and not in a hidden folder of it (.git/), and no image or download
  may be the data file; a file that breaks this is a located error, and is taken out of
  the images and downloads Sphinx would copy, so it is never published even by a build
  that does not stop on errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from docutils import nodes
from docutils.parsers.rst.directives.misc import Raw
from sphinx.application import Sphinx
from sphinx.directives.code import LiteralInclude
from sphinx.directives.other import Include
from sphinx.directives.patches import CSVTable
from sphinx.environment import BuildEnvironment

from bibfolio.check.pages import refused_file
from bibfolio.diagnostics import Place, Severity, problem
from bibfolio.load.files import display_path, inside
from bibfolio.load.pages import is_generated, read_page
from bibfolio.pipeline import page_problems, private_files, publish_root
from bibfolio.sphinx.environment import project_of
from bibfolio.sphinx.messages import report

_CHECKED: WeakKeyDictionary[Sphinx, frozenset[str]] = WeakKeyDictionary()


def check_unread_page(app: Sphinx, docname: str, source: list[str]) -> None:
    """A page the checks did not read, checked before MyST reads its settings."""
    project = project_of(app.env)
    if app not in _CHECKED:
        _CHECKED[app] = frozenset(page.docname for page in project.pages)
    if docname in _CHECKED[app]:
        return
    srcdir = Path(app.srcdir)
    path = Path(app.env.doc2path(docname))
    root = publish_root(srcdir, project.settings)
    if not inside(path, root):
        problems = [
            Place(display_path(path), 1, 1).problem(
                "PAGE210",
                f"this page is a link to {path.resolve()}, outside the project, so it is not "
                "read into the site",
            )
        ]
    elif path.suffix == ".md" and not is_generated(source[0]):
        page = read_page(path, srcdir, source[0])
        problems = page_problems([page], srcdir, root, project.settings)
    else:
        return
    for found in problems:
        report(found)
    if any(found.severity is Severity.ERROR for found in problems):
        source[0] = ""  # nothing of it is read, run or published


def _fetch_refused(directive: Any) -> None:
    if "url" in directive.options:
        raise directive.error(
            f"PAGE210 {directive.name} :url: {directive.options['url']!r} is fetched while the "
            "site builds, from outside the project: save the file in the project and name it "
            "with :file:"
        )


def _files_refused(directive: Any, *names: str, sphinx_paths: bool = True) -> None:
    """Stop a directive before it reads a file no page may use (outside the project, hidden,
    a data file): what it would read never reaches the page, not even the build's own
    pickled pages. Sphinx's directives read a name as Sphinx does (/ is the pages' folder),
    docutils' own as relative to the page."""
    env = directive.state.document.settings.env
    settings = project_of(env).settings
    srcdir = Path(env.srcdir)
    root = publish_root(srcdir, settings)
    private = private_files(replace(settings, docs=srcdir))
    page = Path(directive.state.document.current_source or env.doc2path(env.docname)).parent
    for name in names:
        if name.startswith("<") and name.endswith(">"):
            continue  # docutils' own standard files
        path = Path(env.relfn2path(name)[1]) if sphinx_paths else page / name
        refused = refused_file(path, root, private)
        if refused is not None:
            code, why = refused
            raise directive.error(f"{code} this page uses {name}, which {why}")


class RawWithoutAddress(Raw):
    """docutils' raw, without fetching a :url: or reading a file no page may use."""

    def run(self) -> Sequence[nodes.Node]:
        _fetch_refused(self)
        _files_refused(self, *self.options.get("file", "").split()[:1], sphinx_paths=False)
        return super().run()


class CSVTableWithoutAddress(CSVTable):
    """Sphinx's csv-table, without fetching a :url: or reading a file no page may use."""

    # Sphinx's CSVTable and docutils' stubs disagree on run's type; this is Sphinx's.
    def run(self) -> list[nodes.Node]:  # type: ignore[override]
        _fetch_refused(self)
        _files_refused(self, *self.options.get("file", "").split()[:1], sphinx_paths=False)
        return super().run()


class GuardedInclude(Include):
    """Sphinx's include, refusing a file no page may use before reading it."""

    def run(self) -> Sequence[nodes.Node]:
        _files_refused(self, self.arguments[0])
        return super().run()


class GuardedLiteralInclude(LiteralInclude):
    """Sphinx's literalinclude (and its :diff:), refusing a file no page may use."""

    def run(self) -> list[nodes.Node]:
        _files_refused(self, self.arguments[0], *self.options.get("diff", "").split()[:1])
        return super().run()


def check_files(app: Sphinx, env: BuildEnvironment) -> list[str]:
    settings = project_of(env).settings
    root = publish_root(Path(env.srcdir), settings)
    srcdir = Path(env.srcdir)
    private = private_files(replace(settings, docs=srcdir))
    # (page, the file itself) -> the name the page used, and why it is refused
    found: dict[tuple[str, Path], tuple[str, tuple[str, str]]] = {}
    for docname, files in env.dependencies.items():
        for dependency in files:
            refused = refused_file(srcdir / dependency, root, private)
            if refused is not None:
                found.setdefault((docname, _real(srcdir / dependency)), (str(dependency), refused))
    tables: tuple[dict[Any, tuple[set[str], Any]], ...] = (env.images, env.dlfiles)
    for table in tables:
        for name, (docnames, _) in list(table.items()):
            refused = refused_file(srcdir / str(name), root, private)
            if refused is not None:
                for docname in docnames:
                    found[(docname, _real(srcdir / str(name)))] = (str(name), refused)
                del table[name]  # never copied into the site
    for (docname, _), (used, (code, why)) in sorted(found.items()):
        page = Path(env.doc2path(docname))
        line, col = _where(page, used)
        report(problem(display_path(page), line, col, code, f"this page uses {used}, which {why}"))
    return []


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path


def _where(page: Path, name: str) -> tuple[int, int]:
    """The line and column where ``page`` names the file (its name, else its last part)."""
    try:
        lines = page.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return 1, 1
    for candidate in (name, Path(name).name):
        for number, text in enumerate(lines, start=1):
            if candidate and candidate in text:
                return number, text.index(candidate) + 1
    return 1, 1


def setup(app: Sphinx) -> None:
    app.add_directive("raw", RawWithoutAddress, override=True)
    app.add_directive("csv-table", CSVTableWithoutAddress, override=True)
    app.add_directive("include", GuardedInclude, override=True)
    app.add_directive("literalinclude", GuardedLiteralInclude, override=True)
    app.connect("source-read", check_unread_page)
    app.connect("env-updated", check_files)
