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
from bibfolio.view.cv import HeaderItem, ProfileLink, header, profile_links
from bibfolio.view.document import Run, after_space, cite, cites, prose_run, text
from bibfolio.view.papers import Paper, Portfolio
from bibfolio.view.talks import talks_in
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
    positions: tuple[str, ...]  # "Ph.D. Candidate in Operations Research, Stanford University"
    summary: Run
    contact: tuple[HeaderItem, ...]  # the CV's contact line
    links: tuple[ProfileLink, ...]  # the profiles elsewhere that have an address
    photo: str  # the photo's path from the data file's folder, or ""


def roles(cv: CV) -> tuple[tuple[str, str], ...]:
    """Each position with its affiliation: the list, or the first form's one position."""
    if cv.positions:
        return tuple((role.position, role.affiliation) for role in cv.positions)
    return ((cv.position, cv.affiliation),) if cv.position or cv.affiliation else ()


def profile(cv: CV, portfolio: Portfolio) -> Profile:
    contact = header(cv)
    return Profile(
        tuple(joined(*role) for role in roles(cv)),
        prose_run(cv.summary, portfolio) if cv.summary else (),
        contact[0] if contact else (),
        tuple(link for link in profile_links(cv) if link.url),
        cv.photo or "",
    )


def news(cv: CV, portfolio: Portfolio, count: int) -> list[NewsItem]:
    """The ``count`` latest news items, newest first: those the data writes, then those made
    from the dated items of the data and the papers (``news_from``).

    Nothing dated after the data's ``updated`` month is shown (it is news once the CV is
    updated to it). A talk is news once, at its latest event; an item made from the data
    is left out when a written item of the same year cites one of its papers, or when one
    of the same month says the same words.
    """
    written = [NewsItem(item.date, prose_run(item.text, portfolio)) for item in cv.news]
    made = [*_data_news(cv, portfolio)]
    if "papers" in cv.news_from:
        made += _paper_news(portfolio)
    cited = {(item.date.year, p.target) for item in written for p in item.run if p.kind == "cite"}
    kept: list[NewsItem] = []
    seen: set[tuple[Month, str]] = set()  # (date, words) of the items kept
    for index, item in enumerate((*written, *made)):
        words = (item.date, _words(item.run))
        if item.date > cv.updated or words in seen:
            continue
        papers = {(item.date.year, piece.target) for piece in item.run if piece.kind == "cite"}
        if index >= len(written) and papers & cited:
            continue  # a written item of the same year tells of this paper, in the owner's words
        seen.add(words)
        kept.append(item)
    return sorted(kept, key=lambda item: item.date, reverse=True)[:count]


def _words(run: Run) -> str:
    return " ".join("".join(piece.text for piece in run).split()).lower()


def _data_news(cv: CV, portfolio: Portfolio) -> Iterator[NewsItem]:
    for section in cv.sections:
        if isinstance(section, EducationSection | ExperienceSection | TeachingSection):
            if "positions" in cv.news_from:
                for item in section.items:
                    if item.start is not None:
                        yield NewsItem(item.start, (text(_position_text(item)),))
        elif isinstance(section, AwardsSection):
            if "awards" in cv.news_from:
                for award in section.items:
                    yield NewsItem(max(award.dates), (text(award.title),))
        elif isinstance(section, TalksSection) and "talks" in cv.news_from:
            for talk in talks_in([section]):
                past = [event for event in talk.events if event.date <= cv.updated]
                if past:  # events are newest first: the latest one that has happened
                    event = past[0]
                    keys = event.papers or talk.papers
                    said = text(_talk_text(talk.title, event.place))
                    yield NewsItem(event.date, (said, *_spaced(cites(keys, portfolio))))


def _talk_text(title: str, place: str) -> str:
    return f"Talk: {title}, {place}" if title else f"Talk at {place}"


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
