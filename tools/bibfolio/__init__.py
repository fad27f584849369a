"""bibfolio: a research portfolio built with Sphinx from one BibTeX file.

The Sphinx extension is :mod:`bibfolio.sphinx`; the command line is
:mod:`bibfolio.cli`.
"""

__version__ = "0.1.0"
