"""``bibfolio build``: the site, built strictly, published only when the build succeeds;
and ``bibfolio check``'s run of the same build, which publishes nothing.

Sphinx builds into a private work folder that is kept from one build to the
next (with its doctrees), so a rebuild writes only what changed; the published
folder is then swapped for a copy of the work folder in one step. A failed
build never touches the published folder. ``check_site`` builds into the same
private folders (a build after a check only publishes) and reports every
problem the build finds, each located and coded (bibfolio.sphinx.messages).
"""

from __future__ import annotations

import contextlib
import io
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from bibfolio.diagnostics import Problem
from bibfolio.site.output import Output, checked_output, locked, publish, recover
from bibfolio.site.sphinxrun import BuildFault, run_sphinx

DEFAULT_OUTPUT = Path("_build") / "html"  # in the pages' folder, as `bibfolio build` has it


def project_root(source: Path) -> Path:
    """The folder of the project around ``source`` (its pyproject.toml or refs.bib)."""
    from bibfolio.load.settings import find_root  # noqa: PLC0415

    return find_root(source)


def content_folders(source: Path) -> tuple[Path, ...]:
    """The folders of the user's files an output may not lie in: the pages, the files
    folder (a PDF of each paper)."""
    from bibfolio.load.settings import SettingsError, read_settings  # noqa: PLC0415

    try:
        return (source, read_settings(source).files_dir)
    except SettingsError:  # the build says what is wrong with the settings
        return (source,)


def build_site(
    source: Path,
    output: Path,
    sphinx_args: Sequence[str] = (),
    on_wait: Callable[[str], None] = lambda message: None,
) -> int:
    """Build ``source`` into ``output``; the exit status (0: built and published).

    Raises ``OutputError`` for an output folder that must not be used and
    ``BuildFault`` for a file-system fault; the published site is intact after both.
    """
    out = checked_output(output, source, project_root(source), content=content_folders(source))
    with locked(out, on_wait):
        recover(out, on_wait)
        status = run_sphinx(source, out.work, out.doctrees, sphinx_args)
        if status != 0:
            return status
        publish(out, out.work, on_wait)
    return 0


def check_site(
    source: Path,
    overrides: Mapping[str, Any] | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    on_wait: Callable[[str], None] = lambda message: None,
) -> list[Problem]:
    """Every problem the build of ``source`` finds, and the builds of the earlier releases
    kept in it (``bibfolio versions``), in the order found; nothing is published.

    The current site builds in the private folders of the default output
    (``_build/html`` in ``source``), so a check leaves the next build only the
    publishing to do; each release in a folder of its own beside them; where
    those cannot be written, in a temporary folder. ``select`` and ``ignore``
    replace the project's own choice of codes. An error that stops Sphinx is a
    problem too (CONF010); a file-system fault raises ``BuildFault``.
    """
    from bibfolio.load.settings import RELEASES  # noqa: PLC0415
    from bibfolio.releases import release_folders  # noqa: PLC0415
    from bibfolio.sphinx.messages import collecting  # noqa: PLC0415 - Sphinx loads slowly

    with _private_folders(source, on_wait) as state, collecting(select, ignore) as found:
        _check(source, state, overrides, found)
        for release in release_folders(source / RELEASES):
            _check(release, state / RELEASES / release.name, None, found)
    return found


def _check(
    source: Path, state: Path, overrides: Mapping[str, Any] | None, found: list[Problem]
) -> None:
    try:
        run_sphinx(
            source,
            state / "work",
            state / "doctrees",
            overrides=overrides,
            status=io.StringIO(),
            warning=io.StringIO(),
        )
    except BuildFault as fault:
        if fault.problem is None:
            raise
        found.append(fault.problem)


@contextlib.contextmanager
def _private_folders(source: Path, on_wait: Callable[[str], None]) -> Iterator[Path]:
    out = Output((source / DEFAULT_OUTPUT).absolute())
    try:
        out.state.mkdir(parents=True, exist_ok=True)
    except OSError:  # a read-only project: a build of its own, thrown away
        with tempfile.TemporaryDirectory(prefix="bibfolio-check-") as folder:
            yield Path(folder)
        return
    with locked(out, on_wait):
        yield out.state
