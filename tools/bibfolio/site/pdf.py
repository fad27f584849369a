"""The CV as a PDF: the CV document laid out as Typst and compiled by the typst package.

Reproducible: the document's date comes from the data, system fonts are not
used (only the fonts built into Typst), so the same input gives the same bytes.
"""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import typst

from bibfolio.model.cv import CV
from bibfolio.render.typst import PDF_KEYWORD, TypstLayout
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


_MARKS = (
    re.compile(rb"/Keywords\s*\(" + re.escape(PDF_KEYWORD.encode()) + rb"\)"),
    # written before the keyword: Typst's, titled as bibfolio titles a CV
    re.compile(rb"/Title\s*\([^()]* - Curriculum Vitae\)[^>]*/Creator\s*\(Typst"),
)
_LARGEST_CV = 50 * 1024 * 1024  # a file larger than this is no CV this tool wrote


def written_by_bibfolio(path: Path) -> bool:
    """Whether ``path`` is a PDF of a CV this tool wrote (the only kind it writes over)."""
    if not path.is_file() or path.stat().st_size > _LARGEST_CV:
        return False
    data = path.read_bytes()
    return data.startswith(b"%PDF-") and any(mark.search(data) for mark in _MARKS)
