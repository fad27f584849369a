"""YAML with positions (bibfolio.load.yaml): values, where each key and value is written,
located problems, and the bounds that keep a small file from filling the machine."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from bibfolio.load.yaml import (
    KEY,
    MAX_YAML_DEPTH,
    MAX_YAML_VALUES,
    YamlDocument,
    _read_fast,
    parse_yaml,
    read_yaml,
)


def read(text: str, line_offset: int = 0) -> YamlDocument:
    return parse_yaml(text, YamlDocument("cv.yaml", None), line_offset)


def problems(text: str, line_offset: int = 0) -> list[str]:
    return [str(p) for p in read(text, line_offset).problems]


DATA = "name: Ada\nitems:\n  - {a: 1, b: [x, y]}\n  - 2024-02-30\nwhen: 2024-09\n"


def test_plain_data_as_yaml_gives_it() -> None:
    document = read(DATA)
    assert document.problems == []
    assert document.data == {
        "name": "Ada",
        "items": [{"a": 1, "b": ["x", "y"]}, "2024-02-30"],  # an impossible date stays text
        "when": "2024-09",
    }


def test_every_key_and_value_has_its_line_and_column() -> None:
    document = read(DATA)
    assert document.marks[("name", KEY)] == (1, 1)
    assert document.marks[("name",)] == (1, 7)
    assert document.marks[("items", 0, "b", KEY)] == (3, 12)
    assert document.marks[("items", 0, "b", 1)] == (3, 19)
    assert document.marks[("items", 1)] == (4, 5)


def test_where_falls_back_to_the_nearest_enclosing_value() -> None:
    document = read(DATA)
    assert document.where(("items", 0, "b", 1)) == (3, 19)
    assert document.where(("items", 0, "missing", "deeper")) == (3, 5)
    assert document.where(("absent",)) == (1, 1)


def test_lines_are_shifted_for_front_matter() -> None:
    document = read("description: x\n", line_offset=3)
    assert document.marks[("description",)] == (4, 14)
    assert problems("a: 1\na: 2\n", line_offset=3) == [
        "cv.yaml:5:1: CV002 'a' is given twice (first on line 4)"
    ]


def test_a_key_given_twice_is_located_at_the_second() -> None:
    document = read("a: 1\nb: 2\na: 3\n")
    assert [str(p) for p in document.problems] == [
        "cv.yaml:3:1: CV002 'a' is given twice (first on line 1)"
    ]


def test_syntax_errors_are_located_and_leave_no_data() -> None:
    document = read("a: [1\nb: 2\n")
    assert document.data is None
    (problem,) = document.problems
    assert problem.code == "CV001"
    assert problem.message.startswith("YAML syntax:")
    assert problem.line >= 1


def test_merge_keys_merge_mappings_written_keys_first() -> None:
    document = read("base: &b {x: 1, y: 2}\nmore:\n  <<: *b\n  y: 3\n")
    assert document.problems == []
    assert document.data == {"base": {"x": 1, "y": 2}, "more": {"y": 3, "x": 1}}
    assert problems("a: &a 1\nb:\n  <<: *a\n") == ["cv.yaml:3:7: CV005 '<<' merges mappings only"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: &x [1, *x]\n", "cv.yaml:1:11: CV005 the alias *x is inside the value it names"),
        ("a: *y\n", "cv.yaml:1:4: CV005 the alias *y names no anchor (&y)"),
        ("a: 1\n---\nb: 2\n", "cv.yaml:2:1: CV005 a second YAML document ('---'): keep one"),
        (
            "a: !!python/object x\n",
            "cv.yaml:1:4: CV005 the YAML tag tag:yaml.org,2002:python/object is not supported here",
        ),
        ("? [a]\n: 1\n", "cv.yaml:1:3: CV005 a key must be text, not a list or a mapping"),
        ("a: &k b\n*k : 1\n", "cv.yaml:2:1: CV005 a key must be written out, not an alias"),
    ],
)
def test_what_yaml_allows_but_a_data_file_must_not_hold(text: str, message: str) -> None:
    document = read(text)
    assert [str(p) for p in document.problems] == [message]
    assert document.data is None


def test_nesting_is_bounded() -> None:
    deep = "[" * (MAX_YAML_DEPTH + 1) + "]" * (MAX_YAML_DEPTH + 1)
    assert problems(deep) == [
        (
            f"cv.yaml:1:{MAX_YAML_DEPTH + 1}: CV005 lists and mappings nested more than "
            f"{MAX_YAML_DEPTH} deep"
        )
    ]
    assert problems("[" * MAX_YAML_DEPTH + "]" * MAX_YAML_DEPTH) == []


def test_aliases_are_counted_once_expanded() -> None:
    """A billion laughs: each level names the one before ten times."""
    levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for n in range(1, 7):
        name, previous = chr(97 + n), chr(96 + n)
        levels.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 10)}]")
    (problem,) = read("\n".join(levels) + "\n").problems
    assert problem.code == "CV005"
    assert f"more than {MAX_YAML_VALUES:,} values" in problem.message
    assert problem.line == 5, "located where the count runs over: e names 10**5 values"
    small = read("a: &a [x, y]\nb: [*a, *a]\n")
    assert small.problems == []
    assert small.data == {"a": ["x", "y"], "b": [["x", "y"], ["x", "y"]]}


def test_read_yaml_decodes_and_reports_bad_bytes(tmp_path: Path) -> None:
    latin = tmp_path / "cv.yaml"
    latin.write_bytes("name: J\u00f6rg\n".encode("latin-1"))
    document = read_yaml(latin)
    assert [(p.code, p.line, p.col) for p in document.problems] == [("CV003", 1, 8)]
    assert document.data == {"name": "J\ufffdrg"}, "read on, the byte replaced"
    nul = tmp_path / "nul.yaml"
    nul.write_bytes(b"name: A\x00da\n")
    assert [(p.code, p.line, p.col) for p in read_yaml(nul).problems] == [("CV004", 1, 8)]


def test_a_character_yaml_forbids_is_located_in_characters_after_accented_text() -> None:
    (problem,) = read("r\u00e9sum\u00e9: x\nb: \u00e9\x07\n").problems
    assert (problem.code, problem.line, problem.col) == ("CV001", 2, 5)
    assert "U+0007" in problem.message


RICH = """\
name: "Ada L\u00f6velace"
when: 2024-09
born: 1815-12-10
tags: [a, 'b c', 3, 4.5, true, null, ~]
base: &base {city: London, country: UK}
places:
  - <<: *base
    city: Paris
  - *base
