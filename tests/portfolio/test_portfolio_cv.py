"""This portfolio's CV against the owner's CV of September 2025 (seed 000): every line on the
CV page and in both PDFs, the sections and the labels in the CV's order.

Counts and texts come from the seed and from this portfolio's data, never from
literals: with another owner's portfolio and seeds, the same tests hold.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader
from seeds import labels, legend, lines, squash

from conftest import Build, one, pdf_text, run_cli, seed, text_of


def data(project: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((project / "docs" / "cv.yaml").read_text("utf-8"))
    return loaded


def phone_line(project: Path) -> str:
    """What the contact line says of the phone, which web pages and cv.pdf leave out."""
    phone = data(project)["contact"].get("phone")
    return f"Tel: {phone} | " if phone else "\0"


@pytest.fixture(scope="module")
def pdf(portfolio_site: Build) -> bytes:
    return (portfolio_site.html / "cv.pdf").read_bytes()


def test_cv_page_holds_every_line_of_the_cv(portfolio_site: Build, portfolio: Path) -> None:
    article = one(portfolio_site.page("cv.html"), "article")
    shown = squash(article.get_text(" ").replace(" [at] ", "@"))
    phone = phone_line(portfolio)
    for line in lines(seed("000")):
        # The phone number is kept off web pages (privacy); `bibfolio pdf` has it.
        assert squash(line.replace(phone, "")) in shown, line


def test_cv_page_sections_follow_the_cv(portfolio_site: Build, portfolio: Path) -> None:
    titles = [
        text_of(h).rstrip("#") for h in portfolio_site.page("cv.html").select("article section h2")
    ]
    assert len(titles) == len(data(portfolio)["sections"])
    written = [line.casefold() for line in lines(seed("000"))]
    where = [written.index(title.casefold()) for title in titles]  # each a heading of the CV
    assert where == sorted(where), "in the CV's order"


def test_cv_page_labels_and_legend_are_the_cvs(portfolio_site: Build) -> None:
    page = portfolio_site.page("cv.html")
    shown = [text_of(one(e, ".bibfolio-label")) for e in page.select(".bibfolio-entry")]
    assert shown == [f"[{label}]" for label in labels(seed("000"))]
    assert text_of(one(page, ".bibfolio-legend")) == legend(seed("000"))


def test_pdf_holds_every_line_of_the_cv_but_the_phone(pdf: bytes, portfolio: Path) -> None:
    """The published PDF: every line, but the phone number, as on the web pages."""
    text = squash(pdf_text(pdf))
    without = phone_line(portfolio)
    for line in lines(seed("000")):
        assert squash(line.replace(without, "")) in text, line
    phone = data(portfolio)["contact"].get("phone")
    assert not phone or squash(phone) not in text


def test_pdf_for_sending_holds_every_line_with_the_phone(portfolio: Path) -> None:
    """``bibfolio pdf`` makes the full CV, phone number included, for sending by hand."""
    done = run_cli(["pdf", "full.pdf"], portfolio)
    assert done.status == 0, done.output
    text = squash(pdf_text((portfolio / "full.pdf").read_bytes()))
    for line in lines(seed("000")):
        assert squash(line) in text, line


def test_pdf_sections_in_the_cv_order(pdf: bytes, portfolio: Path) -> None:
    text = pdf_text(pdf)
    positions = [text.find(section["title"].upper()) for section in data(portfolio)["sections"]]
    assert all(p >= 0 for p in positions)
    assert positions == sorted(positions)


def test_pdf_pages_are_full_but_the_last(pdf: bytes) -> None:
    """No page is left half empty before the end (the CV runs on, page after page)."""
    reader = PdfReader(io.BytesIO(pdf))
    sizes = [len(page.extract_text()) for page in reader.pages]
    assert len(sizes) >= 1
    assert all(size >= 0.6 * max(sizes) for size in sizes[:-1]), sizes


def test_phone_and_email_are_on_no_web_page(portfolio_site: Build, portfolio: Path) -> None:
    contact = data(portfolio)["contact"]
    hidden = [contact.get("phone"), contact.get("email")]
    for path in portfolio_site.html.rglob("*"):
        if path.is_file() and path.suffix != ".pdf":
            content = path.read_bytes().decode("utf-8", errors="replace")
            for value in filter(None, hidden):
                assert value not in content, path
