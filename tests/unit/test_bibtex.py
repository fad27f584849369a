"""The BibTeX parser (bibfolio.load.bibtex): values, positions, every syntax error located,
recovery after each; then real files: agreement with pybtex, large files, no crash on any input.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace
from pathlib import Path

import pytest
from pybtex import errors as pybtex_errors
from pybtex.database import BibliographyData, parse_file

from bibfolio.diagnostics import Problem, Severity
from bibfolio.load.bibtex import MAX_DEPTH, MAX_VALUE, BibFile, match_braces, parse
from bibfolio.load.files import read_bibtex
from bibfolio.load.settings import read_settings
from bibfolio.model.names import split_names
from bibfolio.pipeline import load_project
from conftest import ROOTS, SHARED

CORPUS = SHARED / "corpus"

# -- the parser on literal input ----------------------------------------------------------

SOURCE = """\
@string{conf = "Conf. on Tests"}
@STRING{Conf2 = conf # " 2024"}
% a comment line
@Article{a1,
  Title = {A {B}rave Title},
  author = "Lu, Ann and Li, Bo",
  year = 2024,
  month = sep,
  booktitle = CONF2 # { (CT)},
}
@misc(p1, title = {Parens}, note = "a {"}b" )
"""


def codes(bib: BibFile) -> list[tuple[str, int, int]]:
    return [(p.code, p.line, p.col) for p in bib.problems]


def test_values_as_bibtex_reads_them() -> None:
    bib = parse(SOURCE, "refs.bib")
    assert bib.problems == []
    assert [(e.type, e.key, e.complete) for e in bib.entries] == [
        ("Article", "a1", True),
        ("misc", "p1", True),
    ]
    entry = bib.entries[0]
    assert [(f.name, f.value) for f in entry.fields] == [
        ("Title", "A {B}rave Title"),  # inner braces kept
        ("author", "Lu, Ann and Li, Bo"),
        ("year", "2024"),
        ("month", "September"),  # BibTeX's month macros
        ("booktitle", "Conf. on Tests 2024 (CT)"),  # @string names in any case, joined by #
    ]
    assert entry.get("title") is entry.fields[0], "names are looked up in lower case"
    assert entry.value("booktitle") == "Conf. on Tests 2024 (CT)"
    assert entry.value("pages", "none") == "none"
    assert entry.fields[4].macros == ("CONF2",)
    assert [(s.name, s.value) for s in bib.strings] == [
        ("conf", "Conf. on Tests"),
        ("Conf2", "Conf. on Tests 2024"),
    ]
    assert bib.entries[1].value("note") == 'a {"}b', "a quote inside braces is text"


def test_every_entry_and_field_is_located() -> None:
    bib = parse(SOURCE, "refs.bib")
    entry = bib.entries[0]
    assert bib.locate(entry.at) == (4, 1)
    assert bib.locate(entry.key_at) == (4, 10)
    assert [bib.locate(f.name_at) for f in entry.fields] == [(n, 3) for n in range(5, 10)]
    assert bib.locate(entry.fields[0].value_at) == (5, 11)
    assert SOURCE[entry.fields[0].value_at : entry.fields[0].value_end] == "{A {B}rave Title}"
    parens = bib.entries[1]
    assert bib.locate(parens.at) == (11, 1)
    assert SOURCE[parens.at : parens.end] == SOURCE.splitlines()[10]


def test_problems_are_made_at_an_offset_with_the_code_severity_and_hint() -> None:
    bib = parse(SOURCE, "refs.bib")
    problem = bib.problem("BIB120", SOURCE.index("2024,"), "year")
    assert (problem.path, problem.line, problem.col, problem.code) == ("refs.bib", 7, 10, "BIB120")
    assert problem.severity is Severity.ERROR
    assert problem.hint


@pytest.mark.parametrize(
    ("source", "expected", "keys"),
    [
        ("@{a, title={x}}\n@misc{b,}", [("BIB010", 1, 1)], ["b"]),
        ("@misc[a, title={x}]\n@misc{b,}", [("BIB011", 1, 8)], ["b"]),
        ("@misc{, title={x}}", [("BIB012", 1, 7)], []),
        ("@misc{a, title {x}}", [("BIB013", 1, 16)], ["a"]),
        ("@misc {a, title = }", [("BIB014", 1, 19)], ["a"]),
        ('@misc{a, title = "x}y"}', [("BIB015", 1, 20)], ["a"]),
        ("@misc{a, title = {x\n", [("BIB016", 1, 18)], ["a"]),
        ("@misc{a title = {x}}\n@misc{b, title={y}}", [("BIB017", 1, 9)], ["a", "b"]),
        ("@misc{a, title = {x}\n@misc{b, title={y}}\n", [("BIB017", 1, 21)], ["a", "b"]),
        ("@misc{a, title={x}", [("BIB018", 1, 1)], ["a"]),
        ("@misc{a, title = x}", [("BIB019", 1, 18)], ["a"]),
        ("year = {2024},\n@misc{a, title={x}}", [("BIB020", 1, 1)], ["a"]),
        ("@misc{a, title = {x}, Title = {y}}", [("BIB101", 1, 23)], ["a"]),
    ],
)
def test_each_syntax_error_is_located_and_the_parse_goes_on(
    source: str, expected: list[tuple[str, int, int]], keys: list[str]
) -> None:
    bib = parse(source, "r.bib")
    assert codes(bib) == expected
    assert [e.key for e in bib.entries] == keys


def test_an_unclosed_brace_names_the_fields_it_swallows_and_the_next_entry_is_read() -> None:
    source = (
        "@misc{a,\n  title = {x\n  author = {y},\n  year = {2024},\n}\n@misc{b, title = {ok}}\n"
    )
    bib = parse(source, "r.bib")
    assert [str(p) for p in bib.problems] == [
        (
            "r.bib:2:11: BIB016 this brace in entry 'a' is not closed where it should be: "
            "its value swallows the fields author, year"
        )
    ]
    assert [(e.key, e.complete) for e in bib.entries] == [("a", False), ("b", True)]
    assert bib.entries[1].value("title") == "ok"


def test_the_first_of_two_fields_is_the_one_read() -> None:
    bib = parse("@misc{a, title = {first}, TITLE = {second}}")
    assert bib.entries[0].value("title") == "first"
    assert [f.value for f in bib.entries[0].fields] == ["first", "second"]
    assert "the first is on line 1" in bib.problems[0].message


def test_nesting_and_expansion_are_bounded() -> None:
    deep = "{" * (MAX_DEPTH + 1) + "x" + "}" * (MAX_DEPTH + 1)
    bib = parse(f"@misc{{a, title = {deep}}}\n@misc{{b, title = {{ok}}}}\n")
    assert [p.code for p in bib.problems] == ["BIB021"]
    assert bib.entries[-1].value("title") == "ok"
    # The entry's own brace counts: a value may nest one level less.
    shallow = "{" * (MAX_DEPTH - 1) + "x" + "}" * (MAX_DEPTH - 1)
    assert parse(f"@misc{{a, title = {shallow}}}").problems == []
    doubling = ["@string{s0 = {xxxxxxxxxx}}"]
    doubling += [f"@string{{s{n} = s{n - 1} # s{n - 1}}}" for n in range(1, 16)]
    bib = parse("\n".join(doubling) + "\n@misc{a, title = s15 # s15}\n")
    assert {p.code for p in bib.problems} == {"BIB022"}
    assert all(len(f.value) <= MAX_VALUE for e in bib.entries for f in e.fields)


def test_macros_given_to_the_parser_are_defined() -> None:
    bib = parse("@misc{a, journal = jfix}", macros={"JFix": "Journal of Fixtures"})
    assert bib.problems == []
    assert bib.entries[0].value("journal") == "Journal of Fixtures"


def test_braces_are_paired_in_one_pass() -> None:
    text = "{a{b}c} {d"
    closing, too_deep = match_braces(text)
    assert closing == {0: 7, 2: 5}, "the offset after each closing brace; none for an open one"
    assert too_deep is None
    _, deep = match_braces("{" * (MAX_DEPTH + 2))
    assert deep == MAX_DEPTH


# -- real files ---------------------------------------------------------------------------


def corpus(*parts: str) -> Path:
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available (../shared is absent in this clone)")
    return path


def problems_of(path: Path) -> list[Problem]:
    """What ``bibfolio check FILE`` finds in the file alone."""
    settings = replace(
        read_settings(path.parent), bibliography=(path,), docs=path / "no-pages", data=None
    )
    return list(load_project(settings).problems)


def tricky_files() -> list[str]:
    folder = CORPUS / "tricky"
    if not folder.is_dir():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.bib"))


def pybtex_parse(path: Path, strict: bool) -> BibliographyData | Exception:
    """pybtex's reading of the file: strict, its first error; else what it recovers."""
    previous = pybtex_errors.strict
    pybtex_errors.set_strict_mode(strict)
    try:
        return parse_file(str(path))
    except Exception as error:  # noqa: BLE001 - any failure of pybtex's parse is its verdict
        return error
    finally:
        pybtex_errors.set_strict_mode(previous)


def is_utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@pytest.mark.parametrize("name", tricky_files() or ["(corpus absent)"])
def test_tricky_file_reads_as_pybtex_reads_it(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Strict pybtex accepts the file: no error, the same entries and values. It rejects it:
    a located error. Either way, the entries found are those pybtex recovers."""
    path = corpus("tricky", name)
    strict = pybtex_parse(path, strict=True)
    errors = [p for p in problems_of(path) if p.severity is Severity.ERROR]
    lines = path.read_bytes().count(b"\n") + 1
    if isinstance(strict, Exception):
        assert errors, f"pybtex rejects {name} ({strict}); so must the checker"
        assert all(1 <= p.line <= lines and p.col >= 1 for p in errors)
    else:
        assert not [p for p in errors if p.code.startswith("BIB0") or p.code == "BIB101"], (
            f"pybtex reads {name} without an error; so does the parser"
        )
    if not is_utf8(path):
        assert [p.code for p in errors][:1] == ["BIB001"]
        return
    recovered = pybtex_parse(path, strict=False)
    capsys.readouterr()  # pybtex prints its warnings
    assert isinstance(recovered, BibliographyData), recovered
    bib = read_bibtex(path)
    assert [e.key for e in bib.entries] == list(recovered.entries.keys())
    undefined = {p.line for p in bib.problems if p.code == "BIB019"}
    for entry in bib.entries:
        theirs = recovered.entries[entry.key]
        expected: dict[str, object] = {
            name.lower(): " ".join(str(value).split()) for name, value in theirs.fields.items()
        }
        expected |= {role.lower(): len(people) for role, people in theirs.persons.items()}
        found: dict[str, object] = {}
        for field in entry.fields:
            lower = field.name.lower()
            if lower in found:
                continue
            if lower not in expected and bib.locate(field.value_at)[0] in undefined:
                continue  # pybtex drops a field whose @string is undefined; BIB019 says why
            people = lower in ("author", "editor")
            found[lower] = (
                len(split_names(field.value)) if people else " ".join(field.value.split())
            )
        assert found == expected, entry.key


PYBTEX_LINE = re.compile(r"^(?:syntax error|undefined string) in line (\d+)")
PYBTEX_DUPLICATE = re.compile(r"entry with key (\S+) has a duplicate (\S+) field")


@pytest.mark.parametrize(
    "name",
    [p.name for p in sorted((CORPUS / "tricky" / "pybtex_tests").glob("*.bib"))] or ["(absent)"],
)
def test_errors_fall_on_the_lines_pybtex_reports(name: str) -> None:
    """One error for each of pybtex's, on its line (a duplicate field: of that field)."""
    path = corpus("tricky", "pybtex_tests", name)
    expected = path.with_name(path.stem + ".expected_errors.txt").read_text(encoding="utf-8")
    found = [p for p in problems_of(path) if p.code.startswith("BIB0") or p.code == "BIB101"]
    lines: list[int] = []
    duplicates: list[str] = []
    for line in expected.splitlines():
        located = PYBTEX_LINE.match(line)
        duplicate = PYBTEX_DUPLICATE.match(line)
        assert located or duplicate, f"an error of pybtex this test does not read: {line}"
        if located:
            lines.append(int(located.group(1)))
        if duplicate:
            duplicates.append(duplicate.group(2))
    assert sorted(p.line for p in found if p.code != "BIB101") == sorted(lines)
    assert sorted(
        re.findall(r"second '(\S+)' field", p.message)[0] for p in found if p.code == "BIB101"
    ) == sorted(duplicates)


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


def large_problems(name: str) -> list[Problem]:
    """The problems of a large corpus file, which parses cleanly and has more than 3000 entries:
    every problem is a located BIB code."""
    path = corpus("large", name)
    assert len(read_bibtex(path).entries) > 3000
    found = problems_of(path)
    assert all(p.code.startswith("BIB") and p.line >= 1 for p in found)
    assert not [p for p in found if p.code.startswith("BIB0")], "the file parses cleanly"
    return found


def test_cdl_runs_clean_and_its_duplicates_match_bibtex_tidy() -> None:
    """bibtex-tidy's pairs, less those at two venues (a CV lists such versions as papers of
    their own: BIB204 is about the same work at the same venue)."""
    path = corpus("large", "cdl.bib")
    found = large_problems("cdl.bib")
    pairs = {tuple(re.findall(r"'([^']+)'", p.message)[:2]) for p in found if p.code == "BIB204"}
    entries = {entry.key: entry for entry in read_bibtex(path).entries}

    def venue(key: str) -> str:
        entry = entries[key]
        return next((v for f in ("booktitle", "journal") if (v := entry.value(f))), "")

    assert pairs == {(a, b) for a, b in BIBTEX_TIDY_CDL if venue(a) == venue(b)}
    assert pairs, "the same work at the same venue is still found"


def test_iridia_runs_clean_and_its_macros_and_crossrefs_resolve() -> None:
    found = large_problems("iridia_combined.bib")
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
