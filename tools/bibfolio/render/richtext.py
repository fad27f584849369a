"""pybtex rich text for a paper: what sphinxcontrib-bibtex shows in tooltips and plain text."""

from __future__ import annotations

from typing import Any

from pybtex.richtext import Tag, Text

from bibfolio.view import Paper


def paper_text(paper: Paper) -> Any:
    """``Title. A. Author*, **Owner**. Venue Year **Award**. ...`` as one rich text."""
    people: list[Any] = []
    for index, author in enumerate(paper.authors):
        if index:
            people.append(", ")
        people.append(Tag("strong", author.name) if author.owner else author.name)
        if author.marks:
            people.append(author.marks)
    parts: list[Any] = [paper.pub.title, ". ", Text(*people), "."]
    for line in paper.lines:
        parts.append(" ")
        parts.append(line.text)
        if line.award:
            parts += [" ", Tag("strong", line.award)]
        parts.append(".")
    return Text(*parts)
