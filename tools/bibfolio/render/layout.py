"""The one interface every output implements: how inline runs, blocks and papers are laid out.

The view decides what is said (bibfolio.view); a layout only says how it looks
in its format. ``Layout[Out_co]`` is generic in what a format produces: docutils
nodes for web pages, Typst source for the PDF.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from bibfolio.view.document import Block, Piece, Run
from bibfolio.view.papers import Paper

Out_co = TypeVar("Out_co", covariant=True)


class Layout(Protocol[Out_co]):
    def piece(self, piece: Piece) -> Out_co:
        """One piece of inline text."""
        ...

    def run(self, run: Run) -> Out_co:
        """A run of inline text."""
        ...

    def block(self, block: Block) -> Out_co:
        """One block; every kind of block has its case (mypy checks it)."""
        ...

    def paper(self, paper: Paper) -> Out_co:
        """A paper as a list shows it: its label, then its body."""
        ...
