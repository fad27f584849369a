"""A rebuild reads and writes only the pages whose inputs changed, and publishes the same site
as a build from scratch; a rebuild that fails leaves the last good site in place.

Each test starts from tests/roots/minimal as its first ``bibfolio build`` (in this
process) left it, changes one input as a user would, builds again, and reads the
pages Sphinx reports it read and wrote. The minimal portfolio: three papers, two theme
pages (learning: example2024bandits and example2023survey; structure:
sample2025graphs and example2023survey), a talk about example2024bandits.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import BUILD_IN_A_PROCESS, ROOTS, in_a_process, restorer, run_bibfolio

READ = re.compile(r"^reading sources\.\.\. \[\s*\d+%\] (\S+)\s*$", re.MULTILINE)
WRITTEN = re.compile(r"^writing output\.\.\. \[\s*\d+%\] (\S+)\s*$", re.MULTILINE)
SITE = Path("docs/_build/html")


def minimal(target: Path) -> Path:
    shutil.copytree(ROOTS / "minimal", target)
    return target


def build(project: Path, *args: str) -> tuple[set[str], set[str]]:
    """Build; the pages read and the pages written (the build must succeed)."""
    status, output = run_bibfolio(["build", *args], project)
    assert status == 0, output
    return set(READ.findall(output)), set(WRITTEN.findall(output))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def files(folder: Path) -> dict[str, bytes]:
    """Every file of a site; the search index without the words no page holds any more
    (Sphinx keeps them, empty, when a page is read again: they find nothing)."""
    found = {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    if "searchindex.js" in found:
        index = search_index(folder)
        for part in ("terms", "titleterms"):
            index[part] = {word: docs for word, docs in index[part].items() if docs != []}
        found["searchindex.js"] = json.dumps(index, sort_keys=True).encode("utf-8")
    return found


def search_index(site: Path) -> dict[str, Any]:
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    index: dict[str, Any] = json.loads(text.removeprefix("Search.setIndex(").removesuffix(")"))
    return index


def from_scratch(project: Path, scratch: Path, *args: str) -> dict[str, bytes]:
    """The site a first build of the same sources publishes."""
    shutil.copytree(project, scratch, ignore=shutil.ignore_patterns("_build", "papers"))
    build(scratch, *args)
    return files(scratch / SITE)


def pages(project: Path) -> list[str]:
    docs = project / "docs"
    return [
        path.relative_to(docs).as_posix()
        for path in docs.rglob("*.md")
        if "_build" not in path.relative_to(docs).parts
    ]


@pytest.fixture(scope="module")
def first_build(tmp_path_factory: pytest.TempPathFactory) -> Callable[[], Path]:
    project = minimal(tmp_path_factory.mktemp("first-build") / "project")
    read, written = build(project)
    assert {"index", "research/learning", "papers/sample2025graphs/index"} <= read <= written
    return restorer(project)


@pytest.fixture
def built(first_build: Callable[[], Path]) -> Path:
    """The minimal portfolio as its first build left it."""
    return first_build()


def stamps(folder: Path) -> dict[Path, tuple[int, int]]:
    """Each file and folder of ``folder``, as the file it is (inode) and its time."""
    return {
        path: (path.stat().st_ino, path.stat().st_mtime_ns) for path in (folder, *folder.rglob("*"))
    }


def test_an_unchanged_project_rebuilds_no_page(built: Path) -> None:
    """...and leaves the published site untouched: not a file of it replaced (a server or
    a copy to a host sees no change)."""
    before, on_disk = files(built / SITE), stamps(built / SITE)
    read, written = build(built)
    assert (read, written) == (set(), set())
    assert files(built / SITE) == before
    assert stamps(built / SITE) == on_disk


WORK = Path("docs/_build/.html.bibfolio/work")  # where Sphinx writes, before publishing
INDEXES = ("searchindex.js", "objects.inv")


def test_a_rebuild_that_writes_no_page_leaves_the_search_index_as_it_was(built: Path) -> None:
    """Sphinx loads the search index and writes it again, and the inventory, in every
    build: not in one that writes no page."""
    before = {name: (built / WORK / name).stat().st_mtime_ns for name in INDEXES}
    build(built)
    assert {name: (built / WORK / name).stat().st_mtime_ns for name in INDEXES} == before


def relaid_index(work: Path) -> None:
    """The search index rewritten in another layout (the same JSON, indented)."""
    index = work / "searchindex.js"
    text = index.read_text(encoding="utf-8").removeprefix("Search.setIndex(").removesuffix(")")
    index.write_text(f"Search.setIndex({json.dumps(json.loads(text), indent=1)})", "utf-8")


@pytest.mark.parametrize(
    "change",
    [relaid_index, lambda work: (work / "objects.inv").unlink()],
    ids=["index-relaid", "inventory-removed"],
)
def test_a_search_index_or_inventory_changed_since_the_last_build_is_written_anew(
    built: Path, change: Callable[[Path], None]
) -> None:
    """Neither is left as it is when it is not what the last build wrote."""
    published = {name: (built / SITE / name).read_bytes() for name in INDEXES}
    change(built / WORK)
    assert build(built) == (set(), set())
    assert {name: (built / SITE / name).read_bytes() for name in INDEXES} == published


def test_a_removed_page_leaves_the_search_index_even_when_no_page_is_written(
    built: Path, tmp_path: Path
) -> None:
    """A page in no table of contents (``orphan``): removing it writes no other page, yet
    the index drops it."""
    extra = built / "docs/extra.md"
    extra.write_text("---\norphan: true\n---\n# Zanzibar\n\nZanzibar notes.\n", encoding="utf-8")
    build(built)
    assert "extra" in search_index(built / SITE)["docnames"]
    extra.unlink()
    _, written = build(built)
    assert written == set()
    assert "extra" not in search_index(built / SITE)["docnames"]
    assert files(built / SITE) == from_scratch(built, tmp_path / "scratch")


def test_editing_one_entry_reads_again_exactly_the_pages_that_show_it(
    built: Path, tmp_path: Path
) -> None:
    edit(built / "refs.bib", "Graphs that Explain Themselves", "Graphs that Explain Everything")
    read, written = build(built)
    showing = {
        "papers/sample2025graphs/index",  # its page
        "research/structure",  # its theme
        "publications",  # every paper
        "cv",  # the CV's publications
        "index",  # the news of the home page
    }
    assert read == showing
    assert written >= showing
    for page in showing:
        html = (built / SITE / f"{page}.html").read_text(encoding="utf-8")
        assert "Graphs that Explain Everything" in html, page
    assert files(built / SITE) == from_scratch(built, tmp_path / "scratch")


def test_a_rebuild_in_a_new_process_reads_again_only_the_pages_that_show_an_edit(
    tmp_path: Path,
) -> None:
    """What each page shows is compared with what the last build's process recorded: label
    groups of several kinds, and of named papers, compare equal from one process to the
    next (Python orders a set of words differently in each)."""
    project = minimal(tmp_path / "project")
    with (project / "docs/cv.yaml").open("a", encoding="utf-8") as data:
        data.write(
            "labels:\n"
            "  - {prefix: A, title: Papers, kinds: [article, inproceedings, preprint],"
            " papers: [sample2025graphs, example2024bandits, example2023survey]}\n"
            "  - {prefix: O, title: Other, kinds: [other, book, thesis, report]}\n"
        )

    def build_in_a_process(seed: str) -> set[str]:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        ran = in_a_process(BUILD_IN_A_PROCESS, project, env=env)
        assert ran.returncode == 0, ran.stdout + ran.stderr
        return set(READ.findall(ran.stdout + ran.stderr))

    def kinds_in_order(seed: str) -> str:
        code = "print(repr(frozenset(['article', 'inproceedings', 'preprint'])))"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        return in_a_process([sys.executable, "-c", code], project, env=env).stdout

    # The premise: the processes of the first and the last build order a group's kinds apart.
    assert kinds_in_order("1") != kinds_in_order("3")
    assert "publications" in build_in_a_process("1")
    assert build_in_a_process("2") == set()
    edit(project / "refs.bib", "Graphs that Explain Themselves", "Graphs that Explain All")
    assert build_in_a_process("3") == {
        "papers/sample2025graphs/index",
        "research/structure",
        "publications",
        "cv",
        "index",
    }


def test_a_new_entry_relabels_the_papers_around_it_as_a_first_build_would(
    built: Path, tmp_path: Path
) -> None:
    with (built / "refs.bib").open("a", encoding="utf-8") as bib:
        bib.write(
            "\n@misc{newer2025entry,\n  title = {A Newer Entry},\n"
            "  author = {Example, Ada},\n  year = {2025},\n  month = dec,\n"
            "  themes = {learning},\n}\n"
        )
    read, _ = build(built)
    assert {"papers/newer2025entry/index", "research/learning", "publications"} <= read
    assert "talks" not in read
    assert files(built / SITE) == from_scratch(built, tmp_path / "scratch")


def test_two_entries_of_a_year_swapped_in_the_file_swap_on_the_pages(
    built: Path, tmp_path: Path
) -> None:
    """Within a year, an entry later in refs.bib is the older paper: after two entries are
    swapped (their text unchanged), the pages list them as a first build does."""
    bib = built / "refs.bib"
    other = "@misc{other2025entry,\n  title = {Another Entry},\n  author = {Example, Ada},\n"
    other += "  year = {2025},\n}\n\n"
    edit(bib, "@article{example2023survey,", other + "@article{example2023survey,")
    build(built)
    listed = (built / SITE / "publications.html").read_text(encoding="utf-8")
    assert listed.index("Graphs that Explain") < listed.index("Another Entry")
    graphs = bib.read_text(encoding="utf-8").split("@misc{sample2025graphs,")[1]
    graphs = "@misc{sample2025graphs," + graphs.split("@misc{other2025entry,")[0]
    edit(bib, graphs, "")
    edit(bib, "@article{example2023survey,", graphs + "@article{example2023survey,")
    build(built)
    listed = (built / SITE / "publications.html").read_text(encoding="utf-8")
    assert listed.index("Another Entry") < listed.index("Graphs that Explain")
    assert files(built / SITE) == from_scratch(built, tmp_path / "scratch")


def test_a_removed_entry_leaves_the_site(built: Path, tmp_path: Path) -> None:
    bib = built / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    start = text.index("@misc{sample2025graphs")
    bib.write_text(text[:start] + text[text.index("\n}\n", start) + 3 :], encoding="utf-8")
    edit(built / "docs/cv.yaml", " and graphs [@sample2025graphs]", "")
    edit(
        built / "docs/research/structure.md",
        "Self-explaining graphs {cite}`sample2025graphs` and",
        "",
    )
    build(built)
    assert not (built / SITE / "papers/sample2025graphs").exists()
    assert not (built / SITE / "_sources/papers/sample2025graphs").exists()
    assert files(built / SITE) == from_scratch(built, tmp_path / "scratch")


def test_a_theme_title_shows_anew_on_the_pages_that_link_to_the_theme(
    built: Path, tmp_path: Path
) -> None:
    edit(built / "docs/research/structure.md", "# Structure", "# Structure and Shape")
    read, written = build(built)
    assert read == {"research/structure"}
    # Every page's sidebar names the theme; its papers' pages and the publications
    # page's filter too.
    assert written == {path.removesuffix(".md") for path in pages(built)}
    for page in ("papers/sample2025graphs/index", "publications", "talks"):
        html = (built / SITE / f"{page}.html").read_text(encoding="utf-8")
        assert "Structure and Shape" in html, page
    assert files(built / SITE) == from_scratch(built, tmp_path / "scratch")


def test_editing_the_data_file_reads_again_the_pages_made_from_it(
    built: Path, tmp_path: Path
) -> None:
    pdf = (built / SITE / "cv.pdf").read_bytes()
    edit(built / "docs/cv.yaml", "location: Exampletown", "location: Sampleville")
    read, _ = build(built)
    assert {"cv", "index", "talks"} <= read
    assert not any(page.startswith(("papers/", "research/")) for page in read)
    assert "Sampleville" in (built / SITE / "cv.html").read_text(encoding="utf-8")
    # The PDF is made again too (it is kept only for the files it was made from).
    assert (built / SITE / "cv.pdf").read_bytes() != pdf
    assert files(built / SITE) == from_scratch(built, tmp_path / "scratch")


def test_a_new_site_address_makes_the_pdf_again(built: Path, tmp_path: Path) -> None:
    """The CV PDF links to the site (a full address): kept from build to build only while
    the files and the address it was made from are the same."""
    build(built, "--", "-D", "html_baseurl=https://one.example.org/ada/")
    first = (built / SITE / "cv.pdf").read_bytes()
    assert b"one.example.org" in first
    second_address = ["--", "-D", "html_baseurl=https://two.example.org/ada/"]
    build(built, *second_address)
    second = (built / SITE / "cv.pdf").read_bytes()
    assert b"two.example.org" in second
    assert b"one.example.org" not in second
    assert second == from_scratch(built, tmp_path / "scratch", *second_address)["cv.pdf"]
    # Sphinx's record of the build before a change of configuration is not published.
    assert not (built / SITE / ".buildinfo.bak").exists()


def test_the_sitemap_lists_every_page_after_a_rebuild_that_wrote_one(built: Path) -> None:
    base = ["--", "-D", "html_baseurl=https://example.org/ada/"]
    build(built, *base)
    everything = (built / SITE / "sitemap.xml").read_text(encoding="utf-8")
    edit(built / "docs/research/learning.md", "Delayed bandits", "Late bandits")
    read, written = build(built, *base)
    assert read == {"research/learning"}
    assert "papers/example2024bandits/index" not in written  # the titles did not change
    assert (built / SITE / "sitemap.xml").read_text(encoding="utf-8") == everything
    assert everything.count("<loc>") == len(pages(built))


def test_a_failed_rebuild_leaves_the_last_good_site_and_fails_again(built: Path) -> None:
    good = files(built / SITE)
    page = built / "docs/research/learning.md"
    edit(page, "Delayed bandits", "```{nosuchdirective}\n```\n\nDelayed bandits")
    for _ in range(2):  # strict on every run, not only the first
        status, output = run_bibfolio(["build"], built)
        assert status != 0
        assert "nosuchdirective" in output
        assert files(built / SITE) == good
    edit(page, "```{nosuchdirective}\n```\n\n", "")
    read, _ = build(built)
    assert "research/learning" in read
    assert files(built / SITE) == good


def test_after_a_page_edit_its_citations_are_checked_against_the_kept_bibliography(
    built: Path, tmp_path: Path
) -> None:
    """A page edit takes the bibliography as the last build read it: a key it does not hold
    still fails the build, located on the page; one it holds builds as a first build would."""
    page = built / "docs/research/learning.md"
    edit(page, "Delayed bandits", "Unknown work {cite}`nosuch2099`. Delayed bandits")
    status, output = run_bibfolio(["build"], built)
    assert status != 0
    assert "docs/research/learning.md:7:" in output
    assert "BIB210" in output
    assert "cites 'nosuch2099', which is not in the bibliography" in output
    edit(page, "Unknown work {cite}`nosuch2099`. ", "Graphs {cite}`sample2025graphs`. ")
    read, _ = build(built)
    assert read == {"research/learning"}
    assert files(built / SITE) == from_scratch(built, tmp_path / "scratch")


GENERATED = "docs/papers/sample2025graphs/index.md"


def test_the_paper_pages_changed_by_hand_are_made_right_by_the_next_build(
    built: Path, tmp_path: Path
) -> None:
    """A build after a page edit does not read the paper pages (they are known as the last
    build wrote them); a page removed since comes back, a copy of one for no paper goes."""
    page = built / GENERATED
    original = page.read_bytes()
    stray = built / "docs/papers/gone2020/index.md"
    for change in ("removed", "stray copy"):
        edit(built / "docs/research/learning.md", "Delayed bandits", f"Delayed bandits ({change})")
        if change == "removed":
            page.unlink()
        else:
            stray.parent.mkdir()
            stray.write_bytes(original)
        read, _ = build(built)
        assert "research/learning" in read, change
        assert page.read_bytes() == original, change
        assert not stray.exists(), change
    assert files(built / SITE) == from_scratch(built, tmp_path / "scratch")


def test_a_file_of_the_user_where_a_paper_page_goes_fails_every_build(built: Path) -> None:
    good = files(built / SITE)
    page = built / GENERATED
    page.write_text("# My own notes on graphs\n", encoding="utf-8")
    for attempt in range(2):  # strict on every run, not only the first
        status, output = run_bibfolio(["build"], built)
        assert status != 0, attempt
        assert "bibfolio writes the page of 'sample2025graphs'" in output, attempt
        assert page.read_text(encoding="utf-8") == "# My own notes on graphs\n"
        assert files(built / SITE) == good
        # Another page edited: the build that failed recorded nothing to skip the check by.
        edit(built / "docs/research/learning.md", "Delayed bandits", f"Delayed bandits {attempt}")


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda pdf: pdf.unlink(), "BIB127"),  # gone
        (lambda pdf: pdf.write_bytes(b"<html>not a pdf</html>"), "BIB128"),  # no PDF now
    ],
)
@pytest.mark.parametrize("other_entry_edited", [False, True])
def test_a_local_pdf_changed_since_the_last_build_is_checked_again(
    built: Path, change: Callable[[Path], object], code: str, other_entry_edited: bool
) -> None:
    """refs.bib and the data are as the last good build read them (or the entry naming the
    PDF is), so what was read of them may be reused: not the PDF an entry names."""
    good = files(built / SITE)
    change(built / "files/graphs.pdf")
    if other_entry_edited:
        edit(built / "refs.bib", "A Survey of Small Things", "A Survey of Smaller Things")
    status, output = run_bibfolio(["build"], built)
    assert status != 0
    assert code in output
    assert "graphs.pdf" in output
    assert files(built / SITE) == good


def test_a_full_rebuild_from_the_kept_project_gives_the_same_site(built: Path) -> None:
    """The project is kept between builds (pickled); every page read again from it shows
    what the first build showed."""
    first = files(built / SITE)
    build(built)  # the first build wrote the paper pages: this one keeps the project
    read, _ = build(built, "--", "-E")
    assert {"index", "cv"} <= read
    assert files(built / SITE) == first


def test_editing_the_earlier_release_reads_again_only_the_what_changed_page(
    tmp_path: Path,
) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOTS / "releases", project)
    build(project)
    earlier = next((project / "docs/releases").glob("*/cv.yaml"))
    edit(earlier, "location: Exampletown", "location: Sampleville")
    read, _ = build(project)
    assert read == {"changes"}
    assert files(project / SITE) == from_scratch(project, tmp_path / "scratch")


def test_an_edited_template_shows_on_the_next_build(tmp_path: Path) -> None:
    """The theme's compiled templates are kept between builds (bibfolio.sphinx.compiled): an
    owner's template, edited, is compiled again, in this process and in the next one."""
    from bibfolio.sphinx import compiled  # noqa: PLC0415 - the kept templates of this process

    project = minimal(tmp_path / "project")
    conf = project / "docs" / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8")
        + 'templates_path = ["_templates"]\n'
        + 'html_sidebars = {"**": ["owner-note.html", "sbt-sidebar-nav.html"]}\n',
        encoding="utf-8",
    )
    note = project / "docs" / "_templates" / "owner-note.html"
    note.parent.mkdir()
    note.write_text("<p>Office hours on Mondays</p>\n", encoding="utf-8")
    build(project)
    assert "Office hours on Mondays" in (project / SITE / "index.html").read_text("utf-8")
    for process in ("this process", "a new process"):
        if process == "a new process":
            compiled._COMPILED.clear()  # only the templates kept in the build's folder remain
        day = "Tuesdays" if process == "this process" else "Fridays"
        note.write_text(f"<p>Office hours on {day}</p>\n", encoding="utf-8")
        build(project)
        page = (project / SITE / "index.html").read_text("utf-8")
        assert f"Office hours on {day}" in page, process
        assert "Mondays" not in page


