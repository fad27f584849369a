"""sphinxcontrib-bibtex, fed by bibfolio: the bibliography it cites from, its style, theme lists.

* The bibliography is handed to sphinxcontrib-bibtex already parsed (by the
  pipeline), with the file times it checks, so it finds its cache up to date
  and never parses refs.bib a second time.
* Its entries are labelled, ordered and worded by the view (``PortfolioStyle``).
* On a theme page, ``{bibliography}`` lists the papers whose ``themes`` field
  names the page (plus any key written in its body): a citation of another
  theme's paper links to that paper's entry elsewhere and does not add it here.
* Entries get the same body as on the publications page, and a legend.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinxcontrib.bibtex.bibfile import BibData, BibFile, get_mtime
from sphinxcontrib.bibtex.directives import BibliographyDirective

from bibfolio.model.publication import Publication
from bibfolio.render.docutils import NodeLayout, legend
from bibfolio.render.pybtex import PortfolioStyle
from bibfolio.sphinx.environment import app_of, portfolio_of, project_of
from bibfolio.sphinx.links import link_resolver
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
    style = type("PortfolioStyle", (PortfolioStyle,), {"portfolio": portfolio})
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
    domain.data["bibdata"] = BibData(app.config.bibtex_encoding, files, entries)


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
    """``{bibliography}``: on a theme page, the papers of the theme unless a filter says else."""

    def run(self) -> Any:
        theme = theme_of(app_of(self.env), self.env.docname)
        given = self.options.get("filter", DEFAULT_FILTER).strip()
        if theme is not None and given == DEFAULT_FILTER:
            marker = f"{_SEPARATOR}{theme}{_SEPARATOR}"
            self.options["filter"] = f"{marker!r} in {THEMES_FIELD}"
        return super().run()


class PaperEntries(SphinxPostTransform):
    """Give sphinxcontrib-bibtex's entries bibfolio's body, and the legend of their marks."""

    default_priority = 6  # after BibliographyTransform (5), before references resolve (10)

    def run(self, **kwargs: Any) -> None:
        domain: Any = self.env.get_domain("cite")
        portfolio: Portfolio = portfolio_of(self.env)
        keys = {(c.bibliography_key.docname, c.citation_id): c.key for c in domain.citations}
        marks: set[str] = set()
        first_list: nodes.Element | None = None
        for citation in list(self.document.findall(nodes.citation)):
            docname = citation.get("docname")
            key = keys.get((docname, citation["ids"][0])) if citation["ids"] else None
            paper = portfolio.get(key) if key else None
            if paper is None or docname is None:
                continue
            for child in list(citation.children):
                if isinstance(child, nodes.paragraph):
                    citation.remove(child)
            layout = NodeLayout(portfolio, link_resolver(app_of(self.env), docname))
            citation.append(layout.body(paper))
            citation["classes"].append("bibfolio-citation")
            marks |= paper.marks
            if first_list is None and isinstance(citation.parent, nodes.Element):
                first_list = citation.parent
        note = legend(legend_text(marks))
        if note is not None and first_list is not None and first_list.parent is not None:
            first_list.parent.insert(first_list.parent.index(first_list), note)


def setup(app: Sphinx) -> None:
    # Before sphinxcontrib-bibtex looks at its cache (its handler runs at 500).
    app.connect("builder-inited", hand_over, priority=100)
    app.add_directive("bibliography", ThemeBibliography, override=True)
    app.add_post_transform(PaperEntries)
