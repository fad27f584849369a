"""`bibfolio check`: for every code, an input that triggers it and one that must not.

Each case is a small project under tests/check/<CODE>/{bad,good}/ with the exact
output `bibfolio check` must print there (expected.txt, exit status included).
`pytest --update-golden` rewrites those that differ and fails them, so that a
reviewer reads the diff. The command runs in this process.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bibfolio.diagnostics import CODES as REGISTRY
from bibfolio.diagnostics import TABLE
from bibfolio.diagnostics.problem import Code
from conftest import (
    Ran,
    compare_golden,
    make_site,
    run_cli,
)

CASES = Path(__file__).parent / "check"
CODES = sorted(p.name for p in CASES.iterdir() if p.is_dir())


def run_check(folder: Path, *args: str) -> Ran:
    return run_cli(["check", *args], folder)


def test_every_registered_code_has_a_case() -> None:
    # `bibfolio import`'s codes are about a source, not a project: their examples run the
    # import (test_registered_examples_trigger_their_code, tests/test_import.py).
    assert sorted(code for code in TABLE if not code.startswith("IMP")) == CODES


def copied(folder: Path, target: Path) -> Path:
    """A copy of a case: a site's check builds it, writing its build folder and paper pages."""
    shutil.copytree(folder, target, symlinks=True)
    (target / "expected.txt").unlink(missing_ok=True)
    return target


@pytest.mark.parametrize("kind", ["bad", "good"])
@pytest.mark.parametrize("code", CODES)
def test_case_gives_exactly_the_expected_output(
    code: str, kind: str, update_golden: bool, tmp_path: Path
) -> None:
    folder = copied(CASES / code / kind, tmp_path / "case")
    done = run_check(folder)
    expected = CASES / code / kind / "expected.txt"
    compare_golden(expected, f"{done.stdout}exit status: {done.status}\n", update_golden)
    assert "Traceback" not in done.stderr
    printed = {  # each problem's line: its code, and whether it was printed as a warning
        (line.split(" ", 2)[1], line.endswith(" (warning)"))
        for line in done.stdout.splitlines()
        if ": " in line and not line.startswith(" ") and not line.startswith("bibfolio ")
    }
    codes = {found for found, _ in printed}
    if kind == "bad":
        assert code in codes
        assert done.status == 1, "the strict build would stop: so does check"
        for found, warned in printed:  # as printed, as registered
            assert warned == (TABLE[found].severity.value == "warning"), (found, done.stdout)
        # --lenient counts the printed errors only (test_lenient_counts_errors_only runs it):
        # here it would stop exactly when this code is an error.
        errors = {found for found, warned in printed if not warned}
        assert bool(errors) == (TABLE[code].severity.value == "error")
    else:
        assert code not in codes
        assert done.status == 0


def test_update_golden_rewrites_a_difference_and_fails(tmp_path: Path) -> None:
    expected = tmp_path / "expected.txt"
    expected.write_text("old\n", encoding="utf-8")
    with pytest.raises(pytest.fail.Exception, match="read the diff"):
        compare_golden(expected, "new\n", update=True)
    assert expected.read_text(encoding="utf-8") == "new\n"
    compare_golden(expected, "new\n", update=True)  # nothing to rewrite: it passes
    with pytest.raises(AssertionError):
        compare_golden(expected, "other\n", update=False)
    assert expected.read_text(encoding="utf-8") == "new\n", "never written without the flag"
    with pytest.raises(pytest.fail.Exception, match="read the diff"):
        compare_golden(tmp_path / "new-case.txt", "first\n", update=True)
    assert (tmp_path / "new-case.txt").read_text(encoding="utf-8") == "first\n"


# Codes found by the build itself (Sphinx, MyST, docutils): their examples are pages of a site.
SITE = """\
project = "A Site"
extensions = ["bibfolio.sphinx"]
html_theme = "sphinx_book_theme"
"""
HOME = "# Home\n\n```{publications}\n```\n\n```{toctree}\n:glob:\n*\n```\n"
UNREADABLE = {"BIB003", "CV007", "PAGE008"}  # examples that are no file at all
FOUND_BY_THE_BUILD = {
    *("PAGE010", "PAGE011", "PAGE012", "PAGE013", "PAGE090", "PAGE102"),
    *("PAGE203", "PAGE204", "PAGE205", "PAGE215", "PAGE301", "CONF010", "CONF090"),
}


