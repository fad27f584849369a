"""sphinxcontrib-bibtex, fed by bibfolio: the bibliography it cites from, its style, theme lists.

* The bibliography is handed to sphinxcontrib-bibtex already parsed (by the
  pipeline), with the file times it checks, so it finds its cache up to date
  and never parses refs.bib a second time.
* Its entries are labelled, ordered and worded by the view (``PortfolioStyle``).
* On a theme page, ``{bibliography}`` lists the papers whose ``themes`` field
  names the page (plus any key written in its body); with ``:list-cited:``, also
  the papers the page cites (sphinxcontrib-bibtex's own ``:cited:`` means cited
  on any page).
* A citation links to the paper's entry on its own page when the page lists it,
  else to the paper's own page: a theme page may mention any paper without
  listing it, and a page with no bibliography may cite.
* Entries get the same body as on the publications page, and a legend.

``PortfolioDomain`` extends sphinxcontrib-bibtex's domain for the last two and to
keep its work linear in the number of papers: its filter and citation lookups
scan every citation once per entry, which grows with the square of a large
bibliography (this relies on two of its private names, pinned by the version range).
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any, ClassVar

import pybtex.plugin
from docutils import nodes
from docutils.parsers.rst import directives
from pybtex.backends.plaintext import Backend as PlainText
from pybtex.style import FormattedEntry
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinxcontrib.bibtex.bibfile import BibData, BibFile, get_mtime
from sphinxcontrib.bibtex.citation_target import parse_citation_targets
from sphinxcontrib.bibtex.directives import BibliographyDirective
from sphinxcontrib.bibtex.domain import BibtexDomain, Citation, _FilterVisitor
from sphinxcontrib.bibtex.style.referencing import format_references
from sphinxcontrib.bibtex.style.template import SphinxReferenceInfo

from bibfolio.model.publication import Publication
from bibfolio.render.docutils import legend, paper_doc
from bibfolio.render.pybtex import PaperEntry, PortfolioStyle, paper_text
from bibfolio.sphinx.dependencies import ALL, paper_token, theme_token, uses
from bibfolio.sphinx.environment import app_of, portfolio_of, project_of
from bibfolio.sphinx.listings import BODY, listing
from bibfolio.view.papers import Portfolio
from bibfolio.view.wording import legend as legend_text

STYLE = "bibfolio"
THEMES_FIELD = "bibfolio_themes"  # a field of the handed-over entries only, for the filter
_SEPARATOR = "\x1f"  # between theme names in THEMES_FIELD: no file name holds it
DEFAULT_FILTER = "docname in docnames"


def hand_over(app: Sphinx) -> None:
    """Give sphinxcontrib-bibtex the parsed bibliography and bibfolio's style."""
    from pybtex.database import BibliographyData  # noqa: PLC0415
    from pybtex.plugin import register_plugin  # noqa: PLC0415

    project = project_of(app.env)
    portfolio = portfolio_of(app.env)
    style = type("PortfolioStyle", (PortfolioStyle,), {"portfolio": portfolio, "texts": {}})
    register_plugin("pybtex.style.formatting", STYLE, style, force=True)
    paths = [(Path(app.confdir) / name).resolve() for name in app.config.bibtex_bibfiles]
    entries = BibliographyData()
    files: dict[Path, BibFile] = {}
    by_file: dict[str, list[Publication]] = {}
    for pub in project.publications:
        by_file.setdefault(pub.path, []).append(pub)
    for path, bib in zip(paths, project.bibs, strict=True):
        keys: dict[str, None] = {}
        for pub in by_file.get(bib.path, []):
            if pub.key not in entries.entries:
                entries.add_entry(pub.key, _pybtex_entry(pub))
                keys[pub.key] = None
        files[path] = BibFile(mtime=get_mtime(path), keys=keys)
    domain: Any = app.env.get_domain("cite")
    domain.data["bibdata"] = HandedBibData(app.config.bibtex_encoding, files, entries)


class HandedBibData(BibData):
    """The parsed bibliography, handed over at each build: not kept in the environment."""

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, ...]:
        return (BibData, (self.encoding, {}, type(self.data)()))


