"""The docs build runs the checks first and stops with their located messages.

Each case is one of the failures sphinxcontrib-bibtex handles badly on its own:
a warning and exit 0 with the entries after it dropped (duplicate key, duplicate
field), or an opaque "Extension error" (unbalanced brace, undefined @string, a
file that is not UTF-8). Each breaks a copy of tests/roots/minimal.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bibfolio.load.bibtex import parse
from conftest import ROOTS, copy_root, sphinx_build

BIB = (ROOTS / "minimal" / "refs.bib").read_text(encoding="utf-8")
FIRST, SECOND = (entry for entry in parse(BIB).entries[:2])
ENTRY = f"@{FIRST.type}{{{FIRST.key},"
TITLE = BIB[FIRST.by_name["title"].value_at : FIRST.by_name["title"].value_end]
AFTER_TITLE = [f.name for f in FIRST.fields[FIRST.fields.index(FIRST.by_name["title"]) + 1 :]]


def duplicate_key(text: str) -> str:
    return text + f"\n@misc{{{SECOND.key},\n  title = {{Again}},\n}}\n"


def duplicate_key_other_case(text: str) -> str:
    return text + f"\n@misc{{{SECOND.key.upper()},\n  title = {{Again}},\n}}\n"


def duplicate_field(text: str) -> str:
    return text.replace(ENTRY, ENTRY + "\n  year = {2023},", 1)


def unbalanced_brace(text: str) -> str:
    return text.replace(TITLE, "{" + TITLE, 1)


def undefined_string(text: str) -> str:
    return text.replace(ENTRY, ENTRY + "\n  note = confnote,", 1)


CASES: dict[str, tuple[Callable[[str], str], str]] = {
    "duplicate key": (
        duplicate_key,
        f"BIB201 key '{SECOND.key}' is already used by the entry at",
    ),
    "duplicate key, other case": (
        duplicate_key_other_case,
        f"BIB201 key '{SECOND.key.upper()}' is already used by the entry at",
    ),
    "duplicate field": (
        duplicate_field,
        f"BIB101 entry '{FIRST.key}' has a second 'year' field",
    ),
    "unbalanced brace": (
        unbalanced_brace,
        (
            f"BIB016 this brace in entry '{FIRST.key}' is not closed where it should be: "
            f"its value swallows the fields {', '.join(AFTER_TITLE)}"
        ),
    ),
    "undefined @string": (undefined_string, "BIB019 @string 'confnote' is not defined"),
}


@pytest.mark.parametrize("case", CASES)
def test_build_stops_with_the_located_message(case: str, tmp_path: Path) -> None:
    change, message = CASES[case]
    project = copy_root("minimal", tmp_path / "project")
    bib = project / "refs.bib"
    bib.write_text(change(bib.read_text(encoding="utf-8")), encoding="utf-8")
    build = sphinx_build(project / "docs", tmp_path / "out")
    assert build.returncode == 1
    assert "refs.bib:" in build.warnings
    assert message in build.warnings, build.warnings
    assert "Extension error" not in build.output
    assert "Traceback" not in build.output
    assert "the build stops here" in build.output
    assert not list(build.html.rglob("*.html")), "no page was written"


def test_build_stops_on_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    project = copy_root("minimal", tmp_path / "project")
    bib = project / "refs.bib"
    text = bib.read_text(encoding="utf-8").replace(TITLE, TITLE.replace("a", "\u00e4", 1), 1)
    bib.write_bytes(text.encode("latin-1", errors="replace"))
    build = sphinx_build(project / "docs", tmp_path / "out")
    assert build.returncode == 1
    assert "BIB001 byte 0xe4 is not UTF-8" in build.warnings
    assert "Extension error" not in build.output
    assert "Traceback" not in build.output
