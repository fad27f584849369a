"""The site on a phone and for search engines: weight, menu, accessibility, tags, print.

One small complete portfolio (tests/roots/web, every kind of page) is built once;
the browser tests serve it on 127.0.0.1, gzipped as Read the Docs serves it.
"""

from __future__ import annotations

import io
import json
import os
import posixpath
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest

from bibfolio.site.weight import first_visit
from conftest import Build, build_root, chromium, one
from webcheck import axe_script, axe_violations, describe, serve, set_mode

BASE = "https://jane.example.org/site/"
BUDGET = 150_000  # bytes over the wire on a first visit, for each page below
PAGES = {
    "home": "index.html",
    "publications": "publications.html",
    "cv": "cv.html",
    "theme": "research/rl.html",
    "paper": "papers/kim2026control/index.html",
}
NOT_CONTENT = {"search.html", "genindex.html", "404.html"}


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Build:
    built = build_root("web", tmp_path_factory.mktemp("web"))
    assert built.returncode == 0, built.output
    return built


def test_builds_without_warnings(web: Build) -> None:
    assert web.warnings == ""


# -- weight --------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES.values())
def test_first_visit_stays_within_the_budget(web: Build, page: str) -> None:
    weight = first_visit(web.html, page)
    loaded = "\n".join(f"{d.transferred:>8} {d.path}" for d in weight.downloads)
    assert weight.transferred <= BUDGET, f"{page}: {weight.transferred} bytes\n{loaded}"
    names = {posixpath.basename(d.path) for d in weight.downloads}
    assert "fontawesome.js" not in names
    assert not names & {"searchindex.js", "searchtools.js", "language_data.js"}, "search page only"


def test_copy_button_scripts_only_where_there_is_code(web: Build) -> None:
    def scripts(page: str) -> set[str]:
        return {posixpath.basename(d.path) for d in first_visit(web.html, page).downloads}

    assert {"copybutton.js", "clipboard.min.js"} <= scripts(PAGES["paper"]), "BibTeX block"
    assert not {"copybutton.js", "clipboard.min.js"} & scripts(PAGES["home"])
    assert "searchindex.js" in scripts("search.html")


def test_icon_font_holds_the_icons_the_pages_show(web: Build) -> None:
    from fontTools.ttLib import TTFont  # noqa: PLC0415

    font = web.html / "_static/vendor/fontawesome/webfonts/fa-solid-900.woff2"
    assert font.stat().st_size < 10_000, "cut to the icons used (the theme's is 115 KB)"
    cmap = TTFont(io.BytesIO(font.read_bytes())).getBestCmap()
    assert 0xF0C9 in cmap, "the menu's icon (fa-bars)"
    assert 0xF002 in cmap, "the search icon (fa-magnifying-glass)"


def test_every_page_is_within_two_steps_of_the_home_page(web: Build) -> None:
    pages = {
        path.relative_to(web.html).as_posix()
        for path in web.html.rglob("*.html")
        if not path.relative_to(web.html).as_posix().startswith("_")  # the theme's files
    } - NOT_CONTENT

    def links(page: str) -> set[str]:
        found = set()
        for anchor in web.page(page).select("a[href]"):
            parts = urlsplit(str(anchor["href"]))
            if parts.scheme or parts.netloc or not parts.path:
                continue
            found.add(posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path)))
        return found & pages

    one_step = links("index.html")
    two_steps = one_step | {target for page in one_step for target in links(page)}
    assert pages - {"index.html"} <= two_steps
    body_links = {
        anchor["href"] for anchor in web.page("index.html").select("article a[href]")
    }  # talks and what changed are linked from the home page itself
    assert {"talks.html", "changes.html"} <= body_links


# -- what search engines and link previews read ----------------------------------------


def test_titles_say_what_the_page_is(web: Build) -> None:
    assert one(web.page("index.html"), "title").text == "Jane Q. Researcher"
    assert one(web.page("publications.html"), "title").text == "Publications — Jane Q. Researcher"
    assert (
        one(web.page(PAGES["paper"]), "title").text
        == "Controllable Generation under Overparameterization as Optimal Control — Jane Q. Researcher"
    )


def test_descriptions_come_from_the_data(web: Build) -> None:
    def description(page: str) -> str:
        return str(one(web.page(page), 'meta[name="description"]')["content"])

    assert description("index.html") == (
        "I study reinforcement learning with structured action spaces and the "
        "optimization of diffusion models."
    )
    assert description(PAGES["theme"]) == (
        "Reinforcement learning with structure in the action space and in the dynamics."
    )
    assert description(PAGES["paper"]).startswith("Controllable generation with diffusion")
    assert description("cv.html") == (
        "Curriculum vitae — Jane Q. Researcher, Assistant Professor of Test Fixtures, "
        "University of Examples"
    )
    for page in PAGES.values():
        assert description(page), page


