"""The CV as a PDF: the CvDocument written as Typst and compiled by the typst package.

Reproducible: the document's date comes from the data, system fonts are not
used (only the fonts built into Typst), so the same input gives the same bytes.
"""

from __future__ import annotations

import typst

from bibfolio.cv import CV
from bibfolio.cvdoc import cv_document
from bibfolio.cvview import release
from bibfolio.render.typst import Writer
from bibfolio.view import Portfolio


def cv_source(cv: CV, portfolio: Portfolio, base_url: str = "", public: bool = True) -> str:
    """The Typst source of the CV; ``public``: as published with the site (no private details)."""
    doc = cv_document(cv, portfolio)
    month = cv.updated.month or 1
    return Writer(portfolio, base_url).document(
        doc, cv.updated.year, month, release(cv.updated), public=public
    )


def compile_pdf(source: str) -> bytes:
    pdf: bytes = typst.compile(source.encode("utf-8"), ignore_system_fonts=True)
    return pdf
