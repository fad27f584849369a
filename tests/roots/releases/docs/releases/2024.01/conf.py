"""The January 2024 release, kept as it was released."""

project = "Noor Haddad"
author = "Noor Haddad"
extensions = ["bibfolio.sphinx"]
bibtex_bibfiles = ["refs.bib"]
bibfolio_data = "cv.yaml"
bibfolio_releases_dir = ".."  # the other releases are this folder's siblings
html_theme = "sphinx_book_theme"
html_title = "Noor Haddad"
exclude_patterns = ["_build"]
nitpicky = True
