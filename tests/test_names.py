"""The owner's name is recognised however an entry spells it; names display as a CV writes them."""

from __future__ import annotations

import pytest

from bibfolio.model.names import Owner, parse_name, split_names


@pytest.mark.parametrize(
    "written",
    [
        "Lu, Miao",
        "Miao Lu",
        "M. Lu",
        "Lu, M.",
        "{Lu}, Miao",
        "{L}u, {M}iao",
        "Mi{\\'a}o Lu",
        "Miáo Lu",
        "LU, MIAO",
        "Lü, Miao",
    ],
)
def test_owner_matches_every_spelling(written: str) -> None:
    assert Owner("Miao Lu").matches(parse_name(written))


@pytest.mark.parametrize("written", ["Lu, Ming", "Luo, Miao", "Lu, Xiao Miao", "Miao, Lu"])
def test_others_do_not_match(written: str) -> None:
    assert not Owner("Miao Lu").matches(parse_name(written))


def test_aliases_add_spellings_no_rule_derives() -> None:
    assert Owner("Miao Lu", ["Lu Miao, X."]).matches(parse_name("Lu Miao, X."))


@pytest.mark.parametrize(
    ("written", "display", "inverted"),
    [
        ("Jordan, Michael I.", "Michael I. Jordan", "Jordan, Michael I."),
        ("de la Fontaine, Jean", "Jean de la Fontaine", "de la Fontaine, Jean"),
        ("Smith, Jr., John", "John Smith, Jr.", "Smith, Jr., John"),
        ("M{\\\"u}ller, J{\\'o}zsef", "József Müller", "Müller, József"),
        ("{Barnes and Noble, Inc.}", "Barnes and Noble, Inc.", "Barnes and Noble, Inc."),
    ],
)
def test_display_and_inverted_forms(written: str, display: str, inverted: str) -> None:
    name = parse_name(written)
    assert name.display == display
    assert name.inverted == inverted


def test_split_keeps_braced_and_and_reports_empty_names() -> None:
    assert split_names("A and {B and C} and D") == ["A", "{B and C}", "D"]
    assert split_names("A AND B") == ["A", "B"]
    assert split_names("A and and B") == ["A", "and B"]
    assert split_names("") == []
