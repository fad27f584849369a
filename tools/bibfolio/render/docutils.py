"""Docutils nodes for the web pages: the layout of papers, runs, blocks and parts.

Layout only: every decision (labels, marks, lines, links, dates) comes from the
view. User text only ever becomes ``Text`` nodes or attribute values, which the
HTML writer escapes; nothing from the data is parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar, assert_never

from docutils import nodes
from sphinx import addnodes

from bibfolio.render.layout import Layout
from bibfolio.view.cv import HeaderItem, ProfileLink
from bibfolio.view.document import (
    Block,
    ItemList,
    PaperList,
    Paragraph,
    Part,
    Piece,
    Record,
    Row,
    Run,
    TalkBlock,
)
from bibfolio.view.papers import Author, Line, Link, Paper, Portfolio, css_name
from bibfolio.view.wording import details as details_name
from bibfolio.view.wording import label as label_text

# -- nodes with no docutils equivalent ------------------------------------------


class details(nodes.General, nodes.Element):
    """A disclosure widget: <details>, closed unless ``open`` is set."""


class summary(nodes.General, nodes.TextElement):
    """The always-visible label of a <details>."""


def _visit_details(self: object, node: details) -> None:
    attributes = {"open": "open"} if node.get("open") else {}
    self.body.append(self.starttag(node, "details", **attributes))  # type: ignore[attr-defined]


def _depart_details(self: object, node: details) -> None:
    self.body.append("</details>\n")  # type: ignore[attr-defined]


def _visit_summary(self: object, node: summary) -> None:
    self.body.append(self.starttag(node, "summary", ""))  # type: ignore[attr-defined]


def _depart_summary(self: object, node: summary) -> None:
    self.body.append("</summary>\n")  # type: ignore[attr-defined]


def _skip(self: object, node: nodes.Node) -> None:
    """Other builders (text, LaTeX, ...) just render the children."""


NODE_VISITORS = {
    details: {
        "html": (_visit_details, _depart_details),
        **dict.fromkeys(("latex", "text", "man", "texinfo"), (_skip, _skip)),
    },
    summary: {
        "html": (_visit_summary, _depart_summary),
        **dict.fromkeys(("latex", "text", "man", "texinfo"), (_skip, _skip)),
    },
}

# -- small pieces ---------------------------------------------------------------

_Node = TypeVar("_Node", bound=nodes.Element)
LinkResolver = Callable[[Paper, Link], str | None]
DETAILS = "Details"


def as_written(node: _Node) -> _Node:
    """Text from the data prints as written: no smart quotes or dashes under ``node``."""
    node["support_smartquotes"] = False
    return node


def paper_doc(paper: Paper) -> str:
    """The docname of a paper's own page."""
    return f"papers/{paper.slug}/index"


def page_paper(portfolio: Portfolio, docname: str) -> Paper | None:
    """The paper whose own page ``docname`` is (None for any other page)."""
    parts = docname.split("/")
    if len(parts) != 3 or parts[0] != "papers" or parts[2] != "index":
        return None
    return portfolio.by_slug(parts[1])


def doc_link(
    docname: str, text: str, classes: Sequence[str] = (), explicit: bool = True
) -> addnodes.pending_xref:
    """A link to another page, resolved by Sphinx for whatever builder runs."""
    ref = addnodes.pending_xref(
        "",
        refdomain="std",
        reftype="doc",
        reftarget=f"/{docname}",
        refexplicit=explicit,
        refwarn=True,
    )
    ref += nodes.inline(text, text, classes=list(classes))
    return ref


def label(paper: Paper, link: bool = True) -> nodes.Node:
    text = label_text(paper.label)
    if link:
        return doc_link(paper_doc(paper), text, ["bibfolio-label"])
    return nodes.inline(text, text, classes=["bibfolio-label"])


def titled_section(title: str, anchor: str, classes: Sequence[str]) -> nodes.section:
    """A section with its title, text printed as written (no smart quotes)."""
    section = as_written(nodes.section(ids=[nodes.make_id(anchor)], classes=list(classes)))
    section += nodes.title(title, title)
    return section


def obfuscated_email(address: str) -> nodes.reference:
    """A mailto link a person can click but address harvesters do not read as an address.

    The link's address is percent-encoded character by character (browsers decode
    it; pattern-matching harvesters find no "@"), and the text reads "name [at] host".
    """
    href = "mailto:" + "".join(f"%{byte:02X}" for byte in address.encode("utf-8"))
    local, _, host = address.partition("@")
    shown = f"{local} [at] {host}" if host else address
    return nodes.reference(shown, shown, refuri=href, classes=["bibfolio-email"])


