"""Markup in any field comes out as text: a corpus of payloads in every user-controlled field.

Payloads for HTML, JavaScript, MyST and reST roles, Typst, LaTeX, JSON and meta
tags, template engines, and bidi and zero-width characters are put into every
field of the bibliography, the data file and a page's front matter (two builds,
each field getting a different payload in each), then every built file is read:
no element, attribute or script comes from the data, JSON-LD and the search
index parse, Scholar tags hold the title as written, the PDF prints it, and a
browser with JavaScript on opens no dialog on any page.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import ROOTS, chromium, run_bibfolio
from test_hostile import assert_inert

PAYLOADS = [
    '<script>alert("p1")</script>',
    '"><img src=x onerror=alert(2)>',
    "' onmouseover='alert(3)' x='",
    "</title><script>alert(4)</script>",
    "javascript:alert(5)",
    "{download}`/etc/passwd` and :download:`/etc/passwd`",
    "```{raw} html <script>alert(7)</script> ```",
    "[link](javascript:alert(8)) <https://evil.example>",
    '#set text(red); #read("/etc/passwd"); $x^2$ @label <tag>',
    "\\input{/etc/passwd} \\def\\x{y} \\write18{rm -rf}",
    '{"a": "</script>", "b": "\u2028\u2029"}',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "\u202eevil\u202c a\u200bb \ufeffc \u2066isolate\u2069",
    "{{ 7*7 }} ${7*7} <%= 7*7 %> {% raw %}",
    "<!-- --> ]]> <![x[",
    "&lt;script&gt;alert(15)&lt;/script&gt; &amp;",
    "`code` **bold** _under_ ~~strike~~ <b>b</b>",
    "<svg onload=alert(17)> <iframe src=javascript:alert(17)>",
]
# Names are split at commas and " and ": payloads without them.
NAME_SAFE = [p for p in PAYLOADS if "," not in p and " and " not in p]


def bib_value(payload: str) -> str:
    """A braced BibTeX value holding the payload (its braces are balanced)."""
    return "{" + payload + "}"


def project_with(payloads: list[str], target: Path) -> Path:
    """The minimal portfolio with a payload in every field; payloads[i] goes to field i."""
    shutil.copytree(ROOTS / "minimal", target)
    cycle = iter(payloads * 20)
    names = iter(NAME_SAFE * 20)

    def next_payload() -> str:
        return next(cycle)

    bib = [
        "@inproceedings{payload2024,",
        f"  title = {bib_value(next_payload())},",
        f"  author = {{Example, Ada and {next(names)} Eve}},",
        f"  booktitle = {bib_value(next_payload())},",
        "  year = {2024},",
        f"  abstract = {bib_value(next_payload())},",
        f"  presented = {{{next(names)} Workshop, 2024}},",
        "  themes = {learning},",
        "}",
        "@misc{payload2025,",
        f"  title = {bib_value(next_payload())},",
        "  author = {Example, Ada},",
        f"  howpublished = {bib_value(next_payload())},",
        "  year = {2025},",
        "  themes = {learning},",
        "}",
        "@article{payload2023,",
        f"  title = {bib_value(next_payload())},",
        "  author = {Example, Ada},",
        f"  journal = {bib_value(next_payload())},",
        "  year = {2023},",
        f"  pubstate = {{under review at {next_payload()}}},",
        "  themes = {learning},",
        "}",
    ]
    (target / "refs.bib").write_text(
        (target / "refs.bib").read_text("utf-8") + "\n" + "\n".join(bib) + "\n", encoding="utf-8"
    )
    page = target / "docs" / "research" / "learning.md"
    text = page.read_text("utf-8")
    text = text.replace(
        "description: Learning from feedback that arrives late.",
        "description: " + json.dumps(next_payload()),
    )
    text = text.replace(
        "```{bibliography}",
        "{cite}`payload2024` {cite}`payload2025` {cite}`payload2023`\n\n```{bibliography}",
    )
    page.write_text(text, encoding="utf-8")
    data = yaml.safe_load((target / "docs" / "cv.yaml").read_text("utf-8"))
    data["position"] = next_payload()
    data["affiliation"] = next_payload()
    data["summary"] = next_payload()
    data["contact"]["profiles"] = [{"label": next_payload()}]
    sections = data["sections"]
    sections[0]["title"] = next_payload().replace("\n", " ")
    sections[0]["text"] = next_payload()
    education = sections[1]["items"][0]
    education.update(institution=next_payload(), location=next_payload(), degree=next_payload())
    education["notes"] = [next_payload()]
    talk = sections[2]["items"][0]
    talk["title"] = next_payload()
    talk["events"][0].update(venue=next_payload(), city=next_payload())
    sections[3:3] = [
        {
            "type": "experience",
            "title": next_payload(),
            "items": [
                {
                    "organization": next_payload(),
                    "role": next_payload(),
                    "location": next_payload(),
                    "host": next_payload(),
                    "start": "2024-01",
                    "end": "present",
                    "description": next_payload(),
                }
            ],
        },
        {
            "type": "awards",
            "title": "Awards",
            "items": [{"title": next_payload(), "detail": next_payload(), "dates": ["2024-05"]}],
        },
        {
            "type": "skills",
            "title": "Skills",
            "items": [{"label": next_payload(), "text": next_payload()}],
        },
        {
            "type": "service",
            "title": "Service",
            "items": [
                {
                    "label": next_payload(),
                    "venues": [{"name": next_payload(), "abbreviation": next_payload()}],
                }
            ],
        },
        {
            "type": "teaching",
            "title": "Teaching",
            "items": [{"course": next_payload(), "detail": next_payload(), "note": next_payload()}],
        },
    ]
    (target / "docs" / "cv.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return target


@pytest.fixture(scope="module", params=[0, 7], ids=["shift-0", "shift-7"])
def hostile_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    shift = int(request.param)
    payloads = PAYLOADS[shift:] + PAYLOADS[:shift]
    project = project_with(payloads, tmp_path_factory.mktemp("payloads") / "project")
    status, output = run_bibfolio(["build"], project)
    assert status == 0, output
    return project / "docs" / "_build" / "html"


def test_no_markup_from_the_data_reaches_any_page(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 8
    for page in pages:
        assert_inert(page)


def test_structured_data_parses_and_holds_the_text(hostile_site: Path) -> None:
    for page in sorted((hostile_site / "papers").rglob("index.html")):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        title = soup.select_one('meta[name="citation_title"]')
        assert title is not None
        heading = soup.select_one("article h1")
        assert heading is not None
        assert title["content"] == heading.get_text().rstrip("#")
        for script in soup.select('script[type="application/ld+json"]'):
            data = json.loads(script.string or "")
            assert data["headline"] == title["content"]
    index = (hostile_site / "searchindex.js").read_text("utf-8")
    start, end = index.index("(") + 1, index.rindex(")")
    assert isinstance(json.loads(index[start:end]), dict)


def test_the_pdf_prints_the_payloads_as_text(hostile_site: Path) -> None:
    text = "".join(page.extract_text() for page in PdfReader(hostile_site / "cv.pdf").pages)
    assert "alert(" in text  # the payloads are there, printed
    assert "root:x:0" not in text


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        """No request log in the test output."""


@pytest.fixture(scope="module")
def served(hostile_site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(hostile_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_no_dialog_opens_in_a_browser_with_javascript(hostile_site: Path, served: str) -> None:
    from selenium.common.exceptions import NoAlertPresentException  # noqa: PLC0415

    with chromium(scripts=True) as driver:
        driver.implicitly_wait(0)
        for page in sorted(hostile_site.rglob("*.html")):
            driver.get(f"{served}/{page.relative_to(hostile_site).as_posix()}")
            driver.execute_script("window.dispatchEvent(new Event('load'));")
            with pytest.raises(NoAlertPresentException):
                driver.switch_to.alert.text  # noqa: B018 - reading it is the check
