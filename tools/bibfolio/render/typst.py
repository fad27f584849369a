"""Typst source for the CV as a PDF: layout and escaping only; the content is the view's.

Every piece of text becomes a Typst string literal (``#"...";``): Typst prints a
string as it is, so no character of the data (# $ * _ @ < > \\ [ ] ...) is ever
read as markup. The ``;`` ends the expression, so a following "." or "(" in the
next piece cannot be taken for a method call.
"""

from __future__ import annotations

from typing import assert_never

from bibfolio.render.layout import Layout
from bibfolio.view.cv import CvDocument
from bibfolio.view.document import (
    Block,
    ItemList,
    PaperList,
    Paragraph,
    Piece,
    Record,
    Row,
    Run,
    TalkBlock,
)
from bibfolio.view.papers import Paper, Portfolio
from bibfolio.view.wording import label

# In every PDF's keywords: ``bibfolio pdf`` writes over a file only when it holds this.
PDF_KEYWORD = "bibfolio"
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": " ", "\r": " ", "\t": " "})


def string(value: str) -> str:
    """A Typst string literal holding ``value`` exactly."""
    return '"' + value.translate(_ESCAPES) + '"'


def text(value: str) -> str:
    return f"#{string(value)};" if value else ""


def strong(content: str) -> str:
    return f"#strong[{content}];"


def link(url: str, content: str) -> str:
    return f"#link({string(url)})[{content}];"


class TypstLayout:
    """The view's content as Typst; ``base_url`` makes labels and titles link to paper pages."""

    def __init__(self, portfolio: Portfolio, base_url: str = "") -> None:
        self.portfolio = portfolio
        self.base = base_url.rstrip("/")

    def paper_url(self, key: str) -> str:
        paper = self.portfolio.get(key)
        return f"{self.base}/papers/{paper.slug}/" if self.base and paper else ""

    def piece(self, piece: Piece) -> str:
        match piece.kind:
            case "text" | "phone":
                return text(piece.text)
            case "strong":
                return strong(text(piece.text))
            case "emph":
                return f"#emph[{text(piece.text)}];"
            case "cite":
                url = self.paper_url(piece.target)
                return link(url, text(piece.text)) if url else text(piece.text)
            case "link":
                return link(piece.target, text(piece.text)) if piece.target else text(piece.text)
            case "email":
                return link(f"mailto:{piece.text}", text(piece.text))
            case _:
                assert_never(piece.kind)

    def run(self, run: Run) -> str:
        return "".join(self.piece(piece) for piece in run)

    def row(self, row: Row, function: str = "row") -> str:
        return f"#{function}[{self.run(row.left)}][{text(row.right)}]\n"

    def paper(self, paper: Paper) -> str:
        people = []
        for index, author in enumerate(paper.authors):
            name = text(author.name)
            people.append(
                ("" if index == 0 else text(", ")) + (strong(name) if author.owner else name)
            )
            if author.marks:
                people.append(text(author.marks))
        if paper.more_authors:
            people.append(text(f", {paper.more_authors}" if people else paper.more_authors))
        lines = [text(paper.pub.title), "".join(people)]
        for line in paper.lines:
            award = f"{text(' ')}{strong(text(line.award))}" if line.award else ""
            lines.append(text(line.text) + award)
        title_url = self.paper_url(paper.key)
        if title_url:
            lines[0] = link(title_url, lines[0])
        body = " \\\n".join(lines)
        return f"#paper[{text(label(paper.label))}][{body}]\n"

    def block(self, block: Block) -> str:
        match block:
            case Record():
                rows = "".join(self.row(r) for r in block.rows)
                bodies = "".join(f"#body[{self.run(body)}]\n" for body in block.body)
                return f"#entry[\n{rows}{bodies}]\n"
            case Row():
                return self.row(block)
            case Paragraph():
                return f"#para[{self.run(block.run)}]\n"
            case TalkBlock():
                events = "".join(self.row(row, "event") for row in block.events)
                return f"#talk[{self.run(block.title)}]\n{events}"
            case PaperList():
                note = f"#legend[{text(block.legend)}]\n" if block.legend else ""
                out = [note if block.legend_first else ""]
                for heading, papers in block.groups:
                    if heading:
                        out.append(f"#group({string(heading)})\n")
                    out.extend(self.paper(paper) for paper in papers)
                out.append("" if block.legend_first else note)
                return "".join(out)
            case ItemList():
                return "".join(f"#para[{self.run(item)}]\n" for item in block.items)
            case _:
                assert_never(block)

    def document(
        self, doc: CvDocument, year: int, month: int, version: str = "", public: bool = True
    ) -> str:
        """The whole CV; ``public`` leaves out what web pages leave out (the phone number,
        unless the data shows it), for the PDF published with the site."""
        header = []
        for items in doc.header:
            shown = [item for item in items if not (public and item.private)]
            if shown:
                header.append(text(" | ").join(self.run(item.run) for item in shown))
        footer = f"{doc.name} · CV · {doc.date}" + (f" · version {version}" if version else "")
        title = string(f"{doc.name} - Curriculum Vitae")
        document = (
            f"#set document(title: {title}, author: {string(doc.name)}, "
            f"keywords: ({string(PDF_KEYWORD)},), "
            f"date: datetime(year: {year}, month: {month}, day: 1))\n"
        )
        page = (
            "#set page(footer: context [#set text(size: 8pt, fill: luma(40%)); "
            f'{text(footer)} #h(1fr) #counter(page).display("1 / 1", both: true)])\n'
        )
        name = (
            '#align(center)[#text(size: 18pt, weight: "bold", tracking: 0.04em)'
            f"[#upper({string(doc.name)})]]\n"
        )
        parts = [PREAMBLE, document, page, name, "#align(center)[" + " \\\n".join(header) + "]\n"]
        for part in doc.parts:
            parts.append(f"#section({string(part.title)})\n")
            parts.extend(self.block(block) for block in part.blocks)
        return "".join(parts)