# The icon of each service, from the theme's icon font (the site's fonts keep only those shown).
SERVICE_ICONS = {
    "google-scholar": "fa-brands fa-google-scholar",
    "orcid": "fa-brands fa-orcid",
    "github": "fa-brands fa-github",
    "linkedin": "fa-brands fa-linkedin",
    "x": "fa-brands fa-x-twitter",
    "bluesky": "fa-brands fa-bluesky",
    "semantic-scholar": "fa-solid fa-book-open",
    "dblp": "fa-solid fa-database",
    "website": "fa-solid fa-globe",
}
DEFAULT_ICON = "fa-solid fa-link"  # a service of no icon of its own


def profile_links(links: Iterable[ProfileLink]) -> nodes.paragraph:
    """The profiles elsewhere, each an icon and its name, linked."""
    para = as_written(nodes.paragraph(classes=["bibfolio-profiles"]))
    for index, item in enumerate(links):
        if index:
            para += nodes.Text(" · ")
        ref = nodes.reference("", "", refuri=item.url, classes=["bibfolio-profile"])
        icon = SERVICE_ICONS.get(item.service, DEFAULT_ICON)
        ref += nodes.inline("", "", classes=[*icon.split(), "bibfolio-icon"])
        ref += nodes.Text(f" {item.label}")
        para += ref
    return para


def _paragraph(children: Iterable[nodes.Node], classes: Sequence[str] = ()) -> nodes.paragraph:
    para = nodes.paragraph(classes=list(classes))
    para.extend(children)
    return para


def abstract(text: str, collapsed: bool) -> nodes.Element:
    body = as_written(nodes.paragraph(text, text, classes=["bibfolio-abstract-text"]))
    if not collapsed:
        return body
    widget = details(classes=["bibfolio-abstract"])
    widget += summary("Abstract", "Abstract")
    widget += body
    return widget


def legend(text: str) -> nodes.paragraph | None:
    """The sentence that says what the marks mean (None when no paper shown has one)."""
    return nodes.paragraph(text, text, classes=["bibfolio-legend"]) if text else None


# -- the layout ------------------------------------------------------------------


