"""The benchmark harness (``nox -s bench``) compares what it says it compares; nothing timed.

Its synthetic portfolios are reproducible and as large as asked, its peers have
the portfolio's page count, each edit changes one file by its word alone (so the
page it names must change), a cold build starts from the files as made, peak
memory covers a build's own subprocesses, and the goals are ratios to bare
Sphinx's step of the same run.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "benchmarks"))

import process
import projects
import report
import synthetic
from builds import Measure, SizeResult

ORIGINALS = synthetic.entries_of((synthetic.ROOT / "refs.bib").read_text(encoding="utf-8"))
CITATION = re.compile(r"\{cite:p\}`([^`]+)`")


def test_a_synthetic_portfolio_has_the_entries_asked_for_the_same_each_time(
    tmp_path: Path,
) -> None:
    size = 2 * len(ORIGINALS) + 3
    made = [synthetic.portfolio(tmp_path / name, size).parent / "refs.bib" for name in "ab"]
    assert made[0].read_bytes() == made[1].read_bytes()
    entries = synthetic.entries_of(made[0].read_text(encoding="utf-8"))
    keys = [key for _, key, _ in entries]
    titles = [re.search(r"title\s*=\s*\{(.*)\}", body) for _, _, body in entries]
    assert len(keys) == len(set(keys)) == size
    assert len({title.group(1) for title in titles if title}) == size  # no duplicate works


def test_the_peers_have_the_portfolios_page_count_and_cite_every_entry(tmp_path: Path) -> None:
    size = len(ORIGINALS) + 5
    subjects, pages = projects.make_subjects(tmp_path, size)
    bibfolio, bare, bibtex = subjects
    keys = [key for _, key, _ in synthetic.entries_of((bibfolio.project / "refs.bib").read_text())]
    assert pages == projects.own_pages(bibfolio.docs) + size
    for peer in (bare, bibtex):
        assert sum(1 for _ in peer.docs.rglob("*.md")) == pages
    cited = [key for page in bibtex.docs.glob("*.md") for key in CITATION.findall(page.read_text())]
    assert sorted(cited) == sorted(keys)


def test_each_edit_changes_its_file_by_its_word_and_a_cold_build_undoes_it(
    tmp_path: Path,
) -> None:
    subjects, _ = projects.make_subjects(tmp_path, len(ORIGINALS))
    assert set(subjects[0].edits) == {"page", "entry", "cv"}
    for subject in subjects:
        made = {
            edit.file: (subject.project / edit.file).read_text() for edit in subject.edits.values()
        }
        for step, edit in subject.edits.items():
            shown_in = subject.apply(step, "benchword")
            edited = (subject.project / edit.file).read_text()
            assert edited.count("benchword") == 1, (subject.name, step)
            assert edited.replace(" benchword", "") == made[edit.file]
            assert shown_in == subject.site / edit.shown_in
        subject.prepare_cold()
        for file, text in made.items():
            assert (subject.project / file).read_text() == text


def test_peak_memory_counts_the_subprocesses_of_a_command(tmp_path: Path) -> None:
    allocate = "x = b'1' * (200 * 2**20)"  # written, so resident
    spawn = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {allocate!r}])"
    run = process.run([sys.executable, "-c", spawn])
    assert run.status == 0
    assert run.peak_mib >= 200


def test_a_failed_command_stops_the_benchmark_with_its_output(tmp_path: Path) -> None:
    failing = [sys.executable, "-c", "import sys; print('the cause'); sys.exit(3)"]
    with pytest.raises(process.CommandFailed, match="exited with 3:\nthe cause"):
        process.checked(failing, tmp_path, tmp_path / "log")


def _size(seconds: dict[str, dict[projects.Step, float]], stale: int = 0) -> SizeResult:
    steps = {
        name: {step: Measure(seconds=[value]) for step, value in values.items()}
        for name, values in seconds.items()
    }
    steps["bibfolio"]["entry"].stale = stale
    return SizeResult(
        entries=16,
        pages=33,
        subjects=list(seconds),
        steps=steps,
        peaks={"bibfolio": [150.0], "bare Sphinx": [100.0]},
    )


def test_the_goals_are_ratios_to_bare_sphinx_of_the_same_run() -> None:
    bare: dict[projects.Step, float] = {"cold": 10.0, "noop": 2.0, "page": 3.0}
    bibfolio: dict[projects.Step, float] = {
        "cold": 14.0,
        "noop": 2.2,
        "page": 3.0,
        "entry": 5.0,
        "cv": 1.0,
    }
    size = _size({"bibfolio": bibfolio, "bare Sphinx": bare})
    verdicts = {
        goal.name.split(" ≤")[0]: report.verdict(size, goal, report.goal_ratio(size, goal))
        for goal in report.GOALS
    }
    assert verdicts == {
        "no-op rebuild": "pass",  # 2.2 / 2.0
        "theme page edited": "pass",  # 3.0 / 2.0: to bare's no-op, not to its page edit
        "refs.bib entry edited": "FAIL",  # 5.0 / 2.0
        "cold build": "FAIL",  # 14 / 10
        "peak memory": "pass",  # 150 / 100
    }
    stale = _size({"bibfolio": bibfolio, "bare Sphinx": bare}, stale=1)
    entry = next(goal for goal in report.GOALS if goal.step == "entry")
    assert report.verdict(stale, entry, 1.0) == "STALE"
