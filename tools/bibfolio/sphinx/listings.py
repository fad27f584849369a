"""Papers in lists, laid out when their page is written, and kept from build to build.

The publications page, the CV, the what-changed page and the theme pages list
many papers; laid out as nodes, each paper is some thirty, which every transform
of every build walks (at 300 papers the publications page alone holds 9,000
nodes). Here such a page holds one ``listing`` node per paper, naming the paper
(and one per item of a short list, such as the papers added on the what-changed
page: its words, with the labels of the papers it names);
its nodes are made only when the page is written (``Expand``, before references
are resolved, so that Sphinx resolves its links as ever), and the HTML they give
is kept, per page, under everything the paper's HTML is made from (what is shown
of it and where its links lead from that page). A page written again after one
paper changed lays out that paper alone; the HTML of the others is the one kept,
the same bytes. Within a build, a paper laid out for one page is not laid out again
for another page where it is made from the same (the CV after the publications
page: same shape, links that read the same from both).

A listing whose HTML is kept holds the words of that HTML as its one text, so
that the search index finds the same words. Other builders (text, LaTeX, ...)
get the paper's nodes.
"""

from __future__ import annotations

import contextlib
import pickle
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import sphinx
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.html5 import HTML5Translator

from bibfolio import __version__
from bibfolio.load.signature import digest
from bibfolio.render.docutils import LinkResolver, NodeLayout, paper_doc, shown
from bibfolio.site.artifacts import write_if_changed
from bibfolio.sphinx.environment import app_of, portfolio_of
from bibfolio.sphinx.links import link_resolver, page_folder
from bibfolio.view.document import Run
from bibfolio.view.papers import Paper, Portfolio

FOLDER = "bibfolio-listings"  # in the doctree folder: one file per page
LISTED = "listed"  # a paper as a list shows it: label, then body
BODY = "body"  # a paper's body alone (a theme page's bibliography gives the label)
ITEM = "item"  # the words of an item of a list (``run``), within its paragraph


class listing(nodes.General, nodes.Element):
    """A paper of a list (``key``, ``shape``, ``docname``: the page its links lead from);
    the base of ``listed_words``."""


class listed_words(nodes.Inline, nodes.TextElement, listing):
    """The words of an item of a list (``run``, shape ``ITEM``), in its paragraph (links in
    HTML sit in text)."""


class DeferredLayout(NodeLayout):
    """The web layout, with each paper of a list as one ``listing`` node, and the words of
    each item of a short list as one ``listed_words`` node."""

    def __init__(self, portfolio: Portfolio, resolve: LinkResolver, docname: str) -> None:
        super().__init__(portfolio, resolve)
        self.docname = docname

    def paper(self, paper: Paper) -> nodes.Element:
        return listing(key=paper.key, shape=LISTED, docname=self.docname)

    def item(self, run: Run) -> list[nodes.Node]:
        return [listed_words(run=run, shape=ITEM, docname=self.docname)]


def deferred_layout(app: Sphinx, docname: str, portfolio: Portfolio) -> DeferredLayout:
    return DeferredLayout(portfolio, link_resolver(app, docname), docname)


# -- the HTML kept, per page ------------------------------------------------------


class PageListings:
    """The HTML of a page's listings as last written, and as written now."""

    def __init__(self, path: Path, header: tuple[str, ...]) -> None:
        self.path = path
        self.header = header
        self.kept: dict[tuple[str, str], tuple[str, str, str]] = {}
        try:
            found = pickle.loads(path.read_bytes())  # noqa: S301 - our own, in the private folder
            if isinstance(found, tuple) and len(found) == 2 and found[0] == header:
                self.kept = found[1]
        except Exception:  # noqa: BLE001, S110 - a record that does not load is made again
            pass
        self.now: dict[tuple[str, str], tuple[str, str, str]] = {}

    def find(self, slot: tuple[str, str], made_from: str) -> tuple[str, str] | None:
        """The HTML and words kept for ``slot`` if made from the same inputs."""
        found = self.kept.get(slot)
        if found is None or found[0] != made_from:
            return None
        self.now[slot] = found
        return found[1], found[2]

    def made(self, slot: tuple[str, str], made_from: str, html: str, words: str) -> None:
        self.now[slot] = (made_from, html, words)

    def save(self) -> None:
        if self.now == self.kept:
            return
        data = pickle.dumps((self.header, self.now), protocol=pickle.HIGHEST_PROTOCOL)
        # A record that cannot be kept costs time at the next build, nothing else.
        with contextlib.suppress(OSError):
            write_if_changed(self.path, data)


