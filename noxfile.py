# /// script
# dependencies = ["nox>=2025.2.9"]
# ///
"""Developer tasks for bibfolio.

    python3 noxfile.py -s docs     # build the site into docs/_build/html
    python3 noxfile.py -s tests    # run the test suite

Run it with plain ``python3`` on a machine without nox: tools/bootstrap.py then
installs nox into .nox/.bootstrap first. ``nox -s docs`` does the same where
nox is installed. Dependencies are read from pyproject.toml, never listed here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

try:
    import nox
except ModuleNotFoundError:
    if __name__ != "__main__":
        raise
    import runpy

    runpy.run_path(str(Path(__file__).parent / "tools" / "bootstrap.py"), run_name="__main__")
    raise  # not reached: the bootstrap exits

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
BUILD = ROOT / "docs" / "_build"

# npm packages, pinned, each installed into the folder of the session that uses it.
NPM = {
    "bibtex-tidy": "1.14.0",  # bench: the formatter compared with bibfolio
    "axe-core": "4.14.1",  # tests and audit: the accessibility checks
    "lighthouse": "12.8.2",  # audit: the scores
}

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "tests", "docs"]


def install(session: nox.Session, *groups: str) -> None:
    """Install the package (editable) and the named dependency groups."""
    session.install("-e", ".", *nox.project.dependency_groups(PYPROJECT, *groups))


def npm_install(session: nox.Session, *names: str) -> Path | None:
    """Install the pinned npm packages into the session's folder; their node_modules.

    None (and nothing installed) where npm is missing: the tests that need a
    package then skip, unless CI requires them.
    """
    modules = Path(session.virtualenv.location) / "node" / "node_modules"
    wanted = [name for name in names if not (modules / name / "package.json").exists()]
    if wanted and shutil.which("npm"):
        specs = [f"{name}@{NPM[name]}" for name in wanted]
        prefix = str(modules.parent)
        session.run("npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", prefix,
                    *specs, external=True)  # fmt: skip
    return modules if all((modules / name).exists() for name in names) else None


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site strictly (-W --keep-going -n) into docs/_build/html.

    The build goes to a staging folder first; docs/_build/html is replaced only
    when the build succeeds, so a failed build never destroys the last good one.
    """
    install(session)
    session.run("bibfolio", "build", "docs", str(BUILD / "html"), *session.posargs)


@nox.session
def init(session: nox.Session) -> None:
    """Replace the example portfolio by a blank one: nox -s init -- --name "Ada Lovelace".

    Only files still exactly the example's are removed; any other stops it (bibfolio init
    --help).
    """
    install(session)
    session.run("bibfolio", "init", *session.posargs)


@nox.session
def versions(session: nox.Session) -> None:
    """Every release (docs/ and docs/releases/*) into docs/_build/versions, with a switcher.

    Serve it to try the switcher: python3 -m http.server -d docs/_build/versions
    """
    install(session)
    session.run("bibfolio", "versions", "docs", str(BUILD / "versions"), *session.posargs)


@nox.session
def icons(session: nox.Session) -> None:
    """Cut the theme's icon fonts again into bibfolio's (after the theme's fonts changed)."""
    install(session)
    session.run("python", "-m", "bibfolio.sphinx.iconmaker")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite: small sites under tests/roots, and this portfolio's own."""
    install(session, "test")
    # Byte-compiled as pip leaves an install (uv does not), whatever PYTHONDONTWRITEBYTECODE
    # says: the tests that need a process of their own (memory limits, kills, Read the Docs'
    # commands) then start in about a second instead of several.
    packages = session.run(
        "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", silent=True
    )
    if isinstance(packages, str):
        session.run("python", "-m", "compileall", "-q", "-j", "0", packages.strip(), "tools")
    modules = npm_install(session, "axe-core")
    if modules is not None:  # the accessibility tests read it (tests/webcheck.py)
        session.env["BIBFOLIO_AXE_JS"] = str(modules / "axe-core" / "axe.min.js")
    # Sites are built in the workers' own processes; the tests that read one build run on one
    # worker (tests/conftest.py).
    session.run("pytest", *(session.posargs or ["-n", "auto"]))


@nox.session
def lint(session: nox.Session) -> None:
    """ruff (lint and format) and mypy (strict)."""
    install(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")


@nox.session
def bench(session: nox.Session) -> None:
    """Speed benchmarks, printed side by side from one run (needs ../shared and npm).

    Builds of this portfolio and of synthetic ones (300 and 2,000 entries) beside bare
    Sphinx and sphinxcontrib-bibtex alone, with the goals of issue 13; the live preview
    (sphinx-autobuild); bibfolio check against pybtex and bibtex-tidy; the CV PDF.
    A quick run: nox -s bench -- --sizes 16 300 --rounds 1 --skip-check
    (the options: python tests/benchmarks/speed.py --help).
    """
    # Byte-compiled like a normal install, whatever PYTHONDONTWRITEBYTECODE says (the
    # editable bibfolio: by speed.py).
    session.env["UV_COMPILE_BYTECODE"] = "1"
    install(session, "serve")  # sphinx-autobuild, for the live preview
    modules = npm_install(session, "bibtex-tidy")
    extra = ["--tidy", str(modules / ".bin" / "bibtex-tidy")] if modules is not None else []
    session.run("python", "tests/benchmarks/speed.py", *extra, *session.posargs)


@nox.session
def audit(session: nox.Session) -> None:
    """Weight, Lighthouse scores and axe-core violations of the built site, page by page.

    Builds the site, installs the pinned Lighthouse and axe-core from npm into this
    session's folder, serves the site gzipped on 127.0.0.1 and prints a table
    (tests/benchmarks/audit.py). Needs npm and Chromium (CHROME_PATH, else chromium).
    """
    install(session, "test")
    modules = npm_install(session, "lighthouse", "axe-core")
    if modules is None:
        session.error("the audit needs npm, to install Lighthouse and axe-core")
    site = BUILD / "html"
    session.run("bibfolio", "build", "docs", str(site))
    session.run(
        "python",
        "tests/benchmarks/audit.py",
        str(site),
        "--lighthouse",
        str(modules / ".bin" / "lighthouse"),
        "--axe",
        str(modules / "axe-core" / "axe.min.js"),
        *session.posargs,
    )


@nox.session
def serve(session: nox.Session) -> None:
    """Live-reloading preview for writing, at http://127.0.0.1:8000."""
    install(session, "serve")
    session.run(
        "sphinx-autobuild",
        "docs",
        str(BUILD / "serve"),  # its own folder: a half-written page never replaces the good build
        "--watch",
        "refs.bib",
        "--watch",
        "tools/bibfolio",
        "--ignore",
        "*/_build/*",
        "--ignore",
        "*/papers/*",  # the generated paper pages
        *session.posargs,
    )


if __name__ == "__main__":
    nox.main()
