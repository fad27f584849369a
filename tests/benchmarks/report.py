"""The benchmarks' tables, and their goals: medians, and ratios to a reference from the same run."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from builds import Measure, SizeResult
from preview import PreviewResult
from process import median
from projects import STEP_NAMES, STEPS, Step

BARE = "bare Sphinx"
BIBFOLIO = "bibfolio"
PREVIEW_GOAL = 1.0  # seconds over Sphinx's own rebuild
COLUMNS: dict[Step, str] = {
    "cold": "cold build",
    "noop": "no-op",
    "page": "theme page",
    "entry": "refs.bib entry",
    "cv": "cv.yaml item",
}


@dataclass(frozen=True)
class Goal:
    name: str
    step: Step | None  # bibfolio's step measured; None: peak memory
    base: Step | None  # bare's step it is compared with; None: peak memory
    limit: float  # the largest ratio that passes


GOALS = (
    Goal("no-op rebuild ≤ 1.2x bare's no-op", "noop", "noop", 1.2),
    Goal("theme page edited ≤ 1.5x bare's no-op", "page", "noop", 1.5),
    Goal("refs.bib entry edited ≤ 2x bare's no-op", "entry", "noop", 2.0),
    Goal("cold build ≤ 1.3x bare's cold", "cold", "cold", 1.3),
    Goal("peak memory ≤ 1.5x bare's", None, None, 1.5),
)


def step_median(size: SizeResult, subject: str, step: Step) -> float:
    measure = size.steps[subject].get(step)
    return median(measure.seconds) if measure else float("nan")


def peak_median(size: SizeResult, subject: str) -> float:
    return median(size.peaks[subject])


def ratio(size: SizeResult, subject: str, step: Step) -> float:
    """A step's median over bare's: cold to bare's cold, every rebuild to bare's no-op."""
    base: Step = "cold" if step == "cold" else "noop"
    return step_median(size, subject, step) / step_median(size, BARE, base)


def goal_ratio(size: SizeResult, goal: Goal) -> float:
    if goal.step is None or goal.base is None:
        return peak_median(size, BIBFOLIO) / peak_median(size, BARE)
    return step_median(size, BIBFOLIO, goal.step) / step_median(size, BARE, goal.base)


def describe(size: SizeResult, originals: int) -> str:
    """The size's name: this portfolio (16 papers, 33 pages), or 2,000 entries (2,017 pages)."""
    if size.entries == originals:
        return f"this portfolio ({size.entries} papers, {size.pages} pages)"
    return f"{size.entries:,} entries ({size.pages:,} pages)"


def size_table(size: SizeResult, originals: int, rounds: int) -> None:
    """Medians per step and subject, with ratios; then the files each step wrote."""
    print(
        f"\n{describe(size, originals)}: medians of {_rounds(rounds)}, whole process, wall time"
        "\n  ratios to bare Sphinx: cold build to its cold build, each rebuild to its no-op,"
        " memory to its peak"
    )
    width = 16
    heads = "".join(f"{COLUMNS[step]:>{width}}" for step in STEPS)
    print(f"  {'':<22}{heads}{'peak memory':>18}")
    for subject in size.subjects:
        cells = []
        for step in STEPS:
            value = step_median(size, subject, step)
            cell = "–" if math.isnan(value) else f"{value:.2f}s {ratio(size, subject, step):.2f}x"
            cells.append(f"{cell:>{width}}")
        peak = peak_median(size, subject)
        memory = f"{peak:.0f} MiB {peak / peak_median(size, BARE):.2f}x"
        print(f"  {subject:<22}" + "".join(cells) + f"{memory:>18}")
    print("  files written by the build, site / sources (medians):")
    for subject in size.subjects:
        cells = []
        for step in STEPS:
            measure = size.steps[subject].get(step)
            cell = "–" if measure is None else _written(measure)
            cells.append(f"{cell:>{width}}")
        print(f"  {subject:<22}" + "".join(cells))
    for subject in size.subjects:
        for step, measure in size.steps[subject].items():
            if measure.stale:
                print(
                    f"  ! {subject}, {STEP_NAMES[step]}: in {measure.stale} of "
                    f"{len(measure.seconds)} rounds the rebuilt page did not show the edit"
                )
    if any(built != size.pages for built in size.pages_built):
        print(f"  ! bibfolio read {size.pages_built} pages, the peers have {size.pages}")


def _rounds(rounds: int) -> str:
    return "1 round" if rounds == 1 else f"{rounds} rounds"


def _written(measure: Measure) -> str:
    return f"{median(measure.written):.0f} / {median(measure.sources_written):.0f}"


