"""Docutils nodes for the web pages: papers, prose and their pieces.

Rendering only: every decision (labels, marks, lines, links) comes from the
view. User text only ever becomes ``Text`` nodes or attribute values, which the
HTML writer escapes; nothing from the data is parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from docutils import nodes
from sphinx import addnodes

from bibfolio.cvdoc import Entry, PaperList, Paragraph, Row, TalkBlock
from bibfolio.model import Segment
from bibfolio.view import LEGEND, Author, Line, Link, Paper, css_name

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


def as_written(node: _Node) -> _Node:
    """Text from the data prints as written: no smart quotes or dashes under ``node``."""
    node["support_smartquotes"] = False
    return node


def paper_doc(paper: Paper) -> str:
    """The docname of a paper's own page."""
    return f"papers/{paper.slug}/index"


def doc_link(docname: str, text: str, classes: Sequence[str] = ()) -> addnodes.pending_xref:
    """A link to another page, resolved by Sphinx for whatever builder runs."""
    ref = addnodes.pending_xref(
        "",
        refdomain="std",
        reftype="doc",
        reftarget=f"/{docname}",
        refexplicit=True,
        refwarn=True,
    )
    ref += nodes.inline(text, text, classes=list(classes))
    return ref


def label(paper: Paper, link: bool = True) -> nodes.Node:
    text = f"[{paper.label}]"
    if link:
        return doc_link(paper_doc(paper), text, ["bibfolio-label"])
    return nodes.inline(text, text, classes=["bibfolio-label"])


def authors(people: Iterable[Author]) -> nodes.paragraph:
    line = nodes.paragraph(classes=["bibfolio-authors"])
    for index, person in enumerate(people):
        if index:
            line += nodes.Text(", ")
        if person.owner:
            line += nodes.strong(person.name, person.name, classes=["bibfolio-owner"])
        else:
            line += nodes.Text(person.name)
        if person.marks:
            line += nodes.inline(person.marks, person.marks, classes=["bibfolio-mark"])
    return line


def line(item: Line) -> nodes.paragraph:
    para = nodes.paragraph(classes=["bibfolio-line", f"bibfolio-{item.role}"])
    para += nodes.Text(item.text)
    if item.award:
        if item.text:
            para += nodes.Text(" ")
        para += nodes.strong(item.award, item.award, classes=["bibfolio-award"])
    return para


LinkResolver = Callable[[Paper, Link], str | None]
DETAILS = "Details"


def links(paper: Paper, resolve: LinkResolver, details_link: bool) -> nodes.paragraph | None:
    items: list[nodes.Node] = []
    for link in paper.links:
        address = resolve(paper, link)
        if address is None:
            continue
        ref = nodes.reference(
            link.label, link.label, refuri=address, classes=[f"bibfolio-{link.kind}"]
        )
        items.append(ref)
    if details_link:
        # "Details" on screen, "Details of <title>" for assistive technology: the
        # link's text is split once resolved (bibfolio.sphinx.a11y.DetailsLinks).
        text = f"{DETAILS} of {paper.pub.title}"
        items.append(doc_link(paper_doc(paper), text, ["bibfolio-details"]))
    if not items:
        return None
    para = nodes.paragraph(classes=["bibfolio-links"])
    for index, item in enumerate(items):
        if index:
            para += nodes.Text(" · ")
        para += item
    return para


def abstract(text: str, collapsed: bool) -> nodes.Element:
    body = as_written(nodes.paragraph(text, text, classes=["bibfolio-abstract-text"]))
    if not collapsed:
        return body
    widget = details(classes=["bibfolio-abstract"])
    widget += summary("Abstract", "Abstract")
    widget += body
    return widget


def theme_classes(paper: Paper) -> list[str]:
    return [f"bibfolio-theme-{css_name(theme)}" for theme in paper.pub.themes]


def paper_body(
    paper: Paper,
    resolve: LinkResolver,
    *,
    details_link: bool = True,
    collapsed_abstract: bool = True,
    title: bool = True,
) -> nodes.container:
    """Everything shown for a paper after its label: title, authors, lines, links, abstract."""
    box = as_written(nodes.container(classes=["bibfolio-paper"]))
    if title:
        box += nodes.paragraph(
            "",
            "",
            nodes.strong(paper.pub.title, paper.pub.title),
            classes=["bibfolio-title"],
        )
    box += authors(paper.authors)
    for item in paper.lines:
        box += line(item)
    found = links(paper, resolve, details_link)
    if found is not None:
        box += found
    if paper.pub.abstract and collapsed_abstract:
        box += abstract(paper.pub.abstract, collapsed=True)
    return box


def entry(paper: Paper, resolve: LinkResolver, **options: bool) -> nodes.container:
    """A paper as listed on the publications page: label, then its body."""
    box = as_written(
        nodes.container(
            classes=["bibfolio-entry", *theme_classes(paper)],
            ids=[f"paper-{paper.slug}"],
        )
    )
    box += nodes.inline(f"[{paper.label}]", f"[{paper.label}]", classes=["bibfolio-label"])
    box += paper_body(paper, resolve, **options)
    return box


