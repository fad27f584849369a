"""The CV as a PDF: the CV document laid out as Typst and compiled by the typst package.

Reproducible: the document's date comes from the data, system fonts are not
used (only the fonts built into Typst), so the same input gives the same bytes.
"""

from __future__ import annotations

from importlib.metadata import version

import typst

from bibfolio.model.cv import CV
from bibfolio.render.typst import TypstLayout
from bibfolio.view.cv import cv_document
from bibfolio.view.papers import Portfolio

TYPST = version("typst")  # part of what a kept PDF was made from


def cv_source(cv: CV, portfolio: Portfolio, base_url: str = "", public: bool = True) -> str:
    """The Typst source of the CV; ``public``: as published with the site (no private details)."""
    doc = cv_document(cv, portfolio)
    month = cv.updated.month or 1
    return TypstLayout(portfolio, base_url).document(
        doc, cv.updated.year, month, cv.updated.version, public=public
    )


def compile_pdf(source: str) -> bytes:
    pdf: bytes = typst.compile(source.encode("utf-8"), ignore_system_fonts=True)
    return pdf
