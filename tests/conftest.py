"""Shared helpers: real Sphinx builds and real ``bibfolio`` commands, run in this process.

Behaviour tests copy a small project from tests/roots/ and build or break the
copy; tests/portfolio/ alone reads this repository's own content. Builds that
several tests only read are fixtures shared for the session (or the module).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from webcheck import CHROMIUM_FLAGS

# The tests read bibfolio's and Sphinx's messages as text: a CI that sets FORCE_COLOR would
# otherwise wrap each located message in terminal colour codes.
os.environ.pop("FORCE_COLOR", None)
os.environ["NO_COLOR"] = "1"

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ROOTS = Path(__file__).parent / "roots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the expected outputs of golden tests that differ; those tests then fail "
        "so that a reviewer reads the diff",
    )


# Fixtures that build a site (or run a command) once for the tests that read it. Under
# pytest-xdist every test that uses one runs on the same worker, so that two workers never
# build the same site: the other worker runs other tests meanwhile. Session fixtures are one
# group each; module fixtures one group per module (and parameter). pytest-xdist's own
# --dist=loadgroup cannot be used: with pytest 9.2 it silently stops grouping
# (pytest-dev/pytest-xdist#1386), so the workers write the groups to a file that the
# scheduler below reads.
SESSION_BUILDS = ("portfolio", "minimal_site", "second_owner", "releases_site")
MODULE_BUILDS = (
    "real_second_owner",
    "rtd_build",
    "web",
    "built",
    "hostile_site",
    "realcv",
    "built_once",
    "first_build",
)
GROUPS = "bibfolio_build_groups"  # the workers' input naming the file of the groups


def build_group(item: pytest.Item) -> str | None:
    """The shared build a test reads, as a group name; None if it reads none."""
    names = getattr(item, "fixturenames", ())
    for name in SESSION_BUILDS:
        if name in names:
            return name
    for name in MODULE_BUILDS:
        if name in names:
            callspec = getattr(item, "callspec", None)
            param = callspec.params.get(name) if callspec is not None else None
            return f"{item.path.stem}.{name}" + ("" if param is None else f"[{param}]")
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On a worker: write each grouped test's group for the scheduler (atomically)."""
    target = getattr(config, "workerinput", {}).get(GROUPS)
    if target is None:
        return
    groups = {item.nodeid: group for item in items if (group := build_group(item)) is not None}
    written = Path(f"{target}.{os.getpid()}")
    written.write_text(json.dumps(groups), encoding="utf-8")
    written.replace(target)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist, before a worker starts: where it writes the groups."""
    node.workerinput[GROUPS] = str(groups_file(node.config))


GROUPS_FILE = pytest.StashKey[Path]()


def groups_file(config: pytest.Config) -> Path:
    if GROUPS_FILE not in config.stash:
        folder = Path(tempfile.mkdtemp(prefix="bibfolio-groups-"))
        config.stash[GROUPS_FILE] = folder / "groups.json"
    return config.stash[GROUPS_FILE]


def pytest_unconfigure(config: pytest.Config) -> None:
    if GROUPS_FILE in config.stash:
        shutil.rmtree(config.stash[GROUPS_FILE].parent, ignore_errors=True)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Under the default --dist=load: whole groups to one worker, the other tests one by one
    (the largest groups first)."""
    if config.getoption("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling  # noqa: PLC0415 - only under xdist

    class BuildGroupScheduling(LoadScopeScheduling):  # type: ignore[misc]
        groups: dict[str, str] | None = None

        def _split_scope(self, nodeid: str) -> str:
            if self.groups is None:  # every worker has collected (and written) by now
                path = groups_file(config)
                text = path.read_text(encoding="utf-8") if path.is_file() else "{}"
                self.groups = json.loads(text)
            return self.groups.get(nodeid, nodeid)

    return BuildGroupScheduling(config, log)


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def compare_golden(expected: Path, output: str, update: bool) -> None:
    """``output`` must be the content of ``expected``; with ``update``, a difference is
    written to the file and the test fails, so that a reviewer reads the diff."""
    before = expected.read_text(encoding="utf-8") if expected.is_file() else None
    if update and output != before:
        expected.write_text(output, encoding="utf-8")
        pytest.fail(
            f"rewrote {expected.relative_to(ROOT) if expected.is_relative_to(ROOT) else expected}: "
            "read the diff (git diff -- tests/) before committing it",
            pytrace=False,
        )
    assert before is not None, f"{expected} is missing: run pytest --update-golden"
    assert output == before


# -- builds ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Build:
    """The outcome of one strict Sphinx build, as a user would see it."""

    returncode: int
    output: str  # the status and warning streams together
    warnings: str  # warnings and errors only
    html: Path

    def page(self, name: str) -> BeautifulSoup:
        return BeautifulSoup((self.html / name).read_text(encoding="utf-8"), "html.parser")


def sphinx_build(source: Path, out: Path, *extra: str) -> Build:
    """Build ``source`` strictly (-W --keep-going -n), as ``nox -s docs`` does, in this process.

    Into ``out``/html, with the doctrees in ``out``/doctrees; building into the same
    ``out`` again is an incremental build.
    """
    from bibfolio.site.sphinxrun import run_sphinx  # noqa: PLC0415 - Sphinx loads slowly

    status, warning = io.StringIO(), io.StringIO()
    out.mkdir(parents=True, exist_ok=True)
    code = run_sphinx(
        source,
        out / "html",
        out / "doctrees",
        ["--keep-going", *extra],
        status=status,
        warning=warning,
    )
    return Build(code, status.getvalue() + warning.getvalue(), warning.getvalue(), out / "html")


def copy_root(name: str, target: Path) -> Path:
    """A copy of the test project tests/roots/<name> at ``target`` (to build or break)."""
    shutil.copytree(ROOTS / name, target, ignore=shutil.ignore_patterns("_build", "papers"))
    return target


def root_data(name: str) -> dict[str, Any]:
    """The data file of tests/roots/<name>, as read: what its pages and PDF must show."""
    loaded: dict[str, Any] = yaml.safe_load(
        (ROOTS / name / "docs" / "cv.yaml").read_text(encoding="utf-8")
    )
    return loaded


def build_root(name: str, target: Path) -> Build:
    """Copy tests/roots/<name> to ``target``/<name> and build it into ``target``/out.

    A root in the user's layout (pyproject.toml and docs/) is built from its docs/.
    """
    project = copy_root(name, target / name)
    source = project / "docs" if (project / "docs" / "conf.py").is_file() else project
    return sphinx_build(source, target / "out")


# -- the command line --------------------------------------------------------------------


@dataclass(frozen=True)
class Ran:
    """What a ``bibfolio`` command did: its exit status and what it printed."""

    status: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_cli(args: list[str], cwd: Path, env: Mapping[str, str] | None = None) -> Ran:
    """The ``bibfolio`` command run in this process from ``cwd`` (with ``env`` set)."""
    from bibfolio.cli import main  # noqa: PLC0415

    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    saved = {name: os.environ.get(name) for name in env or {}}
    os.environ.update(env or {})
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(args)
            except SystemExit as stop:  # argparse's usage errors
                status = stop.code if isinstance(stop.code, int) else 2
    finally:
        os.chdir(previous)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return Ran(status, out.getvalue(), err.getvalue())


BUILD_IN_A_PROCESS = [sys.executable, "-m", "bibfolio", "build"]


def in_a_process(command: list[str], cwd: Path, **options: Any) -> subprocess.CompletedProcess[str]:
    """``command`` run in a process of its own from ``cwd``, its output captured as text
    (``options``: more of ``subprocess.run``'s, an ``env``, a ``preexec_fn``)."""
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, **options)