_PAGES: WeakKeyDictionary[Sphinx, dict[str, PageListings]] = WeakKeyDictionary()
# This build's HTML of each listing written, under its slot and what it is made from.
_WRITTEN: WeakKeyDictionary[Sphinx, dict[tuple[Any, ...], tuple[str, str]]] = WeakKeyDictionary()
# This build's digest of what a paper's listing is made from, by folder of its page and key.
_DESCRIBED: WeakKeyDictionary[Sphinx, dict[tuple[str, str], tuple[str, bool]]] = WeakKeyDictionary()


def _digest(value: object) -> str:
    """A digest of ``value``, a tuple of strings, numbers and records: their ``repr`` shows
    every field that their equality compares. Kept as digests, the records of a page load
    in milliseconds (a tuple of records for each of 2,000 papers took a quarter second)."""
    return digest([repr(value)])


def _page(app: Sphinx, docname: str) -> PageListings:
    pages = _PAGES.setdefault(app, {})
    found = pages.get(docname)
    if found is None:
        folder = Path(app.doctreedir) / FOLDER
        translator = app.builder.get_translator_class().__qualname__
        header = (__version__, sphinx.__version__, app.builder.name, translator)
        found = pages[docname] = PageListings(folder / f"{digest([docname])[:32]}.pickle", header)
    return found


def _page_of(app: Sphinx, fromdoc: str, paper: Paper) -> str | None:
    """Where the link to ``paper``'s own page leads from ``fromdoc`` (None: it has none)."""
    target = paper_doc(paper)
    return app.builder.get_relative_uri(fromdoc, target) if target in app.env.all_docs else None


def _named(node: listing, portfolio: Portfolio) -> list[Paper] | None:
    """The papers a listing shows or names; None when one of them is no longer there (a
    page read before the paper was removed, which the dependencies make rare)."""
    if node["shape"] == ITEM:
        keys = [piece.target for piece in node["run"] if piece.kind == "cite"]
    else:
        keys = [node["key"]]
    found = [portfolio.get(key) for key in keys]
    return None if None in found else [paper for paper in found if paper is not None]


def _made_from(app: Sphinx, fromdoc: str, node: listing, named: list[Paper]) -> Any:
    """Everything a listing's HTML is made from: what the layout shows of its paper, or of the
    papers its item names, and where its links lead from its page (an item's words are its
    slot already)."""
    if node["shape"] == ITEM:
        return tuple((p.label, _page_of(app, fromdoc, p)) for p in named)
    (paper,) = named
    resolve = link_resolver(app, node["docname"])
    links = tuple(resolve(paper, link) for link in paper.links)
    return (shown(paper), links, _page_of(app, fromdoc, paper))


def _described(
    app: Sphinx, fromdoc: str, folder: str, node: listing, named: list[Paper]
) -> tuple[str, bool]:
    """The digest of what a listing is made from, and whether its HTML is kept. A paper's
    listing on any page of one ``folder`` (``page_folder``; its own page aside, where its
    link to itself reads apart) is made from the same, as its links read the same from
    there: computed once per build."""
    shared = node["shape"] != ITEM and node["docname"] == fromdoc != paper_doc(named[0])
    if shared:
        memo = _DESCRIBED.setdefault(app, {})
        found = memo.get((folder, node["key"]))
        if found is not None:
            return found
    made_from = _made_from(app, fromdoc, node, named)
    found = (_digest(made_from), _links_to_pages(node, made_from))
    if shared:
        memo[folder, node["key"]] = found
    return found


