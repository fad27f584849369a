"""In a real browser, with JavaScript switched off: the theme filter and abstract previews.

On tests/roots/second-owner, built once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bibfolio.load.bibtex import parse
from bibfolio.load.pages import read_page
from bibfolio.model.publication import parse_list
from conftest import ROOTS, Build, chromium


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(scripts=False) as driver:
        yield driver


def visible_labels(driver: Any) -> list[str]:
    from selenium.webdriver.common.by import By  # noqa: PLC0415

    return [
        entry.find_element(By.CSS_SELECTOR, ".bibfolio-label").text
        for entry in driver.find_elements(By.CSS_SELECTOR, ".bibfolio-entry")
        if entry.is_displayed()
    ]


def test_theme_filter_by_keyboard_without_javascript(browser: Any, second_owner: Build) -> None:
    from selenium.webdriver.common.by import By  # noqa: PLC0415
    from selenium.webdriver.common.keys import Keys  # noqa: PLC0415

    browser.get((second_owner.html / "publications.html").as_uri())
    everything = ["[W1]", "[J1]", "[K2]", "[K1]"]
    assert visible_labels(browser) == everything
    radio = browser.find_element(By.ID, "bibfolio-all")
    radio.send_keys(Keys.ARROW_RIGHT)  # the next radio button: the first theme
    assert browser.find_element(By.ID, "bibfolio-rl").is_selected()
    assert visible_labels(browser) == ["[J1]", "[K2]", "[K1]"]
    browser.find_element(By.ID, "bibfolio-rl").send_keys(Keys.ARROW_RIGHT)
    assert browser.find_element(By.ID, "bibfolio-structure").is_selected()
    assert visible_labels(browser) == ["[W1]", "[K1]"]
    browser.find_element(By.ID, "bibfolio-structure").send_keys(Keys.ARROW_RIGHT)
    assert browser.find_element(By.ID, "bibfolio-all").is_selected()
    assert visible_labels(browser) == everything


def test_abstract_preview_opens_and_closes_with_the_keyboard(
    browser: Any, second_owner: Build
) -> None:
    from selenium.webdriver.common.by import By  # noqa: PLC0415
    from selenium.webdriver.common.keys import Keys  # noqa: PLC0415

    browser.get((second_owner.html / "research" / "rl.html").as_uri())
    preview = browser.find_elements(By.CSS_SELECTOR, "details.bibfolio-abstract")[0]
    summary = preview.find_element(By.TAG_NAME, "summary")
    text = preview.find_element(By.CSS_SELECTOR, ".bibfolio-abstract-text")
    assert not text.is_displayed()
    summary.send_keys(Keys.ENTER)
    assert preview.get_attribute("open") is not None
    assert text.is_displayed()
    summary.send_keys(Keys.ENTER)
    assert not text.is_displayed()


def test_each_theme_shows_its_papers(browser: Any, second_owner: Build) -> None:
    """Every theme's radio button shows the papers its themes field gives, in the data's order."""
    from selenium.webdriver.common.by import By  # noqa: PLC0415
    from selenium.webdriver.common.keys import Keys  # noqa: PLC0415

    entries = parse((ROOTS / "second-owner" / "refs.bib").read_text(encoding="utf-8")).entries
    overview = ROOTS / "second-owner" / "research" / "index.md"
    (toctree,) = read_page(overview, overview.parent, overview.read_text("utf-8")).uses("toctree")
    themes = [line.strip() for line in toctree.body if line.strip()]
    browser.get((second_owner.html / "publications.html").as_uri())
    assert len(visible_labels(browser)) == len(entries)
    current = browser.find_element(By.ID, "bibfolio-all")
    for theme in themes:
        current.send_keys(Keys.ARROW_RIGHT)
        current = browser.find_element(By.ID, f"bibfolio-{theme}")
        assert current.is_selected(), theme
        members = [e for e in entries if theme in parse_list(e.value("themes"))]
        assert len(visible_labels(browser)) == len(members), theme