def run_bibfolio(args: list[str], cwd: Path) -> tuple[int, str]:
    """The ``bibfolio`` command run in this process from ``cwd``: its exit status and output."""
    ran = run_cli(args, cwd)
    return ran.status, ran.output


def restorer(project: Path) -> Callable[[], Path]:
    """``project`` as it is now, put back in its place by each call (files, their times, build
    folders): tests that start from one built project share its first build this way. Not
    a copy elsewhere: Sphinx keeps absolute paths, and a project moved is built anew. So the
    tests of one restorer run one at a time, on one worker (its fixture is in MODULE_BUILDS).
    """
    kept = project.with_name(f"{project.name}-as-built")
    shutil.copytree(project, kept, symlinks=True)

    def restore() -> Path:
        shutil.rmtree(project)
        shutil.copytree(kept, project, symlinks=True)
        return project

    return restore


def make_site(docs: Path, conf: str, home: str) -> None:
    """Make a folder of pages a site: a conf.py and a home page, where it has none."""
    docs.mkdir(exist_ok=True)
    if not (docs / "conf.py").exists():
        (docs / "conf.py").write_text(conf, encoding="utf-8")
    if not (docs / "index.md").exists():
        (docs / "index.md").write_text(home, encoding="utf-8")


# -- reading what was built --------------------------------------------------------------