def _slot(node: listing) -> tuple[str, str]:
    """What a listing is within its page: its paper and shape, or its item's words."""
    return (ITEM, _digest(node["run"])) if node["shape"] == ITEM else (node["shape"], node["key"])


def _links_to_pages(node: listing, made_from: Any) -> bool:
    """Whether every paper the listing links to has its own page (a link to none warns: such a
    listing is laid out again at each build)."""
    if node["shape"] == ITEM:
        return all(page is not None for _, page in made_from)
    return made_from[-1] is not None


def _nodes(app: Sphinx, node: listing) -> list[nodes.Node]:
    layout = NodeLayout(portfolio_of(app.env), link_resolver(app, node["docname"]))
    if node["shape"] == ITEM:
        return layout.run(node["run"])
    paper = layout.portfolio[node["key"]]
    return [layout.paper(paper) if node["shape"] == LISTED else layout.body(paper)]


class Expand(SphinxPostTransform):
    """Each listing becomes its nodes, or, in HTML, the HTML kept for it."""

    default_priority = 7  # after theme bibliographies get their listings (6), before links (10)

    def run(self, **kwargs: Any) -> None:
        app = app_of(self.env)
        portfolio = portfolio_of(self.env)
        html = app.builder.format == "html"
        fromdoc = self.env.docname
        page, folder = None, ""
        for node in list(self.document.findall(listing)):
            named = _named(node, portfolio)
            if named is None:
                node.parent.remove(node)
                continue
            if not html:  # where links to pages outside the document have no address (LaTeX)
                node.replace_self(_nodes(app, node))
                continue
            if page is None:
                page = _page(app, fromdoc)
                folder = page_folder(app, fromdoc)
            node["slot"] = slot = _slot(node)
            made_from, node["keep"] = _described(app, fromdoc, folder, node, named)
            node["made_from"] = made_from
            found = page.find(slot, made_from)
            if found is None and node["keep"]:
                found = _WRITTEN.get(app, {}).get((slot, made_from))
                if found is not None:
                    page.made(slot, made_from, *found)
            if found is None:
                node[:] = _nodes(app, node)
            else:
                node["html"], words = found
                node[:] = [nodes.Text(words)]


def visit_listing(self: HTML5Translator, node: listing) -> None:
    if "html" in node:
        self.body.append(node["html"])
        raise nodes.SkipNode
    outer = self.body
    self.body = []
    try:
        for child in node.children:
            child.walkabout(self)
        html = "".join(self.body)
    finally:
        self.body = outer
    self.body.append(html)
    words = " ".join(text.astext() for text in node.findall(nodes.Text))
    if node["keep"]:
        app = app_of(self.builder.env)
        _page(app, self.builder.current_docname).made(node["slot"], node["made_from"], html, words)
        _WRITTEN.setdefault(app, {})[node["slot"], node["made_from"]] = (html, words)
    raise nodes.SkipNode


def _nothing(self: HTML5Translator, node: listing) -> None:
    """Never called: a listing's visit writes all of it."""


def keep(app: Sphinx, pagename: str, *args: Any) -> None:
    """Once a page is written: its listings' HTML is kept for the next build."""
    page = _PAGES.get(app, {}).pop(pagename, None)
    if page is not None:
        page.save()


def forget_written(app: Sphinx, env: Any) -> None:
    """A new build lays out anew what the last one wrote and did not keep."""
    _WRITTEN.pop(app, None)
    _DESCRIBED.pop(app, None)


def setup(app: Sphinx) -> None:
    app.connect("env-updated", forget_written)
    app.add_node(listing, html=(visit_listing, _nothing))
    app.add_node(listed_words, html=(visit_listing, _nothing))
    app.add_post_transform(Expand)
    app.connect("html-page-context", keep)