def test_a_parallel_build_publishes_what_a_serial_one_does(tmp_path: Path) -> None:
    """With -j 2 the pages are read and written in other processes: the site is the same,
    on a first build and after an edit that puts a new icon on a page, which the icon font
    then holds (what a build wrote is known in the main process too)."""
    from fontTools.ttLib import TTFont  # noqa: PLC0415

    from bibfolio.sphinx.assets import icon_codepoints  # noqa: PLC0415

    serial, parallel = minimal(tmp_path / "serial"), minimal(tmp_path / "parallel")
    build(serial)
    build(parallel, "docs", "docs/_build/html", "--", "-j", "2")
    assert files(parallel / SITE) == files(serial / SITE)
    for project in (serial, parallel):
        edit(
            project / "docs" / "cv.yaml",
            "  homepage: https://example.org/ada\n",
            "  homepage: https://example.org/ada\n  profiles:\n"
            "    - {service: orcid, id: 0000-0002-1825-0097}\n",
        )
    build(serial)
    build(parallel, "docs", "docs/_build/html", "--", "-j", "2")
    static = parallel / SITE / "_static"
    assert "fa-orcid" in (parallel / SITE / "index.html").read_text("utf-8")
    css = (static / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    font = TTFont(static / "vendor" / "fontawesome" / "webfonts" / "fa-brands-400.woff2")
    orcid = icon_codepoints(css, ["fa-orcid"]) - icon_codepoints(css, [])  # the theme's own: kept
    assert orcid
    assert orcid <= set(font.getBestCmap())
    assert files(parallel / SITE) == files(serial / SITE)
