"""Build the site strictly, and publish it only when the build succeeds.

Sphinx with ``--keep-going`` writes every page even when a warning makes the
build fail. Building into a staging folder and swapping it in afterwards keeps
the last good site in place whenever a build fails.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from sphinx.cmd.build import build_main

STRICT = ("-W", "--keep-going", "-n")


def staging_dir(output: Path) -> Path:
    return output.with_name(f".{output.name}.staging")


def run_sphinx(argv: Sequence[str]) -> int:
    """sphinx-build in process; bibfolio's checks end a failing build with SystemExit."""
    try:
        return build_main(list(argv))
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 1


def build_site(source: Path, output: Path, sphinx_args: Sequence[str] = ()) -> int:
    """Build ``source`` into ``output`` with Sphinx's HTML builder; return the exit status.

    ``output`` changes only when Sphinx reports success; the doctree cache
    lives beside it (``output/../doctrees``) so later builds are incremental.
    """
    staging = staging_dir(output)
    shutil.rmtree(staging, ignore_errors=True)
    doctrees = output.parent / "doctrees"
    argv = [*STRICT, "-b", "html", "-d", str(doctrees), *sphinx_args, str(source), str(staging)]
    status = run_sphinx(argv)
    if status != 0:
        shutil.rmtree(staging, ignore_errors=True)
        return status
    publish(staging, output)
    return 0


def publish(staging: Path, output: Path) -> None:
    """Replace ``output`` by ``staging``, leaving no half-copied folder behind."""
    previous = output.with_name(f".{output.name}.previous")
    shutil.rmtree(previous, ignore_errors=True)
    if output.exists():
        output.rename(previous)
    staging.rename(output)
    shutil.rmtree(previous, ignore_errors=True)
