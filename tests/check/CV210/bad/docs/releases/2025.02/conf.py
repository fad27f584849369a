project = "x"
extensions = ["bibfolio.sphinx"]
html_theme = "sphinx_book_theme"
