"""Builds of one portfolio size, bibfolio beside its peers, step by step, round after round.

A round is: cold build, no-op rebuild, then one edit per rebuild (a theme page,
a refs.bib entry, a cv.yaml item); a peer takes the steps it has. Within each
step the subjects run one after the other, their order turned each round, so
that they share the machine's noise. Each edit's word is new to the round, and
the page that shows it is read after the rebuild: a rebuild that missed its edit
is counted as stale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from process import checked
from projects import STEPS, Step, Subject, doctrees, make_subjects, snapshot, written


@dataclass
class Measure:
    """One subject at one step, a value per round."""

    seconds: list[float] = field(default_factory=list)
    peak_mib: list[float] = field(default_factory=list)
    written: list[int] = field(default_factory=list)  # site files new or rewritten
    sources_written: list[int] = field(default_factory=list)  # files the build wrote in docs/
    stale: int = 0  # rounds whose rebuilt page did not show the edit


@dataclass
class SizeResult:
    entries: int
    pages: int  # of each project, counted from the portfolio's sources
    subjects: list[str]
    steps: dict[str, dict[Step, Measure]]  # subject -> step -> measures
    peaks: dict[str, list[float]]  # subject -> its largest ru_maxrss of each round
    pages_built: list[int] = field(default_factory=list)  # bibfolio's doctrees after cold


def bench_size(folder: Path, entries: int, rounds: int, say: Callable[[str], None]) -> SizeResult:
    subjects, pages = make_subjects(folder, entries)
    result = SizeResult(
        entries=entries,
        pages=pages,
        subjects=[s.name for s in subjects],
        steps={s.name: {} for s in subjects},
        peaks={s.name: [] for s in subjects},
    )
    logs = folder / "logs"
    logs.mkdir(exist_ok=True)
    for round_ in range(rounds):
        turn = round_ % len(subjects)
        order = subjects[turn:] + subjects[:turn]
        peaks = dict.fromkeys(result.subjects, 0.0)
        for step in STEPS:
            for subject in order:
                if step not in {"cold", "noop"} and step not in subject.edits:
                    continue
                say(f"{entries} entries, round {round_ + 1}/{rounds}: {subject.name}, {step}")
                measure = result.steps[subject.name].setdefault(step, Measure())
                peak = _one_step(subject, step, f"bench{step}{round_ + 1}", measure, logs)
                peaks[subject.name] = max(peaks[subject.name], peak)
                if step == "cold" and subject.name == "bibfolio":
                    result.pages_built.append(doctrees(subject))
        for name, peak in peaks.items():
            result.peaks[name].append(peak)
    return result


def _one_step(subject: Subject, step: Step, word: str, measure: Measure, logs: Path) -> float:
    """Run one step of ``subject`` into ``measure``; its peak memory."""
    shown_in = None
    if step == "cold":
        subject.prepare_cold()
    elif step != "noop":
        shown_in = subject.apply(step, word)
    site, sources = snapshot(subject.site), snapshot(subject.docs)
    run = checked(subject.command, subject.project, logs / f"{subject.name.split()[0]}.log")
    measure.seconds.append(run.seconds)
    measure.peak_mib.append(run.peak_mib)
    measure.written.append(written(site, snapshot(subject.site)))
    measure.sources_written.append(written(sources, snapshot(subject.docs)))
    if shown_in is not None and not _shows(shown_in, word):
        measure.stale += 1
    return run.peak_mib


def _shows(page: Path, word: str) -> bool:
    try:
        return word in page.read_text(encoding="utf-8").lower()
    except OSError:
        return False
