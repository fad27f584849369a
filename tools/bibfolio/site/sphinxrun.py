"""Sphinx's HTML builder, run in this process, strictly, with faults turned into messages.

Sphinx prints a traceback (and an invitation to report a Sphinx bug) for any
exception raised while it builds; here a file-system fault becomes a message
that names the path and what to do, and a bibfolio check that stops the build
(``SystemExit`` after its located messages) becomes its exit status.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

STRICT_OVERRIDES = {"nitpicky": True}  # -n; -W and --keep-going are the runner's own


class BuildFault(Exception):
    """The build could not go on: a file-system fault, or Sphinx's own error (its message)."""


def fault_message(error: OSError) -> str:
    where = error.filename or "a file of the build"
    what = error.strerror or str(error)
    hint = {
        28: "free some disk space, then build again",  # ENOSPC
        13: "make it writable (or choose another output folder), then build again",  # EACCES
        30: "the file system is read-only: choose another output folder",  # EROFS
        2: "a folder vanished during the build; build again",  # ENOENT
    }.get(error.errno or 0, "check the path, then build again")
    return f"{where}: {what}: {hint}"


def parse_extra(arguments: Sequence[str]) -> Any:
    """sphinx-build options passed through (after ``--``), parsed by Sphinx's own parser."""
    from sphinx.cmd.build import get_parser  # noqa: PLC0415

    return get_parser().parse_args([*arguments, "SOURCE", "OUTPUT"])


def run_sphinx(
    source: Path,
    outdir: Path,
    doctrees: Path,
    arguments: Sequence[str] = (),
    overrides: Mapping[str, Any] | None = None,
    *,
    status: TextIO | None = None,
    warning: TextIO | None = None,
) -> int:
    """Build ``source`` into ``outdir``; the exit status Sphinx gives (0 when no warning).

    Raises ``BuildFault`` for a file-system fault.
    """
    from sphinx.application import Sphinx  # noqa: PLC0415 - Sphinx loads slowly
    from sphinx.errors import SphinxError  # noqa: PLC0415
    from sphinx.util.docutils import docutils_namespace, patch_docutils  # noqa: PLC0415

    extra = parse_extra(arguments)
    confoverrides: dict[str, Any] = {**STRICT_OVERRIDES, **(overrides or {})}
    for value in extra.define:
        name, _, given = value.partition("=")
        confoverrides[name] = given
    for value in extra.htmldefine:
        name, _, given = value.partition("=")
        confoverrides[f"html_context.{name}"] = given
    out = sys.stdout if status is None else status
    err = sys.stderr if warning is None else warning
    try:
        with patch_docutils(source), docutils_namespace():
            app = Sphinx(
                srcdir=source,
                confdir=source,
                outdir=outdir,
                doctreedir=doctrees,
                buildername="html",
                confoverrides=confoverrides,
                status=None if extra.quiet or extra.really_quiet else out,
                warning=None if extra.really_quiet else err,
                freshenv=extra.freshenv,
                warningiserror=True,
                tags=extra.tags,
                verbosity=extra.verbosity,
                parallel=extra.jobs,
            )
            app.builder.epilog = ""  # type: ignore[misc]  # it would name the private work folder
            app.build(extra.force_all, [])
            return app.statuscode
    except SystemExit as stop:  # a bibfolio check stopped the build after its messages
        return stop.code if isinstance(stop.code, int) else 1
    except OSError as error:
        raise BuildFault(fault_message(error)) from None
    except SphinxError as error:
        original = getattr(error, "orig_exc", None)
        if isinstance(original, OSError):
            raise BuildFault(fault_message(original)) from None
        raise BuildFault(f"{error.category}: {error}") from None
