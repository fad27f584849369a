project = "Escaping"
extensions = ["bibfolio.sphinx"]
bibtex_bibfiles = ["refs.bib"]
bibfolio_data = "cv.yaml"
html_theme = "sphinx_book_theme"
exclude_patterns = ["_build"]
nitpicky = True
