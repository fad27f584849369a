"""Text the theme's templates print as they are: handed over escaped.

sphinx-book-theme puts the page title (``pagetitle``), the home page's title
(``root_title``) and the author, pydata-sphinx-theme the site title (``docstitle``),
the version and the language into the page without escaping them, so a paper title
(or a ``-D author=...`` on the command line) holding ``<img onerror=...>`` would run
on its page. Each is replaced by its escaped form as ``Markup``: printed
raw it is inert, and a template that escapes it (``|e``) leaves it as it is.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape
from sphinx.application import Sphinx

_PLAIN_TEXT = (
    "pagetitle",
    "root_title",
    "docstitle",
    "page_description",
    # conf.py's values, which -D on the command line overrides: the book theme prints the
    # author ("By ..."), pydata-sphinx-theme the version and language in meta tags, Sphinx
    # the language in <html lang> and the copyright, each as it is.
    "author",
    "project",
    "version",
    "release",
    "language",
    "copyright",
    "shorttitle",
    "last_updated",
)


def escape_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    for name in _PLAIN_TEXT:
        value = context.get(name)
        if isinstance(value, str) and not isinstance(value, Markup):
            context[name] = escape(value)  # Markup: escaped once, and never again


def setup(app: Sphinx) -> None:
    # After the theme's own handlers (priority 500 and 501) have set these values.
    app.connect("html-page-context", escape_context, priority=900)