_: type[Layout[str]] = TypstLayout  # TypstLayout implements the Layout interface


# A paper is one paragraph whose hanging indent keeps its lines beside its label: the
# same page as a two-column grid per paper, for two thirds of the time and memory (a CV
# of 2,000 papers: 1.9 s and 265 MB with grids, 1.3 s and 183 MB so).
PREAMBLE = """\
#set page(paper: "us-letter", margin: (x: 0.75in, top: 0.6in, bottom: 0.75in))
#set text(font: "Libertinus Serif", size: 10pt, lang: "en", hyphenate: false)
#set par(leading: 0.52em, spacing: 0.62em, justify: false)
#show link: set text(fill: rgb("#1f4e8c"))
#let section(title) = block(above: 1.05em, below: 0.55em, breakable: false)[
  #text(size: 11pt, weight: "bold", tracking: 0.03em)[#upper(title)]
  #v(-0.62em)
  #line(length: 100%, stroke: 0.6pt + luma(55%))
]
#let row(left, right) = grid(columns: (1fr, auto), column-gutter: 1.2em, left, right)
#let entry(body) = block(above: 0.55em, below: 0.55em, breakable: false, body)
#let body(content) = block(above: 0.35em, below: 0.2em, inset: (left: 0.9em), content)
#let para(content) = block(above: 0.45em, below: 0.45em, content)
#let talk(content) = block(above: 0.65em, below: 0.25em, content)
#let event(left, right) = pad(left: 0.9em, grid(columns: (auto, 1fr, auto), column-gutter: 0.5em, [•], left, right))
#let legend(content) = block(above: 0.4em, below: 0.6em, text(style: "italic", content))
#let group(title) = block(above: 0.8em, below: 0.4em, text(weight: "bold", title))
#let paper(label, content) = block(above: 0.5em, below: 0.5em, breakable: false, par(hanging-indent: 3.2em, box(width: 2.8em, label) + h(0.4em) + content))
"""
