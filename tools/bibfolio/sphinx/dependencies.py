"""Which parts of the project each page shows, so that an edit re-reads only the pages showing it.

Sphinx reads a page again when its source changes, or a file it noted as a
dependency; refs.bib and the data file are read by every page that shows a
paper, so noting them would re-read every such page after any edit. Instead a
page records what it shows, as tokens:

* ``paper:<key>``: one paper as shown anywhere (its entry, label, links, and the
  talks about it): the paper page, a citation of it, a talk that covers it;
* ``papers``: every paper, in order (the publications list, the CV, the news);
* ``theme:<name>``: the papers of one theme, in order (the theme page's list);
* ``themes``: how many papers each theme has (the research overview);
* ``data``: the data file and the settings (the CV, talks, news, profile pages);
* ``site``: what every page shows of its owner (name, position, affiliation,
  summary, contact: meta tags and link previews);
* ``previous``: the earlier release the what-changed page compares with (its
  bibliography and data file);
* ``title:<page>``: another page's title, shown in a link (a paper's themes, the
  theme filter): a page that shows it is written again, not read again, when the
  title changes, since titles are known only once the pages are read.

Every page shows the site's navigation (the theme's sidebar): when a title in
it or its order changes, every page is written again, as a first build would
write it (Sphinx itself writes only the pages whose toctree changed).

Citations are read from sphinxcontrib-bibtex's records, not recorded again. At
each build every token's digest is computed from the project and compared with
the one of the build that read the page; a page is read again when any token it
shows changed. The tokens live in the pickled environment, so this holds for
every way of building (``bibfolio build``, ``sphinx-build``, the live preview).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from bibfolio.model.publication import Publication
from bibfolio.pipeline import Project
from bibfolio.site.artifacts import remove_output
from bibfolio.sphinx.environment import (
    memo,
    project_of,
    remember_files,
    sources_signature,
    unchanged,
)
from bibfolio.view.home import roles
from bibfolio.view.papers import Group, Paper
from bibfolio.view.talks import talks_by_paper

USES = "bibfolio_uses"  # env attribute: docname -> tokens
DIGESTS = "bibfolio_digests"  # env attribute: token -> digest, as of the last build
SITE = "site"
ALL = "papers"
DATA = "data"
THEMES = "themes"
PREVIOUS = "previous"
TITLE = "title:"
NAV = "navigation"
# What a paper's digest is made from: every field, but where its entry sits in refs.bib
# (not shown: an entry added above it changes nothing) and its group (taken apart).
_PUBLICATION_SHOWN = tuple(
    f.name for f in dataclasses.fields(Publication) if f.name not in {"line", "position"}
)
_PAPER_SHOWN = tuple(f.name for f in dataclasses.fields(Paper) if f.name not in {"pub", "group"})
_DIGESTS: WeakKeyDictionary[BuildEnvironment, Digests] = WeakKeyDictionary()
_READ: WeakKeyDictionary[BuildEnvironment, set[str]] = WeakKeyDictionary()


def paper_token(key: str) -> str:
    return f"paper:{key.lower()}"


def theme_token(theme: str) -> str:
    return f"theme:{theme}"


def title_token(docname: str) -> str:
    return f"{TITLE}{docname}"


def uses(env: BuildEnvironment, *tokens: str) -> None:
    """Record that the page being read shows these parts of the project."""
    _uses(env).setdefault(env.docname, set()).update(tokens)


def _uses(env: BuildEnvironment) -> dict[str, set[str]]:
    found: dict[str, set[str]] | None = getattr(env, USES, None)
    if found is None:
        found = {}
        setattr(env, USES, found)
    return found


def _hash(parts: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


class Digests:
    """The digest of each token for the project as it is now, computed on demand."""

    def __init__(self, project: Project, papers: dict[str, str] | None = None) -> None:
        self.project = project
        self.portfolio = project.portfolio
        self.known = dict(papers or {})  # the papers' digests kept by an earlier build
        self._papers: dict[str, str] = dict(self.known)
        self._done: dict[str, str] = {}
        self._talks = talks_by_paper(project.cv) if project.cv is not None else {}
        self._groups: dict[Group, tuple[object, ...]] = {}

    def paper(self, key: str) -> str:
        key = key.lower()
        if key not in self._papers:
            paper = self.portfolio.get(key) if self.portfolio is not None else None
            self._papers[key] = "" if paper is None else self._paper(paper)
        return self._papers[key]

    def _paper(self, paper: Paper) -> str:
        group = self._groups.get(paper.group)
        if group is None:  # a group's sets, in an order that is the same in every process
            g = paper.group
            group = (g.prefix, g.title, sorted(g.kinds), g.venues, sorted(g.papers))
            self._groups[paper.group] = group
        pub = paper.pub
        shown = (
            [getattr(pub, name) for name in _PUBLICATION_SHOWN],
            [getattr(paper, name) for name in _PAPER_SHOWN],
            group,
            self._talks.get(paper.key.lower(), []),
        )
        return _hash([repr(shown)])

    def papers(self) -> dict[str, str]:
        """Every paper's digest known so far: kept, or computed by this build."""
        return self._papers

    def __getitem__(self, token: str) -> str:
        if token not in self._done:
            self._done[token] = self._compute(token)
        return self._done[token]

    def _compute(self, token: str) -> str:
        papers = self.portfolio.papers if self.portfolio is not None else ()
        if token.startswith("paper:"):
            return self.paper(token.removeprefix("paper:"))
        if token.startswith("theme:"):
            theme = token.removeprefix("theme:")
            return _hash(self.paper(p.key) for p in papers if theme in p.pub.themes)
        if token == ALL:
            return _hash(self.paper(p.key) for p in papers)
        if token == THEMES:
            return _hash(f"{p.key}\x1f{','.join(p.pub.themes)}" for p in papers)
        if token == DATA:
            data = self.project.data
            return _hash([data.text if data is not None else "", repr(self.project.settings)])
        if token == SITE:
            cv = self.project.cv
            if cv is None:
                return ""
            return _hash(
                [cv.name, repr(roles(cv)), repr(cv.contact), repr(cv.summary), repr(cv.photo)]
            )
        if token == PREVIOUS:
            return _previous(self.project)
        return ""  # a token of another version of bibfolio: the page is read again


