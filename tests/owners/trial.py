"""Another owner's portfolio in place of this one: only tests/portfolio/ may fail.

    python tests/owners/trial.py geiger [pytest arguments]

copies the repository to a scratch folder (beside a link to ../shared, so the
seeds are found), replaces this portfolio's content (refs.bib, docs/cv.yaml,
docs/conf.py, docs/research/, docs/releases/) with the one in tests/owners/<name>/,
runs the test suite there (``-q -n 2 tests`` unless told otherwise) and lists
the tests that failed by folder. It exits 0 when every failure is in
tests/portfolio/ (the tests of this portfolio's content against its seeds) and
no other test failed. tests/test_second_owner.py builds the same swap on every run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from conftest import ROOT, copy_repository, put_in_place

OWNERS = Path(__file__).resolve().parent


def failures(report: Path) -> list[str]:
    """The node ids of the tests that failed or errored, from pytest's JUnit XML."""
    found = []
    for case in ET.parse(report).getroot().iter("testcase"):  # noqa: S314
        if case.find("failure") is not None or case.find("error") is not None:
            path = case.get("classname", "").replace(".", "/")
            found.append(f"{path}.py::{case.get('name')}")
    return found


def main(argv: list[str]) -> int:
    if not argv or not (OWNERS / argv[0] / "refs.bib").is_file():
        known = sorted(p.name for p in OWNERS.iterdir() if (p / "refs.bib").is_file())
        print(f"usage: trial.py OWNER [pytest arguments]; owners: {', '.join(known)}")
        return 2
    owner, args = OWNERS / argv[0], argv[1:] or ["-q", "-n", "2", "tests"]
    with tempfile.TemporaryDirectory(prefix="bibfolio-trial-") as scratch:
        base = Path(scratch)
        shared = ROOT.parent / "shared"
        if shared.is_dir():
            (base / "shared").symlink_to(shared)
        repository = copy_repository(base / "repository")
        put_in_place(owner, repository)
        report = base / "report.xml"
        env = {**os.environ, "PYTHONPATH": str(repository / "tools")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args]
        print("in", repository, "with", owner.name + "'s portfolio:", " ".join(command))
        done = subprocess.run(
            [*command, f"--junitxml={report}"], cwd=repository, env=env, check=False
        )
        failed = failures(report) if report.is_file() else []
    by_folder = Counter(str(Path(test.split("::")[0]).parent) for test in failed)
    print(f"pytest exit status {done.returncode}; failed by folder: {dict(by_folder) or 'none'}")
    elsewhere = [test for test in failed if not test.startswith("tests/portfolio/")]
    for test in elsewhere:
        print("  FAILED outside tests/portfolio/:", test)
    return 1 if elsewhere or (done.returncode not in (0, 1)) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
