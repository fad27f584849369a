"""Sphinx configuration: metadata and a few settings.

The bibfolio extension does the work (MyST, citations, checks, generated pages).
"""

project = "Miao Lu"
author = "Miao Lu"
copyright = "2025, Miao Lu"

extensions = ["bibfolio.sphinx"]

html_theme = "sphinx_book_theme"
html_title = "Miao Lu"
exclude_patterns = ["_build"]
nitpicky = True  # as -n: the same strictness on Read the Docs as in `nox -s docs`