def seed(name: str) -> str:
    """A seed document from ../shared/seeds (tests that need one skip without it)."""
    matches = sorted((SHARED / "seeds").glob(f"{name}_*.txt"))
    if not matches:
        pytest.skip(f"seed {name} is not available (../shared/seeds is absent in this clone)")
    return matches[0].read_text(encoding="utf-8")


def one(node: Any, selector: str) -> Any:
    """The element ``selector`` finds under ``node``; fails the test when there is none."""
    found = node.select_one(selector)
    assert found is not None, f"no {selector!r} on the page"
    return found


def text_of(node: Any) -> str:
    """The visible text of an HTML element, whitespace collapsed."""
    return " ".join(node.get_text().split())


def page_at(html: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((html / name).read_text(encoding="utf-8"), "html.parser")


def entries_by_label(page: BeautifulSoup) -> dict[str, Any]:
    """The paper entries of a page (``.bibfolio-entry``) by label, without brackets: "C1"."""
    return {
        text_of(one(entry, ".bibfolio-label")).strip("[]"): entry
        for entry in page.select(".bibfolio-entry")
    }


def bold_authors(page: BeautifulSoup) -> dict[str, list[str]]:
    """The names shown in bold in each paper entry of a page, by label."""
    return {
        label: [text_of(b) for b in entry.select(".bibfolio-authors strong")]
        for label, entry in entries_by_label(page).items()
    }


def entry_text(entry: Any) -> str:
    """Title, authors and the lines after them, as a CV writes a paper's entry."""
    parts = [
        one(entry, ".bibfolio-title"),
        one(entry, ".bibfolio-authors"),
        *entry.select(".bibfolio-line"),
    ]
    return " ".join(text_of(part) for part in parts)


def changes_on(page: BeautifulSoup) -> dict[str, list[str]]:
    """The what-changed page: each group's title, with its items as text."""
    article = one(page, "article")
    return {
        text_of(one(section, "h2")).rstrip("#"): [text_of(li) for li in section.select("li")]
        for section in article.select("section.bibfolio-changes")
    }


def pdf_text(pdf: bytes) -> str:
    """The text of every page of a PDF."""
    from pypdf import PdfReader  # noqa: PLC0415

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@contextlib.contextmanager
def chromium(*, scripts: bool) -> Iterator[Any]:
    """Headless Chromium through ChromeDriver; ``scripts=False`` runs no page script.

    Both come from the system (Debian: chromium, chromium-driver). CI installs them
    and sets BIBFOLIO_REQUIRE_BROWSER=1, which turns their absence into a failure;
    elsewhere the tests that need them are skipped with the reason.
    """
    if CHROMIUM is None or CHROMEDRIVER is None:
        if os.environ.get("BIBFOLIO_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium and ChromeDriver are required here but not installed")
        pytest.skip("Chromium and ChromeDriver are not installed")
    from selenium import webdriver  # noqa: PLC0415 - only when a browser exists
    from selenium.webdriver.chrome.service import Service  # noqa: PLC0415

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # the console
    flags = [*CHROMIUM_FLAGS, "--window-size=1280,900"]
    if not scripts:
        flags.append("--blink-settings=scriptEnabled=false")
    for flag in flags:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5 if scripts else 0)
    try:
        yield driver
    finally:
        driver.quit()