class KeptCitations(list[Citation]):
    """The citations of every bibliography, kept in the environment without their entries'
    data and text (both come back from the project at the next build)."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (KeptCitations, ([citation._replace(entry=None) for citation in self],))


def _pybtex_entry(pub: Publication) -> Any:
    from pybtex.database import Entry  # noqa: PLC0415

    fields = [(name, value) for name, value in pub.fields if name not in ("author", "editor")]
    fields.append((THEMES_FIELD, _SEPARATOR + _SEPARATOR.join(pub.themes) + _SEPARATOR))
    persons = {
        role: [name.person for name in names if name.person is not None]
        for role, names in (("author", pub.authors), ("editor", pub.editors))
        if names
    }
    return Entry(pub.type, fields=fields, persons=persons)


def theme_of(app: Sphinx, docname: str) -> str | None:
    folder = app.config.bibfolio_themes_dir.strip("/")
    if not docname.startswith(f"{folder}/") or docname == f"{folder}/index":
        return None
    return docname.removeprefix(f"{folder}/")


class ThemeBibliography(BibliographyDirective):
    """``{bibliography}``: on a theme page, the papers of the theme unless a filter says else;
    ``:list-cited:`` adds the papers the page cites (of other themes, or of none)."""

    option_spec: ClassVar[dict[str, Any]] = {
        **BibliographyDirective.option_spec,
        "list-cited": directives.flag,
    }

    def run(self) -> Any:
        theme = theme_of(app_of(self.env), self.env.docname)
        given = self.options.get("filter", DEFAULT_FILTER).strip()
        cited = self.options.pop("list-cited", False) is None  # a flag's value is None
        if theme is not None and given == DEFAULT_FILTER:
            marker = f"{_SEPARATOR}{theme}{_SEPARATOR}"
            mine = f"{marker!r} in {THEMES_FIELD}"
            self.options["filter"] = f"{mine} or {DEFAULT_FILTER}" if cited else mine
            uses(self.env, theme_token(theme))
        elif given != DEFAULT_FILTER:
            uses(self.env, ALL)  # any paper may pass another filter
        uses(self.env, *(paper_token(key) for line in self.content for key in line.split()))
        # The entries cited on the page are its dependencies (bibfolio.sphinx.dependencies),
        # not refs.bib itself, which sphinxcontrib-bibtex notes: an edit of one entry would
        # read every page with a bibliography again.
        result = super().run()
        domain: Any = self.env.get_domain("cite")
        noted = self.env.dependencies.get(self.env.docname)
        if noted is not None:
            bibs = {Path(bib) for bib in domain.bibdata.bibfiles}
            noted.difference_update([path for path in noted if Path(path) in bibs])
        return result


def _own_filter(filter_: ast.AST) -> bool:
    """Whether a bibliography's filter is the default one, or a theme page's (with or
    without the page's citations)."""
    body = filter_.body if isinstance(filter_, ast.Module) else []
    test = body[0].value if len(body) == 1 and isinstance(body[0], ast.Expr) else None
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or) and len(test.values) == 2:
        return all(_own_test(value) for value in test.values)
    return test is not None and _own_test(test)


def _own_test(test: ast.expr) -> bool:
    """``docname in docnames``, or ``'<theme>' in bibfolio_themes``."""
    if not isinstance(test, ast.Compare) or len(test.ops) != 1 or len(test.comparators) != 1:
        return False
    left, right = test.left, test.comparators[0]
    if not isinstance(test.ops[0], ast.In) or not isinstance(right, ast.Name):
        return False
    if isinstance(left, ast.Name):
        return (left.id, right.id) == ("docname", "docnames")
    return (
        isinstance(left, ast.Constant) and isinstance(left.value, str) and right.id == THEMES_FIELD
    )


