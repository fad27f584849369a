project = "Rea Lcv"
author = "Rea Lcv"
extensions = ["bibfolio.sphinx"]
html_theme = "sphinx_book_theme"
html_title = "Rea Lcv"
exclude_patterns = ["_build"]
nitpicky = True
