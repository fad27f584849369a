"""The CV as one format-neutral document: what the CV page and the PDF both print.

Built once from the data and the publications; the web and Typst renderers lay
out the same parts and blocks, so the two outputs hold the same content in the
same order. Every section type of the data file has its case here, checked by
mypy: a new type that is not laid out is a type error, not an empty section.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import assert_never

from bibfolio.model.cv import (
    CV,
    PROFILE_ADDRESSES,
    AnySectionModel,
    AwardsSection,
    EducationSection,
    EntriesSection,
    ExperienceSection,
    PublicationsSection,
    ServiceSection,
    ServiceVenue,
    SkillsSection,
    TalksSection,
    TeachingSection,
    TextSection,
)
from bibfolio.view.document import (
    Block,
    PaperList,
    Paragraph,
    Part,
    Piece,
    Record,
    Row,
    Run,
    TalkBlock,
    after_space,
    cites,
    link,
    prose_run,
    strong,
    text,
)
from bibfolio.view.papers import Portfolio
from bibfolio.view.talks import talks_in
from bibfolio.view.wording import (
    SERVICE_NAMES,
    date_range,
    dates,
    legend,
    month,
    parenthesized,
    updated,
    years,
)


@dataclass(frozen=True, slots=True)
class HeaderItem:
    run: Run
    private: bool = False  # left out of web pages (the phone number, unless asked)


@dataclass(frozen=True, slots=True)
class ProfileLink:
    """A profile elsewhere: its service ("" when the data names none), text and address."""

    service: str
    label: str
    url: str  # "" when the data gives none: the label alone is shown


def profile_links(cv: CV) -> tuple[ProfileLink, ...]:
    found = []
    for item in cv.contact.profiles:
        service = item.service or ""
        url = item.url or ""
        if item.id is not None and service in PROFILE_ADDRESSES:
            url = PROFILE_ADDRESSES[service].format(item.id.removeprefix("@"))
        found.append(ProfileLink(service, item.label or SERVICE_NAMES.get(service, ""), url))
    return tuple(found)


@dataclass(frozen=True)
class CvDocument:
    name: str
    header: tuple[tuple[HeaderItem, ...], ...]
    parts: tuple[Part, ...]
    date: str  # "September, 2025"


def header(cv: CV) -> tuple[tuple[HeaderItem, ...], ...]:
    """The contact line, then the profiles and the date of the last update."""
    contact = cv.contact
    first: list[HeaderItem] = []
    if contact.phone:
        first.append(
            HeaderItem((text("Tel: "), Piece("phone", contact.phone)), not contact.show_phone)
        )
    if contact.email:
        first.append(HeaderItem((text("E-mail: "), Piece("email", contact.email))))
    if contact.homepage:
        shown = contact.homepage.split("://", 1)[-1].rstrip("/")
        first.append(HeaderItem((text("Web: "), link(shown, contact.homepage))))
    second = [HeaderItem((link(p.label, p.url),)) for p in profile_links(cv)]
    second.append(HeaderItem((text(f"Last update: {updated(cv.updated)}"),)))
    return tuple(line for line in (tuple(first), tuple(second)) if line)


def venue_text(venue: ServiceVenue) -> str:
    inside = "; ".join(part for part in (venue.abbreviation, years(venue.years)) if part)
    return f"{venue.name} ({inside})" if inside else venue.name


def place(location: str) -> Run:
    """``, Stanford, USA`` after an entry's title (nothing without a place)."""
    return (text(f", {location}"),) if location else ()


def section_blocks(section: AnySectionModel, cv: CV, portfolio: Portfolio) -> tuple[Block, ...]:
    """The blocks of one section of the data, in its order."""
    asof = cv.updated
    match section:
        case TextSection():
            return (Paragraph(prose_run(section.text, portfolio)),)
        case EducationSection():
            return tuple(
                Record(
                    (
                        Row((strong(item.institution),), item.location),
                        Row((text(item.degree),), date_range(item.start, item.end, asof)),
                    ),
                    tuple(prose_run(note, portfolio) for note in item.notes),
                )
                for item in section.items
            )
        case ExperienceSection():
            records = []
            for item in section.items:
                who = f"Advisor: {item.advisor}" if item.advisor else ""
                who = who or (f"Host: {item.host}" if item.host else "")
                description = prose_run(item.description, portfolio) if item.description else ()
                first = Row((strong(item.organization), text(f", {item.role}")), item.location)
                when = date_range(item.start, item.end, asof)
                if who:
                    records.append(Record((first, Row((text(who),), when)), (description,)))
                else:  # no advisor or host: the description shares the line of the dates
                    records.append(Record((first, Row(description, when))))
            return tuple(records)
        case AwardsSection():
            return tuple(
                Row((text(item.title + parenthesized(item.detail)),), dates(item.dates))
                for item in section.items
            )
        case TeachingSection():
            return tuple(
                Row(
                    (text(item.course + parenthesized(item.detail, item.note)),),
                    date_range(item.start, item.end, asof),
                )
                for item in section.items
            )
        case TalksSection():
            return talk_blocks(section, portfolio)
        case SkillsSection():
            return tuple(
                Paragraph((strong(f"{item.label}:"), text(" "), *prose_run(item.text, portfolio)))
                for item in section.items
            )
        case ServiceSection():
            return tuple(
                Paragraph(
                    (
                        strong(f"{item.label}:"),
                        text(" " + ", ".join(venue_text(v) for v in item.venues)),
                    )
                )
                for item in section.items
            )
        case EntriesSection():
            return entry_blocks(section, cv, portfolio)
        case PublicationsSection():
            chosen = [
                (group, papers)
                for group, papers in portfolio.groups
                if not section.groups or group.title in section.groups
            ]
            groups = tuple(
                (group.title if section.group_headings else "", papers) for group, papers in chosen
            )
            marks = {mark for _, papers in chosen for paper in papers for mark in paper.marks}
            return (PaperList(legend(marks), section.legend_first, groups),)
        case _:
            assert_never(section)


def talk_blocks(section: TalksSection, portfolio: Portfolio) -> tuple[Block, ...]:
    """Each talk with a title, then its events; a talk without one, its events alone."""
    blocks: list[Block] = []
    for talk in talks_in([section]):
        events = tuple(
            Row(
                (text(event.place), *after_space(cites(event.papers, portfolio))),
                month(event.date),
            )
            for event in talk.events
        )
        if talk.title:
            papers = after_space(cites(talk.papers, portfolio))
            blocks.append(TalkBlock((strong(talk.title), *papers), events))
        else:
            blocks.extend(events)
    return tuple(blocks)


def entry_blocks(section: EntriesSection, cv: CV, portfolio: Portfolio) -> tuple[Block, ...]:
    """Dated entries: the title and place, the date on the right, the description below."""
    return tuple(
        Record(
            (
                Row(
                    (*prose_run(item.title, portfolio), *place(item.location)),
                    month(item.date)
                    if item.date is not None
                    else date_range(item.start, item.end, cv.updated),
                ),
            ),
            (prose_run(item.description, portfolio),) if item.description else (),
        )
        for item in section.items
    )


def cv_document(cv: CV, portfolio: Portfolio) -> CvDocument:
    parts = tuple(
        Part(section.title, section.type, section_blocks(section, cv, portfolio))
        for section in cv.sections
    )
    return CvDocument(cv.name, header(cv), parts, updated(cv.updated))