def legend(marks: Iterable[str]) -> nodes.paragraph | None:
    present = [mark for mark in LEGEND if mark in set(marks)]
    if not present:
        return None
    para = nodes.paragraph(classes=["bibfolio-legend"])
    for index, mark in enumerate(present):
        if index:
            para += nodes.Text(" · ")
        para += nodes.Text(f"{mark} {LEGEND[mark]}")
    return para


def prose(
    segments: Iterable[Segment], cite: Callable[[str], nodes.Node | None]
) -> list[nodes.Node]:
    """Inline nodes for prose; ``cite`` turns a key into its label link."""
    found: list[nodes.Node] = []
    for segment in segments:
        if segment.kind == "text":
            found.append(nodes.Text(segment.text))
        elif segment.kind == "emph":
            found.append(nodes.emphasis(segment.text, segment.text))
        elif segment.kind == "strong":
            found.append(nodes.strong(segment.text, segment.text))
        else:
            for key in segment.keys:
                node = cite(key)
                if node is not None:
                    found.append(node)
    return found


# -- the CV document, contact details ------------------------------------------------


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


def run(pieces: Iterable[Any], cite: Callable[[Any], nodes.Node]) -> list[nodes.Node]:
    """Inline nodes for a run of the CV document (see bibfolio.cvdoc.Piece)."""
    found: list[nodes.Node] = []
    for piece in pieces:
        if piece.kind in {"text", "phone"}:
            found.append(nodes.Text(piece.text))
        elif piece.kind == "strong":
            found.append(nodes.strong(piece.text, piece.text))
        elif piece.kind == "emph":
            found.append(nodes.emphasis(piece.text, piece.text))
        elif piece.kind == "cite":
            found.append(cite(piece))
        elif piece.kind == "link":
            found.append(nodes.reference(piece.text, piece.text, refuri=piece.url))
        elif piece.kind == "email":
            found.append(obfuscated_email(piece.text))
    return found


def _paragraph(children: list[nodes.Node], classes: Sequence[str] = ()) -> nodes.paragraph:
    para = nodes.paragraph(classes=list(classes))
    para.extend(children)
    return para


def header_lines(
    lines: Iterable[Iterable[Any]], cite: Callable[[Any], nodes.Node], show_private: bool
) -> nodes.container:
    box = as_written(nodes.container(classes=["bibfolio-cv-header"]))
    for items in lines:
        shown = [item for item in items if show_private or not item.private]
        children: list[nodes.Node] = []
        for index, item in enumerate(shown):
            if index:
                children.append(nodes.Text(" | "))
            children.extend(run(item.run, cite))
        if children:
            box += _paragraph(children, ["bibfolio-cv-contact"])
    return box


def cv_row(row: Any, cite: Callable[[Any], nodes.Node]) -> nodes.container:
    box = nodes.container(classes=["bibfolio-cv-row"])
    box += nodes.inline("", "", *run(row.left, cite), classes=["bibfolio-cv-left"])
    if row.right:
        box += nodes.inline(row.right, row.right, classes=["bibfolio-cv-right"])
    return box


def cv_blocks(
    blocks: Iterable[Any],
    cite: Callable[[Any], nodes.Node],
    paper: Callable[[Paper], nodes.Node],
) -> list[nodes.Node]:
    found: list[nodes.Node] = []
    for block in blocks:
        if isinstance(block, Entry):
            box = nodes.container(classes=["bibfolio-cv-entry"])
            box.extend(cv_row(row, cite) for row in block.rows)
            box.extend(_paragraph(run(body, cite), ["bibfolio-cv-body"]) for body in block.body)
            found.append(box)
        elif isinstance(block, Row):
            found.append(cv_row(block, cite))
        elif isinstance(block, Paragraph):
            found.append(_paragraph(run(block.run, cite), ["bibfolio-cv-text"]))
        elif isinstance(block, TalkBlock):
            box = nodes.container(classes=["bibfolio-cv-talk"])
            box += _paragraph(run(block.title, cite), ["bibfolio-cv-talk-title"])
            box.extend(cv_row(row, cite) for row in block.events)
            found.append(box)
        elif isinstance(block, PaperList):
            legend_para = (
                _paragraph([nodes.Text(block.legend)], ["bibfolio-legend"])
                if block.legend
                else None
            )
            if legend_para is not None and block.legend_first:
                found.append(legend_para)
            for heading, papers in block.groups:
                if heading:
                    found.append(nodes.rubric(heading, heading, classes=["bibfolio-group"]))
                found.extend(paper(item) for item in papers)
            if legend_para is not None and not block.legend_first:
                found.append(legend_para)
    return found
