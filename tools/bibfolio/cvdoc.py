"""The CV as one format-neutral document: what the CV page and the PDF both print.

Built once from the data and the publications; the web and Typst renderers walk
the same blocks, so the two outputs hold the same content in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from bibfolio.cv import (
    CV,
    AwardsSection,
    EducationSection,
    ExperienceSection,
    PublicationsSection,
    ServiceSection,
    ServiceVenue,
    SkillsSection,
    TalksSection,
    TeachingSection,
    TextSection,
)
from bibfolio.cvview import date_range, dates, month, talks_in, updated, years
from bibfolio.model import prose
from bibfolio.view import LEGEND, Paper, Portfolio

PieceKind = Literal["text", "strong", "emph", "cite", "link", "email", "phone"]


@dataclass(frozen=True, slots=True)
class Piece:
    """Inline content. ``cite``: a paper's label; ``email``/``phone``: contact details."""

    kind: PieceKind
    text: str
    url: str = ""  # link: the address; cite: the paper's key


Run = tuple[Piece, ...]


@dataclass(frozen=True, slots=True)
class Row:
    """A line with text on the left and, aligned right, a place or a date."""

    left: Run
    right: str = ""


@dataclass(frozen=True, slots=True)
class Entry:
    """A position or a degree: its rows, then paragraphs."""

    rows: tuple[Row, ...]
    body: tuple[Run, ...] = ()


@dataclass(frozen=True, slots=True)
class Paragraph:
    run: Run


@dataclass(frozen=True, slots=True)
class TalkBlock:
    title: Run
    events: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class PaperList:
    legend: str
    legend_first: bool
    groups: tuple[tuple[str, tuple[Paper, ...]], ...]  # (heading or "", papers)


Block = Entry | Paragraph | Row | TalkBlock | PaperList


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    kind: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class HeaderItem:
    run: Run
    private: bool = False  # left out of web pages (the phone number, unless asked)


@dataclass(frozen=True)
class CvDocument:
    name: str
    header: tuple[tuple[HeaderItem, ...], ...]
    sections: tuple[Section, ...]
    date: str  # "September, 2025"
    items: list[str] = field(default_factory=list, compare=False)


def text(value: str) -> Piece:
    return Piece("text", value)


def strong(value: str) -> Piece:
    return Piece("strong", value)


def prose_run(value: str, portfolio: Portfolio) -> Run:
    """Prose with its citations resolved to the papers' labels."""
    pieces: list[Piece] = []
    for segment in prose(value):
        if segment.kind == "cite":
            pieces.extend(cite(key, portfolio) for key in segment.keys)
        else:
            pieces.append(Piece(segment.kind, segment.text))  # type: ignore[arg-type]
    return tuple(pieces)


def cite(key: str, portfolio: Portfolio) -> Piece:
    paper = portfolio[key]  # the checks guarantee that cited keys exist
    return Piece("cite", f"[{paper.label}]", paper.key)


def cites(keys: tuple[str, ...] | list[str], portfolio: Portfolio) -> Run:
    return tuple(cite(key, portfolio) for key in keys)


def header(cv: CV) -> tuple[tuple[HeaderItem, ...], ...]:
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
        first.append(HeaderItem((text("Web: "), Piece("link", shown, contact.homepage))))
    second = [
        HeaderItem((Piece("link", p.label, p.url) if p.url else text(p.label),))
        for p in contact.profiles
    ]
    second.append(HeaderItem((text(f"Last update: {updated(cv.updated)}"),)))
    return tuple(line for line in (tuple(first), tuple(second)) if line)


def venue_text(venue: ServiceVenue) -> str:
    inside = "; ".join(part for part in (venue.abbreviation, years(venue.years)) if part)
    return f"{venue.name} ({inside})" if inside else venue.name


def _parenthesized(*parts: str) -> str:
    return "".join(f" ({part})" for part in parts if part)


def section_blocks(section: object, cv: CV, portfolio: Portfolio) -> tuple[Block, ...]:
    asof = cv.updated
    if isinstance(section, TextSection):
        return (Paragraph(prose_run(section.text, portfolio)),)
    if isinstance(section, EducationSection):
        return tuple(
            Entry(
                (
                    Row((strong(item.institution),), item.location),
                    Row((text(item.degree),), date_range(item.start, item.end, asof)),
                ),
                tuple(prose_run(note, portfolio) for note in item.notes),
            )
            for item in section.items
        )
    if isinstance(section, ExperienceSection):
        entries = []
        for item in section.items:
            who = f"Advisor: {item.advisor}" if item.advisor else ""
            who = who or (f"Host: {item.host}" if item.host else "")
            description = prose_run(item.description, portfolio) if item.description else ()
            first = Row((strong(item.organization), text(f", {item.role}")), item.location)
            when = date_range(item.start, item.end, asof)
            if who:
                entries.append(Entry((first, Row((text(who),), when)), (description,)))
            else:  # no advisor or host: the description shares the line of the dates
                entries.append(Entry((first, Row(description, when))))
        return tuple(entries)
    if isinstance(section, AwardsSection):
        return tuple(
            Row((text(item.title + _parenthesized(item.detail)),), dates(item.dates))
            for item in section.items
        )
    if isinstance(section, TeachingSection):
        return tuple(
            Row(
                (text(item.course + _parenthesized(item.detail, item.note)),),
                date_range(item.start, item.end, asof),
            )
            for item in section.items
        )
    if isinstance(section, TalksSection):
        found = []
        for talk in talks_in([section]):
            title: Run = (strong(talk.title),)
            if talk.papers:
                title += (text(" "), *cites(talk.papers, portfolio))
            events = tuple(
                Row(
                    (text(event.place),)
                    + (((text(" "), *cites(event.papers, portfolio))) if event.papers else ()),
                    month(event.date),
                )
                for event in talk.events
            )
            found.append(TalkBlock(title, events))
        return tuple(found)
    if isinstance(section, SkillsSection):
        return tuple(
            Paragraph((strong(f"{item.label}:"), text(" "), *prose_run(item.text, portfolio)))
            for item in section.items
        )
    if isinstance(section, ServiceSection):
        return tuple(
            Paragraph(
                (
                    strong(f"{item.label}:"),
                    text(" " + ", ".join(venue_text(v) for v in item.venues)),
                )
            )
            for item in section.items
        )
    if isinstance(section, PublicationsSection):
        chosen = [
            (group, papers)
            for group, papers in portfolio.groups
            if not section.groups or group.title in section.groups
        ]
        marks = {mark for _, papers in chosen for paper in papers for mark in paper.marks}
        legend = legend_sentence(marks)
        groups = tuple(
            (group.title if section.group_headings else "", papers) for group, papers in chosen
        )
        return (PaperList(legend, section.legend_first, groups),)
    return ()


def legend_sentence(marks: set[str]) -> str:
    """The CV's sentence: ``Authors with * contributed equally..., and † represents ...``."""
    parts = []
    if "*" in marks:
        parts.append("Authors with * contributed equally to the work")
    if "†" in marks:
        parts.append("† represents alphabetical order")
    if not parts:
        return ""
    return ", and ".join(parts) + "."


def cv_document(cv: CV, portfolio: Portfolio) -> CvDocument:
    sections = tuple(
        Section(section.title, section.type, section_blocks(section, cv, portfolio))
        for section in cv.sections
    )
    return CvDocument(cv.name, header(cv), sections, updated(cv.updated))


__all__ = ["LEGEND", "CvDocument", "cv_document"]
