"""The CV from one data file: the web page, the PDF, the talks page, the news, privacy."""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader

from bibfolio.cv import validate_cv
from bibfolio.load import read_yaml
from bibfolio.pdf import compile_pdf, cv_source
from bibfolio.project import load_project, read_settings
from bibfolio.schema import cv_schema
from conftest import ROOT, Build, one, seed, sphinx_build, text_of

PHONE = "650-250-9790"
EMAIL = "miaolu@stanford.edu"
SEED_SECTIONS = [
    "Research Interests",
    "Education",
    "Industrial Experiences",
    "Research Experiences",
    "Awards and Honors",
    "Invited Talks",
    "Skills",
    "Academic Services",
    "Publications & Preprints",
]


def squash(text: str) -> str:
    """Letters and digits only, lower case: layout, punctuation and dash styles aside."""
    text = text.casefold().replace("july", "jul")
    return re.sub(r"[^0-9a-z]+", "", text)


def seed_lines() -> list[str]:
    """Every line of the September 2025 CV before its publication list (bullets dropped)."""
    body = seed("000").split("Authors with * contributed equally", 1)[0]
    lines = []
    for raw in body.splitlines():
        line = re.sub(r"^\s*(?:[•○]|o(?= ))\s*", "", raw).strip()
        if line and line != "Publications & Preprints":
            lines.append(line)
    return lines


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_cv_page_holds_every_line_of_the_cv(site: Build) -> None:
    article = one(site.page("cv.html"), "article")
    shown = squash(article.get_text(" ").replace(" [at] ", "@"))
    for line in seed_lines():
        # The phone number is kept off web pages (privacy); the PDF has it.
        expected = line.replace(f"Tel: {PHONE} | ", "")
        assert squash(expected) in shown, line


def test_cv_page_sections_follow_the_cv(site: Build) -> None:
    titles = [text_of(h).rstrip("#") for h in site.page("cv.html").select("article section h2")]
    assert titles == SEED_SECTIONS


def test_cv_page_publications_have_the_site_labels(site: Build) -> None:
    page = site.page("cv.html")
    labels = [text_of(one(e, ".bibfolio-label")) for e in page.select(".bibfolio-entry")]
    assert labels[:2] == ["[P5]", "[P4]"]
    assert labels[-1] == "[C1]"
    assert len(labels) == 16
    legend = text_of(one(page, ".bibfolio-legend"))
    assert (
        legend
        == "Authors with * contributed equally to the work, and † represents alphabetical order."
    )
    research = text_of(one(page, "section#cv-research-interests"))
    assert "training [C9][P4][P5]." in research


@pytest.fixture(scope="module")
def pdf(site: Build) -> bytes:
    return (site.html / "cv.pdf").read_bytes()


def test_pdf_holds_every_line_of_the_cv(pdf: bytes) -> None:
    """The published PDF: every line, but the phone number, as on the web pages."""
    text = squash(pdf_text(pdf))
    for line in seed_lines():
        assert squash(line.replace(f"Tel: {PHONE} | ", "")) in text, line
    assert squash(PHONE) not in text


