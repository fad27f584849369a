"""``bibfolio build``: the site, built strictly, published only when the build succeeds.

Sphinx builds into a private work folder that is kept from one build to the
next (with its doctrees), so a rebuild writes only what changed; the published
folder is then swapped for a copy of the work folder in one step. A failed
build never touches the published folder.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from bibfolio.site.output import checked_output, locked, publish, recover
from bibfolio.site.sphinxrun import run_sphinx


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
