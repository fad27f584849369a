"""The pybtex style that sphinxcontrib-bibtex uses: bibfolio's labels, order and text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from pybtex.plugin import register_plugin
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle

from bibfolio.project import Project
from bibfolio.render.richtext import paper_text
from bibfolio.view import Portfolio

NAME = "bibfolio"


class PortfolioStyle(BaseStyle):  # type: ignore[misc]
    """Labels as the CV gives them (C9, P4, ...), newest first, the view's text."""

    default_name_style = "plain"
    default_label_style = "number"
    default_sorting_style = "none"
    portfolio: ClassVar[Portfolio]

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        # BaseStyle binds these to its label and sorting plugins on the instance.
        self.sort = self._sort
        self.format_labels = self._format_labels

    def _rank(self, entry: Any) -> int:
        paper = self.portfolio.get(entry.key)
        return self.portfolio.papers.index(paper) if paper else len(self.portfolio.papers)

    def _sort(self, entries: Iterable[Any]) -> list[Any]:
        return sorted(entries, key=self._rank)

    def _format_labels(self, entries: Iterable[Any]) -> Iterator[str]:
        for entry in entries:
            paper = self.portfolio.get(entry.key)
            yield paper.label if paper else entry.key

    def format_entry(self, label: str, entry: Any, bib_data: Any = None) -> Any:
        paper = self.portfolio.get(entry.key)
        if paper is None:  # not in the checked bibliography: cannot happen after the checks
            return FormattedEntry(entry.key, entry.key, label)
        return FormattedEntry(entry.key, paper_text(paper), label)


def register(project: Project) -> None:
    if project.portfolio is None:
        return
    style = type("PortfolioStyle", (PortfolioStyle,), {"portfolio": project.portfolio})
    register_plugin("pybtex.style.formatting", NAME, style, force=True)
