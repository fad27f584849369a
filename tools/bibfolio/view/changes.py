"""What changed from one release to the next, computed from their data (never written by hand).

Papers are matched by key, positions by institution or organization, talks by
title (or, when renamed, by the papers they present), awards by title, services
by venue, sections by title. Every change is a run of the CV document, so paper
labels link to the papers' pages.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from bibfolio.model.cv import (
    CV,
    AwardsSection,
    EducationItem,
    EducationSection,
    ExperienceItem,
    ExperienceSection,
    Month,
    ServiceSection,
    ServiceVenue,
    TalksSection,
    TeachingItem,
    TeachingSection,
    TextSection,
)
from bibfolio.view.cv import venue_text
from bibfolio.view.document import ItemList, Part, Piece, Run, cite, text
from bibfolio.view.papers import Paper, Portfolio
from bibfolio.view.talks import talks_in
from bibfolio.view.wording import date_range, dates, label, month, release


@dataclass(frozen=True)
class Release:
    cv: CV
    portfolio: Portfolio

    @property
    def version(self) -> str:
        return release(self.cv.updated)


@dataclass(frozen=True, slots=True)
class ChangeGroup:
    title: str
    items: tuple[Run, ...]


def _label(paper: Paper) -> Piece:
    return cite(paper)


def _quoted(value: str) -> str:
    return f"“{value}”" if value else "nothing"


def _paper_lines(paper: Paper) -> list[str]:
    return [f"{line.text} {line.award}".strip() for line in paper.lines]


def paper_changes(old: Portfolio, new: Portfolio) -> Iterator[ChangeGroup]:
    old_keys = {p.key.lower() for p in old.papers}
    new_keys = {p.key.lower() for p in new.papers}
    added = [
        (_label(p), text(f" {p.pub.title}")) for p in new.papers if p.key.lower() not in old_keys
    ]
    removed = [
        (text(f"{label(p.label)} {p.pub.title}"),)
        for p in old.papers
        if p.key.lower() not in new_keys
    ]
    updated: list[Run] = []
    relabelled: list[Run] = []
    for paper in new.papers:
        before = old.get(paper.key)
        if before is None:
            continue
        was, now = _paper_lines(before), _paper_lines(paper)
        if was != now:
            gone = [line for line in was if line not in now]
            came = [line for line in now if line not in was]
            said = "; ".join(
                [
                    *(f"was {_quoted(line)}" for line in gone),
                    *(f"now {_quoted(line)}" for line in came),
                ]
            )
            updated.append((_label(paper), text(f" {paper.pub.title}: {said}")))
        if before.label != paper.label:
            relabelled.append(
                (text(f"{label(before.label)} is now "), _label(paper), text(f" {paper.pub.title}"))
            )
    yield ChangeGroup("Papers added", tuple(added))
    yield ChangeGroup("Papers removed", tuple(removed))
    yield ChangeGroup("Status, venue and award changes", tuple(updated))
    yield ChangeGroup("Labels", tuple(relabelled))


Position = EducationItem | ExperienceItem | TeachingItem


def _positions(cv: CV) -> dict[tuple[str, str], tuple[str, Position]]:
    found: dict[tuple[str, str], tuple[str, Position]] = {}
    for section in cv.sections:
        if isinstance(section, EducationSection | ExperienceSection | TeachingSection):
            for item in section.items:
                found[(section.type, _position_name(item).casefold())] = (section.title, item)
    return found


def _position_name(item: Position) -> str:
    if isinstance(item, EducationItem):
        return item.institution
    if isinstance(item, ExperienceItem):
        return item.organization
    return item.course


def _position_fields(item: Position, asof: Month) -> dict[str, str]:
    fields = {"dates": date_range(item.start, item.end, asof)}
    if isinstance(item, EducationItem):
        fields |= {"degree": item.degree, "location": item.location}
    elif isinstance(item, ExperienceItem):
        fields |= {"role": item.role, "location": item.location, "host": item.host or item.advisor}
    else:
        fields |= {"detail": item.detail}
    return fields


def position_changes(old: CV, new: CV) -> Iterator[ChangeGroup]:
    before, after = _positions(old), _positions(new)
    for kind, title in (
        ("education", "Education"),
        ("experience", "Positions"),
        ("teaching", "Teaching"),
    ):
        items: list[Run] = []
        for identity, (section, item) in after.items():
            if identity[0] != kind:
                continue
            name = _position_name(item)
            if identity not in before:
                fields = _position_fields(item, new.updated)
                detail = fields.get("role") or fields.get("degree") or fields.get("detail") or ""
                items.append((text(f"Added: {name}, {detail} ({section}), {fields['dates']}"),))
                continue
            old_section, old_item = before[identity]
            was = _position_fields(old_item, old.updated)
            now = _position_fields(item, new.updated)
            notes = [
                f"{field} {_quoted(was[field])} → {_quoted(now[field])}"
                for field in now
                if was.get(field, "") != now[field]
            ]
            if old_section != section:
                notes.append(f"section {_quoted(old_section)} → {_quoted(section)}")
            if notes:
                items.append((text(f"{name}: " + "; ".join(notes)),))
        for identity, (section, item) in before.items():
            if identity[0] == kind and identity not in after:
                items.append((text(f"Removed: {_position_name(item)} ({section})"),))
        yield ChangeGroup(title, tuple(items))


def talk_changes(old: Release, new: Release) -> Iterator[ChangeGroup]:
    before = talks_in(s for s in old.cv.sections if isinstance(s, TalksSection))
    after = talks_in(s for s in new.cv.sections if isinstance(s, TalksSection))
    items: list[Run] = []
    matched: set[int] = set()
    for talk in after:
        match = next(
            (i for i, t in enumerate(before) if t.heading.casefold() == talk.heading.casefold()),
            None,
        )
        if match is None:
            match = next(
                (
                    i
                    for i, t in enumerate(before)
                    if i not in matched
                    and {k.lower() for k in t.papers} & {k.lower() for k in talk.papers}
                ),
                None,
            )
        if match is None:
            items.append((text(f"Added: {talk.heading}"),))
            continue
        matched.add(match)
        previous = before[match]
        if previous.heading != talk.heading:
            items.append((text(f"Renamed: {_quoted(previous.heading)} → {_quoted(talk.heading)}"),))
        old_events = {(e.venue, e.date) for e in previous.events}
        for event in talk.events:
            if (event.venue, event.date) not in old_events:
                labels = tuple(_cite(new.portfolio, key) for key in event.papers)
                run: Run = (
                    text(
                        f"New event of {_quoted(talk.heading)}: {event.place}, {month(event.date)}"
                    ),
                )
                items.append(run + tuple(p for label in labels for p in (text(" "), label)))
    for index, talk in enumerate(before):
        if index not in matched:
            items.append((text(f"Removed: {talk.heading}"),))
    yield ChangeGroup("Talks", tuple(items))


def _cite(portfolio: Portfolio, key: str) -> Piece:
    return _label(portfolio[key])


def award_changes(old: CV, new: CV) -> Iterator[ChangeGroup]:
    def awards(cv: CV) -> dict[str, str]:
        return {
            item.title.casefold(): f"{item.title}, {dates(item.dates)}"
            for section in cv.sections
            if isinstance(section, AwardsSection)
            for item in section.items
        }

    before, after = awards(old), awards(new)
    items: list[Run] = [(text(f"Added: {v}"),) for k, v in after.items() if k not in before]
    items += [(text(f"Removed: {v}"),) for k, v in before.items() if k not in after]
    items += [
        (text(f"{_quoted(before[k])} → {_quoted(v)}"),)
        for k, v in after.items()
        if k in before and before[k] != v
    ]
    yield ChangeGroup("Awards and honors", tuple(items))


def service_changes(old: CV, new: CV) -> Iterator[ChangeGroup]:
    def services(cv: CV) -> dict[tuple[str, str], tuple[str, ServiceVenue]]:
        return {
            (item.label.casefold(), venue.name.casefold()): (item.label, venue)
            for section in cv.sections
            if isinstance(section, ServiceSection)
            for item in section.items
            for venue in item.venues
        }

    before, after = services(old), services(new)
    items: list[Run] = []
    for identity, (role, venue) in after.items():
        if identity not in before:
            items.append((text(f"{role}: added {venue_text(venue)}"),))
            continue
        was = set(before[identity][1].years)
        new_years = sorted(set(venue.years) - was)
        if new_years:
            years = ", ".join(str(y) for y in new_years)
            items.append((text(f"{role}: {venue.name} ({years} added)"),))
    items += [
        (text(f"{label}: removed {venue.name}"),)
        for identity, (label, venue) in before.items()
        if identity not in after
    ]
    yield ChangeGroup("Academic services", tuple(items))


def section_changes(old: CV, new: CV) -> Iterator[ChangeGroup]:
    before = {s.title.casefold(): s for s in old.sections}
    after = {s.title.casefold(): s for s in new.sections}
    items: list[Run] = [(text(f"Added: {s.title}"),) for k, s in after.items() if k not in before]
    items += [(text(f"Removed: {s.title}"),) for k, s in before.items() if k not in after]
    for key, section in after.items():
        previous = before.get(key)
        rewritten = (
            isinstance(section, TextSection)
            and isinstance(previous, TextSection)
            and previous.text.split() != section.text.split()
        )
        if rewritten:
            items.append((text(f"Rewritten: {section.title}"),))
    yield ChangeGroup("Sections of the CV", tuple(items))


def compare(old: Release, new: Release) -> list[Part]:
    """Every change from ``old`` to ``new``, a part per kind; kinds without changes left out."""
    groups: Iterable[ChangeGroup] = (
        *paper_changes(old.portfolio, new.portfolio),
        *position_changes(old.cv, new.cv),
        *talk_changes(old, new),
        *award_changes(old.cv, new.cv),
        *service_changes(old.cv, new.cv),
        *section_changes(old.cv, new.cv),
    )
    return [Part(g.title, "changes", (ItemList(g.items),)) for g in groups if g.items]
