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
    from bibfolio.project import find_root  # noqa: PLC0415

    return find_root(source)


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
    out = checked_output(output, source, project_root(source))
    with locked(out, on_wait):
        recover(out)
        status = run_sphinx(source, out.work, out.doctrees, sphinx_args)
        if status != 0:
            return status
        publish(out, out.work)
    return 0
