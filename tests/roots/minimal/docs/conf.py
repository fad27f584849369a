project = "Ada Example"
author = "Ada Example"
extensions = ["bibfolio.sphinx"]
html_theme = "sphinx_book_theme"
html_title = "Ada Example"
exclude_patterns = ["_build"]
nitpicky = True
