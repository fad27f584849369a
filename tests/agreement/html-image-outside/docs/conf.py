project = "A Site"
extensions = ["bibfolio.sphinx"]
html_theme = "sphinx_book_theme"
exclude_patterns = ["_build"]
myst_enable_extensions = ["html_image"]
