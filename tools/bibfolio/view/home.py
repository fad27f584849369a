"""The home page's parts: the owner's profile and the news, newest first.

News is made from the data's dated items (positions, awards, talk events) and
the dated papers; the renderers show a date and a run, and decide nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from bibfolio.model.cv import (
    CV,
    AwardsSection,
    EducationItem,
    EducationSection,
    ExperienceItem,
    ExperienceSection,
    Month,
    TalksSection,
    TeachingItem,
    TeachingSection,
)
from bibfolio.view.cv import HeaderItem, header
from bibfolio.view.document import Run, after_space, cite, cites, prose_run, text
from bibfolio.view.papers import Paper, Portfolio
from bibfolio.view.wording import joined, month


@dataclass(frozen=True, slots=True)
class NewsItem:
    date: Month
    run: Run

    @property
    def when(self) -> str:
        return month(self.date)


@dataclass(frozen=True, slots=True)
class Profile:
    position: str  # "Ph.D. Candidate in Operations Research, Stanford University", or ""
    summary: Run
    contact: tuple[HeaderItem, ...]  # the CV's contact line


def profile(cv: CV, portfolio: Portfolio) -> Profile:
    contact = header(cv)
    return Profile(
        joined(cv.position, cv.affiliation),
        prose_run(cv.summary, portfolio) if cv.summary else (),
        contact[0] if contact else (),
    )


def news(cv: CV, portfolio: Portfolio, count: int) -> list[NewsItem]:
    """The ``count`` latest dated items of the data and of the papers, newest first."""
    items = [*_data_news(cv, portfolio), *_paper_news(portfolio)]
    return sorted(items, key=lambda item: item.date, reverse=True)[:count]


def _data_news(cv: CV, portfolio: Portfolio) -> Iterator[NewsItem]:
    for section in cv.sections:
        if isinstance(section, EducationSection | ExperienceSection | TeachingSection):
            for item in section.items:
                if item.start is not None:
                    yield NewsItem(item.start, (text(_position_text(item)),))
        elif isinstance(section, AwardsSection):
            for award in section.items:
                yield NewsItem(max(award.dates), (text(award.title),))
        elif isinstance(section, TalksSection):
            for talk in section.items:
                for event in talk.events:
                    keys = tuple(event.papers) or tuple(talk.papers)
                    place = joined(event.venue, event.city)
                    said = text(f"Talk: {talk.title}, {place}")
                    yield NewsItem(event.date, (said, *_spaced(cites(keys, portfolio))))


def _spaced(run: Run) -> Run:
    return tuple(piece for item in run for piece in after_space((item,)))


def _position_text(item: EducationItem | ExperienceItem | TeachingItem) -> str:
    if isinstance(item, EducationItem):
        return f"{item.degree}, {item.institution}"
    if isinstance(item, ExperienceItem):
        return f"{item.role}, {item.organization}"
    return f"Teaching: {item.course}"


def _paper_news(portfolio: Portfolio) -> Iterator[NewsItem]:
    for paper in portfolio.papers:
        if paper.pub.year:
            date = Month(int(paper.pub.year), paper.pub.month or 0)
            yield NewsItem(date, (cite(paper), text(f" {_paper_line(paper)}")))


def _paper_line(paper: Paper) -> str:
    where = next((line.text for line in paper.lines), "")
    return f"{paper.pub.title} ({where})" if where else paper.pub.title