PAPER_DIGESTS = "paper-digests"  # in the memo, under the signature of the project's sources


def _kept_papers(app: Sphinx) -> dict[str, str] | None:
    """The papers' digests kept by a build of the same bibliography and data (a page was
    edited since): 2,000 papers are not digested again."""
    key = sources_signature(app)
    found = memo(app).find(PAPER_DIGESTS, key) if key is not None else None
    try:
        papers = json.loads(found) if found is not None else None
    except ValueError:
        return None
    if not isinstance(papers, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in papers.items()
    ):
        return None
    return papers


def _keep_papers(app: Sphinx, digests: Digests) -> None:
    """Keep the papers' digests this build computed beyond those it was given."""
    key = sources_signature(app)
    if key is None or digests.project.problems or len(digests.papers()) == len(digests.known):
        return
    memo(app).keep(PAPER_DIGESTS, key, json.dumps(digests.papers(), sort_keys=True).encode())


def _previous(project: Project) -> str:
    """The earlier release as read for this build (its files are not read again)."""
    previous = project.previous
    if previous is None:
        return ""
    data = previous.data.text if previous.data is not None else ""
    return _hash([project.previous_version, data, *(bib.text for bib in previous.bibs)])


def shown(env: BuildEnvironment) -> dict[str, set[str]]:
    """Every page's tokens: those it recorded, its citations, and the site's."""
    result = {doc: set(tokens) for doc, tokens in _uses(env).items()}
    domain: Any = env.get_domain("cite")
    for ref in domain.citation_refs:
        result.setdefault(ref.docname, set()).update(paper_token(t.key) for t in ref.targets)
    return result


def outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """The pages that show a part of the project that changed since the last build."""
    if unchanged(env):
        return []  # no file changed: no part of the project did
    digests = Digests(project_of(env), _kept_papers(app))
    _DIGESTS[env] = digests
    before: dict[str, str] = getattr(env, DIGESTS, {})
    if before.get(SITE) != digests[SITE]:
        return sorted(env.found_docs - added - removed)
    return sorted(
        doc
        for doc, tokens in shown(env).items()
        if doc in env.found_docs
        and any(before.get(t) != digests[t] for t in tokens if not t.startswith(TITLE))
    )


def reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    _READ[env] = set(docnames)


def remember(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Once every page is read: the digests of what the pages show, for the next build;
    the pages to write again because a title they show changed."""
    digests = _DIGESTS.pop(env, None) or Digests(project_of(env))
    before: dict[str, str] = getattr(env, DIGESTS, {})
    pages = shown(env)
    if unchanged(env):  # the digests are those of the last build; only titles may differ
        now, read_now = dict(before), _READ.pop(env, set())
    else:
        now, read_now = {SITE: digests[SITE]}, set(pages)
    remember_files(env)
    for doc, tokens in pages.items():
        for token in tokens:
            if token.startswith(TITLE):
                title = env.titles.get(token.removeprefix(TITLE))
                now[token] = title.astext() if title is not None else ""
            elif doc in read_now or token not in now:
                now[token] = digests[token]
    now[NAV] = _navigation(env)
    setattr(env, DIGESTS, now)
    _keep_papers(app, digests)  # once every digest this build needs is computed
    if before.get(NAV) != now[NAV]:
        return sorted(env.found_docs)
    return sorted(
        doc
        for doc, tokens in pages.items()
        if doc in env.found_docs
        and any(before.get(t) != now[t] for t in tokens if t.startswith(TITLE))
    )


def _navigation(env: BuildEnvironment) -> str:
    """What the sidebar of every page shows: the toctrees, their captions, the titles."""
    parts = []
    for parent in sorted(env.toctree_includes):
        toc = env.tocs.get(parent)
        captions = [str(n.get("caption")) for n in toc.findall(addnodes.toctree)] if toc else []
        parts.append(f"{parent}\x1f{captions}")
        for child in env.toctree_includes[parent]:
            title = env.titles.get(child)
            parts.append(f"{child}\x1f{title.astext() if title is not None else ''}")
    return _hash(parts)


def forget_removed(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """A page whose source is gone leaves the site: Sphinx forgets it but keeps its files."""
    out = Path(app.outdir)
    outfile = getattr(app.builder, "get_outfilename", None)
    for docname in removed:
        files = [Path(outfile(docname))] if outfile is not None else []
        files += [
            out / "_sources" / f"{docname}{suffix}{app.config.html_sourcelink_suffix}"
            for suffix in app.config.source_suffix
        ]
        for path in files:
            remove_output(out, path)
    return []


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _uses(env).pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    """Pages read in parallel record their tokens in another process's environment."""
    theirs = _uses(other)
    _uses(env).update({doc: theirs[doc] for doc in docnames if doc in theirs})


def setup(app: Sphinx) -> None:
    app.connect("env-get-outdated", outdated)
    app.connect("env-get-outdated", forget_removed)
    app.connect("env-updated", remember)
    app.connect("env-before-read-docs", reading)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
