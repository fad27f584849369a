"""Every word the outputs print that is not the user's: months, dates, labels, marks, links.

Decided here once; the web pages, the PDF and the pybtex style all take their
words from this module and choose none themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

from bibfolio.model.cv import Month

# English month names, written out once. The standard library's calendar module
# names them in the process's locale, which Sphinx sets from the environment: a
# build on a French machine would print "septembre" in an English CV.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DASH = "\u2013"
PRESENT = "present"


def month_name(number: int) -> str:
    """``September``."""
    return MONTHS[number - 1]


def month_abbreviation(number: int) -> str:
    """``Sep``: the three letters BibTeX styles print."""
    return MONTHS[number - 1][:3]


def month_short(number: int) -> str:
    """``Sep.``, ``May``: the CV's abbreviation, with a period where letters were dropped."""
    name = MONTHS[number - 1]
    return name if len(name) <= 3 else f"{name[:3]}."


def month(value: Month) -> str:
    """``Sep. 2023``; ``2023`` when only the year is known."""
    if not value.month:
        return str(value.year)
    return f"{month_short(value.month)} {value.year}"


def date_range(
    start: Month | None, end: Month | Literal["present"] | None, asof: Month | None = None
) -> str:
    """``Sep. 2023 – present``, ``Sep. 2018 – Jun. 2022``, ``Jun. 2022`` (one month).

    Something that starts after ``asof`` (the CV's date) reads ``Starting Jun. 2025``.
    """
    if start is None:
        return "" if end is None else _end(end)
    if asof is not None and start > asof and end in (None, PRESENT):
        return f"Starting {month(start)}"
    if end is None or end == start:
        return month(start)
    return f"{month(start)} {DASH} {_end(end)}"


def _end(end: Month | Literal["present"]) -> str:
    return month(end) if isinstance(end, Month) else PRESENT


def dates(values: Sequence[Month]) -> str:
    """``Nov. 2019, 2020``: a month is not repeated when the next date has none."""
    shown = []
    previous: Month | None = None
    for value in values:
        same_month = previous is not None and previous.month and not value.month
        shown.append(str(value.year) if same_month else month(value))
        previous = value
    return ", ".join(shown)


def updated(value: Month) -> str:
    """``September, 2025``: the CV header's "Last update"."""
    if not value.month:
        return str(value.year)
    return f"{month_name(value.month)}, {value.year}"


def release(value: Month) -> str:
    """The calendar version of a release: ``2025.09``."""
    return value.version


def years(values: Sequence[int]) -> str:
    """``2023-2025`` for a run of years, ``2022, 2024`` otherwise."""
    runs: list[list[int]] = []
    for year in sorted(set(values)):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def parenthesized(*parts: str) -> str:
    """`` (a) (b)`` for each part that is not empty."""
    return "".join(f" ({part})" for part in parts if part)


def joined(*parts: str, separator: str = ", ") -> str:
    return separator.join(part for part in parts if part)


# -- papers ----------------------------------------------------------------------

EQUAL_MARK = "*"
ET_AL = "et al."  # after an author list that ends with 'and others'
ALPHABETICAL_MARK = "†"
MARKS = (EQUAL_MARK, ALPHABETICAL_MARK)
_LEGEND_PARTS = {
    EQUAL_MARK: "Authors with * contributed equally to the work",
    ALPHABETICAL_MARK: "† represents alphabetical order",
}
LINK_LABELS = {
    "arxiv": "arXiv",
    "pdf": "PDF",
    "code": "Code",
    "slides": "Slides",
    "video": "Video",
    "poster": "Poster",
    "doi": "DOI",
    "project": "Project page",
    "html": "HTML",
    "supp": "Supplement",
    "blog": "Blog",
    "url": "Web",
}

# The names of the services a profile may be at (the data's ``service``).
SERVICE_NAMES = {
    "google-scholar": "Google Scholar",
    "orcid": "ORCID",
    "github": "GitHub",
    "linkedin": "LinkedIn",
    "x": "X",
    "bluesky": "Bluesky",
    "semantic-scholar": "Semantic Scholar",
    "dblp": "DBLP",
    "website": "Website",
}


def label(text: str) -> str:
    """A paper's label as printed: ``[C9]``."""
    return f"[{text}]"


def legend(marks: Iterable[str]) -> str:
    """What the marks of a list of papers mean, as the CV says it ("" when there are none)."""
    present = set(marks)
    parts = [text for mark, text in _LEGEND_PARTS.items() if mark in present]
    return f"{', and '.join(parts)}." if parts else ""


def details(title: str) -> str:
    """The accessible name of a paper's "Details" link."""
    return f"Details of {title}"


def sentence(text: str) -> str:
    """The text with its first letter capitalized."""
    return text[:1].upper() + text[1:]
