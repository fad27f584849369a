# A small complete portfolio (every page type) for the tests of the pages' weight,
# accessibility, menu, print and search-engine tags.
project = "Jane Q. Researcher"
extensions = ["bibfolio.sphinx"]
bibtex_bibfiles = ["refs.bib"]
bibfolio_data = "cv.yaml"
html_theme = "sphinx_book_theme"
html_title = "Jane Q. Researcher"
html_baseurl = "https://jane.example.org/site/"
exclude_patterns = ["_build"]
nitpicky = True
