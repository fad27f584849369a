"""The ``bibfolio`` command. With the reporters, the only place that prints."""

from __future__ import annotations

import argparse
import errno
import functools
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from bibfolio import __version__, heap
from bibfolio.model.urls import safe_base_url

if TYPE_CHECKING:
    from bibfolio.diagnostics import Problem


def _waiting(message: str) -> None:
    print(f"bibfolio: {message}", file=sys.stderr, flush=True)


def _kept(version: str) -> None:
    print(f"bibfolio: release {version}: unchanged since the last run, kept", flush=True)


def build(args: argparse.Namespace) -> int:
    from bibfolio.site.build import build_site  # noqa: PLC0415 - Sphinx loads slowly

    status = build_site(Path(args.source), Path(args.output), args.sphinx_args, _waiting)
    if status == 0:
        print(f"bibfolio: site built in {args.output}/ (open {args.output}/index.html)")
    else:
        print(
            f"bibfolio: the build failed (see the messages above); {args.output}/ "
            "still holds the last good build",
            file=sys.stderr,
        )
    return status


def _codes(value: str) -> tuple[str, ...]:
    from bibfolio.diagnostics import TABLE  # noqa: PLC0415 - keep `--help` fast

    codes = tuple(code.strip().upper() for code in value.split(",") if code.strip())
    for code in codes:
        if not any(known.startswith(code) for known in TABLE):
            raise argparse.ArgumentTypeError(f"unknown code '{code}' (see `bibfolio codes`)")
    return codes


