"""Benchmarks, printed side by side from one run (``nox -s bench``); not tests.

Every figure is a whole process (wall time; peak memory from ``os.wait4``),
repeated ``--rounds`` times with the tools interleaved within each round, so
that they share the machine's noise; the tables give medians and ratios.

* Builds (builds.py): this portfolio and synthetic ones grown to each of
  ``--sizes`` entries (synthetic.py), each beside a bare Sphinx project of the
  same page count and sphinxcontrib-bibtex alone on the same bibliography: cold
  build, no-op rebuild, a theme page, a refs.bib entry and a cv.yaml item
  edited, peak memory; then the goals of issue 13, pass or fail per size.
* The live preview (preview.py): a saved theme page to the browser's reload,
  against the same rebuild run directly.
* ``bibfolio check`` on ../shared/corpus/large/ against pybtex and bibtex-tidy,
  and the CV PDF (corpus.py).

    python tests/benchmarks/speed.py [--sizes 16 300 2000] [--rounds 5] [--json FILE]
        [--skip-builds] [--skip-preview] [--skip-check] [--tidy PATH] [--keep DIR]

Progress goes to standard error, the tables to standard output.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
import platform
import shutil
import sys
import tempfile
from pathlib import Path

import corpus
import report
import synthetic
from builds import SizeResult, bench_size
from preview import PreviewResult, bench_preview
from process import CommandFailed


def say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[16, 300, 2000],
        help="portfolio sizes in refs.bib entries (the smallest, 16, is this portfolio)",
    )
    parser.add_argument("--rounds", type=int, default=5, help="default: %(default)s")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--skip-builds", action="store_true", help="no build benchmarks")
    parser.add_argument("--skip-preview", action="store_true", help="no live preview benchmark")
    parser.add_argument("--skip-check", action="store_true", help="no check or PDF benchmarks")
    parser.add_argument("--tidy", default=shutil.which("bibtex-tidy"), help="bibtex-tidy command")
    parser.add_argument(
        "--keep", type=Path, help="build in this folder and keep it (default: a temporary one)"
    )
    return parser.parse_args()


def main() -> int:
    args = arguments()
    originals = len(synthetic.entries_of((synthetic.ROOT / "refs.bib").read_text("utf-8")))
    if min(args.sizes) < originals:
        print(f"bench: --sizes start at {originals}, this portfolio's entries", file=sys.stderr)
        return 2
    if not args.skip_preview and importlib.util.find_spec("sphinx_autobuild") is None:
        print(
            "bench: sphinx-autobuild is missing (the serve group); --skip-preview", file=sys.stderr
        )
        return 2
    if not args.skip_check and not corpus.LARGE.is_dir():
        print(f"bench: {corpus.LARGE} is absent; --skip-check, or add ../shared", file=sys.stderr)
        return 2
    machine = {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cores": os.cpu_count(),
        "load_average_at_start": os.getloadavg(),
    }
    print(
        f"python {machine['python']} on {machine['cores']} cores; {args.rounds} rounds; "
        f"load average at start {_load()}"
    )
    figures: dict[str, object] = {"machine": machine, "rounds": args.rounds}
    byte_compile()
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="bibfolio-bench-"))
    scratch.mkdir(parents=True, exist_ok=True)
    try:
        _run(args, originals, scratch, figures)
    except CommandFailed as error:
        print(f"bench: a measured command failed: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # also the preview's server not answering in time
        print(f"bench: {error}", file=sys.stderr)
        return 1
    finally:
        if args.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)
    machine["load_average_at_end"] = os.getloadavg()
    print(f"\nload average at end {_load()}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        print(f"figures written to {args.json}")
    return 0


def byte_compile() -> None:
    """bibfolio's modules byte-compiled where they are imported from, as an install leaves them
    (also a checkout on PYTHONPATH; the child processes only read the compiled files)."""
    spec = importlib.util.find_spec("bibfolio")
    for folder in (spec and spec.submodule_search_locations) or []:
        compileall.compile_dir(folder, quiet=1)


def _run(
    args: argparse.Namespace, originals: int, scratch: Path, figures: dict[str, object]
) -> None:
    """Every benchmark asked for, its tables printed as it ends, its figures into ``figures``."""
    sizes: list[SizeResult] = []
    preview: PreviewResult | None = None
    if not args.skip_builds:
        for entries in sorted(set(args.sizes)):
            sizes.append(bench_size(scratch / f"size-{entries}", entries, args.rounds, say))
            report.size_table(sizes[-1], originals, args.rounds)
        figures["builds"] = [report.size_figures(size, originals) for size in sizes]
    if not args.skip_preview:
        preview = bench_preview(scratch / "preview", originals, args.rounds, say)
        report.preview_table(preview, args.rounds)
        figures["preview"] = report.preview_figures(preview)
    if sizes:
        report.goal_table(sizes, preview)
    if not args.skip_check:
        figures["check"] = _check(args.tidy, args.rounds, scratch)


def _check(tidy: str | None, rounds: int, scratch: Path) -> dict[str, object]:
    if not tidy:
        print("\nbibtex-tidy not found (npm install bibtex-tidy): its row is left out")
    figures: dict[str, object] = {}
    for name in corpus.BIBLIOGRAPHIES:
        bib = corpus.LARGE / name
        results = corpus.check_rounds(bib, tidy, rounds, scratch)
        size = bib.stat().st_size / 1e6
        report.command_table(f"{name} ({size:.2f} MB): whole process, wall time", results)
        figures[name] = report.command_figures(results)
    results = corpus.pdf_rounds(rounds, scratch)
    report.command_table("CV PDF (goal: 0.5 s or less)", results)
    figures["cv.pdf"] = report.command_figures(results)
    return figures


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
