"""The CV from one data file: the web page, the PDF, privacy, the schema, broken data.

On tests/roots/minimal, built once (copies of it where a test breaks the data);
what the pages must show is read from that project's data.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from bibfolio.load.settings import read_settings
from bibfolio.load.yaml import read_yaml
from bibfolio.model.cv import validate_cv
from bibfolio.model.schema import cv_schema
from bibfolio.pipeline import load_project
from bibfolio.site.pdf import compile_pdf, cv_source
from conftest import ROOT, ROOTS, Build, copy_root, one, pdf_text, root_data, sphinx_build, text_of

MINIMAL = ROOTS / "minimal"


def data() -> dict[str, Any]:
    return root_data("minimal")


@pytest.fixture(scope="module")
def pdf(minimal_site: Build) -> bytes:
    return (minimal_site.html / "cv.pdf").read_bytes()


def test_cv_page_sections_follow_the_data(minimal_site: Build) -> None:
    titles = [
        text_of(h).rstrip("#") for h in minimal_site.page("cv.html").select("article section h2")
    ]
    assert titles == [section["title"] for section in data()["sections"]]


def test_cv_page_publications_have_the_site_labels_and_the_legend(minimal_site: Build) -> None:
    cv = minimal_site.page("cv.html")
    publications = minimal_site.page("publications.html")
    labels = [text_of(one(e, ".bibfolio-label")) for e in cv.select(".bibfolio-entry")]
    assert labels == [
        text_of(one(e, ".bibfolio-label")) for e in publications.select(".bibfolio-entry")
    ]
    legend = text_of(one(cv, ".bibfolio-legend"))
    assert (
        legend
        == "Authors with * contributed equally to the work, and † represents alphabetical order."
    )


def test_pdf_is_us_letter_with_selectable_text_and_working_links(pdf: bytes) -> None:
    cv = data()
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.pages
    assert all((p.mediabox.width, p.mediabox.height) == (612, 792) for p in reader.pages)
    uris = {
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/URI" in annotation.get_object().get("/A", {})
    }
    assert f"mailto:{cv['contact']['email']}" in uris
    assert cv["contact"]["homepage"] in uris
    assert reader.metadata is not None
    assert reader.metadata.title == f"{cv['name']} - Curriculum Vitae"
    assert cv["name"] in pdf_text(pdf), "the text is selectable"


def test_pdf_sections_in_the_cv_order(pdf: bytes) -> None:
    text = pdf_text(pdf)
    positions = [text.find(section["title"].upper()) for section in data()["sections"]]
    assert all(p >= 0 for p in positions)
    assert positions == sorted(positions)


def test_pdf_holds_the_publications_and_the_legend(pdf: bytes, minimal_site: Build) -> None:
    text = " ".join(pdf_text(pdf).split())
    page = minimal_site.page("publications.html")
    entries = page.select(".bibfolio-entry")
    assert entries
    for entry in entries:
        label = text_of(one(entry, ".bibfolio-label"))
        title = text_of(one(entry, ".bibfolio-title"))
        authors = text_of(one(entry, ".bibfolio-authors"))
        assert f"{label} {title}" in text, label
        assert authors in text, label
    assert "Authors with * contributed equally to the work, and" in text


def test_pdf_is_reproducible(tmp_path: Path) -> None:
    project = load_project(read_settings(copy_root("minimal", tmp_path / "p")), portfolio=True)
    assert project.cv is not None
    assert project.portfolio is not None
    first = compile_pdf(cv_source(project.cv, project.portfolio))
    second = compile_pdf(cv_source(project.cv, project.portfolio))
    assert hashlib.sha256(first).digest() == hashlib.sha256(second).digest()


def test_cv_page_and_home_page_link_the_pdf(minimal_site: Build) -> None:
    for page in ("cv.html", "index.html"):
        links = [a["href"] for a in minimal_site.page(page).select("a.bibfolio-pdf-link")]
        assert links == ["cv.pdf"], page
    assert (minimal_site.html / "cv.pdf").read_bytes().startswith(b"%PDF")


HOSTILE = r'Cost $5 # of @users <tags> \ [draft] *not bold* _not italic_ "quoted" #strong[x]'


def test_typst_prints_any_text_as_written(tmp_path: Path) -> None:
    """A title holding # $ * _ @ < > \\ [ ] prints as written in the PDF."""
    data_file = tmp_path / "docs" / "cv.yaml"
    data_file.parent.mkdir()
    (tmp_path / "refs.bib").write_text(
        "@misc{x2024,\n  author = {Example, Ada},\n  title = {Savings of 5\\% \\& \\$3 \\# one},\n"
        "  year = {2024},\n}\n",
        encoding="utf-8",
    )
    document = {
        "name": "Ada Example",
        "updated": "2025-09",
        "sections": [
            {
                "type": "talks",
                "title": "Talks <&>",
                "items": [{"title": HOSTILE, "events": [{"venue": "A \\ B", "date": "2024-03"}]}],
            },
            {"type": "publications", "title": "Publications"},
        ],
    }
    data_file.write_text(yaml.safe_dump(document), encoding="utf-8")
    project = load_project(read_settings(tmp_path), portfolio=True)
    assert project.errors == []
    assert project.cv is not None
    assert project.portfolio is not None
    text = pdf_text(compile_pdf(cv_source(project.cv, project.portfolio)))
    flat = " ".join(text.split())
    assert HOSTILE in flat
    assert "A \\ B" in flat
    assert "TALKS <&>" in flat
    assert "Savings of 5% & $3 # one" in flat


