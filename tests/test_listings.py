"""Pages that list papers (publications, CV, theme pages) are laid out when written, and the
HTML of each paper is kept from build to build (bibfolio.sphinx.listings): what a reader
gets is what a first build gives, whatever changed in between, in HTML and in other formats.

The minimal portfolio: three papers, two theme pages, a CV that lists every paper.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import ROOTS
from test_incremental import SITE, build, edit, files, from_scratch, minimal

TITLES = (
    "Bandits with Delayed Feedback",
    "Graphs that Explain Themselves",
    "A Survey of Small Things",
)


def test_a_setting_that_moves_the_pages_gives_the_lists_new_links(tmp_path: Path) -> None:
    """The address of a paper's page, as a list links to it, follows the site's settings:
    the HTML kept for a paper is not reused once its links lead elsewhere."""
    project = minimal(tmp_path / "project")
    build(project)
    page = (project / SITE / "publications.html").read_text(encoding="utf-8")
    assert 'href="papers/example2024bandits/index.html"' in page
    suffix = ["--", "-D", "html_link_suffix=.htm"]
    build(project, *suffix)
    for name in ("publications.html", "cv.html", "research/learning.html"):
        page = (project / SITE / name).read_text(encoding="utf-8")
        assert 'papers/example2024bandits/index.htm"' in page, name
        assert "papers/example2024bandits/index.html" not in page, name
    assert files(project / SITE) == from_scratch(project, tmp_path / "scratch", *suffix)


def test_an_edited_paper_shows_anew_on_every_list_and_the_others_as_they_were(
    tmp_path: Path,
) -> None:
    project = minimal(tmp_path / "project")
    build(project)
    before = (project / SITE / "publications.html").read_text(encoding="utf-8")
    edit(project / "refs.bib", "Bandits with Delayed Feedback", "Bandits with Late Feedback")
    build(project)
    after = (project / SITE / "publications.html").read_text(encoding="utf-8")
    assert "Bandits with Late Feedback" in after
    assert "Delayed Feedback" not in after
    assert after.replace("Late Feedback", "Delayed Feedback") == before
    assert files(project / SITE) == from_scratch(project, tmp_path / "scratch")


def build_as(builder: str, root: str, out: Path) -> None:
    """A build of tests/roots/``root`` by Sphinx's ``builder``, strict; it must succeed."""
    project = out.parent / f"{root}-{builder}"
    shutil.copytree(ROOTS / root, project, ignore=shutil.ignore_patterns("_build"))
    command = [sys.executable, "-m", "sphinx", "-b", builder, "-W", "-n", "--keep-going"]
    built = subprocess.run(
        [*command, str(project / "docs"), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr


def test_other_formats_list_every_paper(tmp_path: Path) -> None:
    """A text (or LaTeX, ...) build gets each paper of a list in full, its links resolved."""
    out = tmp_path / "text"
    build_as("text", "minimal", out)
    shown = {
        "publications.txt": TITLES,
        "cv.txt": TITLES,
        "research/learning.txt": (TITLES[0], TITLES[2]),  # its theme's papers
    }
    for name, titles in shown.items():
        text = (out / name).read_text(encoding="utf-8")
        for title in titles:
            assert f"**{title}**" in text, (name, title)
            assert f"Details of {title}" in text, (name, title)


def test_a_latex_build_lists_every_paper_and_every_change(tmp_path: Path) -> None:
    """In LaTeX the paper pages are outside the document, so links to them have no address:
    the lists (the what-changed page's too) are laid out all the same."""
    out = tmp_path / "latex"
    build_as("latex", "releases", out)
    (document,) = out.glob("*.tex")
    text = document.read_text(encoding="utf-8")
    for title in ("Agents that Rank Their Own Plans", "Ranking under Delayed Feedback"):
        assert title in text
    assert "Papers added" in text


def test_a_list_in_another_folder_links_from_its_own_page(tmp_path: Path) -> None:
    """A paper laid out for one list is reused by another list within a build only where its
    links read the same: a list of every paper two folders down links from there."""
    project = minimal(tmp_path / "project")
    (project / "docs/more/deeper").mkdir(parents=True)
    (project / "docs/more/deeper/all.md").write_text(
        "---\norphan: true\n---\n# All papers\n\n```{publications}\n```\n", encoding="utf-8"
    )
    build(project)
    site = project / SITE
    for name in ("publications.html", "cv.html", "more/deeper/all.html"):
        page = BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")
        shown = [
            a for a in page.select("article .bibfolio-entry a[href]") if "://" not in a["href"]
        ]
        assert shown, name
        for link in shown:
            path = str(link["href"]).split("#")[0]
            assert (site / name).parent.joinpath(path).resolve().is_file(), (name, path)
    deeper = (site / "more/deeper/all.html").read_text(encoding="utf-8")
    assert 'href="../../papers/example2024bandits/index.html"' in deeper


def test_the_what_changed_page_follows_each_edit_of_the_papers_it_names(tmp_path: Path) -> None:
    """The what-changed page's items are laid out when written and kept like papers: an item
    whose paper was retitled, or whose label moved when a paper came before it, shows anew."""
    project = tmp_path / "project"
    shutil.copytree(ROOTS / "releases", project)
    build(project)
    changes = project / SITE / "changes.html"
    before = changes.read_text(encoding="utf-8")
    assert "Agents that Rank Their Own Plans" in before
    edit(project / "refs.bib", "Agents that Rank Their Own Plans", "Agents that Order Their Plans")
    build(project)
    after = changes.read_text(encoding="utf-8")
    assert "Agents that Order Their Plans" in after
    assert after.replace("Order Their Plans", "Rank Their Own Plans") == before
    assert files(project / SITE) == from_scratch(project, tmp_path / "first")
    added = (
        "@misc{zhou2025newest,\n  title = {The Newest Plan},\n"
        "  author = {Zhou, Li and Haddad, Noor},\n  year = {2025},\n}\n"
    )
    edit(project / "refs.bib", "@misc{haddad2024agents,", added + "\n@misc{haddad2024agents,")
    build(project)
    page = BeautifulSoup(changes.read_text(encoding="utf-8"), "html.parser")
    items = [li.get_text(" ", strip=True) for li in page.select("#changes-papers-added li")]
    assert any("The Newest Plan" in item for item in items), items
    assert files(project / SITE) == from_scratch(project, tmp_path / "second")
    suffix = ["--", "-D", "html_link_suffix=.htm"]  # every link to a paper's page moves
    build(project, *suffix)
    assert 'href="papers/haddad2024agents/index.htm"' in changes.read_text(encoding="utf-8")
    assert files(project / SITE) == from_scratch(project, tmp_path / "third", *suffix)