def test_registered_examples_trigger_their_code(tmp_path: Path) -> None:
    """The examples of the guide's page of codes are real: each triggers its code."""
    for registered in REGISTRY:
        if registered.area == "IMP":
            _import_example_triggers_its_code(registered, tmp_path / registered.code)
            continue
        folder = tmp_path / registered.code
        target = folder / registered.example_file
        target.parent.mkdir(parents=True)
        data = registered.example
        encoding = "latin-1" if registered.code in ("BIB001", "CV003", "PAGE006") else "utf-8"
        if registered.code in UNREADABLE:  # a link to itself; a page: to a missing page
            target.symlink_to("missing.md" if target.suffix == ".md" else target.name)
        elif registered.example_file == "docs/conf.py":
            target.write_text(SITE + data, encoding="utf-8")
        else:
            target.write_bytes(data.encode(encoding))
        if not (folder / "refs.bib").is_symlink() and not (folder / "refs.bib").exists():
            (folder / "refs.bib").write_text("", encoding="utf-8")
        if registered.code in FOUND_BY_THE_BUILD:
            make_site(folder / "docs", SITE, HOME)
        if registered.code == "PAGE216":
            (folder / "refs.bib").write_text(
                "@misc{ng2024, author = {Ng, Hana}, title = {A}, year = 2024}\n", encoding="utf-8"
            )
        if registered.code == "CV204":
            (folder / "refs.bib").write_text(
                "@article{ng2024, author = {Ng, Hana}, title = {A}, journal = {J}, year = 2024}\n",
                encoding="utf-8",
            )
        if registered.code == "BIB113":
            (folder / "docs").mkdir(exist_ok=True)
            (folder / "docs" / "cv.yaml").write_text(
                "name: Hana Ng\nupdated: 2024-11\n", encoding="utf-8"
            )
        if registered.code == "BIB135":
            (folder / "docs" / "research").mkdir(parents=True, exist_ok=True)
        if registered.code == "BIB128":
            (folder / "files").mkdir()
            (folder / "files" / "notes.pdf").write_text("not a PDF", encoding="utf-8")
        if registered.code == "CV202":
            old = folder / "docs" / "releases" / "2024.06"
            old.mkdir(parents=True)
            (old / "conf.py").write_text("", encoding="utf-8")
            (old / "cv.yaml").write_text(registered.example, encoding="utf-8")
        if registered.code == "CV210":
            old = folder / "docs" / "releases" / "2024.06"
            old.mkdir(parents=True)
            (old / "conf.py").write_text("", encoding="utf-8")
            (old / "cv.yaml").write_text("name: Noor Haddad\nupdated: 2024-06\n", encoding="utf-8")
        if registered.code in ("BIB211", "BIB004"):  # BIB004: a bibliography for a site
            (folder / "docs").mkdir(exist_ok=True)
        done = run_check(folder, "--format", "json")
        problems = json.loads(done.stdout)["problems"]
        found = {p["code"] for p in problems}
        assert registered.code in found, (registered.code, done.stdout, done.stderr)
        for problem in problems:  # what --lenient counts: each code's registered severity
            assert problem["severity"] == TABLE[problem["code"]].severity.value, problem


def _import_example_triggers_its_code(registered: Code, folder: Path) -> None:
    """An import code's example is a file of an al-folio site, or (IMP201) a project's."""
    site = folder / "site"
    (site / "_bibliography").mkdir(parents=True)
    (site / "_config.yml").write_text("scholar:\n  last_name: Doe\n  first_name: [Jane]\n")
    project = folder / "project"
    project.mkdir()
    if registered.code == "IMP201":
        (project / "refs.bib").write_text("% mine\n", encoding="utf-8")
    else:
        target = site / registered.example_file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(registered.example, encoding="utf-8")
    source = site / registered.example_file if registered.code == "IMP001" else site
    done = run_cli(["import", str(source), "--into", str(project), "--format", "json"], folder)
    found = {p["code"] for p in json.loads(done.stdout)["problems"]}
    assert registered.code in found, (registered.code, done.stdout, done.stderr)


def test_exit_status_two_for_usage_errors_and_unreadable_files(tmp_path: Path) -> None:
    missing = run_check(tmp_path, "nosuchfile.bib")
    assert missing.status == 2
    assert "no such file: nosuchfile.bib" in missing.stderr
    unknown = run_check(CASES / "BIB101" / "bad", "--select", "XYZ9")
    assert unknown.status == 2
    assert "unknown code 'XYZ9'" in unknown.stderr
    folder = tmp_path / "folder.bib"
    folder.mkdir()
    unreadable = run_check(tmp_path, "folder.bib")
    assert unreadable.status == 2
    assert "Traceback" not in unreadable.stderr


def test_lenient_counts_errors_only() -> None:
    warned = CASES / "BIB302" / "bad"
    assert TABLE["BIB302"].severity.value == "warning"
    assert run_check(warned).status == 1
    assert run_check(warned, "--lenient").status == 0
    assert run_check(warned, "--strict").status == 1  # 0.1's flag, now the default
    wrong = CASES / "BIB120" / "bad"
    assert TABLE["BIB120"].severity.value == "error"
    assert run_check(wrong, "--lenient").status == 1


def test_select_and_ignore_by_prefix() -> None:
    folder = CASES / "BIB130" / "bad"
    assert "BIB130" not in run_check(folder, "--ignore", "BIB13").stdout
    assert run_check(folder, "--ignore", "BIB13").status == 0
    assert "BIB130" in run_check(folder, "--select", "BIB1").stdout


def test_json_report_holds_every_field() -> None:
    done = run_check(CASES / "BIB120" / "bad", "--format", "json")
    report = json.loads(done.stdout)
    assert report["problems"] == [
        {
            "path": "refs.bib",
            "line": 3,
            "col": 10,
            "code": "BIB120",
            "severity": "error",
            "message": "year '24' of 'key' is not 4 digits",
            "hint": "Write the year as four digits: year = 2024.",
        }
    ]
    assert report["summary"] == "1 error in 1 file"
