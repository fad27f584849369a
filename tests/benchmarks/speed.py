"""Benchmarks, printed side by side from one run (``nox -s bench``); not tests.

Each command runs as a whole process, ``--rounds`` times, the tools interleaved
within each round so that they share the machine's noise; the table gives each
tool's median and its ratio to bibfolio's.

    python tests/benchmarks/speed.py [--rounds N] [--tidy PATH]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LARGE = ROOT.parent / "shared" / "corpus" / "large"


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def check_commands(bib: Path, tidy: str | None, scratch: Path) -> dict[str, list[str]]:
    commands = {
        "bibfolio check (all checks)": [sys.executable, "-m", "bibfolio", "check", str(bib)],
        "pybtex parse_file": [
            sys.executable,
            "-c",
            "import sys; from pybtex.database import parse_file; parse_file(sys.argv[1])",
            str(bib),
        ],
    }
    if tidy:
        commands["bibtex-tidy --duplicates"] = [
            tidy,
            str(bib),
            "--duplicates",
            "-o",
            str(scratch / "tidy.bib"),
        ]
    return commands


def table(title: str, results: dict[str, list[float]]) -> None:
    medians = {name: statistics.median(times) for name, times in results.items()}
    reference = next(iter(medians.values()))
    print(f"\n{title}")
    print(f"  {'command':<32} {'median':>8} {'min':>7} {'max':>7}  {'vs first':>8}")
    for name, times in results.items():
        ratio = medians[name] / reference
        print(
            f"  {name:<32} {medians[name]:>7.2f}s {min(times):>6.2f}s {max(times):>6.2f}s"
            f"  {ratio:>7.2f}x"
        )


def pdf_rounds(rounds: int, scratch: Path) -> dict[str, list[float]]:
    """The CV PDF: Typst source and compilation in process, and the whole command."""
    from bibfolio.load.settings import read_settings  # noqa: PLC0415
    from bibfolio.pipeline import load_project  # noqa: PLC0415
    from bibfolio.site.pdf import compile_pdf, cv_source  # noqa: PLC0415

    project = load_project(read_settings(ROOT), portfolio=True)
    assert project.cv is not None and project.portfolio is not None  # noqa: PT018
    results: dict[str, list[float]] = {"typst source + compile": [], "bibfolio pdf (process)": []}
    command = [sys.executable, "-m", "bibfolio", "pdf", str(scratch / "cv.pdf")]
    for _ in range(rounds):
        start = time.perf_counter()
        compile_pdf(cv_source(project.cv, project.portfolio))
        results["typst source + compile"].append(time.perf_counter() - start)
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, check=True)
        results["bibfolio pdf (process)"].append(time.perf_counter() - start)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--tidy", default=shutil.which("bibtex-tidy"), help="bibtex-tidy command")
    args = parser.parse_args()
    if not LARGE.is_dir():
        print(f"bench: {LARGE} is absent; the benchmarks need ../shared", file=sys.stderr)
        return 2
    print(f"python {sys.version.split()[0]} on {os.cpu_count()} cores; {args.rounds} rounds")
    if not args.tidy:
        print("bibtex-tidy not found (npm install bibtex-tidy): its row is left out")
    with tempfile.TemporaryDirectory() as scratch:
        for name in ("cdl.bib", "iridia_combined.bib"):
            bib = LARGE / name
            commands = check_commands(bib, args.tidy, Path(scratch))
            results: dict[str, list[float]] = {label: [] for label in commands}
            for _ in range(args.rounds):
                for label, command in commands.items():
                    results[label].append(timed(command))
            size = bib.stat().st_size / 1e6
            table(f"{name} ({size:.2f} MB): whole process, wall time", results)
        table("CV PDF (goal: 0.5 s or less)", pdf_rounds(args.rounds, Path(scratch)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
