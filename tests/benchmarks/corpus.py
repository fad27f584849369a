"""``bibfolio check`` on the large real bibliographies against pybtex and bibtex-tidy; the CV PDF.

The tools of each bibliography run one after the other within each round, so
that they share the machine's noise.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from process import checked, run, script

ROOT = Path(__file__).resolve().parents[2]
LARGE = ROOT.parent / "shared" / "corpus" / "large"
BIBLIOGRAPHIES = ("cdl.bib", "iridia_combined.bib")
BIBFOLIO = script("bibfolio", "bibfolio")


def check_commands(bib: Path, tidy: str | None, scratch: Path) -> dict[str, list[str]]:
    commands = {
        "bibfolio check (all checks)": [*BIBFOLIO, "check", str(bib)],
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


def check_rounds(bib: Path, tidy: str | None, rounds: int, scratch: Path) -> dict[str, list[float]]:
    """Each command's wall times, whatever its exit status (check reports problems with 1)."""
    commands = check_commands(bib, tidy, scratch)
    results: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(rounds):
        for label, command in commands.items():
            results[label].append(run(command, cwd=ROOT).seconds)
    return results


def pdf_rounds(rounds: int, scratch: Path) -> dict[str, list[float]]:
    """The CV PDF: Typst source and compilation in process, and the whole command."""
    from bibfolio.load.settings import read_settings  # noqa: PLC0415
    from bibfolio.pipeline import load_project  # noqa: PLC0415
    from bibfolio.site.pdf import compile_pdf, cv_source  # noqa: PLC0415

    project = load_project(read_settings(ROOT), portfolio=True)
    assert project.cv is not None and project.portfolio is not None  # noqa: PT018
    results: dict[str, list[float]] = {"typst source + compile": [], "bibfolio pdf (process)": []}
    command = [*BIBFOLIO, "pdf", str(scratch / "cv.pdf")]
    for _ in range(rounds):
        start = time.perf_counter()
        compile_pdf(cv_source(project.cv, project.portfolio))
        results["typst source + compile"].append(time.perf_counter() - start)
        whole = checked(command, ROOT, scratch / "pdf.log")
        results["bibfolio pdf (process)"].append(whole.seconds)
    return results
