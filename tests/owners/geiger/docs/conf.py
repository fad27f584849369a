"""Sphinx configuration: metadata and a few settings.

The bibfolio extension does the work (MyST, citations, checks, generated pages).
"""

project = "R. Stuart Geiger"
author = "R. Stuart Geiger"
copyright = "2026, R. Stuart Geiger"

extensions = ["bibfolio.sphinx"]

html_theme = "sphinx_book_theme"
html_title = "R. Stuart Geiger"
exclude_patterns = ["_build"]
nitpicky = True  # as -n: the same strictness on Read the Docs as in `nox -s docs`
