"""The docs build runs the checks first and stops with their located messages.

Each case is one of the failures sphinxcontrib-bibtex handles badly on its own:
a warning and exit 0 with the entries after it dropped (duplicate key, duplicate
field), or an opaque "Extension error" (unbalanced brace, undefined @string, a
file that is not UTF-8).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import sphinx_build

ENTRY = "@inproceedings{lu2023pessimism,"


def duplicate_key(text: str) -> str:
    return text + "\n@misc{lu2024benign,\n  title = {Again},\n}\n"


def duplicate_key_other_case(text: str) -> str:
    return text + "\n@misc{Lu2024Benign,\n  title = {Again},\n}\n"


def duplicate_field(text: str) -> str:
    return text.replace(ENTRY, ENTRY + "\n  year = {2023},", 1)


def unbalanced_brace(text: str) -> str:
    return text.replace(
        "title        = {Pessimism in the Face", "title        = {{Pessimism in the Face", 1
    )


def undefined_string(text: str) -> str:
    return text.replace(ENTRY, ENTRY + "\n  note = confnote,", 1)


CASES: dict[str, tuple[Callable[[str], str], str]] = {
    "duplicate key": (
        duplicate_key,
        "BIB201 key 'lu2024benign' is already used by the entry at",
    ),
    "duplicate key, other case": (
        duplicate_key_other_case,
        "BIB201 key 'Lu2024Benign' is already used by the entry at",
    ),
    "duplicate field": (
        duplicate_field,
        "BIB101 entry 'lu2023pessimism' has a second 'year' field",
    ),
    "unbalanced brace": (
        unbalanced_brace,
        (
            "BIB016 this brace in entry 'lu2023pessimism' is not closed where it should be: "
            "its value swallows the fields author, booktitle, year, themes"
        ),
    ),
    "undefined @string": (undefined_string, "BIB019 @string 'confnote' is not defined"),
}


@pytest.mark.parametrize("case", CASES)
def test_build_stops_with_the_located_message(case: str, project: Path, tmp_path: Path) -> None:
    change, message = CASES[case]
    bib = project.parent / "refs.bib"
    bib.write_text(change(bib.read_text(encoding="utf-8")), encoding="utf-8")
    build = sphinx_build(project, tmp_path / "out")
    assert build.returncode == 1
    assert "refs.bib:" in build.warnings
    assert message in build.warnings, build.warnings
    assert "Extension error" not in build.output
    assert "Traceback" not in build.output
    assert "the build stops here" in build.output
    assert not list(build.html.rglob("*.html")), "no page was written"


def test_build_stops_on_a_file_that_is_not_utf8(project: Path, tmp_path: Path) -> None:
    bib = project.parent / "refs.bib"
    text = bib.read_text(encoding="utf-8").replace("Markov", "M\u00e4rkov", 1)
    bib.write_bytes(text.encode("latin-1", errors="replace"))
    build = sphinx_build(project, tmp_path / "out")
    assert build.returncode == 1
    assert "BIB001 byte 0xe4 is not UTF-8" in build.warnings
    assert "Extension error" not in build.output
    assert "Traceback" not in build.output
