"""The checker on real bibliographies: agreement with pybtex, large files, no crash on any input."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from pathlib import Path

import pytest
from pybtex import errors as pybtex_errors
from pybtex.database import parse_file

from bibfolio.diagnostics import Severity
from bibfolio.load.files import read_bibtex
from bibfolio.load.settings import read_settings
from bibfolio.pipeline import load_project
from conftest import ROOTS, SHARED

CORPUS = SHARED / "corpus"


def corpus(*parts: str) -> Path:
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available (../shared is absent in this clone)")
    return path


def problems_of(path: Path) -> list:  # type: ignore[type-arg]
    """What ``bibfolio check FILE`` finds in the file alone."""
    settings = replace(
        read_settings(path.parent), bibliography=(path,), docs=path / "no-pages", data=None
    )
    return load_project(settings).problems


def tricky_files() -> list[str]:
    folder = CORPUS / "tricky"
    if not folder.is_dir():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.bib"))


@pytest.mark.parametrize("name", tricky_files() or ["(corpus absent)"])
def test_every_file_pybtex_rejects_is_rejected_with_a_located_error(name: str) -> None:
    path = corpus("tricky", name)
    pybtex_errors.set_strict_mode(True)
    try:
        parse_file(str(path))
        rejected = False
    except Exception:  # noqa: BLE001 - any failure of pybtex's parse counts as a rejection
        rejected = True
    finally:
        pybtex_errors.set_strict_mode(False)
    errors = [p for p in problems_of(path) if p.severity is Severity.ERROR]
    if rejected:
        assert errors, f"pybtex rejects {name}; so must the checker"
        lines = path.read_bytes().count(b"\n") + 1
        assert all(1 <= p.line <= lines and p.col >= 1 for p in errors)


PYBTEX_LINE = re.compile(r"^(?:syntax error|undefined string) in line (\d+)")


@pytest.mark.parametrize(
    "name",
    [p.name for p in sorted((CORPUS / "tricky" / "pybtex_tests").glob("*.bib"))] or ["(absent)"],
)
def test_errors_fall_on_the_lines_pybtex_reports(name: str) -> None:
    path = corpus("tricky", "pybtex_tests", name)
    expected = path.with_name(path.stem + ".expected_errors.txt").read_text(encoding="utf-8")
    found = problems_of(path)
    for line in expected.splitlines():
        located = PYBTEX_LINE.match(line)
        if located:
            assert int(located.group(1)) in {p.line for p in found}, line
        duplicate = re.match(r"entry with key (\S+) has a duplicate (\S+) field", line)
        if duplicate:
            assert any(
                p.code == "BIB101" and f"'{duplicate.group(2)}'" in p.message for p in found
            ), line
    syntax = [p for p in found if p.code.startswith("BIB0") or p.code == "BIB101"]
    assert len(syntax) == len(expected.splitlines()), "no more syntax errors than pybtex's"


def test_gbk_file_is_reported_as_not_utf8() -> None:
    found = problems_of(corpus("tricky", "gbk_encoded.bib"))
    assert [(p.code, p.line, p.col) for p in found if p.code == "BIB001"] == [("BIB001", 1, 10)]


# bibtex-tidy 1.14 `--duplicates` on cdl.bib: "Entry X has similar content to entry Y".
BIBTEX_TIDY_CDL = {
    ("RuggAlla00", "Rugg00"),
    ("CronEtal98c", "CronEtal98a"),
    ("GoenLogo08", "GoenEtal08"),
    ("SiapEtal00", "SiapEtal05"),
    ("TulvPsot71", "TulvEtal91"),
    ("BaddHitc74", "Badd86"),
}


def test_cdl_duplicates_match_bibtex_tidy() -> None:
    found = problems_of(corpus("large", "cdl.bib"))
    pairs = {tuple(re.findall(r"'([^']+)'", p.message)[:2]) for p in found if p.code == "BIB204"}
    assert pairs == BIBTEX_TIDY_CDL


@pytest.mark.parametrize("name", ["cdl.bib", "iridia_combined.bib"])
def test_large_bibliographies_run_without_a_crash(name: str) -> None:
    path = corpus("large", name)
    assert len(read_bibtex(path).entries) > 3000
    found = problems_of(path)
    assert all(p.code.startswith("BIB") and p.line >= 1 for p in found)
    assert not [p for p in found if p.code.startswith("BIB0")], "both files parse cleanly"


def test_iridia_macros_and_crossrefs_resolve() -> None:
    found = problems_of(corpus("large", "iridia_combined.bib"))
    assert not [p for p in found if p.code in ("BIB019", "BIB205", "BIB206")]


def test_no_input_crashes_the_checker(tmp_path: Path) -> None:
    """Random cuts, insertions and byte flips of a real bibliography: problems, never exceptions."""
    source = (ROOTS / "minimal" / "refs.bib").read_bytes()
    noise = [b"{", b"}", b'"', b"@", b",", b"=", b"#", b"\x00", b"\xff", b"\n", b" and ", b"%"]
    rng = random.Random(20250901)  # fixed: the same inputs every run
    target = tmp_path / "refs.bib"
    for _ in range(300):
        data = bytearray(source)
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(data))
            choice = rng.random()
            if choice < 0.4:
                del data[at : at + rng.randint(1, 40)]
            elif choice < 0.8:
                data[at:at] = rng.choice(noise)
            else:
                data[at] = rng.randrange(256)
        target.write_bytes(bytes(data))
        for problem in problems_of(target):
            assert problem.line >= 1
            assert problem.col >= 1