@pytest.mark.parametrize("page", PAGES.values())
def test_canonical_address_and_cards(web: Build, page: str) -> None:
    soup = web.page(page)
    url = BASE + page
    assert one(soup, 'link[rel="canonical"]')["href"] == url
    tags = {m.get("property") or m.get("name"): m["content"] for m in soup.select("meta[content]")}
    assert tags["og:url"] == url
    assert tags["og:title"] == one(soup, "title").text
    assert tags["og:description"] == tags["description"] == tags["twitter:description"]
    assert tags["og:image"] == BASE + "social.png"
    assert tags["twitter:card"] == "summary_large_image"


def test_social_image_is_a_card_of_the_owner(web: Build) -> None:
    data = (web.html / "social.png").read_bytes()
    assert data.startswith(b"\x89PNG")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1200, 630)


def test_json_ld_person_on_the_home_page(web: Build) -> None:
    scripts = web.page("index.html").select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    person = json.loads(str(scripts[0].string))
    assert person["@type"] == "Person"
    assert person["name"] == "Jane Q. Researcher"
    assert person["jobTitle"] == "Assistant Professor of Test Fixtures"
    assert person["affiliation"]["name"] == "University of Examples"
    assert person["url"] == BASE
    assert person["sameAs"] == ["https://jane.example.org", "https://scholar.example.org/jane"]
    assert "email" not in person, "the address stays obfuscated"


def test_paper_json_ld_agrees_with_the_scholar_tags(web: Build) -> None:
    soup = web.page(PAGES["paper"])
    (script,) = soup.select('script[type="application/ld+json"]')
    article = json.loads(str(script.string))
    assert article["@type"] == "ScholarlyArticle"
    assert article["headline"] == one(soup, 'meta[name="citation_title"]')["content"]
    assert len(article["author"]) == len(soup.select('meta[name="citation_author"]'))
    assert article["url"] == BASE + "papers/kim2026control/"