def goal_table(sizes: Sequence[SizeResult], preview: PreviewResult | None) -> None:
    print("\nGoals: bibfolio's ratio to bare Sphinx of the same size and run")
    width = 20
    heads = [f"{s.entries} entries" for s in sizes]
    print(f"  {'':<42}" + "".join(f"{head:>{width}}" for head in heads))
    for goal in GOALS:
        cells = []
        for size in sizes:
            value = goal_ratio(size, goal)
            cells.append(f"{value:.2f}x {verdict(size, goal, value)}")
        print(f"  {goal.name:<42}" + "".join(f"{cell:>{width}}" for cell in cells))
    if preview is not None:
        over = preview_difference(preview)
        cell = f"{over:+.2f}s {'pass' if over <= PREVIEW_GOAL else 'FAIL'}"
        print(f"  {'live preview ≤ 1 s over its direct rebuild':<42}{cell:>{width}}")


def verdict(size: SizeResult, goal: Goal, value: float) -> str:
    """pass, FAIL, or STALE when a rebuild missed its edit (its time then means nothing)."""
    measure = size.steps[BIBFOLIO].get(goal.step) if goal.step else None
    if measure is not None and measure.stale:
        return "STALE"
    return "pass" if value <= goal.limit else "FAIL"


def preview_difference(preview: PreviewResult) -> float:
    return median(preview.preview) - median(preview.direct)


def preview_table(preview: PreviewResult, rounds: int) -> None:
    shown, direct = median(preview.preview), median(preview.direct)
    over = shown - direct
    verdict = "pass" if over <= PREVIEW_GOAL else "FAIL"
    print(
        f"\nLive preview of this portfolio (sphinx-autobuild, as nox -s serve): a theme page"
        f" saved, medians of {_rounds(rounds)}"
    )
    print(f"  {'saved → the browser told to reload, page changed':<52}{shown:>8.2f}s")
    print(f"  {'the same rebuild run directly (python -m sphinx build)':<52}{direct:>8.2f}s")
    print(f"  {'difference (goal: within 1 s of the direct rebuild)':<52}{over:>+8.2f}s {verdict}")
    if sum(preview.extra_rebuilds) > 0:
        print(
            f"  ! sphinx-autobuild rebuilt {sum(preview.extra_rebuilds)} more times than pages"
            " were saved: " + "; ".join(preview.triggers)
        )


def command_table(title: str, results: Mapping[str, Sequence[float]]) -> None:
    """Commands timed side by side: each one's median, range and ratio to the first's."""
    medians = {name: median(times) for name, times in results.items()}
    reference = next(iter(medians.values()))
    print(f"\n{title}")
    print(f"  {'command':<32} {'median':>8} {'min':>7} {'max':>7}  {'vs first':>8}")
    for name, times in results.items():
        print(
            f"  {name:<32} {medians[name]:>7.2f}s {min(times):>6.2f}s {max(times):>6.2f}s"
            f"  {medians[name] / reference:>7.2f}x"
        )


# -- the same figures as JSON -----------------------------------------------------------


def size_figures(size: SizeResult, originals: int) -> dict[str, object]:
    subjects: dict[str, object] = {}
    for name in size.subjects:
        steps = {
            step: {
                "median_s": step_median(size, name, step),
                "ratio_to_bare": ratio(size, name, step),
                "seconds": measure.seconds,
                "peak_mib": measure.peak_mib,
                "site_files_written": measure.written,
                "source_files_written": measure.sources_written,
                "stale_rounds": measure.stale,
            }
            for step, measure in size.steps[name].items()
        }
        subjects[name] = {
            "steps": steps,
            "peak_mib_per_round": size.peaks[name],
            "peak_mib_median": peak_median(size, name),
            "peak_ratio_to_bare": peak_median(size, name) / peak_median(size, BARE),
        }
    goals = []
    for goal in GOALS:
        value = goal_ratio(size, goal)
        goals.append(
            {"goal": goal.name, "ratio": value, "limit": goal.limit}
            | {"verdict": verdict(size, goal, value)}
        )
    return {
        "label": describe(size, originals),
        "entries": size.entries,
        "pages": size.pages,
        "pages_read_by_bibfolio": size.pages_built,
        "ratios": "cold to bare's cold, every rebuild to bare's no-op, memory to bare's peak",
        "subjects": subjects,
        "goals": goals,
    }


def preview_figures(preview: PreviewResult) -> dict[str, object]:
    over = preview_difference(preview)
    return {
        "saved_to_reload_s": preview.preview,
        "direct_rebuild_s": preview.direct,
        "median_saved_to_reload_s": median(preview.preview),
        "median_direct_rebuild_s": median(preview.direct),
        "difference_s": over,
        "goal_s": PREVIEW_GOAL,
        "pass": over <= PREVIEW_GOAL,
        "extra_rebuilds": preview.extra_rebuilds,
        "autobuild_triggers": preview.triggers,
    }


def command_figures(results: Mapping[str, Sequence[float]]) -> dict[str, object]:
    return {
        name: {"seconds": list(times), "median_s": median(times)} for name, times in results.items()
    }