bio: |
  Two lines,
  kept as written.
folded: >
  One line
  folded.
\u00e9t\u00e9: \u00e0 Z\u00fcrich  # accented keys and values
"""


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML built without libyaml")
def test_libyaml_and_pyyaml_read_the_same_values_at_the_same_places(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fast = read(RICH, line_offset=2)
    monkeypatch.delattr(yaml, "CSafeLoader")
    own = read(RICH, line_offset=2)
    assert fast.problems == own.problems == []
    assert fast.data == own.data
    assert fast.data["places"][0] == {"city": "Paris", "country": "UK"}
    assert fast.marks == own.marks
    assert fast.marks[("\u00e9t\u00e9",)] == (18, 6)


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML built without libyaml")
def test_a_plain_data_file_is_read_by_libyaml() -> None:
    assert _read_fast(yaml, RICH, YamlDocument("cv.yaml", None), 0)
    assert _read_fast(
        yaml, "links: [a, b]\nurl: https://x.org/p?id=1\n", YamlDocument("x", None), 0
    )


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML built without libyaml")
@pytest.mark.parametrize(
    "text",
    [
        "name: Ada\t\n",  # a tab after a value: PyYAML refuses it, libyaml does not
        "key\t: v\n",
        "tags: [a,\tb]\n",
        "links: [https://x.org/p?id=1]\n",  # PyYAML ends the value at '?'
        "a: {b?: c}\n",
        "a:\n\ufeff  b: 1\n",  # a byte-order mark at the start of a line
        "a: {b: , c}\n",  # empty values, placed a column apart by libyaml
        "? x y",  # a key with no value
        "a: !\n",  # a lone tag
        "a: >#c\n  t\n",  # a comment without a space before it
        "---\n#only a comment",  # an empty document
        "a: [1\nb: 2\n",  # a syntax error, placed otherwise by libyaml
        "a: 1\na: 2\n",  # a key twice
        "a: b\x07\n",  # a character YAML does not allow
    ],
)
def test_where_libyaml_reads_otherwise_pyyaml_has_the_last_word(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same data, places and messages with libyaml as without: a portfolio that builds
    on one machine builds on every other."""
    fast = read(text)
    monkeypatch.delattr(yaml, "CSafeLoader")
    own = read(text)
    assert (fast.data, fast.marks, fast.problems) == (own.data, own.marks, own.problems)


ATOMS = [
    *("a", "b", "é", "1", "-1", "x:y", ": ", ":", "- ", "[", "]", "{", "}", ", ", ","),
    *("\n", "\n  ", "\n    ", "  ", "'q'", '"q"', "#c", " #c", "&x ", "*x", "|\n  t"),
    *(">\n  t", "? ", "!!str ", "~", "null", "2024-09", "---\n", "...", "\\", "'", '"'),
    *("%", "@", "`", "!", "|", ">", "\r\n", "ü", "http://h/p?q=1", "x y", "<<: ", "\u00a0"),
]


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML built without libyaml")
def test_random_texts_read_the_same_with_libyaml_as_without() -> None:
    """2,000 texts made of YAML's pieces, valid or not: the same data, places and messages
    whichever parser PyYAML has (40,000 were checked so, once)."""
    chance = random.Random(2026)
    texts = [
        "".join(chance.choice(ATOMS) for _ in range(chance.randint(1, 25))) for _ in range(2000)
    ]
    fast = [read(text) for text in texts]
    with pytest.MonkeyPatch.context() as patch:
        patch.delattr(yaml, "CSafeLoader")
        own = [read(text) for text in texts]
    for text, one, other in zip(texts, fast, own, strict=True):
        assert (one.data, one.marks, one.problems) == (other.data, other.marks, other.problems), (
            text
        )
