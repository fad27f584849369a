project = "Noor Haddad"
author = "Noor Haddad"
extensions = ["bibfolio.sphinx"]
html_theme = "sphinx_book_theme"
html_title = "Noor Haddad"
exclude_patterns = ["_build"]
nitpicky = True
