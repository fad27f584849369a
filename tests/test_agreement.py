"""``bibfolio check`` predicts the build: the same problems, code, place and message, and the
same verdict, on a corpus of broken projects.

The corpus is every golden case of tests/check/<CODE>/bad (one per code), made a
site where it is not one (a conf.py, and a home page when there is none), and
the cases of tests/agreement/ (see its README). Every message the build prints
is located and coded: a warning or an error in any other form fails the test.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import make_site, run_bibfolio

CHECK_CASES = Path(__file__).parent / "check"
MORE_CASES = Path(__file__).parent / "agreement"
CASES = sorted(
    [f"check/{p.parent.name}" for p in CHECK_CASES.glob("*/bad")]
    + [f"agreement/{p.name}" for p in MORE_CASES.iterdir() if p.is_dir()]
)
CONF = """\
project = "A Site"
extensions = ["bibfolio.sphinx"]
html_theme = "sphinx_book_theme"
exclude_patterns = ["_build"]
nitpicky = True
"""
HOME = "# Home\n\n```{publications}\n```\n"
# path:line:col: ERROR|WARNING: CODE message [bibfolio.CODE]; hints follow on their own lines.
REPORTED = re.compile(
    r"^(?P<path>[^\n]+?):(?P<line>\d+):(?P<col>\d+): (?:ERROR|WARNING): "
    r"(?P<code>[A-Z]+\d{3}) (?P<message>.*?)(?: \[bibfolio\.[A-Z]+\d{3}\])?$",
    re.MULTILINE,
)


def as_site(case: str, target: Path) -> Path:
    folder = Path(__file__).parent / case
    shutil.copytree(folder / "bad" if (folder / "bad").is_dir() else folder, target, symlinks=True)
    (target / "expected.txt").unlink(missing_ok=True)
    make_site(target / "docs", CONF, HOME)
    return target


def problems_of_check(project: Path) -> tuple[int, set[tuple[str, int, int, str, str]]]:
    status, output = run_bibfolio(["check", "--format", "json"], project)
    found = json.loads(output[: output.rindex("}") + 1])["problems"]
    return status, {(p["path"], p["line"], p["col"], p["code"], p["message"]) for p in found}


def problems_of_build(project: Path) -> tuple[int, set[tuple[str, int, int, str, str]]]:
    status, output = run_bibfolio(["build"], project)
    unlocated = [
        line
        for line in output.splitlines()
        if re.search(r"\b(WARNING|ERROR)\b|Traceback|Exception", line) and not REPORTED.match(line)
    ]
    assert not unlocated, output
    return status, {
        (m["path"], int(m["line"]), int(m["col"]), m["code"], m["message"])
        for m in REPORTED.finditer(output)
    }


@pytest.mark.parametrize("case", CASES)
def test_check_and_build_find_the_same_problems(case: str, tmp_path: Path) -> None:
    project = as_site(case, tmp_path / "project")
    check_status, by_check = problems_of_check(project)
    build_status, by_build = problems_of_build(project)
    assert by_check, "every case of the corpus has a problem"
    assert by_build == by_check
    assert check_status == 1
    assert build_status != 0
    assert not (project / "docs" / "_build" / "html").exists(), "nothing was published"


def test_a_clean_project_passes_both(tmp_path: Path) -> None:
    project = as_site("check/BIB210/good", tmp_path / "project")
    assert problems_of_check(project) == (0, set())
    status, found = problems_of_build(project)
    assert (status, found) == (0, set())
