"""The owner's name is recognised however an entry spells it; names display as a CV writes them."""

from __future__ import annotations

import pytest

from bibfolio.model.names import NameError_, Owner, name_marks, parse_name, split_names


@pytest.mark.parametrize(
    "written",
    [
        "Ng, Ada",
        "Ada Ng",
        "A. Ng",
        "Ng, A.",
        "{Ng}, Ada",
        "{N}g, {A}da",
        "Ad{\\'a} Ng",
        "Adá Ng",
        "NG, ADA",
        "Ñg, Ada",
        "Ng, Ada-Marie",  # a hyphenated given name starts with the owner's
        "Ada, Ng",  # written the other way round, every part in full (seen in real sites)
    ],
)
def test_owner_matches_every_spelling(written: str) -> None:
    assert Owner("Ada Ng").matches(parse_name(written))


@pytest.mark.parametrize(
    "written", ["Ng, Adam", "Ngo, Ada", "Ng, Xiao Ada", "A., Ng", "Ada, N.", "Ng", "B. Ng"]
)
def test_others_do_not_match(written: str) -> None:
    assert not Owner("Ada Ng").matches(parse_name(written))


def test_aliases_add_spellings_no_rule_derives() -> None:
    assert not Owner("Ada Ng").matches(parse_name("Wu Ada, X."))
    assert Owner("Ada Ng", ["Wu Ada, X."]).matches(parse_name("Wu Ada, X."))


def test_a_name_with_too_many_commas_cannot_be_split() -> None:
    with pytest.raises(NameError_):
        parse_name("Ng, Jr, Ada, Extra")


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


@pytest.mark.parametrize(
    ("written", "clean", "marks"),
    [
        ("Asai*, Akari", "Asai, Akari", "*"),  # al-folio's co-first mark
        ("Einstein*\u2020, A.", "Einstein, A.", "*\u2020"),
        ("Liu*\\(^\\dagger\\), Yuan", "Liu, Yuan", "*\u2020"),  # MathJax, as al-folio sites write
        ("Yuan Liu\\(^\\dagger\\)", "Yuan Liu", "\u2020"),
        ("Lu$^*$, Miao", "Lu, Miao", "*"),
        ("Lu\\textsuperscript{\\ddag}, M.", "Lu, M.", "\u2021"),
        ("{Lu*}, Miao", "{Lu}, Miao", "*"),
        ("Lu, Miao", "Lu, Miao", ""),
        ("$\\alpha$-Lu, Miao", "$\\alpha$-Lu, Miao", ""),  # math that is no mark stays
    ],
)
def test_marks_written_into_a_name_come_out_of_it(written: str, clean: str, marks: str) -> None:
    assert name_marks(written) == (clean, marks)
