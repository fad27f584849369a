"""The format-neutral content every page and the PDF are laid out from.

Inline text is a ``Run`` of ``Piece``s; a document is ``Part``s of ``Block``s.
Renderers (bibfolio.render) turn these into docutils nodes or Typst; each one
dispatches over ``Block`` and ``PieceKind`` exhaustively, so a new kind of
block or piece is a type error in every renderer that does not lay it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bibfolio.model.prose import prose
from bibfolio.view.papers import Paper, Portfolio
from bibfolio.view.wording import label

PieceKind = Literal["text", "strong", "emph", "cite", "link", "email", "phone"]


@dataclass(frozen=True, slots=True)
class Piece:
    """Inline content. ``cite``: a paper's label, ``target`` its key; ``link``: ``target``
    the address; ``email`` and ``phone``: contact details, each shown its own way."""

    kind: PieceKind
    text: str
    target: str = ""


Run = tuple[Piece, ...]


@dataclass(frozen=True, slots=True)
class Row:
    """A line with text on the left and, aligned right, a place or a date."""

    left: Run
    right: str = ""


@dataclass(frozen=True, slots=True)
class Record:
    """A position, a degree, a dated item: its rows, then paragraphs."""

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


@dataclass(frozen=True, slots=True)
class ItemList:
    """Short items, one per line (what changed, news)."""

    items: tuple[Run, ...]


Block = Record | Paragraph | Row | TalkBlock | PaperList | ItemList


@dataclass(frozen=True, slots=True)
class Part:
    """A titled part of a document: a section of the CV, a group of changes."""

    title: str
    kind: str
    blocks: tuple[Block, ...]


def text(value: str) -> Piece:
    return Piece("text", value)


def strong(value: str) -> Piece:
    return Piece("strong", value)


def link(value: str, address: str) -> Piece:
    return Piece("link", value, address) if address else text(value)


def cite(paper: Paper) -> Piece:
    return Piece("cite", label(paper.label), paper.key)


def cites(keys: tuple[str, ...] | list[str], portfolio: Portfolio) -> Run:
    """The labels of the papers with these keys (the checks made sure they exist)."""
    return tuple(cite(portfolio[key]) for key in keys)


def after_space(run: Run) -> Run:
    """A space, then the run (nothing when the run is empty): ``Title [C1][C2]``."""
    return (text(" "), *run) if run else ()


def prose_run(value: str, portfolio: Portfolio) -> Run:
    """The data file's prose: emphasis, strong text and links kept, citations as labels."""
    pieces: list[Piece] = []
    for segment in prose(value):
        match segment.kind:
            case "cite":
                pieces.extend(cites(segment.keys, portfolio))
            case "link":
                pieces.append(link(segment.text, segment.target))
            case "text" | "emph" | "strong":
                pieces.append(Piece(segment.kind, segment.text))
    return tuple(pieces)
