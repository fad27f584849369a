"""Talks as every output shows them: newest first, each with its events newest first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bibfolio.model.cv import CV, Month, TalksSection


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
    def heading(self) -> str:
        """The title; for a talk without one, the place of its latest event."""
        return self.title or self.events[0].place

    @property
    def latest(self) -> Month:
        return self.events[0].date

    @property
    def keys(self) -> frozenset[str]:
        """The keys of the papers the talk, or one of its events, presents (lower case)."""
        keys = {*self.papers, *(k for event in self.events for k in event.papers)}
        return frozenset(k.lower() for k in keys)

    def about(self, key: str) -> bool:
        """Whether the talk, or one of its events, presents the paper with this key."""
        return key.lower() in self.keys


def talks(cv: CV) -> list[Talk]:
    """Every talk of every talks section."""
    return talks_in(s for s in cv.sections if isinstance(s, TalksSection))


def talks_in(sections: Iterable[TalksSection]) -> list[Talk]:
    found = []
    for section in sections:
        for item in section.items:
            events = sorted(
                (Event(e.venue, e.city, e.date, tuple(e.papers)) for e in item.events),
                key=lambda event: event.date,
                reverse=True,
            )
            found.append(Talk(item.title, tuple(item.papers), tuple(events)))
    return sorted(found, key=lambda talk: talk.latest, reverse=True)


def talks_about(cv: CV, key: str) -> list[Talk]:
    return [talk for talk in talks(cv) if talk.about(key)]


def talks_by_paper(cv: CV) -> dict[str, list[Talk]]:
    """The talks about each paper (its key in lower case), as ``talks_about`` gives them."""
    found: dict[str, list[Talk]] = {}
    for talk in talks(cv):
        for key in talk.keys:
            found.setdefault(key, []).append(talk)
    return found
