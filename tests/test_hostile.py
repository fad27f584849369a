"""Hostile and mistaken inputs (tests/hostile/): each fails safely, located, without a traceback.

Every case is laid over the small portfolio tests/roots/minimal and run with the
``bibfolio`` commands its outcome.toml names. Besides the outcome each case
states, every case must: print no traceback, leave every file of the project as
it was, publish no file that holds a forbidden string, and leave a site that
was published before a failed build in place.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from conftest import ROOTS, run_bibfolio
from isolated import run_isolated

CASES = Path(__file__).parent / "hostile"
CASE_NAMES = sorted(str(p.parent.relative_to(CASES)) for p in CASES.rglob("outcome.toml"))
MEMORY_LIMIT = 2 * 1024**3  # address space of an isolated run: a blow-up ends in MemoryError
TIME_LIMIT = 60  # seconds: a guard against runaway work, not a speed goal (see nox -s bench)
KNOWN_HANDLERS = {"toggleFullScreen()", "window.print()"}  # the theme's own buttons


def generate(kind: str, size: int) -> str:
    """Inputs too large to keep as files."""
    if kind == "nested-braces":
        return f"@misc{{deep,\n  title = {{{'{' * size}x{'}' * size}}},\n}}\n"
    if kind == "unclosed-braces":
        return "".join(f"@misc{{b{i}, title = {{v{i}\n" for i in range(size))
    if kind == "git-token":  # what actions/checkout leaves in .git/config (git keeps no .git)
        return '[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic R0hTX1RPS0VO\n'
    raise ValueError(kind)


def lay_out(case: Path, project: Path, outcome: dict[str, Any]) -> None:
    shutil.copytree(ROOTS / "minimal", project)
    for name in outcome.get("remove", []):
        (project / name).unlink()
    overlay = case / "files"
    if overlay.is_dir():
        shutil.copytree(overlay, project, dirs_exist_ok=True)
    edits = (
        json.loads((case / "edits.json").read_text("utf-8"))
        if (case / "edits.json").exists()
        else {}
    )
    for name, text in edits.get("append", {}).items():
        target = project / name
        target.write_text(target.read_text("utf-8") + text, encoding="utf-8")
    for name, (old, new) in edits.get("replace", {}).items():
        target = project / name
        content = target.read_text("utf-8")
        assert old in content, (name, old)
        target.write_text(content.replace(old, new), encoding="utf-8")
    for name, spec in outcome.get("generate", {}).items():
        kind, size = spec.split()
        target = project / name
        target.parent.mkdir(parents=True, exist_ok=True)
        before = target.read_text("utf-8") if target.exists() else ""
        target.write_text(before + generate(kind, int(size)), encoding="utf-8")
    if (case / "outside").is_dir():
        shutil.copytree(case / "outside", project.parent / "outside")
    for name, target in outcome.get("symlinks", {}).items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        if (project / name).is_dir():
            shutil.rmtree(project / name)  # the link takes the folder's place
        (project / name).symlink_to(target)


def snapshot(project: Path) -> dict[str, str]:
    """Every file of the project (not followed through links), by content."""
    found = {}
    for path in project.rglob("*"):
        if path.is_symlink():
            found[str(path.relative_to(project))] = f"-> {path.readlink()}"
        elif path.is_file():
            found[str(path.relative_to(project))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def new_files(project: Path, before: dict[str, str]) -> Iterator[Path]:
    for path in project.rglob("*"):
        if (
            path.is_file()
            and not path.is_symlink()
            and str(path.relative_to(project)) not in before
        ):
            yield path


def assert_inert(path: Path) -> None:
    """Markup from the data came out as text: no script, handler or link of its own."""
    soup = BeautifulSoup(path.read_text("utf-8", errors="replace"), "html.parser")
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name.lower().startswith("on"):
                assert value in KNOWN_HANDLERS, (path, tag.name, name, value)
            if name in ("href", "src") and isinstance(value, str):
                assert not value.strip().lower().startswith("javascript:"), (path, value)
        assert tag.name not in ("svg", "iframe", "object", "embed"), (path, tag.name)
        if tag.name == "img":
            assert tag.get("src") != "x", path
    for script in soup.find_all("script"):
        if script.get("type") == "application/ld+json":
            json.loads(script.string or "")  # data, whole: nothing closed the element early
        else:
            assert "alert(" not in (script.string or ""), (path, script.string)


@pytest.mark.parametrize("name", CASE_NAMES)
def test_case_fails_safely(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = CASES / name
    outcome = tomllib.loads((case / "outcome.toml").read_text("utf-8"))
    project = tmp_path / "project"
    lay_out(case, project, outcome)
    before = snapshot(project)
    outside = snapshot(tmp_path / "outside") if (tmp_path / "outside").is_dir() else {}
    env = {"READTHEDOCS_CANONICAL_URL": "", **outcome.get("env", {})}
    commands: list[list[str]] = outcome["commands"]
    exits = (
        outcome["exit"] if isinstance(outcome["exit"], list) else [outcome["exit"]] * len(commands)
    )
    output = ""
    for args, expected in zip(commands, exits, strict=True):
        if outcome.get("isolated"):
            status, printed = run_isolated(
                args, project, env, memory=MEMORY_LIMIT, seconds=TIME_LIMIT
            )
        else:
            for key, value in env.items():
                monkeypatch.setenv(key, value)
            status, printed = run_bibfolio(args, project)
        output += printed
        assert status == expected, f"{args}: exit {status}\n{printed}"
        for secret in outcome.get("unprinted", []):
            assert secret not in printed, (args, secret)
        assert "Traceback" not in printed, printed
        assert "Error" not in printed.replace("ERROR", "") or "Exception" not in printed
        for path, digest in before.items():
            now = project / path
            assert now.is_symlink() or now.is_file(), f"{args} removed {path}"
            current = (
                f"-> {now.readlink()}"
                if now.is_symlink()
                else hashlib.sha256(now.read_bytes()).hexdigest()
            )
            assert current == digest, f"{args} changed {path}"
    if outside:
        assert snapshot(tmp_path / "outside") == outside, "a file outside the project changed"
    for code in outcome.get("codes", []):
        assert f" {code} " in output, (code, output)
    for message in outcome.get("messages", []):
        assert message in output, (message, output)
    for made in new_files(project, before):
        if "bibfolio-memo" in made.parts:
            # The build's private copy of the loaded project: the data file as it is, phone
            # included; it lives beside the site, never in it, so it is not what this checks.
            continue
        content = made.read_bytes()
        for forbidden in outcome.get("forbidden", []):
            assert forbidden.encode() not in content, (made, forbidden)
        if outcome.get("inert") and made.suffix == ".html":
            assert_inert(made)
