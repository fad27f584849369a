"""Shared fixtures: real Sphinx builds of the real site (no mocks)."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from webcheck import CHROMIUM_FLAGS

# The tests read bibfolio's and Sphinx's messages as text: a CI that sets FORCE_COLOR would
# otherwise wrap each located message in terminal colour codes.
os.environ.pop("FORCE_COLOR", None)
os.environ["NO_COLOR"] = "1"

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the expected outputs of golden tests (then read the diff)",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@dataclass(frozen=True)
class Build:
    """The outcome of one ``sphinx-build`` run, as a user would see it."""

    returncode: int
    output: str  # stdout and stderr together
    warnings: str  # the -w file: warnings and errors only
    html: Path

    def page(self, name: str) -> BeautifulSoup:
        return BeautifulSoup((self.html / name).read_text(encoding="utf-8"), "html.parser")


def sphinx_build(source: Path, out: Path, *extra: str) -> Build:
    """Build ``source`` strictly, as ``nox -s docs`` does, in a fresh process."""
    warnings = out / "warnings.txt"
    out.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-W",
        "--keep-going",
        "-n",
        "-b",
        "html",
        "-w",
        str(warnings),
        "-d",
        str(out / "doctrees"),
        *extra,
        str(source),
        str(out / "html"),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return Build(
        returncode=done.returncode,
        output=done.stdout + done.stderr,
        warnings=warnings.read_text(encoding="utf-8") if warnings.exists() else "",
        html=out / "html",
    )


def run_bibfolio(args: list[str], cwd: Path) -> tuple[int, str]:
    """The ``bibfolio`` command run in this process from ``cwd``: its exit status and output."""
    from bibfolio.cli import main  # noqa: PLC0415

    printed = io.StringIO()
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
            try:
                status = main(args)
            except SystemExit as stop:  # argparse's usage errors
                status = stop.code if isinstance(stop.code, int) else 2
    finally:
        os.chdir(previous)
    return status, printed.getvalue()


def make_site(docs: Path, conf: str, home: str) -> None:
    """Make a folder of pages a site: a conf.py and a home page, where it has none."""
    docs.mkdir(exist_ok=True)
    if not (docs / "conf.py").exists():
        (docs / "conf.py").write_text(conf, encoding="utf-8")
    if not (docs / "index.md").exists():
        (docs / "index.md").write_text(home, encoding="utf-8")


def copy_project(target: Path) -> Path:
    """Copy the portfolio (pyproject.toml, refs.bib, docs/) to ``target``; return its docs/."""
    for name in ("pyproject.toml", "refs.bib"):
        shutil.copy2(ROOT / name, target / name)
    shutil.copytree(
        ROOT / "docs", target / "docs", ignore=shutil.ignore_patterns("_build", "papers")
    )
    return target / "docs"


ROOTS = Path(__file__).parent / "roots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


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


def build_root(name: str, target: Path) -> Build:
    """Copy the test project tests/roots/<name> to ``target`` and build it there."""
    source = target / name
    shutil.copytree(ROOTS / name, source)
    return sphinx_build(source, target / "out")


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


@pytest.fixture(scope="session")
def second_owner(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The fictional second portfolio (tests/roots/second-owner), built once."""
    return build_root("second-owner", tmp_path_factory.mktemp("second-owner"))


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real portfolio, built once for the session."""
    return sphinx_build(ROOT / "docs", tmp_path_factory.mktemp("site"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A throw-away copy of the portfolio's sources to break; returns its docs/."""
    return copy_project(tmp_path)
