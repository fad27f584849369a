"""The ``bibfolio`` command. With the reporters, the only place that prints."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from bibfolio import __version__


def build(args: argparse.Namespace) -> int:
    from bibfolio.build import build_site  # noqa: PLC0415 - Sphinx loads slowly; only `build` needs it

    status = build_site(Path(args.source), Path(args.output), args.sphinx_args)
    if status == 0:
        print(f"bibfolio: site built in {args.output}/ (open {args.output}/index.html)")
    else:
        print(
            f"bibfolio: the build failed (see the messages above); {args.output}/ "
            "still holds the last good build",
            file=sys.stderr,
        )
    return status


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="bibfolio", description="Build and check a research portfolio made with Sphinx."
    )
    main_parser.add_argument("--version", action="version", version=f"bibfolio {__version__}")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build_parser = commands.add_parser(
        "build",
        help="build the site strictly (warnings are errors)",
        description="Build the site with Sphinx (-W --keep-going -n). The output folder is "
        "replaced only when the build succeeds. Arguments after -- go to sphinx-build.",
    )
    build_parser.add_argument("source", nargs="?", default="docs", help="default: %(default)s")
    build_parser.add_argument(
        "output", nargs="?", default="docs/_build/html", help="default: %(default)s"
    )
    build_parser.add_argument("sphinx_args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    build_parser.set_defaults(run=build)
    return main_parser


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.sphinx_args and args.sphinx_args[0] == "--":
        args.sphinx_args = args.sphinx_args[1:]
    status: int = args.run(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
