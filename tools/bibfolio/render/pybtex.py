"""The pybtex style sphinxcontrib-bibtex formats theme bibliographies with: bibfolio's labels,
order and text (also what its tooltips show)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from pybtex.richtext import Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle
from pybtex.style.labels.number import LabelStyle
from pybtex.style.names.plain import NameStyle
from pybtex.style.sorting.none import SortingStyle

from bibfolio.view.papers import Paper, Portfolio


def paper_text(paper: Paper) -> Any:
    """``Title. A. Author*, **Owner**. Venue Year **Award**. ...`` as one rich text."""
    people: list[Any] = []
    for index, author in enumerate(paper.authors):
        if index:
            people.append(", ")
        people.append(Tag("strong", author.name) if author.owner else author.name)
        if author.marks:
            people.append(author.marks)
    if paper.more_authors:
        people.append(f", {paper.more_authors}" if people else paper.more_authors)
    parts: list[Any] = [paper.pub.title, ". ", Text(*people), "."]
    for line in paper.lines:
        parts.append(" ")
        parts.append(line.text)
        if line.award:
            parts += [" ", Tag("strong", line.award)]
        parts.append(".")
    return Text(*parts)


class PortfolioStyle(BaseStyle):  # type: ignore[misc]
    """Labels as the CV gives them (C9, P4, ...), in the portfolio's order, the view's text.

    ``portfolio`` is set on a subclass made for each build (bibfolio.sphinx.bibliography).
    """

    # The plugins themselves, not their names: pybtex finds a name among every installed
    # package's entry points, each time a style is made (once per bibliography).
    default_name_style = NameStyle
    default_label_style = LabelStyle
    default_sorting_style = SortingStyle
    portfolio: ClassVar[Portfolio]
    texts: ClassVar[dict[str, Any]]  # each paper's text, made once per build

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        # BaseStyle binds these to its label and sorting plugins on the instance.
        self.sort = self._sort
        self.format_labels = self._format_labels

    def _sort(self, entries: Iterable[Any]) -> list[Any]:
        return sorted(entries, key=lambda entry: self.portfolio.rank(entry.key))

    def _format_labels(self, entries: Iterable[Any]) -> Iterator[str]:
        for entry in entries:
            paper = self.portfolio.get(entry.key)
            yield paper.label if paper else entry.key

    def format_entry(self, label: str, entry: Any, bib_data: Any = None) -> Any:
        return PaperEntry(entry.key, label, self.portfolio.get(entry.key), self.texts)


class PaperEntry(FormattedEntry):  # type: ignore[misc]
    """A formatted entry whose text is made when a page first shows it, from the paper.

    sphinxcontrib-bibtex formats every entry of every bibliography at each build
    and keeps them in the pickled environment; most are never shown again (their
    pages are not written), so the text is made on demand, once per paper and
    build, and an entry is kept from build to build as its key and label only.
    """

    def __init__(
        self, key: str, label: str, paper: Paper | None, texts: dict[str, Any] | None = None
    ) -> None:
        self.key = key
        self.label = label
        self.paper = paper
        self.texts = {} if texts is None else texts  # shared by the entries of one build

    @property
    def text(self) -> Any:
        if self.paper is None:  # not in the checked bibliography: cannot happen after the checks
            return Text(self.key)
        if self.paper.key not in self.texts:
            self.texts[self.paper.key] = paper_text(self.paper)
        return self.texts[self.paper.key]

    def __reduce__(self) -> tuple[Any, ...]:
        return (PaperEntry, (self.key, self.label, None))