class NodeLayout:
    """Docutils nodes for the view's content, as the web pages show it.

    ``resolve`` gives each link of a paper its address as seen from the page being
    written (a local PDF's place depends on the page).
    """

    def __init__(self, portfolio: Portfolio, resolve: LinkResolver) -> None:
        self.portfolio = portfolio
        self.resolve = resolve

    # inline

    def piece(self, piece: Piece) -> list[nodes.Node]:
        match piece.kind:
            case "text" | "phone":
                return [nodes.Text(piece.text)]
            case "strong":
                return [nodes.strong(piece.text, piece.text)]
            case "emph":
                return [nodes.emphasis(piece.text, piece.text)]
            case "cite":
                return [label(self.portfolio[piece.target])]
            case "link":
                return [nodes.reference(piece.text, piece.text, refuri=piece.target)]
            case "email":
                return [obfuscated_email(piece.text)]
            case _:
                assert_never(piece.kind)

    def run(self, run: Run) -> list[nodes.Node]:
        return [node for piece in run for node in self.piece(piece)]

    def item(self, run: Run) -> list[nodes.Node]:
        """The words of one item of an ``ItemList``."""
        return self.run(run)

    # blocks

    def block(self, block: Block) -> list[nodes.Node]:
        match block:
            case Record():
                box = nodes.container(classes=["bibfolio-cv-entry"])
                box.extend(self.row(row) for row in block.rows)
                box.extend(_paragraph(self.run(body), ["bibfolio-cv-body"]) for body in block.body)
                return [box]
            case Row():
                return [self.row(block)]
            case Paragraph():
                return [_paragraph(self.run(block.run), ["bibfolio-cv-text"])]
            case TalkBlock():
                box = nodes.container(classes=["bibfolio-cv-talk"])
                box += _paragraph(self.run(block.title), ["bibfolio-cv-talk-title"])
                box.extend(self.row(row) for row in block.events)
                return [box]
            case PaperList():
                found: list[nodes.Node] = []
                note = legend(block.legend)
                if note is not None and block.legend_first:
                    found.append(note)
                for heading, papers in block.groups:
                    if heading:
                        found.append(nodes.rubric(heading, heading, classes=["bibfolio-group"]))
                    found.extend(self.paper(paper) for paper in papers)
                if note is not None and not block.legend_first:
                    found.append(note)
                return found
            case ItemList():
                listing = nodes.bullet_list()
                for item in block.items:
                    listing += nodes.list_item("", _paragraph(self.item(item)))
                return [listing]
            case _:
                assert_never(block)

    def row(self, row: Row) -> nodes.container:
        box = nodes.container(classes=["bibfolio-cv-row"])
        box += nodes.inline("", "", *self.run(row.left), classes=["bibfolio-cv-left"])
        if row.right:
            box += nodes.inline(row.right, row.right, classes=["bibfolio-cv-right"])
        return box

    def part(self, part: Part, anchor: str, classes: Sequence[str]) -> nodes.section:
        section = titled_section(part.title, anchor, classes)
        for block in part.blocks:
            section.extend(self.block(block))
        return section

    def header(self, lines: Iterable[Iterable[HeaderItem]], show_private: bool) -> nodes.container:
        box = as_written(nodes.container(classes=["bibfolio-cv-header"]))
        for items in lines:
            shown = [item for item in items if show_private or not item.private]
            children: list[nodes.Node] = []
            for index, item in enumerate(shown):
                if index:
                    children.append(nodes.Text(" | "))
                children.extend(self.run(item.run))
            if children:
                box += _paragraph(children, ["bibfolio-cv-contact"])
        return box

    # papers

    def paper(self, paper: Paper) -> nodes.Element:
        """A paper as listed on the publications page: label, then its body."""
        box = as_written(
            nodes.container(
                classes=["bibfolio-entry", *theme_classes(paper)], ids=[f"paper-{paper.slug}"]
            )
        )
        box += nodes.inline(
            label_text(paper.label), label_text(paper.label), classes=["bibfolio-label"]
        )
        box += self.body(paper)
        return box

    def body(
        self,
        paper: Paper,
        *,
        details_link: bool = True,
        collapsed_abstract: bool = True,
        title: bool = True,
    ) -> nodes.container:
        """Everything shown for a paper after its label: title, authors, lines, links, abstract."""
        box = as_written(nodes.container(classes=["bibfolio-paper"]))
        if title:
            box += nodes.paragraph(
                "", "", nodes.strong(paper.pub.title, paper.pub.title), classes=["bibfolio-title"]
            )
        box += authors(paper.authors, paper.more_authors)
        for item in paper.lines:
            box += line(item)
        found = self.links(paper, details_link)
        if found is not None:
            box += found
        if paper.pub.abstract and collapsed_abstract:
            box += abstract(paper.pub.abstract, collapsed=True)
        return box

    def links(self, paper: Paper, details_link: bool) -> nodes.paragraph | None:
        items: list[nodes.Node] = []
        for link in paper.links:
            address = self.resolve(paper, link)
            if address is not None:
                items.append(
                    nodes.reference(
                        link.label, link.label, refuri=address, classes=[f"bibfolio-{link.kind}"]
                    )
                )
        if details_link:
            # "Details" on screen, "Details of <title>" for assistive technology: the
            # link's text is split once resolved (bibfolio.sphinx.a11y.DetailsLinks).
            text = details_name(paper.pub.title)
            items.append(doc_link(paper_doc(paper), text, ["bibfolio-details"]))
        if not items:
            return None
        para = nodes.paragraph(classes=["bibfolio-links"])
        for index, item in enumerate(items):
            if index:
                para += nodes.Text(" · ")
            para += item
        return para


_: type[Layout[object]] = NodeLayout  # NodeLayout implements the Layout interface


def shown(paper: Paper) -> tuple[object, ...]:
    """Everything ``NodeLayout.paper`` and ``NodeLayout.body`` show of a paper (its links'
    addresses aside, which depend on the page): nodes laid out from an equal value are
    equal. Keep it in step with them."""
    return (
        paper.label,
        paper.slug,
        paper.pub.title,
        paper.pub.abstract,
        paper.pub.themes,
        paper.authors,
        paper.more_authors,
        paper.lines,
        paper.links,
    )


def authors(people: Iterable[Author], more: str = "") -> nodes.paragraph:
    line_ = nodes.paragraph(classes=["bibfolio-authors"])
    index = -1
    for index, person in enumerate(people):
        if index:
            line_ += nodes.Text(", ")
        if person.owner:
            line_ += nodes.strong(person.name, person.name, classes=["bibfolio-owner"])
        else:
            line_ += nodes.Text(person.name)
        if person.marks:
            line_ += nodes.inline(person.marks, person.marks, classes=["bibfolio-mark"])
    if more:
        line_ += nodes.Text(f", {more}" if index >= 0 else more)
    return line_


def line(item: Line) -> nodes.paragraph:
    para = nodes.paragraph(classes=["bibfolio-line", f"bibfolio-{item.role}"])
    para += nodes.Text(item.text)
    if item.award:
        if item.text:
            para += nodes.Text(" ")
        para += nodes.strong(item.award, item.award, classes=["bibfolio-award"])
    return para


def theme_classes(paper: Paper) -> list[str]:
    return [f"bibfolio-theme-{css_name(theme)}" for theme in paper.pub.themes]
