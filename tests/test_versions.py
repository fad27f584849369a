"""Every release stays browsable: one folder per release, a switcher, a computed changes page.

On tests/roots/releases: the current release (docs/) and an earlier one kept in
docs/releases/, built once with ``bibfolio versions``. The versions are read from
the data (each release's ``updated``), never written here, save in a release the
tests add. A run builds again only the releases whose inputs changed: the tests
know which from the lines it prints and from Sphinx's own.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from conftest import (
    Ran,
    Versions,
    changes_on,
    chromium,
    copy_root,
    one,
    page_at,
    release_versions,
    restorer,
    run_cli,
    text_of,
)
from webcheck import serve


def test_the_root_has_two_releases(releases_site: Versions) -> None:
    assert len(releases_site.releases) == 2
    assert releases_site.releases == sorted(releases_site.releases, reverse=True)


def test_every_release_is_built_with_an_index_to_the_newest(releases_site: Versions) -> None:
    out, newest = releases_site.out, releases_site.releases[0]
    for release in releases_site.releases:
        assert (out / release / "index.html").is_file()
        assert (out / release / "cv.pdf").is_file()
    index = releases_site.page("", "index.html")
    refresh = one(index, 'meta[http-equiv="refresh"]')
    assert refresh["content"] == f"0; url={newest}/"
    assert one(index, "a")["href"] == f"{newest}/"


def test_switcher_lists_every_release_and_marks_the_current_one(releases_site: Versions) -> None:
    newest, *older = releases_site.releases
    entries = json.loads((releases_site.out / "switcher.json").read_text(encoding="utf-8"))
    assert [(e["version"], e["url"], e["preferred"]) for e in entries] == [
        (newest, f"/{newest}/", True),
        *((release, f"/{release}/", False) for release in older),
    ]
    assert entries[0]["name"] == f"{newest} (latest)"
    for release in releases_site.releases:
        source = (releases_site.out / release / "cv.html").read_text(encoding="utf-8")
        assert "DOCUMENTATION_OPTIONS.theme_switcher_json_url = '/switcher.json';" in source
        assert f"DOCUMENTATION_OPTIONS.theme_switcher_version_match = '{release}';" in source
        assert releases_site.page(release, "cv.html").select(".version-switcher__button")


def test_release_shows_on_the_site_and_in_the_pdf(releases_site: Versions) -> None:
    for release in releases_site.releases:
        footer = text_of(one(releases_site.page(release, "index.html"), ".bibfolio-release"))
        assert footer == f"Release {release}"
        pdf = (releases_site.out / release / "cv.pdf").read_bytes()
        assert f"version {release}" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_each_release_shows_its_own_data(releases_site: Versions) -> None:
    newest, older = releases_site.releases
    old_cv = releases_site.page(older, "cv.html")
    titles = [text_of(h).rstrip("#") for h in old_cv.select("article section h2")]
    assert titles[:4] == ["Education", "Research Interests", "Publications", "Preprints"]
    assert "Teaching Assistant" in titles
    labels = [text_of(one(e, ".bibfolio-label")) for e in old_cv.select(".bibfolio-entry")]
    assert labels == ["[2]", "[1]", "[2]", "[1]"], "its own label scheme, numbered per group"
    assert "Probability (2022 fall)" in text_of(one(old_cv, "article"))
    new_cv = releases_site.page(newest, "cv.html")
    assert "Probability" not in text_of(one(new_cv, "article"))
    assert not (releases_site.out / older / "research").exists()


def test_what_changed_is_computed_from_the_two_releases(releases_site: Versions) -> None:
    found = changes_on(releases_site.page(releases_site.releases[0], "changes.html"))
    assert found["Papers added"] == ["[P2] Agents that Rank Their Own Plans"]
    assert found["Papers removed"] == ["[1] An Early Draft"]
    assert found["Status, venue and award changes"] == [
        (
            "[P1] Ranking under Delayed Feedback: was “arXiv preprint, Jun, 2023”; "
            "now “Preprint under review at Journal of Ranking”"
        ),
        (
            "[C1] Bandits with Many Arms: was “Conference on Fixture Learning (CFL) 2022”; "
            "now “Conference on Fixture Learning (CFL) 2022 Oral”"
        ),
    ]
    assert "[1] is now [J1] Graphs of Small Worlds" in found["Labels"]
    assert found["Education"] == [
        "Example University: degree “Ph.D. Student in Fixtures” → “Ph.D. Candidate in Fixtures”"
    ]
    assert "Removed: Old Lab (Industrial Experiences)" in found["Positions"]
    assert (
        "Far University: section “Visiting Experiences” → “Research Experiences”"
        in (found["Positions"])
    )
    assert found["Teaching"] == ["Removed: Probability (Teaching Assistant)"]
    assert found["Talks"][0] == "Renamed: “Bandits in Practice” → “Bandits with Delays in Practice”"
    assert "Added: Fixture Fellowship, Mar. 2024" in found["Awards and honors"]
    assert "Conference Reviewer: added Neural Fixtures (NF; 2024)" in found["Academic services"]
    assert "Added: Skills" in found["Sections of the CV"]
    assert "Removed: Teaching Assistant" in found["Sections of the CV"]
    assert "Rewritten: Research Interests" in found["Sections of the CV"]
    article = one(releases_site.page(releases_site.releases[0], "changes.html"), "article")
    links = article.select("a.reference")
    assert any(a["href"] == "papers/haddad2024agents/index.html" for a in links)


def test_first_release_says_so(releases_site: Versions) -> None:
    first = releases_site.releases[-1]
    article = one(releases_site.page(first, "changes.html"), "article")
    assert f"Release {first} is the first release of this portfolio." in text_of(article)


def test_failed_release_keeps_the_last_good_folder(tmp_path: Path) -> None:
    project = copy_root("releases", tmp_path / "project")
    out = project / "out"
    out.mkdir()
    (out / ".bibfolio-site").write_text("built by bibfolio 0.2\n", encoding="utf-8")  # a build
    (out / "marker.txt").write_text("last good build", encoding="utf-8")
    (earlier,) = (project / "docs" / "releases").iterdir()
    bib = earlier / "refs.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8") + "\n@misc{lee2021graphs, title = {x}}\n",
        encoding="utf-8",
    )
    done = run_cli(["versions", "docs", "out"], project, {"READTHEDOCS_CANONICAL_URL": ""})
    assert done.status == 1
    assert "BIB201 key 'lee2021graphs' is already used" in done.stderr
    assert (out / "marker.txt").read_text(encoding="utf-8") == "last good build"


def test_earlier_release_is_read_with_the_project_settings(tmp_path: Path) -> None:
    """An award declared in pyproject.toml is accepted in an earlier release's refs.bib too
    (the build of every release; check runs the same builds)."""
    project = copy_root("releases", tmp_path / "project")
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text(encoding="utf-8") + 'awards = ["Contributed Talk"]\n',
        encoding="utf-8",
    )
    (earlier,) = (project / "docs" / "releases").iterdir()
    bib = earlier / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    at = text.index("title", text.index("@inproceedings"))
    bib.write_text(text[:at] + "award = {Contributed Talk},\n  " + text[at:], encoding="utf-8")
    built = run_cli(["versions", "docs", "out"], project, {"READTHEDOCS_CANONICAL_URL": ""})
    assert built.status == 0, built.output
    paper = (project / "out" / earlier.name / "publications.html").read_text(encoding="utf-8")
    assert "Contributed Talk" in paper


@pytest.fixture(scope="module")
def served(releases_site: Versions) -> Iterator[str]:
    with serve(releases_site.out) as url:
        yield url.rstrip("/")


@pytest.fixture(scope="module")
def browser_with_scripts() -> Iterator[Any]:
    with chromium(scripts=True) as driver:
        yield driver


def test_switcher_moves_between_releases_over_http(
    browser_with_scripts: Any, served: str, releases_site: Versions
) -> None:
    from selenium.webdriver.common.by import By  # noqa: PLC0415
    from selenium.webdriver.support import expected_conditions  # noqa: PLC0415
    from selenium.webdriver.support.ui import WebDriverWait  # noqa: PLC0415

    newest, older = releases_site.releases
    driver = browser_with_scripts
    wait = WebDriverWait(driver, 10)
    driver.get(f"{served}/")
    wait.until(expected_conditions.url_to_be(f"{served}/{newest}/"))
    driver.get(f"{served}/{newest}/cv.html")
    button = driver.find_element(By.CSS_SELECTOR, ".version-switcher__button")
    wait.until(lambda d: button.text == f"{newest} (latest)")
    button.click()
    wait.until(
        expected_conditions.element_to_be_clickable(
            (By.CSS_SELECTOR, f'.version-switcher__menu a[data-version="{older}"]')
        )
    ).click()
    wait.until(expected_conditions.url_to_be(f"{served}/{older}/cv.html"))
    last_update = text_of(one(releases_site.page(older, "cv.html"), "article"))
    assert "Last update: January, 2024" in last_update
    assert "Last update: January, 2024" in driver.find_element(By.TAG_NAME, "article").text
    button = driver.find_element(By.CSS_SELECTOR, ".version-switcher__button")
    wait.until(lambda d: button.text == older)
    button.click()
    wait.until(
        expected_conditions.element_to_be_clickable(
            (By.CSS_SELECTOR, f'.version-switcher__menu a[data-version="{newest}"]')
        )
    ).click()
    wait.until(expected_conditions.url_to_be(f"{served}/{newest}/cv.html"))
    assert "Last update: September, 2024" in driver.find_element(By.TAG_NAME, "article").text


def test_switching_from_a_page_the_older_release_lacks_goes_to_its_home(
    browser_with_scripts: Any, served: str, releases_site: Versions
) -> None:
    from selenium.webdriver.common.by import By  # noqa: PLC0415
    from selenium.webdriver.support import expected_conditions  # noqa: PLC0415
    from selenium.webdriver.support.ui import WebDriverWait  # noqa: PLC0415

    newest, older = releases_site.releases
    assert not (releases_site.out / older / "research" / "bandits.html").exists()
    driver = browser_with_scripts
    wait = WebDriverWait(driver, 10)
    driver.get(f"{served}/{newest}/research/bandits.html")
    button = driver.find_element(By.CSS_SELECTOR, ".version-switcher__button")
    wait.until(lambda d: button.text == f"{newest} (latest)")
    button.click()
    wait.until(
        expected_conditions.element_to_be_clickable(
            (By.CSS_SELECTOR, f'.version-switcher__menu a[data-version="{older}"]')
        )
    ).click()
    wait.until(expected_conditions.url_to_be(f"{served}/{older}/"))


# -- a release is built again only when what it is made from changed ----------------------

KEPT = re.compile(r"^bibfolio: release (\S+): unchanged since the last run, kept$", re.MULTILINE)


def versions_run(project: Path, *args: str) -> tuple[Ran, set[str]]:
    """``bibfolio versions`` run once more; what it printed, and the releases it built (those
    it did not name as kept), checked against the builds Sphinx reported."""
    done = run_cli(["versions", "docs", "out", *args], project, {"READTHEDOCS_CANONICAL_URL": ""})
    kept = set(KEPT.findall(done.output))
    built = set(release_versions(project / "docs")) - kept
    if done.status == 0:
        assert done.output.count("build succeeded") == len(built), done.output
    return done, built


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Callable[[], Path]:
    """A copy of the root with every release built once, afresh for each test that calls it."""
    project = copy_root("releases", tmp_path_factory.mktemp("built-once") / "project")
    done, built = versions_run(project)
    assert done.status == 0, done.output
    assert built == set(release_versions(project / "docs"))
    return restorer(project)


def site_files(out: Path) -> dict[str, bytes]:
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file()
    }


def add_release(project: Path, version: str) -> Path:
    """An earlier release made from the one kept in the root, its ``updated`` set to
    ``version`` (2023.06: 2023-06)."""
    (kept,) = (project / "docs" / "releases").iterdir()
    folder = project / "docs" / "releases" / version
    shutil.copytree(kept, folder, ignore=shutil.ignore_patterns("papers"))
    data = folder / "cv.yaml"
    text = data.read_text(encoding="utf-8")
    updated = re.search(r"^updated: .*$", text, re.MULTILINE)
    assert updated is not None
    month = version.replace(".", "-")
    data.write_text(text.replace(updated.group(0), f"updated: {month}"), encoding="utf-8")
    return folder


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_second_run_with_nothing_changed_builds_nothing_and_publishes_the_same_site(
    built_once: Callable[[], Path],
) -> None:
    project = built_once()
    first = site_files(project / "out")
    done, built = versions_run(project)
    assert done.status == 0, done.output
    assert built == set()
    for release in release_versions(project / "docs"):
        assert f"release {release}: unchanged since the last run, kept" in done.output
    assert site_files(project / "out") == first


def test_an_edit_of_an_earlier_release_builds_that_release_only(tmp_path: Path) -> None:
    project = copy_root("releases", tmp_path / "project")
    oldest = add_release(project, "2023.06")
    done, _ = versions_run(project)
    assert done.status == 0, done.output
    append(oldest / "index.md", "\nA line only the oldest release shows.\n")
    done, built = versions_run(project)
    assert done.status == 0, done.output
    assert built == {"2023.06"}
    home = text_of(one(page_at(project / "out" / "2023.06", "index.html"), "article"))
    assert "A line only the oldest release shows." in home


def test_an_edit_of_the_release_the_changes_page_compares_with_builds_the_current_too(
    built_once: Callable[[], Path],
) -> None:
    project = built_once()
    newest, previous = release_versions(project / "docs")
    data = project / "docs" / "releases" / previous / "cv.yaml"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("Old Lab", "Older Lab"), encoding="utf-8")
    done, built = versions_run(project)
    assert done.status == 0, done.output
    assert built == {newest, previous}
    found = changes_on(page_at(project / "out" / newest, "changes.html"))
    assert "Removed: Older Lab (Industrial Experiences)" in found["Positions"]


def test_an_edit_of_the_current_release_builds_it_only(built_once: Callable[[], Path]) -> None:
    project = built_once()
    newest = release_versions(project / "docs")[0]
    append(project / "docs" / "index.md", "\nA line only the current release shows.\n")
    done, built = versions_run(project)
    assert done.status == 0, done.output
    assert built == {newest}
    home = text_of(one(page_at(project / "out" / newest, "index.html"), "article"))
    assert "A line only the current release shows." in home


def test_a_new_site_address_builds_every_release_again(built_once: Callable[[], Path]) -> None:
    project = built_once()
    done, built = versions_run(project, "--base-url", "https://example.org/site/")
    assert done.status == 0, done.output
    assert built == set(release_versions(project / "docs"))
    for release in built:
        source = (project / "out" / release / "cv.html").read_text(encoding="utf-8")
        assert "theme_switcher_json_url = 'https://example.org/site/switcher.json'" in source
    done, built = versions_run(project, "--base-url", "https://example.org/site/")
    assert built == set()


def test_sphinx_build_fresh_environment_builds_every_release_again(
    built_once: Callable[[], Path],
) -> None:
    project = built_once()
    done, built = versions_run(project, "--", "-E")
    assert done.status == 0, done.output
    assert built == set(release_versions(project / "docs"))


def test_a_release_that_failed_is_built_again_once_fixed(built_once: Callable[[], Path]) -> None:
    """Put back as it was when it last built, a release that failed since is built again,
    never kept: the failed build left its output unfinished."""
    project = built_once()
    previous = release_versions(project / "docs")[1]
    home = project / "docs" / "releases" / previous / "index.md"
    good = home.read_text(encoding="utf-8")
    home.write_text(good + "\n```{no-such-directive}\n```\n", encoding="utf-8")
    done, built = versions_run(project)
    assert done.status != 0
    assert previous in built
    home.write_text(good, encoding="utf-8")
    done, built = versions_run(project)
    assert done.status == 0, done.output
    assert previous in built
    assert (project / "out" / previous / "index.html").is_file()