def test_pdf_for_sending_holds_every_line_with_the_phone(project: Path) -> None:
    """``bibfolio pdf`` makes the full CV, phone number included, for sending by hand."""
    root = project.parent
    done = subprocess.run(
        [sys.executable, "-m", "bibfolio", "pdf", "full.pdf"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    text = squash(pdf_text((root / "full.pdf").read_bytes()))
    for line in seed_lines():
        assert squash(line) in text, line


def test_pdf_holds_the_publications_and_the_legend(pdf: bytes, site: Build) -> None:
    text = squash(pdf_text(pdf))
    page = site.page("publications.html")
    for entry in page.select(".bibfolio-entry"):
        label = text_of(one(entry, ".bibfolio-label"))
        title = text_of(one(entry, ".bibfolio-title"))
        authors = text_of(one(entry, ".bibfolio-authors"))
        assert squash(f"{label} {title} {authors}") in text, label
    assert squash("Authors with * contributed equally to the work, and") in text


def test_pdf_is_us_letter_with_selectable_text_and_working_links(pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    assert all((p.mediabox.width, p.mediabox.height) == (612, 792) for p in reader.pages)
    assert 2 <= len(reader.pages) <= 4
    uris = {
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/URI" in annotation.get_object().get("/A", {})
    }
    assert f"mailto:{EMAIL}" in uris
    assert "https://miaolu3.github.io" in uris
    assert reader.metadata is not None
    assert reader.metadata.title == "Miao Lu - Curriculum Vitae"


def test_pdf_sections_in_the_cv_order(pdf: bytes) -> None:
    text = pdf_text(pdf)
    positions = [text.find(title.upper()) for title in SEED_SECTIONS]
    assert all(p >= 0 for p in positions)
    assert positions == sorted(positions)


def test_pdf_is_reproducible() -> None:
    project = load_project(read_settings(ROOT), portfolio=True)
    assert project.cv is not None
    assert project.portfolio is not None
    first = compile_pdf(cv_source(project.cv, project.portfolio))
    second = compile_pdf(cv_source(project.cv, project.portfolio))
    assert hashlib.sha256(first).digest() == hashlib.sha256(second).digest()


def test_cv_page_and_home_page_link_the_pdf(site: Build) -> None:
    for page in ("cv.html", "index.html"):
        links = [a["href"] for a in site.page(page).select("a.bibfolio-pdf-link")]
        assert links == ["cv.pdf"], page
    assert (site.html / "cv.pdf").read_bytes().startswith(b"%PDF")


HOSTILE = r'Cost $5 # of @users <tags> \ [draft] *not bold* _not italic_ "quoted" #strong[x]'


def test_typst_prints_any_text_as_written(tmp_path: Path) -> None:
    """A title holding # $ * _ @ < > \\ [ ] prints as written in the PDF."""
    data = tmp_path / "docs" / "cv.yaml"
    data.parent.mkdir()
    (tmp_path / "refs.bib").write_text(
        "@misc{x2024,\n  author = {Lu, Miao},\n  title = {Savings of 5\\% \\& \\$3 \\# one},\n"
        "  year = {2024},\n}\n",
        encoding="utf-8",
    )
    document = {
        "name": "Miao Lu",
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
    data.write_text(yaml.safe_dump(document), encoding="utf-8")
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


def test_talks_page_lists_both_talks_newest_first(site: Build) -> None:
    page = site.page("talks.html")
    talks = page.select("article section.bibfolio-talk")
    assert [text_of(one(t, "h2")).rstrip("#") for t in talks] == [
        "Theoretical Foundations of Distributionally Robust Decision Making",
        "Computational-statistical Trade-off of Learning Single-index Models via Neural Networks",
    ]
    first_events = [text_of(li) for li in talks[0].select(".bibfolio-talk-events li")]
    assert first_events == [
        "2025 INFORMS annual meeting, Atlanta GA, USA, Oct. 2025 [P2]",
        "2024 INFORMS annual meeting, Seattle, WA, USA, Oct. 2024 [C8]",
        (
            "58th Annual Conference on Information Sciences and Systems (CISS), Princeton, NJ, "
            "USA, Mar. 2024 [C6]"
        ),
        "2023 INFORMS annual meeting, Phoenix, AZ, USA, Oct. 2023 [C6]",
    ]
    papers = [a["href"] for a in talks[0].select(".bibfolio-talk-papers a")]
    assert papers == [
        "papers/blanchet2023doublepessimism/index.html",
        "papers/lu2024drrl/index.html",
        "papers/lu2025robustassortment/index.html",
    ]
    second = [text_of(li) for li in talks[1].select(".bibfolio-talk-events li")]
    assert second == [
        "2nd Mathematics of Modern Machine Learning Workshop (M3L), Vancouver, BC, Canada, Dec. 2024"
    ]


def test_paper_page_lists_the_talks_that_present_it(site: Build) -> None:
    page = site.page("papers/lu2024drrl/index.html")
    talks = [text_of(li) for li in page.select(".bibfolio-talks-of-paper li")]
    assert len(talks) == 1
    assert talks[0].startswith(
        "Theoretical Foundations of Distributionally Robust Decision Making ("
    )
    assert "2024 INFORMS annual meeting, Seattle, WA, USA, Oct. 2024" in talks[0]
    assert site.page("papers/lu2025momentum/index.html").select(".bibfolio-talks-of-paper") == []


def test_home_page_news_is_newest_first(site: Build) -> None:
    items = [text_of(li) for li in site.page("index.html").select("ul.bibfolio-news li")]
    assert len(items) == 8
    assert items[0].startswith("Oct. 2025 · Talk: Theoretical Foundations of Distributionally")
    assert items[1] == "Jun. 2025 · Research Scientist Intern, ByteDance Seed"
    assert items[2].startswith("Feb. 2025 · [P1] Learning an Optimal Assortment Policy")


def test_home_page_shows_profile_from_the_data(site: Build) -> None:
    page = site.page("index.html")
    assert text_of(one(page, ".bibfolio-position")) == (
        "Ph.D. Candidate in Operations Research, Stanford University"
    )
    assert text_of(one(page, ".bibfolio-summary")).startswith(
        "My research centers on reinforcement"
    )


def output_files(build: Build) -> list[Path]:
    return [p for p in build.html.rglob("*") if p.is_file() and p.suffix != ".pdf"]


def test_phone_is_on_no_web_page(site: Build) -> None:
    digits = PHONE.replace("-", "")
    for path in output_files(site):
        content = path.read_bytes().decode("utf-8", errors="replace")
        assert PHONE not in content, path
        assert digits not in content, path


def test_email_is_clickable_but_not_harvestable(site: Build) -> None:
    """No page, script or source copy holds the address, even once HTML entities are decoded."""
    for path in output_files(site):
        if path.suffix not in (".html", ".js", ".txt", ".json", ".xml", ".css"):
            continue
        content = path.read_text(encoding="utf-8", errors="replace")
        for candidate in (content, html.unescape(content)):
            assert EMAIL not in candidate, path
    link = one(site.page("index.html"), "a.bibfolio-email")
    assert text_of(link) == "miaolu [at] stanford.edu"
    assert urllib.parse.unquote(str(link["href"])) == f"mailto:{EMAIL}"


def test_committed_schema_is_fresh_and_validates_the_data() -> None:
    import jsonschema  # noqa: PLC0415

    committed = (ROOT / "docs" / "cv.schema.json").read_text(encoding="utf-8")
    assert committed == cv_schema(), "regenerate with: bibfolio schema docs/cv.schema.json"
    schema = json.loads(committed)
    data = yaml.safe_load((ROOT / "docs" / "cv.yaml").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    assert (
        "cv.schema.json" in (ROOT / "docs" / "cv.yaml").read_text(encoding="utf-8").splitlines()[0]
    )


def test_data_file_is_valid() -> None:
    cv, problems = validate_cv(read_yaml(ROOT / "docs" / "cv.yaml"))
    assert problems == []
    assert cv is not None
    assert [section.title for section in cv.sections] == SEED_SECTIONS


def test_broken_data_stops_the_build_with_located_messages(project: Path, tmp_path: Path) -> None:
    data = project / "cv.yaml"
    text = data.read_text(encoding="utf-8")
    text = text.replace("updated: 2025-09", "updated: 2025-13\nnmae: typo")
    text = text.replace("papers: [chen2025singleindex]", "papers: [chen2099missing]")
    data.write_text(text, encoding="utf-8")
    line = text.splitlines().index("updated: 2025-13") + 1
    build = sphinx_build(project, tmp_path / "out")
    assert build.returncode == 1
    assert f"cv.yaml:{line}:10: ERROR: CV103 '2025-13': month 13 does not exist" in build.warnings
    assert f"cv.yaml:{line + 1}:1: ERROR: CV101 unknown key 'nmae'" in build.warnings
    assert "CV201 cites 'chen2099missing', which is not in the bibliography" in build.warnings
    assert "Traceback" not in build.output
    assert not list(build.html.rglob("*.html"))


def test_no_page_shows_markup_from_the_data(site: Build) -> None:
    page = BeautifulSoup((site.html / "cv.html").read_text(encoding="utf-8"), "html.parser")
    emphasis = [text_of(e) for e in one(page, "article").select("em")]
    assert emphasis == ["value-incentivized regularization"], "only the data's *emphasis*"
