"""``bibfolio init`` on a small project taken as the example (tests/roots/minimal, with its
own list of the example's digests): only files still exactly the example's go; any other file
stops it before it changes anything, or with --force moves into a backup, never deleted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bibfolio import fresh
from bibfolio.load.settings import read_settings
from conftest import copy_root, one, run_cli, sphinx_build, text_of


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of tests/roots/minimal whose every file is known as the example's."""
    project = copy_root("minimal", tmp_path / "project")
    digests = tmp_path / "example.json"
    found = fresh.example_digests(read_settings(project))
    digests.write_text(json.dumps({"files": found}), encoding="utf-8")
    monkeypatch.setattr(fresh, "DIGESTS", digests)
    return project


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_init_replaces_the_example_and_says_what_it_did(example: Path) -> None:
    before = tree(example)
    done = run_cli(["init", "--name", "Grace <Hopper> & *Co*"], example)
    assert done.status == 0, done.output
    for name in before:
        if name.startswith(("docs/", "refs.bib", "files/")):
            assert f"removed {name} (the example's)" in done.stdout
    assert "wrote docs/cv.yaml" in done.stdout
    assert not (example / "docs" / "talks.md").exists()
    assert not (example / "files").exists()
    assert (example / "pyproject.toml").read_bytes() == before["pyproject.toml"]
    built = sphinx_build(example / "docs", example / "out")
    assert built.returncode == 0, built.output
    assert built.warnings == ""
    assert text_of(one(built.page("index.html"), "h1")).strip("#¶ ") == "Grace <Hopper> & *Co*"


def test_init_without_a_name_uses_a_placeholder(example: Path) -> None:
    done = run_cli(["init"], example)
    assert done.status == 0, done.output
    assert f"name: {json.dumps(fresh.PLACEHOLDER)}" in (example / "docs" / "cv.yaml").read_text(
        encoding="utf-8"
    )


def test_init_refuses_files_that_are_not_the_example_and_changes_nothing(example: Path) -> None:
    page = example / "docs" / "research" / "learning.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nMy own words.\n", encoding="utf-8")
    (example / "docs" / "notes.md").write_text("# Notes\n", encoding="utf-8")
    before = tree(example)
    done = run_cli(["init"], example)
    assert done.status == 1
    assert "docs/research/learning.md:1:1: not the example's file" in done.stderr
    assert "docs/notes.md:1:1: not the example's file" in done.stderr
    assert "--force" in done.stderr
    assert tree(example) == before


def test_init_force_moves_the_other_files_to_a_backup(example: Path) -> None:
    page = example / "docs" / "research" / "learning.md"
    mine = page.read_text(encoding="utf-8") + "\nMy own words.\n"
    page.write_text(mine, encoding="utf-8")
    done = run_cli(["init", "--force"], example)
    assert done.status == 0, done.output
    (backup,) = (example / ".bibfolio-backup").iterdir()
    kept = backup / "docs" / "research" / "learning.md"
    assert kept.read_text(encoding="utf-8") == mine
    assert f"moved docs/research/learning.md to {backup.relative_to(example).as_posix()}/" in (
        done.stdout
    )
    assert not page.exists()


def test_init_again_refuses_what_it_wrote_without_force(example: Path) -> None:
    assert run_cli(["init"], example).status == 0
    again = run_cli(["init"], example)
    assert again.status == 1
    assert "docs/cv.yaml:1:1: not the example's file" in again.stderr


def test_init_rejects_a_name_of_several_lines(example: Path) -> None:
    done = run_cli(["init", "--name", "A\nB"], example)
    assert done.status == 2
    assert "Traceback" not in done.stderr


def test_init_removes_the_site_built_from_the_example_only(example: Path) -> None:
    built = example / "docs" / "_build" / "html"
    built.mkdir(parents=True)
    (built / ".bibfolio-site").write_text("built by bibfolio 0.2\n", encoding="utf-8")
    (built / "talks.html").write_text("the example's talks", encoding="utf-8")
    other = example / "docs" / "_build" / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    done = run_cli(["init"], example)
    assert done.status == 0, done.output
    assert "removed docs/_build/html" in done.stdout
    assert not built.exists()
    assert (other / "notes.txt").read_text(encoding="utf-8") == "mine"
