"""Format-neutral decisions about publications, made once for every output.

Labels, groups and order; author lists with the owner and marks; the venue
line and the lines after it; links. The web pages, the pybtex style and the
PDF all render these values and decide nothing themselves.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bibfolio.model.fields import LINK_KINDS
from bibfolio.model.names import Owner
from bibfolio.model.publication import Publication
from bibfolio.pickled import quick_pickle
from bibfolio.view.wording import (
    ALPHABETICAL_MARK,
    EQUAL_MARK,
    ET_AL,
    LINK_LABELS,
    joined,
    month_abbreviation,
    sentence,
)


@quick_pickle
@dataclass(frozen=True, slots=True)
class Group:
    """A numbered group of the publication list: ``C1``, ``C2``, ... for conference papers."""

    prefix: str  # "" numbers without a letter: [1], [2], ...
    title: str
    kinds: frozenset[str] = frozenset()
    venues: tuple[str, ...] = ()  # words of a venue that put an entry here, in lower case
    papers: frozenset[str] = frozenset()  # keys put here, in lower case

    def names(self, pub: Publication) -> bool:
        """Whether the group names the entry: by its key, or by a word of its venue."""
        return self.has_key(pub) or self.has_venue(pub)

    def has_key(self, pub: Publication) -> bool:
        return pub.key.lower() in self.papers

    def has_venue(self, pub: Publication) -> bool:
        where = f"{pub.booktitle} {pub.journal} {pub.howpublished}".lower()
        return any(word in where for word in self.venues)


def group_of(pub: Publication, kind: str, groups: Sequence[Group]) -> Group:
    """The first group naming the entry's key, else the first naming a word of its venue,
    else the first taking its kind, else the last."""
    for takes in (Group.has_key, Group.has_venue):
        found = next((group for group in groups if takes(group, pub)), None)
        if found is not None:
            return found
    return next((group for group in groups if kind in group.kinds), groups[-1])


DEFAULT_GROUPS = (
    Group("P", "Preprints", frozenset({"preprint"})),
    Group("J", "Journal articles", frozenset({"article"})),
    Group("C", "Conference papers", frozenset({"inproceedings"})),
    Group("B", "Books and chapters", frozenset({"book"})),
    Group("T", "Theses", frozenset({"thesis"})),
    Group("R", "Reports", frozenset({"report"})),
    Group("O", "Other", frozenset({"other"})),
)


@quick_pickle
@dataclass(frozen=True, slots=True)
class Author:
    name: str
    owner: bool
    marks: str  # "", "*", "†" or "*†"
    inverted: str  # "Last, First", for library tags


@quick_pickle
@dataclass(frozen=True, slots=True)
class Line:
    """A line of an entry after its authors: text, then an award in bold."""

    text: str
    award: str = ""
    role: str = "venue"  # venue, presented, status, extended


@dataclass(frozen=True, slots=True)
class Link:
    kind: str  # a key of LINK_LABELS
    label: str
    url: str
    local: Path | None = None  # a file published with the site (checked): where it is


@quick_pickle
@dataclass(frozen=True, slots=True)
class Paper:
    """Everything shown about one publication, decided once."""

    pub: Publication
    label: str
    slug: str  # the folder of its page: papers/<slug>/, unique in the portfolio
    group: Group
    number: int
    kind: str
    authors: tuple[Author, ...]
    lines: tuple[Line, ...]
    links: tuple[Link, ...]
    more_authors: str = ""  # after the authors ("et al."), when the list is not complete

    @property
    def key(self) -> str:
        return self.pub.key

    @property
    def marks(self) -> frozenset[str]:
        return frozenset(mark for author in self.authors for mark in author.marks)

    @property
    def date(self) -> str:
        """``2025`` or ``2025/02`` (Google Scholar's form); "" when no year."""
        if not self.pub.year:
            return ""
        return f"{self.pub.year}/{self.pub.month:02d}" if self.pub.month else self.pub.year


@dataclass(frozen=True)
class Portfolio:
    papers: tuple[Paper, ...]  # display order: group by group, newest first
    groups: tuple[tuple[Group, tuple[Paper, ...]], ...]
    _by_key: dict[str, Paper] = field(default_factory=dict, repr=False)
    _by_slug: dict[str, Paper] = field(default_factory=dict, repr=False)
    _rank: dict[str, int] = field(default_factory=dict, repr=False)

    def get(self, key: str) -> Paper | None:
        return self._by_key.get(key.lower())

    def rank(self, key: str) -> int:
        """The paper's place in display order (after every paper when it is not one)."""
        return self._rank.get(key.lower(), len(self.papers))

    def by_slug(self, slug: str) -> Paper | None:
        return self._by_slug.get(slug)

    def __getitem__(self, key: str) -> Paper:
        return self._by_key[key.lower()]


def kind_of(pub: Publication) -> str:
    kind = pub.type
    if kind in ("misc", "unpublished", "online", "electronic", "preprint"):
        return "preprint"
    if kind == "article":
        pending = pub.pubstate is not None and pub.pubstate.pending
        return "preprint" if pending or pub.journal.lower().startswith("arxiv") else "article"
    if kind in ("inproceedings", "conference"):
        return "inproceedings"
    if kind in ("book", "inbook", "incollection", "booklet", "proceedings"):
        return "book"
    if kind in ("phdthesis", "mastersthesis", "thesis"):
        return "thesis"
    if kind in ("techreport", "report"):
        return "report"
    return "other"


def author_list(pub: Publication, owner: Owner) -> tuple[Author, ...]:
    authors = []
    for position, name in enumerate(pub.authors, start=1):
        marks = (EQUAL_MARK if position in pub.equal else "") + (
            ALPHABETICAL_MARK if pub.alphabetical else ""
        )
        authors.append(Author(name.display, owner.matches(name), marks, name.inverted))
    return tuple(authors)


def venue_line(pub: Publication, kind: str) -> Line | None:
    """The line that says where the work appeared, or None (a preprint with a status)."""
    year = pub.year
    if kind == "inproceedings":
        text = _join(pub.booktitle, year)
    elif kind == "article":
        text = _join(pub.journal, year)
    elif kind == "book":
        text = _join(pub.booktitle or pub.publisher, year)
    elif kind == "preprint":
        if pub.pubstate is not None:
            return None
        where = pub.journal or pub.howpublished
        month = month_abbreviation(pub.month) if pub.month else ""
        text = joined(where, month, year)
    else:
        text = _join(pub.howpublished or pub.publisher, year)
    return Line(text, pub.award, "venue") if text else None


def _join(*parts: str) -> str:
    return joined(*parts, separator=" ")


def lines(pub: Publication, kind: str) -> tuple[Line, ...]:
    found = []
    venue = venue_line(pub, kind)
    if venue is not None:
        found.append(venue)
    found += [Line(_join(p.venue, p.year), p.award, "presented") for p in pub.presented]
    if pub.pubstate is not None:
        prefix = "Preprint " if pub.pubstate.pending else ""
        found.append(Line(sentence(prefix + pub.pubstate.text), role="status"))
    if pub.extended is not None:
        found.append(Line(f"Extended version {pub.extended.text}", role="extended"))
    return tuple(found)


def links(pub: Publication) -> tuple[Link, ...]:
    found = []
    if pub.arxiv:
        found.append(Link("arxiv", LINK_LABELS["arxiv"], f"https://arxiv.org/abs/{pub.arxiv}"))
    for name, value in pub.links:
        kind = LINK_KINDS[name]  # al-folio's website is the project page
        if kind == "pdf" and pub.local_pdf is not None:
            found.append(Link(kind, LINK_LABELS[kind], value, local=pub.local_pdf))
        elif "://" in value and (kind, value) not in {(link.kind, link.url) for link in found}:
            found.append(Link(kind, LINK_LABELS[kind], value))  # an address the model checked
    if pub.doi:
        found.append(Link("doi", LINK_LABELS["doi"], f"https://doi.org/{pub.doi}"))
    if pub.url and pub.url not in {link.url for link in found}:
        found.append(Link("url", LINK_LABELS["url"], pub.url))
    return tuple(found)


def _age(pub: Publication) -> tuple[int, int]:
    """Sort key, oldest first: by year (none = newest), then later in refs.bib = older."""
    year = int(pub.year) if pub.year.isdigit() else 10_000
    return (year, -pub.position)


def build_portfolio(
    pubs: Iterable[Publication], owner: Owner, groups: Sequence[Group] = DEFAULT_GROUPS
) -> Portfolio:
    """Label, order and describe every publication."""
    pubs = list(pubs)
    slugs = unique_slugs(pub.key for pub in pubs)
    by_group: dict[Group, list[Publication]] = {group: [] for group in groups}
    kinds: dict[str, str] = {}
    for pub in pubs:
        kind = kind_of(pub)
        kinds[pub.key] = kind
        by_group[group_of(pub, kind, groups)].append(pub)
    ordered: list[tuple[Group, tuple[Paper, ...]]] = []
    for group, members in by_group.items():
        numbered = sorted(members, key=_age)
        papers = [
            Paper(
                pub=pub,
                label=f"{group.prefix}{number}",
                slug=slugs[pub.key],
                group=group,
                number=number,
                kind=kinds[pub.key],
                authors=author_list(pub, owner),
                lines=lines(pub, kinds[pub.key]),
                links=links(pub),
                more_authors=ET_AL if pub.more_authors else "",
            )
            for number, pub in enumerate(numbered, start=1)
        ]
        if papers:
            ordered.append((group, tuple(reversed(papers))))
    every = tuple(paper for _, papers in ordered for paper in papers)
    return Portfolio(
        every,
        tuple(ordered),
        {paper.key.lower(): paper for paper in every},
        {paper.slug: paper for paper in every},
        {paper.key.lower(): rank for rank, paper in enumerate(every)},
    )


_SLUG = re.compile(r"[^A-Za-z0-9._-]+")


def paper_slug(key: str) -> str:
    """A folder name for a paper's page: the key where it is safe in an address."""
    slug = _SLUG.sub("-", key).strip("-.")
    return slug or "paper"


def unique_slugs(keys: Iterable[str]) -> dict[str, str]:
    """Key -> folder name, unique even where file systems ignore case.

    Two keys that differ only in characters an address cannot hold (``a:b``,
    ``a/b``) would share a folder: the later one in key order gets a suffix
    made from its key, so the choice is stable from build to build.
    """
    taken: set[str] = set()
    found: dict[str, str] = {}
    for key in sorted(set(keys)):
        slug = paper_slug(key)
        if slug.lower() in taken:
            digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
            slug = f"{slug}-{digest}"
        taken.add(slug.lower())
        found[key] = slug
    return found


_CSS = re.compile(r"[^a-z0-9]+")


def css_name(name: str) -> str:
    """A theme name as a CSS class or id part: lower-case letters, digits and hyphens."""
    return _CSS.sub("-", name.lower()).strip("-") or "theme"
