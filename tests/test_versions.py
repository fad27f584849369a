"""Every release stays browsable: one folder per release, a switcher, a computed changes page."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import ROOT, chromium, one, text_of
from webcheck import serve

RELEASES = ["2025.09", "2025.02"]


def copy_tree(target: Path) -> Path:
    """The project as a fresh clone has it: no build output, no generated pages, no git."""
    shutil.copytree(
        ROOT,
        target,
        symlinks=True,  # as git makes them (test cases hold links to nowhere, on purpose)
        ignore=shutil.ignore_patterns(
            ".git", ".nox", "_build", "papers", "__pycache__", ".*_cache"
        ),
    )
    return target


def run_versions(
    project: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bibfolio", "versions", "docs", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_tree(tmp_path_factory.mktemp("versions") / "project")
    done = run_versions(project, "out")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stdout + done.stderr
    return project / "out"


def page(root: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((root / path).read_text(encoding="utf-8"), "html.parser")


def test_every_release_is_built_with_an_index_to_the_newest(versions: Path) -> None:
    for release in RELEASES:
        assert (versions / release / "index.html").is_file()
        assert (versions / release / "cv.pdf").is_file()
    index = page(versions, "index.html")
    refresh = one(index, 'meta[http-equiv="refresh"]')
    assert refresh["content"] == "0; url=2025.09/"
    assert one(index, "a")["href"] == "2025.09/"


def test_switcher_lists_every_release_and_marks_the_current_one(versions: Path) -> None:
    entries = json.loads((versions / "switcher.json").read_text(encoding="utf-8"))
    assert [(e["version"], e["url"], e["preferred"]) for e in entries] == [
        ("2025.09", "/2025.09/", True),
        ("2025.02", "/2025.02/", False),
    ]
    assert entries[0]["name"] == "2025.09 (latest)"
    for release in RELEASES:
        source = (versions / release / "cv.html").read_text(encoding="utf-8")
        assert "DOCUMENTATION_OPTIONS.theme_switcher_json_url = '/switcher.json';" in source
        assert f"DOCUMENTATION_OPTIONS.theme_switcher_version_match = '{release}';" in source
        assert page(versions, f"{release}/cv.html").select(".version-switcher__button")


def test_release_shows_on_the_site_and_in_the_pdf(versions: Path) -> None:
    for release in RELEASES:
        footer = text_of(one(page(versions, f"{release}/index.html"), ".bibfolio-release"))
        assert footer == f"Release {release}"
        reader = PdfReader(io.BytesIO((versions / release / "cv.pdf").read_bytes()))
        assert f"version {release}" in reader.pages[0].extract_text()


def test_february_release_has_the_february_cv(versions: Path) -> None:
    cv = page(versions, "2025.02/cv.html")
    titles = [text_of(h).rstrip("#") for h in cv.select("article section h2")]
    assert titles == [
        "Education",
        "Research Interests",
        "Publications",
        "Preprints",
        "Industrial Experiences",
        "Research Visiting Experiences",
        "Awards and Honors",
        "Invited Talks",
        "Teaching Assistant",
        "Academic Services",
    ]
    publications = one(cv, "section#cv-publications")
    labels = [text_of(one(e, ".bibfolio-label")) for e in publications.select(".bibfolio-entry")]
    assert labels == [f"[{n}]" for n in range(10, 0, -1)]
    preprints = one(cv, "section#cv-preprints")
    assert [text_of(one(e, ".bibfolio-label")) for e in preprints.select(".bibfolio-entry")] == [
        "[1]"
    ]
    assert "arXiv preprint, Feb, 2025" in text_of(preprints)
    text = text_of(one(cv, "article"))
    assert (
        "Theoretical Foundations of Distributionally Robust Reinforcement Learning [6][8]" in text
    )
    assert (
        "Differential Equations (2020 fall, USTC) (PI: Wuqing Ning, Dept. of Applied Math., USTC)"
        in text
    )
    assert "The University of Hong Kong, Research assistant hosted by Difan Zou" in text
    assert "Starting Jun. 2025" in text


def changes(root: Path, release: str) -> dict[str, list[str]]:
    article = one(page(root, f"{release}/changes.html"), "article")
    return {
        text_of(one(section, "h2")).rstrip("#"): [text_of(li) for li in section.select("li")]
        for section in article.select("section.bibfolio-changes")
    }


def test_what_changed_in_2025_09_is_computed_from_the_two_releases(versions: Path) -> None:
    found = changes(versions, "2025.09")
    assert [item.split(" ", 1)[0] for item in found["Papers added"]] == [
        "[P5]",
        "[P4]",
        "[P3]",
        "[P2]",
        "[C11]",
    ]
    assert "Papers removed" not in found
    assert (
        "[P1] Learning an Optimal Assortment Policy under Observational Data: was “arXiv preprint, "
        "Feb, 2025”; now “Preprint under review at Management Science (MS)”"
    ) in found["Status, venue and award changes"]
    assert (
        "Removed: The University of Hong Kong (Research Visiting Experiences)" in found["Positions"]
    )
    assert any(
        i.startswith("Added: Stanford University, Graduate Research Assistant")
        for i in found["Positions"]
    )
    assert found["Teaching"] == ["Removed: Differential Equations (Teaching Assistant)"]
    assert found["Talks"][0] == (
        "Renamed: “Theoretical Foundations of Distributionally Robust Reinforcement Learning” → "
        "“Theoretical Foundations of Distributionally Robust Decision Making”"
    )
    assert "Journal Reviewer: added Management Science (MS)" in found["Academic services"]
    assert "Added: Skills" in found["Sections of the CV"]
    assert "Removed: Teaching Assistant" in found["Sections of the CV"]
    links = one(page(versions, "2025.09/changes.html"), "article").select("a.reference")
    assert any(a["href"] == "papers/sun2025contextfolding/index.html" for a in links)


def test_first_release_says_so(versions: Path) -> None:
    article = one(page(versions, "2025.02/changes.html"), "article")
    assert "Release 2025.02 is the first release of this portfolio." in text_of(article)


def test_failed_release_keeps_the_last_good_folder(tmp_path: Path) -> None:
    project = copy_tree(tmp_path / "project")
    out = project / "out"
    out.mkdir()
    (out / ".bibfolio-site").write_text("built by bibfolio 0.2\n", encoding="utf-8")  # a build
    (out / "marker.txt").write_text("last good build", encoding="utf-8")
    bib = project / "docs" / "releases" / "2025.02" / "refs.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8") + "\n@misc{kuang2022robust, title = {x}}\n",
        encoding="utf-8",
    )
    done = run_versions(project, "out")
    assert done.returncode == 1
    assert "BIB201 key 'kuang2022robust' is already used" in done.stderr
    assert (out / "marker.txt").read_text(encoding="utf-8") == "last good build"


@pytest.fixture(scope="module")
def served(versions: Path) -> Iterator[str]:
    with serve(versions) as url:
        yield url.rstrip("/")


@pytest.fixture(scope="module")
def browser_with_scripts() -> Iterator[Any]:
    with chromium(scripts=True) as driver:
        yield driver


def test_switcher_moves_between_releases_over_http(browser_with_scripts: Any, served: str) -> None:
    from selenium.webdriver.common.by import By  # noqa: PLC0415
    from selenium.webdriver.support import expected_conditions  # noqa: PLC0415
    from selenium.webdriver.support.ui import WebDriverWait  # noqa: PLC0415

    driver = browser_with_scripts
    wait = WebDriverWait(driver, 10)
    driver.get(f"{served}/")
    wait.until(expected_conditions.url_to_be(f"{served}/2025.09/"))
    driver.get(f"{served}/2025.09/cv.html")
    button = driver.find_element(By.CSS_SELECTOR, ".version-switcher__button")
    wait.until(lambda d: button.text == "2025.09 (latest)")
    button.click()
    older = wait.until(
        expected_conditions.element_to_be_clickable(
            (By.CSS_SELECTOR, '.version-switcher__menu a[data-version="2025.02"]')
        )
    )
    older.click()
    wait.until(expected_conditions.url_to_be(f"{served}/2025.02/cv.html"))
    assert "Last update: February, 2025" in driver.find_element(By.TAG_NAME, "article").text
    button = driver.find_element(By.CSS_SELECTOR, ".version-switcher__button")
    wait.until(lambda d: button.text == "2025.02")
    button.click()
    newer = wait.until(
        expected_conditions.element_to_be_clickable(
            (By.CSS_SELECTOR, '.version-switcher__menu a[data-version="2025.09"]')
        )
    )
    newer.click()
    wait.until(expected_conditions.url_to_be(f"{served}/2025.09/cv.html"))
    assert "Last update: September, 2025" in driver.find_element(By.TAG_NAME, "article").text


def test_switching_from_a_page_the_older_release_lacks_goes_to_its_home(
    browser_with_scripts: Any, served: str
) -> None:
    from selenium.webdriver.common.by import By  # noqa: PLC0415
    from selenium.webdriver.support import expected_conditions  # noqa: PLC0415
    from selenium.webdriver.support.ui import WebDriverWait  # noqa: PLC0415

    driver = browser_with_scripts
    wait = WebDriverWait(driver, 10)
    driver.get(f"{served}/2025.09/research/rlhf.html")
    button = driver.find_element(By.CSS_SELECTOR, ".version-switcher__button")
    wait.until(lambda d: button.text == "2025.09 (latest)")
    button.click()
    wait.until(
        expected_conditions.element_to_be_clickable(
            (By.CSS_SELECTOR, '.version-switcher__menu a[data-version="2025.02"]')
        )
    ).click()
    wait.until(expected_conditions.url_to_be(f"{served}/2025.02/"))
