"""``bibfolio check --fix``: mechanical fixes shown as a diff, written only when confirmed (or
with --yes), atomically, the file as it was kept beside it, nothing else in it changed.

Each test runs the command on a copy of tests/roots/minimal with al-folio's conventions
added to one entry.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from conftest import Ran, copy_root, run_cli

ALFOLIO = """
@article{example2022alfolio,
  abbr={JF},
  bibtex_show={true},
  title={Fixtures for LLMs},
  author={Example*, Ada and Case*, Dana},
  journal={Journal of Fixtures},
  year={2022},
  preview={fixtures.gif}
}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = copy_root("minimal", tmp_path / "project")
    bib = root / "refs.bib"
    bib.write_bytes(bib.read_bytes() + ALFOLIO.encode("utf-8"))
    return root


def fix(project: Path, monkeypatch: pytest.MonkeyPatch, answer: str, *args: str) -> Ran:
    monkeypatch.setattr("sys.stdin", io.StringIO(answer))
    return run_cli(["check", "--fix", *args, "refs.bib"], project)


def test_nothing_is_written_unless_confirmed(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (project / "refs.bib").read_bytes()
    ran = fix(project, monkeypatch, "n\n")
    assert "-  abbr={JF},\n" in ran.stdout
    assert "+  title={Fixtures for {LLMs}},\n" in ran.stdout
    assert "Write these 6 changes to refs.bib? [y/N]" in ran.stdout
    assert "refs.bib left as it was" in ran.stderr
    assert (project / "refs.bib").read_bytes() == before
    assert not (project / "refs.bib.bak").exists()
    assert "BIB141" in ran.stdout, "the check runs after"
    assert fix(project, monkeypatch, "").status == 1, "no answer (end of input) is no"
    assert (project / "refs.bib").read_bytes() == before


def test_confirmed_fixes_are_written_keeping_the_rest_and_a_backup(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bib = project / "refs.bib"
    before = bib.read_bytes()
    (project / "refs.bib.bak").write_text("someone's file", encoding="utf-8")
    ran = fix(project, monkeypatch, "y\n")
    assert "bibfolio: fixed refs.bib (6 changes); the file as it was: refs.bib.bak.1" in ran.stdout
    assert (project / "refs.bib.bak").read_text(encoding="utf-8") == "someone's file"
    assert (project / "refs.bib.bak.1").read_bytes() == before
    head, _ = before.split(b"\n@article{example2022alfolio,")
    after = bib.read_bytes()
    assert after.startswith(head), "every other entry as it was, byte for byte"
    assert after[len(head) :].decode("utf-8") == (
        "\n@article{example2022alfolio,\n"
        "  title={Fixtures for {LLMs}},\n"
        "  author={Example, Ada and Case, Dana},\n"
        "  equalcontrib={1, 2},\n"
        "  journal={Journal of Fixtures},\n"
        "  year={2022},\n"
        "}\n"
    )
    assert ran.status == 0, ran.output
    assert "no problems found" in ran.stderr
    again = run_cli(["check", "--fix", "--yes", "refs.bib"], project)
    assert "nothing in refs.bib to fix mechanically" in again.stderr
    assert not (project / "refs.bib.bak.2").exists()


def test_yes_writes_without_asking_and_a_file_with_syntax_errors_is_left_alone(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran = fix(project, monkeypatch, "", "--yes")
    assert "[y/N]" not in ran.stdout
    assert "bibfolio: fixed refs.bib" in ran.stdout
    bib = project / "refs.bib"
    broken = bib.read_bytes() + b"@misc{x, title = {On LLMs}\n"
    bib.write_bytes(broken)
    ran = fix(project, monkeypatch, "", "--yes")
    assert "refs.bib is not fixed: correct its syntax first" in ran.stderr
    assert bib.read_bytes() == broken
