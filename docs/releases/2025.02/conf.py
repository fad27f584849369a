"""Sphinx configuration of the February 2025 release, kept as it was released."""

project = "Miao Lu"
author = "Miao Lu"
copyright = "2025, Miao Lu"

extensions = ["bibfolio.sphinx"]
bibtex_bibfiles = ["refs.bib"]
bibfolio_data = "cv.yaml"
bibfolio_releases_dir = ".."  # the other releases are this folder's siblings

html_theme = "sphinx_book_theme"
html_title = "Miao Lu"
exclude_patterns = ["_build"]
nitpicky = True
