"""The CV as a PDF: the CV document laid out as Typst and compiled by the typst package.

Reproducible: the document's date comes from the data, system fonts are not
used (only the fonts built into Typst), so the same input gives the same bytes.
"""

from __future__ import annotations

import ctypes
import functools
import re
import threading
from collections.abc import Callable
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


@functools.cache
def typst_compiler() -> typst.Compiler:
    """One Typst compiler for the process, without the system's fonts: Typst loads its own
    fonts once (each ``typst.compile`` loads them again: a tenth of a second and some ten
    megabytes each time), then compiles the CV and the social image in milliseconds."""
    return typst.Compiler(ignore_system_fonts=True)


_ONE_AT_A_TIME = threading.Lock()  # the compiler compiles one document at a time


def compile_typst(source: str, image: bool = False, inputs: dict[str, str] | None = None) -> bytes:
    """A Typst document as PDF, or (``image``, one page) as a PNG at 72 pixels an inch;
    then the memory Typst used for it is given back (``let_go``)."""
    try:
        with _ONE_AT_A_TIME:
            made = typst_compiler().compile(
                input=source.encode("utf-8"),
                format="png" if image else "pdf",
                ppi=72.0 if image else None,
                sys_inputs=inputs or {},
            )
    finally:
        let_go()
    if not isinstance(made, bytes):  # a PNG of several pages; a PDF is always one file
        raise TypeError("Typst made an image of several pages")
    return made


def compile_pdf(source: str) -> bytes:
    """The CV as PDF."""
    return compile_typst(source)


# typst-py drops what Typst memoized once it went unused for this many compiles
# (``comemo::evict(10)`` after each, in its src/compiler.rs).
_TYPST_EVICTION_AGE = 10


def let_go() -> None:
    """Free what Typst keeps after a compile, and hand the memory back to the system.

    Typst memoizes every step of a layout and keeps it for later compiles: some 200 MB
    for a CV of 2,000 papers, held while the build goes on (measured: 66 MB before the
    compile, 278 MB after). The typst package gives no call to drop it, but drops what
    went unused for ten compiles: so ten empty documents are compiled (0.09 s in all).
    The freed memory stays with the C allocator, in the arena of the thread that
    compiled, where the build's own objects never go; ``malloc_trim`` returns it (118 MB
    after both). Where the C library has no ``malloc_trim`` (not glibc), that step is skipped.
    """
    with _ONE_AT_A_TIME:
        compiler = typst_compiler()
        for _ in range(_TYPST_EVICTION_AGE):
            compiler.compile(input=b"", format="pdf")
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """The C library's ``malloc_trim``, looked up among the symbols the process has loaded
    (no search for the library on disk, which would start ``ldconfig``)."""
    try:
        return getattr(ctypes.CDLL(None), "malloc_trim", None)
    except (OSError, TypeError):  # no such lookup on this system (Windows)
        return None


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
