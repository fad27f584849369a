"""Format-neutral decisions about the CV data: dates, talks, services, news.

The CV page, the PDF, the talks page and the home page's news all use these.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from bibfolio.cv import (
    CV,
    AwardsSection,
    EducationSection,
    ExperienceSection,
    Month,
    TalksSection,
    TeachingSection,
)
from bibfolio.model import MONTH_NAMES

MONTH_SHORT = (
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "May",
    "Jun.",
    "Jul.",
    "Aug.",
    "Sep.",
    "Oct.",
    "Nov.",
    "Dec.",
)
DASH = "\u2013"


def month(value: Month) -> str:
    """``Sep. 2023``; ``2023`` when only the year is known."""
    if not value.month:
        return str(value.year)
    return f"{MONTH_SHORT[value.month - 1]} {value.year}"


def date_range(
    start: Month | None, end: Month | Literal["present"] | None, asof: Month | None = None
) -> str:
    """``Sep. 2023 – present``, ``Sep. 2018 – Jun. 2022``, ``Jun. 2022`` (one month).

    Something that starts after ``asof`` (the CV's date) reads ``Starting Jun. 2025``.
    """
    if start is None and end is None:
        return ""
    if start is None:
        return "present" if end == "present" else month(end)  # type: ignore[arg-type]
    if asof is not None and start > asof and end in (None, "present"):
        return f"Starting {month(start)}"
    if end is None or end == start:
        return month(start)
    return f"{month(start)} {DASH} {'present' if end == 'present' else month(end)}"


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
    return f"{MONTH_NAMES[value.month - 1]}, {value.year}"


def release(value: Month) -> str:
    """The calendar version of a release: ``2025.09``."""
    return f"{value.year}.{value.month:02d}" if value.month else str(value.year)


def years(values: Sequence[int]) -> str:
    """``2023-2025`` for a run of years, ``2022, 2024`` otherwise."""
    ordered = sorted(set(values))
    runs: list[list[int]] = []
    for year in ordered:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


# -- talks ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Event:
    venue: str
    city: str
    date: Month
    papers: tuple[str, ...]

    @property
    def place(self) -> str:
        return ", ".join(part for part in (self.venue, self.city) if part)


@dataclass(frozen=True, slots=True)
class Talk:
    title: str
    papers: tuple[str, ...]
    events: tuple[Event, ...]  # newest first

    @property
    def latest(self) -> Month:
        return self.events[0].date


def talks(cv: CV) -> list[Talk]:
    """Every talk of every talks section, newest first, each with its events newest first."""
    return talks_in(s for s in cv.sections if isinstance(s, TalksSection))


def talks_in(sections: Iterable[TalksSection]) -> list[Talk]:
    found = []
    for section in sections:
        if isinstance(section, TalksSection):
            for item in section.items:
                events = sorted(
                    (Event(e.venue, e.city, e.date, tuple(e.papers)) for e in item.events),
                    key=lambda event: event.date,
                    reverse=True,
                )
                found.append(Talk(item.title, tuple(item.papers), tuple(events)))
    return sorted(found, key=lambda talk: talk.latest, reverse=True)


def talks_about(cv: CV, key: str) -> list[Talk]:
    lower = key.lower()
    return [
        talk
        for talk in talks(cv)
        if lower in {k.lower() for k in talk.papers}
        or any(lower in {k.lower() for k in event.papers} for event in talk.events)
    ]


# -- news -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewsItem:
    date: Month
    kind: Literal["position", "talk", "award", "paper", "teaching"]
    text: str
    keys: tuple[str, ...] = ()  # papers it is about


def news(cv: CV, papers: Iterable[tuple[str, str, Month | None, str]] = ()) -> list[NewsItem]:
    """Dated items, newest first. ``papers``: (key, label, date, venue) of dated papers."""
    items: list[NewsItem] = []
    for section in cv.sections:
        if isinstance(section, EducationSection | ExperienceSection | TeachingSection):
            for item in section.items:
                if item.start is None:
                    continue
                items.append(NewsItem(item.start, "position", _position_text(item)))
        elif isinstance(section, AwardsSection):
            for award in section.items:
                latest = max(award.dates)
                items.append(NewsItem(latest, "award", award.title))
        elif isinstance(section, TalksSection):
            for talk in section.items:
                for event in talk.events:
                    keys = tuple(event.papers) or tuple(talk.papers)
                    place = ", ".join(p for p in (event.venue, event.city) if p)
                    items.append(NewsItem(event.date, "talk", f"Talk: {talk.title}, {place}", keys))
    for key, _label, when, venue in papers:
        if when is not None:
            items.append(NewsItem(when, "paper", venue, (key,)))
    return sorted(items, key=lambda item: item.date, reverse=True)


def _position_text(item: object) -> str:
    from bibfolio.cv import EducationItem, ExperienceItem  # noqa: PLC0415

    if isinstance(item, EducationItem):
        return f"{item.degree}, {item.institution}"
    if isinstance(item, ExperienceItem):
        return f"{item.role}, {item.organization}"
    return f"Teaching: {getattr(item, 'course', '')}"