def check(args: argparse.Namespace) -> int:
    from bibfolio.load.settings import SettingsError, read_settings  # noqa: PLC0415
    from bibfolio.pipeline import load_project  # noqa: PLC0415

    try:
        settings = read_settings(Path.cwd())
    except SettingsError as error:
        return _report(args, error.problems, lenient=False)
    changes: dict[str, object] = {}
    if args.files:
        missing = [f for f in args.files if not Path(f).is_file()]
        if missing:
            print(f"bibfolio: no such file: {', '.join(missing)}", file=sys.stderr)
            return 2
        changes["bibliography"] = tuple(Path(f) for f in args.files)
        # Files named on the command line are checked alone, unless told otherwise.
        changes["docs"] = Path(args.docs) if args.docs else Path("/nonexistent-bibfolio-docs")
        changes["data"] = Path(args.data) if args.data else None
    else:
        if args.docs:
            changes["docs"] = Path(args.docs)
        if args.data:
            changes["data"] = Path(args.data)
    if args.docs and not Path(args.docs).is_dir():
        print(f"bibfolio: no such folder: {args.docs}", file=sys.stderr)
        return 2
    if args.data and not Path(args.data).is_file():
        print(f"bibfolio: no such file: {args.data}", file=sys.stderr)
        return 2
    for name in ("select", "ignore"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    settings = replace(settings, **changes)  # type: ignore[arg-type]
    if args.fix:
        for path in settings.bibliography:
            _fix(path, args.yes)
    lenient = args.lenient or settings.lenient
    if args.files or not (settings.docs / "conf.py").is_file():
        return _report(args, load_project(settings).problems, lenient)
    # A site: the build itself, run without publishing, finds what it would stop on.
    from bibfolio.site.build import check_site  # noqa: PLC0415 - Sphinx loads slowly

    overrides = {"bibfolio_data": str(Path(args.data).absolute())} if args.data else None
    found = check_site(settings.docs, overrides, args.select, args.ignore, _waiting)
    return _report(args, sorted(set(found), key=lambda p: (p.path, p.line, p.col, p.code)), lenient)


def _fix(path: Path, yes: bool) -> None:
    """Show the mechanical fixes of one bibliography as a diff; write them when confirmed
    (or ``yes``), atomically, keeping the file as it was beside it."""
    import codecs  # noqa: PLC0415

    from bibfolio.check.fixes import applied, fixes, unified_diff  # noqa: PLC0415
    from bibfolio.load.bibtex import parse  # noqa: PLC0415
    from bibfolio.load.files import display_path  # noqa: PLC0415

    shown = display_path(path)
    if path.is_symlink() or not path.is_file():
        print(f"bibfolio: {shown} is not fixed: it is not a plain file", file=sys.stderr)
        return
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        print(f"bibfolio: {shown} is not fixed: it is not UTF-8", file=sys.stderr)
        return
    bib = parse(text, shown)
    if bib.problems or "\x00" in text:
        print(f"bibfolio: {shown} is not fixed: correct its syntax first", file=sys.stderr)
        return
    edits = fixes(bib)
    if not edits:
        print(f"bibfolio: nothing in {shown} to fix mechanically", file=sys.stderr)
        return
    fixed = applied(text, edits)
    sys.stdout.write(unified_diff(text, fixed, shown))
    if not yes:
        print(f"Write these {len(edits)} changes to {shown}? [y/N] ", end="", flush=True)
        answer = sys.stdin.readline()
        print()
        if answer.strip().lower() not in ("y", "yes"):
            print(f"bibfolio: {shown} left as it was", file=sys.stderr)
            return
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    try:
        kept = _replace_file(path, bom + fixed.encode("utf-8"), data)
    except OSError as error:
        print(f"bibfolio: {shown}: cannot write it: {_write_fault(path, error)}", file=sys.stderr)
        return
    print(f"bibfolio: fixed {shown} ({len(edits)} changes); the file as it was: {kept}")


def _replace_file(path: Path, data: bytes, before: bytes) -> Path:
    """Write ``data`` over ``path`` atomically; the old content (``before``) is kept in a new
    file beside it (never over an existing one), whose path is returned."""
    import tempfile  # noqa: PLC0415

    number = 0
    while True:
        backup = path.with_name(f"{path.name}.bak" + (f".{number}" if number else ""))
        try:
            with backup.open("xb") as handle:  # never over an existing file
                handle.write(before)
            break
        except FileExistsError:
            number += 1
    mode = path.stat().st_mode & 0o777
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        temporary.chmod(mode)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return backup


def _report(args: argparse.Namespace, problems: Sequence[Problem], lenient: bool) -> int:
    """Print ``problems`` as asked; the exit status: 1 when the build would stop (with
    ``lenient``, when one is an error), else 0."""
    from bibfolio.diagnostics.report import as_json, as_text, summary  # noqa: PLC0415

    if args.format == "json":
        print(as_json(problems))
    else:
        if problems:
            print(as_text(problems))
        print(f"bibfolio check: {summary(problems)}", file=sys.stderr)
    errors = [p for p in problems if p.severity.value == "error"]
    return 1 if (errors if lenient else problems) else 0


def _site_address(value: str, source: str) -> bool:
    """Whether ``value`` may be written into pages and PDFs as the site's address; if not,
    say so."""
    if safe_base_url(value):
        return True
    print(
        f"bibfolio: {source} {value!r} is not a site address: give an http(s) address "
        "or a path starting with /, without quotes, spaces or < >",
        file=sys.stderr,
    )
    return False


def versions(args: argparse.Namespace) -> int:
    from bibfolio.site.versions import build_versions  # noqa: PLC0415 - Sphinx loads slowly

    output = Path(args.output)
    base = args.base_url or os.environ.get("READTHEDOCS_CANONICAL_URL") or None
    if base is not None and not _site_address(
        base, "--base-url" if args.base_url else "READTHEDOCS_CANONICAL_URL"
    ):
        return 2
    from bibfolio.diagnostics.report import as_text  # noqa: PLC0415
    from bibfolio.load.settings import SettingsError  # noqa: PLC0415
    from bibfolio.site.versions import ReleaseError  # noqa: PLC0415

    try:
        status = build_versions(
            Path(args.source), output, args.sphinx_args, base, _waiting, on_kept=_kept
        )
    except SettingsError as error:
        print(as_text(error.problems), file=sys.stderr)
        return 1
    except ReleaseError as error:
        if error.problems:
            print(as_text(error.problems), file=sys.stderr)
        print(f"bibfolio: {error}", file=sys.stderr)
        return 1
    if status == 0:
        print(
            f"bibfolio: every release built in {output}/ (serve it: python3 -m http.server -d {output})"
        )
    else:
        print(
            f"bibfolio: a release failed to build (see above); {output}/ still holds the last good build",
            file=sys.stderr,
        )
    return status


def pdf(args: argparse.Namespace) -> int:
    from bibfolio.diagnostics.report import as_text  # noqa: PLC0415
    from bibfolio.load.settings import SettingsError, read_settings  # noqa: PLC0415
    from bibfolio.pipeline import load_project  # noqa: PLC0415
    from bibfolio.site.pdf import compile_pdf, cv_source, written_by_bibfolio  # noqa: PLC0415

    if args.base_url and not _site_address(args.base_url, "--base-url"):
        return 2
    try:
        project = load_project(read_settings(Path.cwd()), portfolio=True)
    except SettingsError as error:
        print(as_text(error.problems), file=sys.stderr)
        return 1
    if project.errors or project.cv is None or project.portfolio is None:
        print(as_text(project.errors), file=sys.stderr)
        print("bibfolio: no PDF: fix the problems above (or add the data file)", file=sys.stderr)
        return 1
    output = Path(args.output)
    if output.exists() and not output.is_dir() and not written_by_bibfolio(output):
        _left_alone(args.output, "a PDF of a CV bibfolio wrote")
        return 2
    source = cv_source(project.cv, project.portfolio, args.base_url, public=args.public)
    return _write(args.output, compile_pdf(source))


def init(args: argparse.Namespace) -> int:
    import datetime  # noqa: PLC0415

    from bibfolio import fresh  # noqa: PLC0415
    from bibfolio.diagnostics.report import as_text  # noqa: PLC0415
    from bibfolio.load.files import display_path  # noqa: PLC0415
    from bibfolio.load.settings import SettingsError, read_settings  # noqa: PLC0415

    try:
        settings = read_settings(Path.cwd())
        name = fresh.checked_name(args.name)
    except SettingsError as error:
        print(as_text(error.problems), file=sys.stderr)
        return 1
    except fresh.InitError as error:
        print(f"bibfolio init: {error}", file=sys.stderr)
        return 2
    now = datetime.datetime.now().astimezone()
    plan = fresh.plan_init(settings, name, now.date())
    if plan.others and not args.force:
        for path in plan.others:
            print(
                f"{display_path(path)}:1:1: not the example's file (it was changed or added): "
                "init leaves it alone",
                file=sys.stderr,
            )
        print(
            f"bibfolio init: nothing changed: {len(plan.others)} file(s) above are not the "
            "example's; move them away, or run `bibfolio init --force` to move them into a "
            "backup folder",
            file=sys.stderr,
        )
        return 1
    backup = fresh.backup_folder(settings.root, now) if plan.others else None
    done = fresh.apply_init(settings, plan, backup)
    for shown in done.removed:
        print(f"removed {shown} (the example's)")
    for shown in done.moved:
        print(f"moved {shown} to {done.backup}/{shown}")
    for shown in done.written:
        print(f"wrote {shown}")
    print(
        f"bibfolio init: a blank portfolio of {name}; fill in refs.bib and the data file, "
        "then build it: python3 noxfile.py -s docs"
    )
    return 0


def import_(args: argparse.Namespace) -> int:
    from bibfolio.diagnostics.report import as_json, as_text  # noqa: PLC0415
    from bibfolio.importers.project import plan, project_notes, read_source, write  # noqa: PLC0415

    source, into = Path(args.source), Path(args.into)
    result = read_source(source)
    errors = [p for p in result.problems if p.severity.value == "error"]
    written: list[str] = []
    if not errors:
        project_notes(result, into)
        written, refused = write(plan(result, into, source.name), into, args.force)
        result.problems += refused
    # Errors first, then the rest in the source's order; each code's hint once.
    problems = sorted(set(result.problems), key=lambda p: (p.path, p.line, p.col, p.code))
    if args.format == "json":
        print(as_json(problems))
    elif problems:
        print(as_text(problems))
    for path in written:
        print(f"bibfolio: wrote {path}", file=sys.stderr)
    if not written:
        print("bibfolio import: nothing written (see the messages above)", file=sys.stderr)
        return 1
    mapped = len(result.problems)
    print(
        f"bibfolio import: done; {mapped} thing{'s' if mapped != 1 else ''} not mapped or "
        f"changed (above). Next: cd {into} && bibfolio check",
        file=sys.stderr,
    )
    return 0


def _left_alone(output: str, kind: str) -> None:
    print(
        f"bibfolio: {output} exists and is not {kind}: it is left alone; choose another "
        "name (or move that file away first)",
        file=sys.stderr,
    )


def schema(args: argparse.Namespace) -> int:
    from bibfolio.model.schema import cv_schema, is_cv_schema  # noqa: PLC0415

    text = cv_schema()
    output = Path(args.output)
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    if output.is_file() and not is_cv_schema(output.read_text(encoding="utf-8", errors="replace")):
        _left_alone(args.output, "a schema bibfolio wrote")
        return 2
    return _write(args.output, text.encode("utf-8"))


def _write(output: str, data: bytes) -> int:
    """Write a file the user named; a message naming it and what to do when that fails."""
    path = Path(output)
    try:
        path.write_bytes(data)
    except OSError as error:
        print(f"bibfolio: {output}: cannot write it: {_write_fault(path, error)}", file=sys.stderr)
        return 1
    print(f"bibfolio: wrote {output}")
    return 0


def _write_fault(path: Path, error: OSError) -> str:
    if error.errno == errno.ENOENT and not path.parent.is_dir():
        return f"there is no folder {path.parent}: create it, or give another path"
    hints = {
        errno.ENOSPC: "the disk is full: free some space, or write elsewhere",
        errno.EISDIR: "it is a folder: give a file's name",
        errno.EACCES: "permission denied: write it where you may",
        errno.EPERM: "permission denied: write it where you may",
        errno.EROFS: "the file system is read-only: write it elsewhere",
    }
    return hints.get(error.errno or 0, error.strerror or str(error))


def _path(value: str) -> str:
    """A file argument: not empty."""
    if not value.strip():
        raise argparse.ArgumentTypeError("the path is empty")
    return value


def _site_arguments(command: argparse.ArgumentParser, output: str) -> None:
    """SOURCE and OUTPUT folders, and the arguments after -- for sphinx-build."""
    command.add_argument("source", nargs="?", default="docs", help="default: %(default)s")
    command.add_argument("output", nargs="?", default=output, help="default: %(default)s")


@functools.cache
def parser() -> argparse.ArgumentParser:
    """The command line's parser, made once per process (it parses, and keeps no state)."""
    main_parser = argparse.ArgumentParser(
        prog="bibfolio", description="Build and check a research portfolio made with Sphinx."
    )
    main_parser.add_argument("--version", action="version", version=f"bibfolio {__version__}")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build_parser = commands.add_parser(
        "build",
        help="build the site strictly (warnings are errors)",
        description="Build the site with Sphinx (-W --keep-going -n). The output folder is "
        "replaced only when the build succeeds, and only when it is new, empty or an earlier "
        "build; inside the pages or the files folder, only under a _build folder. Arguments "
        "after -- go to sphinx-build.",
    )
    _site_arguments(build_parser, "docs/_build/html")
    build_parser.set_defaults(run=build)

    versions_parser = commands.add_parser(
        "versions",
        help="build every release into one folder, with a version switcher",
        description="Build the current release (docs/) and every earlier one (docs/releases/*/) "
        "strictly into OUTPUT/<version>/, with OUTPUT/index.html sending visitors to the newest "
        "and OUTPUT/switcher.json for the version switcher. OUTPUT is replaced only when every "
        "release built. Arguments after -- go to sphinx-build.",
    )
    versions_parser.add_argument(
        "--base-url",
        default=None,
        help="where OUTPUT is served (default: READTHEDOCS_CANONICAL_URL, else /)",
    )
    _site_arguments(versions_parser, "docs/_build/versions")
    versions_parser.set_defaults(run=versions)

    check_parser = commands.add_parser(
        "check",
        help="check the bibliography, the data file and the pages",
        description="Report every problem of the bibliography (and, for the whole project, "
        "of the data file and the pages), each as path:line:col: CODE message. The build is "
        "strict, and so is check: its exit status says whether the build would stop. Exit 0 "
        "when clean, 1 when problems are found (errors only with --lenient), 2 for a usage "
        "error or an unreadable input. Settings: [tool.bibfolio] in pyproject.toml.",
    )
    check_parser.add_argument(
        "files", nargs="*", help="BibTeX files to check alone (default: the whole project)"
    )
    check_parser.add_argument("--format", choices=("text", "json"), default="text")
    check_parser.add_argument(
        "--select", type=_codes, help="only these codes or prefixes, comma-separated (BIB1,CV)"
    )
    check_parser.add_argument("--ignore", type=_codes, help="leave out these codes or prefixes")
    check_parser.add_argument(
        "--lenient",
        action="store_true",
        help="only errors count (exit 0 with warnings), although the strict build stops on them",
    )
    check_parser.add_argument(
        "--strict", action="store_true", help=argparse.SUPPRESS
    )  # the default since 0.2; kept so that scripts written for 0.1 still run
    check_parser.add_argument(
        "--fix",
        action="store_true",
        help="first fix what is mechanical in the bibliography (acronyms braced, marks moved "
        "out of names into equalcontrib, al-folio's display fields removed): show the diff, "
        "write it when confirmed, keeping the file as it was in FILE.bak",
    )
    check_parser.add_argument("--yes", action="store_true", help="with --fix: write without asking")
    check_parser.add_argument("--docs", help="the pages' folder (default: docs)")
    check_parser.add_argument("--data", help="the CV data file (default: docs/cv.yaml)")
    check_parser.set_defaults(run=check)

    pdf_parser = commands.add_parser(
        "pdf",
        help="write the CV as a PDF (the site build also does, at /cv.pdf)",
        description="Write the CV as a PDF from the data file and the bibliography, with every "
        "contact detail, for sending by hand (the site publishes cv.pdf without the phone "
        "number unless the data says show_phone: true; --public writes that one). An "
        "existing OUTPUT is written over only when it is a CV bibfolio wrote.",
    )
    pdf_parser.add_argument(
        "output", nargs="?", default="cv.pdf", type=_path, help="default: %(default)s"
    )
    pdf_parser.add_argument(
        "--base-url", default="", help="the site's address: labels then link to paper pages"
    )
    pdf_parser.add_argument(
        "--public",
        action="store_true",
        help="as published with the site: without the phone number (unless show_phone: true)",
    )
    pdf_parser.set_defaults(run=pdf)

    import_parser = commands.add_parser(
        "import",
        help="start a portfolio from an al-folio site, a RenderCV or a JSON Resume file",
        description="Read SOURCE (an al-folio site's folder, a RenderCV .yaml or a JSON "
        "Resume .json) and write refs.bib, docs/cv.yaml, docs/news.md and the PDFs it uses "
        "into the portfolio INTO (and, when INTO is no portfolio yet, the pages a site "
        "needs). What cannot be mapped is reported as path:line:col: CODE message. An "
        "existing file is replaced only with --force, and kept as <name>.bak. Exit 0 when "
        "written, 1 when nothing was, 2 for a usage error.",
    )
    import_parser.add_argument("source", type=_path, help="the site's folder or the file")
    import_parser.add_argument(
        "--into", default=".", type=_path, help="the portfolio's folder (default: here)"
    )
    import_parser.add_argument(
        "--force", action="store_true", help="replace existing files, keeping each as .bak"
    )
    import_parser.add_argument("--format", choices=("text", "json"), default="text")
    import_parser.set_defaults(run=import_)

    schema_parser = commands.add_parser(
        "schema",
        help="write the JSON Schema of the data file (for editors)",
        description="Write the JSON Schema of the CV data file, generated from its model. An "
        "existing OUTPUT is written over only when it is a schema bibfolio wrote.",
    )
    schema_parser.add_argument(
        "output", nargs="?", default="-", type=_path, help="file, or - (default)"
    )
    schema_parser.set_defaults(run=schema)
    init_parser = commands.add_parser(
        "init",
        help="replace the example portfolio by a blank one of yours",
        description="Turn the example into a blank portfolio that builds: refs.bib without "
        "papers, a data file with your name, one theme page, no releases. Only files whose "
        "content is still exactly the example's are removed; any other file in the way stops "
        "the command before it changes anything, unless --force, which moves such files into "
        "a backup folder (.bibfolio-backup/<time>/), never deleting them.",
    )
    init_parser.add_argument("--name", help=f"your name (default: {'Your Name'!r})")
    init_parser.add_argument(
        "--force", action="store_true", help="move files that are not the example's to a backup"
    )
    init_parser.set_defaults(run=init)
    return main_parser


def main(argv: Sequence[str] | None = None) -> int:
    given = list(sys.argv[1:] if argv is None else argv)
    # Everything after "--" goes to sphinx-build; options may come before or after folders.
    passed: list[str] = []
    if "--" in given:
        split = given.index("--")
        given, passed = given[:split], given[split + 1 :]
    args = parser().parse_args(given)
    args.sphinx_args = passed
    from bibfolio.site.output import OutputError  # noqa: PLC0415
    from bibfolio.site.sphinxrun import BuildFault, fault_message  # noqa: PLC0415

    try:
        status: int = args.run(args)
    except OutputError as error:
        print(f"bibfolio: {error}", file=sys.stderr)
        return 2
    except BuildFault as error:
        if error.problem is not None:
            from bibfolio.diagnostics.report import as_build_text  # noqa: PLC0415

            print(as_build_text([error.problem]), file=sys.stderr)
        else:
            print(f"bibfolio: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"bibfolio: {fault_message(error)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bibfolio: interrupted", file=sys.stderr)
        return 130
    return status


def run() -> NoReturn:
    """The command's entry point (``bibfolio``, ``python -m bibfolio``): main's status as the
    process's exit status, the garbage collector told that the process ends with it."""
    heap.own_process()
    status = main()
    heap.exiting()
    sys.exit(status)


if __name__ == "__main__":
    run()