def output_files(build: Build) -> list[Path]:
    return [p for p in build.html.rglob("*") if p.is_file() and p.suffix != ".pdf"]


def test_phone_is_on_no_web_page(minimal_site: Build) -> None:
    phone = data()["contact"]["phone"]
    digits = "".join(c for c in phone if c.isdigit())
    for path in output_files(minimal_site):
        content = path.read_bytes().decode("utf-8", errors="replace")
        assert phone not in content, path
        assert digits not in content, path


def test_email_is_clickable_but_not_harvestable(minimal_site: Build) -> None:
    """No page, script or source copy holds the address, even once HTML entities are decoded."""
    email = data()["contact"]["email"]
    for path in output_files(minimal_site):
        if path.suffix not in (".html", ".js", ".txt", ".json", ".xml", ".css"):
            continue
        content = path.read_text(encoding="utf-8", errors="replace")
        for candidate in (content, html.unescape(content)):
            assert email not in candidate, path
    link = one(minimal_site.page("index.html"), "a.bibfolio-email")
    user, domain = email.split("@")
    assert text_of(link) == f"{user} [at] {domain}"
    assert urllib.parse.unquote(str(link["href"])) == f"mailto:{email}"


def test_committed_schema_is_fresh() -> None:
    committed = (ROOT / "docs" / "cv.schema.json").read_text(encoding="utf-8")
    assert committed == cv_schema(), "regenerate with: bibfolio schema docs/cv.schema.json"


@pytest.mark.parametrize(
    "data_file",
    ["minimal/docs/cv.yaml", "releases/docs/cv.yaml", "second-owner/cv.yaml"],
)
def test_the_schema_accepts_valid_data(data_file: str) -> None:
    import jsonschema  # noqa: PLC0415

    schema = json.loads(cv_schema())
    path = ROOTS / data_file
    jsonschema.Draft202012Validator(schema).validate(
        yaml.safe_load(path.read_text(encoding="utf-8"))
    )
    cv, problems = validate_cv(read_yaml(path))
    assert problems == []
    assert cv is not None


def test_broken_data_stops_the_build_with_located_messages(tmp_path: Path) -> None:
    docs = copy_root("minimal", tmp_path / "project") / "docs"
    data_file = docs / "cv.yaml"
    text = data_file.read_text(encoding="utf-8")
    updated = next(line for line in text.splitlines() if line.startswith("updated:"))
    text = text.replace(updated, "updated: 2025-13\nnmae: typo")
    text = text.replace("papers: [example2024bandits]", "papers: [chen2099missing]")
    data_file.write_text(text, encoding="utf-8")
    line = text.splitlines().index("updated: 2025-13") + 1
    build = sphinx_build(docs, tmp_path / "out")
    assert build.returncode == 1
    assert f"cv.yaml:{line}:10: ERROR: CV103 '2025-13': month 13 does not exist" in build.warnings
    assert f"cv.yaml:{line + 1}:1: ERROR: CV101 unknown key 'nmae'" in build.warnings
    assert "CV201 cites 'chen2099missing', which is not in the bibliography" in build.warnings
    assert "Traceback" not in build.output
    assert not list(build.html.rglob("*.html"))