def test_sitemap_robots_404_and_favicon(web: Build) -> None:
    sitemap = ElementTree.parse(web.html / "sitemap.xml").getroot()  # noqa: S314 - our build
    listed = {loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert {BASE + page for page in PAGES.values()} <= listed
    assert not {BASE + page for page in NOT_CONTENT} & listed
    robots = (web.html / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots
    assert f"Sitemap: {BASE}sitemap.xml" in robots
    missing = web.page("404.html")
    assert "Page not found" in one(missing, "title").text
    assert one(missing, 'meta[name="robots"]')["content"] == "noindex"
    assert missing.select('link[rel="canonical"]') == []
    for anchor in missing.select(".bd-sidebar-primary a[href]"):
        assert str(anchor["href"]).startswith("/site/"), "absolute: served at any depth"
    icon = one(web.page("index.html"), 'link[rel="icon"]')["href"]
    assert (web.html / icon).is_file()


# -- in a browser ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site_url(web: Build) -> Iterator[str]:
    with serve(web.html) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(scripts=True) as driver:
        yield driver


def _menu_is_open(driver: Any) -> bool:
    from selenium.webdriver.common.by import By  # noqa: PLC0415

    dialog = driver.find_element(By.ID, "pst-primary-sidebar-modal")
    talks = dialog.find_elements(By.LINK_TEXT, "Talks")
    return bool(dialog.get_attribute("open") is not None and talks and talks[0].is_displayed())


def _visible_menu_button(driver: Any) -> Any:
    from selenium.webdriver.common.by import By  # noqa: PLC0415

    shown = [
        b for b in driver.find_elements(By.CSS_SELECTOR, ".primary-toggle") if b.is_displayed()
    ]
    assert len(shown) == 1, "one menu button"
    return shown[0]


@pytest.mark.parametrize("how", ["mouse", "keyboard", "touch"])
def test_menu_opens_on_a_phone(browser: Any, site_url: str, how: str) -> None:
    from selenium.webdriver.common.actions.action_builder import ActionBuilder  # noqa: PLC0415
    from selenium.webdriver.common.actions.interaction import POINTER_TOUCH  # noqa: PLC0415
    from selenium.webdriver.common.actions.pointer_input import PointerInput  # noqa: PLC0415
    from selenium.webdriver.common.keys import Keys  # noqa: PLC0415

    browser.set_window_size(390, 844)
    browser.get(site_url + PAGES["paper"])
    button = _visible_menu_button(browser)
    assert button.accessible_name, "the menu button has a name"
    if how == "mouse":
        button.click()
    elif how == "keyboard":
        browser.execute_script("arguments[0].focus()", button)
        button.send_keys(Keys.ENTER)
    else:
        finger = PointerInput(POINTER_TOUCH, "finger")  # type: ignore[no-untyped-call]
        actions = ActionBuilder(browser, mouse=finger)
        actions.pointer_action.move_to(button).pointer_down().pointer_up()  # type: ignore[no-untyped-call]
        actions.perform()
    assert _menu_is_open(browser)
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert browser.find_element("id", "pst-primary-sidebar-modal").get_attribute("open") is None


def test_menu_button_hides_and_shows_the_sidebar_on_a_desktop(browser: Any, site_url: str) -> None:
    from selenium.webdriver.common.by import By  # noqa: PLC0415

    browser.set_window_size(1280, 900)
    browser.get(site_url + PAGES["home"])
    from selenium.webdriver.support.wait import WebDriverWait  # noqa: PLC0415

    sidebar = browser.find_element(By.ID, "pst-primary-sidebar")
    assert sidebar.is_displayed()
    _visible_menu_button(browser).click()
    WebDriverWait(browser, 3).until(lambda _: not sidebar.is_displayed())  # after its fade
    _visible_menu_button(browser).click()
    WebDriverWait(browser, 3).until(lambda _: sidebar.is_displayed())


@pytest.mark.parametrize("page", [*PAGES.values(), "search.html", "404.html"])
def test_no_console_errors(browser: Any, site_url: str, page: str) -> None:
    browser.set_window_size(1280, 900)
    browser.get_log("browser")  # what earlier pages logged
    browser.get(site_url + page)
    problems = [
        entry
        for entry in browser.get_log("browser")
        if entry["level"] == "SEVERE" or "invalid theme mode" in entry["message"]
    ]
    problems = [p for p in problems if not (page == "404.html" and "404" in p["message"])]
    assert problems == [], page


def test_bibtex_block_has_its_copy_button(browser: Any, site_url: str) -> None:
    from selenium.webdriver.common.by import By  # noqa: PLC0415

    browser.get(site_url + PAGES["paper"])  # the copy button's scripts are deferred
    block = browser.find_element(By.CSS_SELECTOR, ".bibfolio-bibtex")
    assert block.find_elements(By.CSS_SELECTOR, "button.copybtn")


@pytest.fixture(scope="module")
def axe() -> str:
    script = axe_script()
    if script is None:
        if os.environ.get("BIBFOLIO_REQUIRE_BROWSER") == "1":
            pytest.fail("axe-core is required here: run the tests with nox -s tests")
        pytest.skip("axe-core is not installed (nox -s tests installs it)")
    return script


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_no_accessibility_violations(
    browser: Any, site_url: str, axe: str, width: int, mode: str
) -> None:
    browser.set_window_size(width, 900)
    found = {}
    for page in [*PAGES.values(), "talks.html", "search.html"]:
        set_mode(browser, site_url + page, mode)
        assert browser.execute_script("return document.documentElement.dataset.theme") == mode
        violations = axe_violations(browser, axe)
        if violations:
            found[page] = describe(violations)
    if width == 390:  # the menu, open
        browser.get(site_url + PAGES["theme"])
        _visible_menu_button(browser).click()
        violations = axe_violations(browser, axe)
        if violations:
            found["menu"] = describe(violations)
    assert found == {}


def test_focus_is_visible_on_the_header_buttons(browser: Any, site_url: str) -> None:
    from selenium.webdriver.common.by import By  # noqa: PLC0415

    browser.set_window_size(1280, 900)
    browser.get(site_url + PAGES["home"])
    buttons = browser.find_elements(By.CSS_SELECTOR, ".bd-header-article button")
    assert buttons
    for button in buttons:
        if not button.is_displayed():
            continue
        browser.execute_script("arguments[0].focus({focusVisible: true})", button)
        style = browser.execute_script(
            "const s = getComputedStyle(arguments[0]);"
            "return [s.outlineStyle, s.outlineWidth, s.boxShadow];",
            button,
        )
        assert style[0] != "none", button.get_attribute("outerHTML")
        assert style[1] != "0px", button.get_attribute("outerHTML")


@pytest.mark.parametrize("page", [PAGES["cv"], PAGES["publications"], PAGES["paper"]])
def test_readable_at_360_px(browser: Any, site_url: str, page: str) -> None:
    browser.set_window_size(360, 800)
    browser.get(site_url + page)
    cut = browser.execute_script(
        "const wide = el => el.scrollWidth > el.clientWidth + 1;"
        "const all = [...document.querySelectorAll("
        "  'article .bibfolio-cv-row, article .bibfolio-entry, article pre')];"
        "return [document.documentElement.scrollWidth > window.innerWidth,"
        "        all.filter(wide).map(el => el.className)];"
    )
    assert cut == [False, []]


def test_cv_prints_like_the_pdf(browser: Any, site_url: str, web: Build) -> None:
    import base64  # noqa: PLC0415

    from pypdf import PdfReader  # noqa: PLC0415
    from selenium.webdriver.common.print_page_options import PrintOptions  # noqa: PLC0415

    browser.set_window_size(1280, 900)
    browser.get(site_url + PAGES["cv"])
    options = PrintOptions()
    options.background = False
    printed = PdfReader(io.BytesIO(base64.b64decode(browser.print_page(options))))
    pdf = PdfReader(str(web.html / "cv.pdf"))
    assert len(printed.pages) <= len(pdf.pages) + 1
    text = " ".join(page.extract_text() for page in printed.pages)
    assert "Curriculum vitae" in text
    assert "Education" in text
    for absent in ("Details", "Contents", "Skip to main content", "Search", "What changed"):
        assert absent not in text, absent
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        breaks = browser.execute_script(
            "return [...document.querySelectorAll('.bibfolio-cv-entry, .bibfolio-entry')]"
            ".map(el => getComputedStyle(el).breakInside);"
        )
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert breaks, "the CV has entries"
    assert set(breaks) == {"avoid"}, "entries are not split across pages"