class PortfolioDomain(BibtexDomain):
    """sphinxcontrib-bibtex's domain, linear in the number of papers; citations that resolve."""

    _cited: dict[str, set[str]]
    _by_key: dict[str, list[Citation]]

    def env_updated(self) -> Any:
        """As sphinxcontrib-bibtex's, for the bibliographies of the pages read in this build.

        The citations of a page not read again are kept from the last build: with the
        default filter (the theme's papers, or the page's citations) they depend only on
        what the page shows (bibfolio.sphinx.dependencies), which did not change. A
        bibliography with another filter may list what other pages cite: always redone.
        """
        self._cited = {}
        for ref in self.citation_refs:
            for target in ref.targets:
                self._cited.setdefault(target.key, set()).add(ref.docname)
        everything = self.data["bibliographies"]
        kept = [
            citation
            for citation in self.citations  # those of pages read again were cleared
            if citation.bibliography_key in everything
            and _own_filter(everything[citation.bibliography_key].filter_)
        ]
        done = {citation.bibliography_key for citation in kept}
        self.data["bibliographies"] = {k: v for k, v in everything.items() if k not in done}
        try:
            result = super().env_updated()
        finally:
            self.data["bibliographies"] = everything
        self.data["citations"] = KeptCitations([*map(self._restored, kept), *self.citations])
        self._by_key = {}
        for citation in self.citations:
            if self.bibliographies[citation.bibliography_key].list_ == "citation":
                self._by_key.setdefault(citation.key, []).append(citation)
        return result

    def _restored(self, citation: Citation) -> Citation:
        """A citation kept from the last build, with its entry and paper of this build."""
        portfolio = portfolio_of(self.env)
        texts = pybtex.plugin.find_plugin("pybtex.style.formatting", STYLE).texts

        def again(formatted: Any) -> PaperEntry | None:
            if formatted is None:
                return None
            return PaperEntry(formatted.key, formatted.label, portfolio.get(formatted.key), texts)

        key = citation.formatted_entry.key
        return citation._replace(
            entry=self.bibdata.data.entries.get(key),
            formatted_entry=again(citation.formatted_entry),
            tooltip_entry=again(citation.tooltip_entry),
        )

    def get_filtered_entries(self, bibliography_key: Any) -> Any:
        """As sphinxcontrib-bibtex's, with where each key is cited looked up, not scanned."""
        bibliography = self.bibliographies[bibliography_key]
        for entry in self.get_entries(bibliography.bibfiles):
            key = bibliography.keyprefix + entry.key
            cited = self._cited.get(key, set())
            visitor = _FilterVisitor(  # type: ignore[no-untyped-call]
                entry=entry, docname=bibliography_key.docname, cited_docnames=cited
            )
            try:
                success = visitor.visit(bibliography.filter_)
            except ValueError:  # sphinxcontrib-bibtex has warned about the filter already
                success = bool(cited)
            if success or entry.key in bibliography.keys:
                yield key, entry

    def get_all_cited_keys(self, docnames: Any) -> Any:
        order = {docname: index for index, docname in enumerate(docnames)}
        for ref in sorted(self.citation_refs, key=lambda c: order.get(c.docname, len(order))):
            for target in ref.targets:
                yield target.key

    def resolve_xref(  # noqa: PLR0917 - Sphinx's signature
        self,
        env: Any,
        fromdocname: str,
        builder: Any,
        typ: str,
        target: str,
        node: Any,
        contnode: Any,
    ) -> Any:
        """Each key: its entry on this page if the page lists it, else its own page."""
        portfolio = portfolio_of(env)
        plaintext = PlainText()  # not found by name: a search of every entry point
        references = []
        for cited in parse_citation_targets(target):
            found = self._by_key.get(cited.key, [])
            local = next((c for c in found if c.bibliography_key.docname == fromdocname), None)
            paper = portfolio.get(cited.key)
            if local is not None:
                entry, formatted, todoc, anchor = (
                    local.entry,
                    local.formatted_entry,
                    local.bibliography_key.docname,
                    local.citation_id,
                )
                tooltip = local.tooltip_entry
            elif paper is not None:
                entry = self.bibdata.data.entries[paper.key]
                formatted = FormattedEntry(paper.key, paper_text(paper), paper.label)
                todoc, anchor, tooltip = paper_doc(paper), f"paper-{paper.slug}", formatted
            else:
                continue  # not reached: the checks stop the build on an unknown key (BIB210)
            title = tooltip.text.render(plaintext) if tooltip is not None else None
            info = SphinxReferenceInfo(
                builder=builder,
                fromdocname=fromdocname,
                todocname=todoc,
                citation_id=anchor,
                title=title,
                pre_text=cited.pre,
                post_text=cited.post,
            )
            references.append((entry, formatted, info))
        formatted_references = format_references(self.reference_style, typ, references)
        result = nodes.inline(rawsource=target, classes=["bibtex-citation"])
        result += formatted_references.render(self.backend)
        return result


class PaperEntries(SphinxPostTransform):
    """Give sphinxcontrib-bibtex's entries bibfolio's body, and the legend of their marks."""

    default_priority = 6  # after BibliographyTransform (5), before references resolve (10)

    def run(self, **kwargs: Any) -> None:
        citations = list(self.document.findall(nodes.citation))
        if not citations:
            return  # most pages: no need to index every citation of the site
        domain: Any = self.env.get_domain("cite")
        portfolio: Portfolio = portfolio_of(self.env)
        keys = {(c.bibliography_key.docname, c.citation_id): c.key for c in domain.citations}
        marks: set[str] = set()
        first_list: nodes.Element | None = None
        for citation in citations:
            docname = citation.get("docname")
            key = keys.get((docname, citation["ids"][0])) if citation["ids"] else None
            paper = portfolio.get(key) if key else None
            if paper is None or docname is None:
                continue
            for child in list(citation.children):
                if isinstance(child, nodes.paragraph):
                    citation.remove(child)
            citation.append(listing(key=paper.key, shape=BODY, docname=docname))
            citation["classes"].append("bibfolio-citation")
            marks |= paper.marks
            if first_list is None and isinstance(citation.parent, nodes.Element):
                first_list = citation.parent
        note = legend(legend_text(marks))
        if note is not None and first_list is not None and first_list.parent is not None:
            first_list.parent.insert(first_list.parent.index(first_list), note)


def setup(app: Sphinx) -> None:
    app.add_domain(PortfolioDomain, override=True)
    # Before sphinxcontrib-bibtex looks at its cache (its handler runs at 500).
    app.connect("builder-inited", hand_over, priority=100)
    app.add_directive("bibliography", ThemeBibliography, override=True)
    app.add_post_transform(PaperEntries)
