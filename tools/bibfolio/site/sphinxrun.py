"""Sphinx's HTML builder, run in this process, strictly, with faults turned into messages.

Sphinx prints a traceback (and an invitation to report a Sphinx bug) for any
exception raised while it builds; here a file-system fault becomes a message
that names the path and what to do, an error of conf.py (or of an extension) a
located problem (CONF010), and a bibfolio check that stops the build
(``SystemExit`` after its located messages) becomes its exit status. Warnings
are shown even with -Q: every failure says where it is.
"""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from bibfolio import heap
from bibfolio.diagnostics import Problem, problem
from bibfolio.load.files import display_path
from bibfolio.site.output import SPHINX_BUILDINFO

STRICT_OVERRIDES = {"nitpicky": True}  # -n; -W and --keep-going are the runner's own


class BuildFault(Exception):
    """The build could not go on: a file-system fault, or an error of conf.py, Sphinx or an
    extension (then ``problem`` says where)."""

    def __init__(self, message: str, problem: Problem | None = None) -> None:
        super().__init__(message)
        self.problem = problem


def error_problem(error: Exception, confdir: Path) -> Problem:
    """An error that stopped Sphinx (CONF010), at the line of conf.py that raised it when
    conf.py did (its syntax, or the statement whose run raised), else at conf.py's top."""
    conf = confdir / "conf.py"
    cause = error.__cause__ if error.__cause__ is not None else error
    line, col = 1, 1
    if isinstance(cause, SyntaxError) and cause.lineno:
        line, col = cause.lineno, cause.offset or 1
        what = f"a syntax error: {cause.msg}"
    elif cause is not error:
        what = f"{type(cause).__name__}: {cause}".rstrip(": ")
        for frame, number in traceback.walk_tb(cause.__traceback__):
            if Path(frame.f_code.co_filename).absolute() == conf.absolute():
                line = number
        if isinstance(cause, SystemExit):
            what = "a call of sys.exit()"
    else:
        what = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    category = getattr(error, "category", "Error")
    where = "conf.py stops with" if category == "Configuration error" else f"{category}:"
    return problem(display_path(conf), line, col, "CONF010", f"{where} {what}")


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
    return _sphinx_parser().parse_args([*arguments, "SOURCE", "OUTPUT"])


@functools.cache
def _sphinx_parser() -> Any:
    """sphinx-build's argument parser, made once per process (a few ms, in every build)."""
    from sphinx.cmd.build import get_parser  # noqa: PLC0415 - Sphinx loads slowly

    return get_parser()


def _forget_checksums() -> None:
    """Sphinx keeps, per process, the checksum of each static file it links to (the
    ``?v=`` of a script's address); a second build in this process, after a setting that
    changes such a file (documentation_options.js holds the link suffix, the version),
    would link to the new file under the old checksum."""
    from sphinx.builders.html import _assets  # noqa: PLC0415 - Sphinx loads slowly

    kept = getattr(_assets, "_file_checksum_inner", None)
    if kept is not None and hasattr(kept, "cache_clear"):
        kept.cache_clear()


def run_sphinx(
    source: Path,
    outdir: Path,
    doctrees: Path,
    arguments: Sequence[str] = (),
    overrides: Mapping[str, Any] | None = None,
    *,
    status: TextIO | None = None,
    warning: TextIO | None = None,
    read: set[Path] | None = None,
) -> int:
    """Build ``source`` into ``outdir``; the exit status Sphinx gives (0 when no warning).

    ``read``, when given, receives what the build read besides its pages, as Sphinx
    knows it: every file a page depends on (an image, a download, an included file),
    and conf.py's folders of static files, templates and extra files, its logo, its icon.

    Raises ``BuildFault`` for a file-system fault, and for an error that stops Sphinx
    (conf.py's, or an extension's). Its warnings are shown even with -Q.
    """
    from sphinx.errors import SphinxError  # noqa: PLC0415 - Sphinx loads slowly
    from sphinx.util.console import color_terminal, nocolor  # noqa: PLC0415
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
    if not color_terminal():
        nocolor()
    _forget_checksums()
    try:
        with patch_docutils(source), docutils_namespace():
            with heap.starting():
                from sphinx.application import Sphinx  # noqa: PLC0415

                app = Sphinx(
                    srcdir=source,
                    confdir=source,
                    outdir=outdir,
                    doctreedir=doctrees,
                    buildername="html",
                    confoverrides=confoverrides,
                    status=None if extra.quiet or extra.really_quiet else out,
                    warning=err,
                    freshenv=extra.freshenv,
                    warningiserror=True,
                    tags=extra.tags,
                    verbosity=extra.verbosity,
                    parallel=extra.jobs,
                )
            app.builder.epilog = ""  # type: ignore[misc]  # it would name the private work folder
            app.build(extra.force_all, [])
            # Sphinx keeps the last build's record as .buildinfo.bak when the configuration
            # changed: a file of its own, not of the site, which would otherwise be published.
            (Path(outdir) / f"{SPHINX_BUILDINFO}.bak").unlink(missing_ok=True)
            if read is not None:
                read.update(_files_read(app))
            return app.statuscode
    except SystemExit as stop:  # a bibfolio check stopped the build after its messages
        return stop.code if isinstance(stop.code, int) else 1
    except OSError as error:
        raise BuildFault(fault_message(error)) from None
    except SphinxError as error:
        original = getattr(error, "orig_exc", None)
        if isinstance(original, OSError):
            raise BuildFault(fault_message(original)) from None
        found = error_problem(error, source)
        raise BuildFault(str(found), found) from None


def _files_read(app: Any) -> set[Path]:
    config, confdir = app.config, Path(app.confdir)
    found = {Path(path) for paths in app.env.dependencies.values() for path in paths}
    named = [
        *config.html_static_path,
        *config.html_extra_path,
        *config.templates_path,
        config.html_logo,
        config.html_favicon,
    ]
    found.update(confdir / str(name) for name in named if name and "://" not in str(name))
    return found