# -- builds shared by the tests that only read them ---------------------------------------


# The owner's content: what another researcher replaces to make the portfolio theirs.
CONTENT = ("refs.bib", "docs/cv.yaml", "docs/conf.py", "docs/research", "docs/releases")


def put_in_place(owner: Path, project: Path) -> None:
    """Replace the portfolio content (CONTENT) of ``project`` by that of ``owner``, a folder
    in the same layout (a root under tests/roots, an owner under tests/owners)."""
    for name in CONTENT:
        target = project / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        source = owner / name
        if source.is_dir():
            shutil.copytree(source, target)
        elif source.is_file():
            shutil.copy2(source, target)


def copy_repository(target: Path) -> Path:
    """The repository as a fresh clone has it: no build output, no generated pages, no git."""
    anywhere = shutil.ignore_patterns("__pycache__", ".*_cache", "*.egg-info")
    # Only the repository's own build output: the test cases hold folders of those names.
    only_in = {ROOT: {".git", ".nox"}, ROOT / "docs": {"_build", "papers"}}

    def ignore(folder: str, names: list[str]) -> set[str]:
        return set(anywhere(folder, names)) | (only_in.get(Path(folder), set()) & set(names))

    shutil.copytree(ROOT, target, ignore=ignore, symlinks=True)
    return target


def copy_project(target: Path) -> Path:
    """Copy the portfolio (pyproject.toml, refs.bib, docs/) to ``target``; return its docs/."""
    for name in ("pyproject.toml", "refs.bib"):
        shutil.copy2(ROOT / name, target / name)
    shutil.copytree(
        ROOT / "docs", target / "docs", ignore=shutil.ignore_patterns("_build", "papers")
    )
    return target / "docs"


@pytest.fixture(scope="session")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of this repository's portfolio, for tests/portfolio/ only: the project folder."""
    target = tmp_path_factory.mktemp("portfolio") / "project"
    target.mkdir()
    copy_project(target)
    return target


@pytest.fixture(scope="session")
def portfolio_site(portfolio: Path) -> Build:
    """This portfolio, built once for the session (tests/portfolio/ only)."""
    return sphinx_build(portfolio / "docs", portfolio.parent / "out")


@pytest.fixture(scope="session")
def minimal_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """tests/roots/minimal, built once."""
    return build_root("minimal", tmp_path_factory.mktemp("minimal"))


@pytest.fixture(scope="session")
def second_owner(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The fictional second portfolio (tests/roots/second-owner), built once."""
    return build_root("second-owner", tmp_path_factory.mktemp("second-owner"))


@dataclass(frozen=True)
class Versions:
    """tests/roots/releases built with ``bibfolio versions``: every release, newest first."""

    project: Path
    out: Path
    releases: list[str]

    @property
    def newest(self) -> Path:
        return self.out / self.releases[0]

    def page(self, release: str, name: str) -> BeautifulSoup:
        return page_at(self.out / release, name)


def release_versions(docs: Path) -> list[str]:
    """The releases of the project whose pages are ``docs``, newest first, from its data."""
    from bibfolio.releases import release_folders, version_of  # noqa: PLC0415

    found = [version_of(docs / "cv.yaml")]
    found += [version_of(folder / "cv.yaml") for folder in release_folders(docs / "releases")]
    return sorted(found, reverse=True)


@pytest.fixture(scope="session")
def releases_site(tmp_path_factory: pytest.TempPathFactory) -> Versions:
    """tests/roots/releases (a portfolio with an earlier release) through ``bibfolio versions``,
    once."""
    project = copy_root("releases", tmp_path_factory.mktemp("releases") / "project")
    done = run_cli(["versions", "docs", "out"], project, {"READTHEDOCS_CANONICAL_URL": ""})
    assert done.status == 0, done.output
    assert "WARNING" not in done.output
    return Versions(project, project / "out", release_versions(project / "docs"))
