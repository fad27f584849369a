"""The words the outputs print that are not the user's (bibfolio.view.wording)."""

from __future__ import annotations

import locale

import pytest

from bibfolio.model.cv import Month
from bibfolio.view.wording import (
    date_range,
    dates,
    details,
    joined,
    label,
    legend,
    month,
    month_abbreviation,
    month_name,
    month_short,
    parenthesized,
    release,
    sentence,
    updated,
    years,
)


def test_months_in_english_whatever_the_locale() -> None:
    previous = locale.setlocale(locale.LC_TIME)
    try:
        for name in ("fr_FR.UTF-8", "de_DE.UTF-8", "C.UTF-8"):
            try:
                locale.setlocale(locale.LC_TIME, name)
            except locale.Error:
                continue
            assert month_name(9) == "September"
    finally:
        locale.setlocale(locale.LC_TIME, previous)
    assert [month_short(n) for n in (5, 6, 7, 9)] == ["May", "Jun.", "Jul.", "Sep."]
    assert month_abbreviation(9) == "Sep"
    assert month_name(1) == "January"


@pytest.mark.parametrize(
    ("value", "shown"),
    [(Month(2023, 9), "Sep. 2023"), (Month(2024, 5), "May 2024"), (Month(2023), "2023")],
)
def test_a_month_as_the_cv_writes_it(value: Month, shown: str) -> None:
    assert month(value) == shown


@pytest.mark.parametrize(
    ("start", "end", "asof", "shown"),
    [
        (Month(2023, 9), "present", None, "Sep. 2023 – present"),
        (Month(2018, 9), Month(2022, 6), None, "Sep. 2018 – Jun. 2022"),
        (Month(2022, 6), Month(2022, 6), None, "Jun. 2022"),
        (Month(2022, 6), None, None, "Jun. 2022"),
        (None, Month(2022, 6), None, "Jun. 2022"),
        (None, "present", None, "present"),
        (None, None, None, ""),
        (Month(2025, 6), "present", Month(2025, 2), "Starting Jun. 2025"),
        (Month(2025, 6), None, Month(2025, 2), "Starting Jun. 2025"),
        (Month(2025, 6), Month(2025, 8), Month(2025, 2), "Jun. 2025 – Aug. 2025"),
        (Month(2025, 1), "present", Month(2025, 2), "Jan. 2025 – present"),
    ],
)
def test_date_ranges(
    start: Month | None, end: Month | str | None, asof: Month | None, shown: str
) -> None:
    assert date_range(start, end, asof) == shown  # type: ignore[arg-type]


def test_dates_do_not_repeat_a_month_the_next_date_lacks() -> None:
    assert dates([Month(2019, 11), Month(2020)]) == "Nov. 2019, 2020"
    assert dates([Month(2019, 11), Month(2020, 3)]) == "Nov. 2019, Mar. 2020"
    assert dates([Month(2019), Month(2020, 3)]) == "2019, Mar. 2020"


def test_the_update_and_the_release() -> None:
    assert updated(Month(2031, 9)) == "September, 2031"
    assert updated(Month(2031)) == "2031"
    assert release(Month(2031, 2)) == "2031.02"


def test_runs_of_years() -> None:
    assert years([2025, 2023, 2024]) == "2023-2025"
    assert years([2022, 2024, 2024]) == "2022, 2024"
    assert years([2020, 2021, 2023]) == "2020-2021, 2023"
    assert years([]) == ""


def test_joining_words() -> None:
    assert parenthesized("a", "", "b") == " (a) (b)"
    assert parenthesized("") == ""
    assert joined("a", "", "b") == "a, b"
    assert joined("a", "b", separator=" ") == "a b"
    assert sentence("preprint under review") == "Preprint under review"
    assert sentence("") == ""


def test_labels_legends_and_link_names() -> None:
    assert label("C9") == "[C9]"
    assert legend([]) == ""
    assert legend(["*"]) == "Authors with * contributed equally to the work."
    assert legend(["†"]) == "† represents alphabetical order."
    assert legend(["†", "*", "*"]) == (
        "Authors with * contributed equally to the work, and † represents alphabetical order."
    )
    assert details("A Title") == "Details of A Title"
