"""``bibfolio import``: real al-folio sites, a JSON Resume file, into portfolios that build.

The sources are the fixtures under tests/fixtures/import/ (al-folio's own example and
three researchers' sites, each with its licence). What a page must show is read from
the source itself, never written here.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from bibfolio.model.text import latex_to_text
from conftest import ROOT, Build, Ran, run_cli, sphinx_build, text_of

FIXTURES = ROOT / "tests" / "fixtures" / "import"
SITES = ("al-folio-example", "al-folio-yuntongzhang", "al-folio-594zyc", "al-folio-swabhs")


def _titles(bib: str) -> list[str]:
    """The titles of a source's entries, as words (braces and TeX left out)."""
    found = re.findall(
        r"^\s*title\s*=\s*[{\"](.+?)[}\"]\s*,?\s*$", bib, re.MULTILINE | re.IGNORECASE
    )
    return [" ".join(latex_to_text(title).split()) for title in found]


@pytest.mark.parametrize("site", SITES)
def test_an_al_folio_site_imports_and_builds_strictly(site: str, tmp_path: Path) -> None:
    project = tmp_path / "portfolio"
    ran = run_cli(["import", str(FIXTURES / site), "--into", str(project)], tmp_path)
    assert ran.status == 0, ran.output
    built = sphinx_build(project / "docs", tmp_path / "out")
    assert built.returncode == 0, built.output
    assert built.warnings == ""
    source = (FIXTURES / site / "_bibliography" / "papers.bib").read_text(encoding="utf-8")
    shown = text_of(built.page("publications.html"))
    words = " ".join(shown.split())
    for title in _titles(source):
        assert title.split(":")[0].lower()[:30] in words.lower(), title
    assert "*" not in " ".join(
        a.get_text() for a in built.page("publications.html").select(".author, strong")
    ), "marks left in names"


def _front(text: str) -> dict[str, object]:
    import yaml  # noqa: PLC0415

    found = re.match(r"---\s*\n(.*?)^---", text, re.DOTALL | re.MULTILINE)
    data = yaml.safe_load(found.group(1)) if found else None
    return data if isinstance(data, dict) else {}


def test_news_photo_profiles_and_selected_papers_reach_the_home_page(tmp_path: Path) -> None:
    import yaml  # noqa: PLC0415

    site = FIXTURES / "al-folio-swabhs"
    project = tmp_path / "portfolio"
    ran = run_cli(["import", str(site), "--into", str(project)], tmp_path)
    assert ran.status == 0, ran.output
    assert not (project / "docs" / "news.md").exists()
    data = yaml.safe_load((project / "docs" / "cv.yaml").read_text(encoding="utf-8"))
    dated = [
        path
        for path in (site / "_news").glob("*.md")
        if _front(path.read_text("utf-8")).get("date")
    ]
    assert len(data["news"]) == len(dated)
    assert data["news_from"] == []  # the site's news only, as it showed them
    profile = _front((site / "_pages" / "about.md").read_text("utf-8"))["profile"]
    assert isinstance(profile, dict)
    image = site / "assets" / "img" / str(profile["image"])
    assert (project / "docs" / data["photo"]).read_bytes() == image.read_bytes()
    config = yaml.safe_load((site / "_config.yml").read_text(encoding="utf-8"))
    services = {p.get("service"): p for p in data["contact"]["profiles"]}
    assert services["google-scholar"]["id"] == config["scholar_userid"]
    assert services["github"]["id"] == config["github_username"]
    assert {"prefix": "W", "title": "Workshop papers", "venues": ["workshop"]} in data["labels"]
    built = sphinx_build(project / "docs", tmp_path / "out")
    assert built.returncode == 0, built.output
    assert built.warnings == ""
    home = built.page("index.html")
    assert home.select("img.bibfolio-photo")
    words = text_of(home)
    newest = max(data["news"], key=lambda item: item["date"])
    shown = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", newest["text"])
    assert " ".join(shown.split())[:40] in words
    assert any(config["scholar_userid"] in str(a.get("href")) for a in home.select("a"))
    source = (site / "_bibliography" / "papers.bib").read_text(encoding="utf-8")
    assert re.search(r"selected\s*=\s*\{?true", source)
    assert home.select(".bibfolio-entry")  # the selected papers


def test_a_photo_that_leads_out_of_the_site_is_not_copied(tmp_path: Path) -> None:
    site = shutil.copytree(FIXTURES / "al-folio-swabhs", tmp_path / "site")
    outside = tmp_path / "elsewhere.png"
    image = next((site / "assets" / "img").iterdir())
    outside.write_bytes(image.read_bytes())
    image.unlink()
    image.symlink_to(outside)
    project = tmp_path / "portfolio"
    ran = run_cli(["import", str(site), "--into", str(project), "--format", "json"], tmp_path)
    assert ran.status == 0, ran.output
    assert "photo" not in (project / "docs" / "cv.yaml").read_text(encoding="utf-8")
    assert not list((project / "docs").glob("photo.*"))
    problems = json.loads(ran.stdout)["problems"]
    assert any(image.name in p["path"] + p["message"] for p in problems)


def test_marks_in_names_become_equal_contribution(tmp_path: Path) -> None:
    site = FIXTURES / "al-folio-yuntongzhang"
    project = tmp_path / "portfolio"
    assert run_cli(["import", str(site), "--into", str(project)], tmp_path).status == 0
    refs = (project / "refs.bib").read_text(encoding="utf-8")
    source = (site / "_bibliography" / "papers.bib").read_text(encoding="utf-8")
    marked = re.search(r"@\w+\{(\w+),[^@]*?author\s*=\s*\{[^}]*\*", source)
    assert marked is not None
    entry = refs.split(f"{{{marked.group(1)},")[1].split("\n}")[0]
    authors = re.search(r"author\s*=\s*\{(.*)\}", entry)
    assert authors is not None
    assert "*" not in authors.group(1)
    assert re.search(r"equalcontrib\s*=\s*\{1, 2\}", entry)


def test_local_pdfs_are_copied_and_others_reported(tmp_path: Path) -> None:
    site = shutil.copytree(FIXTURES / "al-folio-yuntongzhang", tmp_path / "site")
    outside = tmp_path / "secret.pdf"
    outside.write_bytes(b"%PDF-1.4 not yours\n")
    (site / "assets" / "pdf" / "vulnfix.pdf").unlink()
    (site / "assets" / "pdf" / "vulnfix.pdf").symlink_to(outside)
    project = tmp_path / "portfolio"
    ran = run_cli(["import", str(site), "--into", str(project), "--format", "json"], tmp_path)
    assert ran.status == 0, ran.output
    problems = json.loads(ran.stdout)["problems"]
    about = [p for p in problems if "vulnfix.pdf" in p["message"] or "vulnfix.pdf" in p["path"]]
    assert about
    assert {p["code"] for p in about} <= {"IMP002", "IMP103"}
    assert all(re.match(r".+", p["path"]) and p["line"] >= 1 for p in problems)
    copied = sorted(path.name for path in (project / "files").iterdir())
    assert "vulnfix.pdf" not in copied
    assert "EffFix.pdf" in copied
    assert (project / "files" / "EffFix.pdf").read_bytes() == (
        site / "assets" / "pdf" / "EffFix.pdf"
    ).read_bytes()


def test_an_import_never_replaces_a_file_unless_forced(tmp_path: Path) -> None:
    site = FIXTURES / "al-folio-example"
    project = tmp_path / "portfolio"
    assert run_cli(["import", str(site), "--into", str(project)], tmp_path).status == 0
    (project / "refs.bib").write_text("% mine\n", encoding="utf-8")
    again = run_cli(["import", str(site), "--into", str(project)], tmp_path)
    assert again.status == 1
    assert "IMP201" in again.output
    assert (project / "refs.bib").read_text(encoding="utf-8") == "% mine\n"
    forced = run_cli(["import", str(site), "--into", str(project), "--force"], tmp_path)
    assert forced.status == 0, forced.output
    assert (project / "refs.bib.bak").read_text(encoding="utf-8") == "% mine\n"
    assert "% mine" not in (project / "refs.bib").read_text(encoding="utf-8")


def imported_and_built(source: Path, tmp_path: Path) -> tuple[Ran, Build]:
    """``bibfolio import`` of ``source`` into a new portfolio, then its strict build, both
    successful and the build without a warning: the import's run and the build."""
    project = tmp_path / "portfolio"
    ran = run_cli(["import", str(source), "--into", str(project)], tmp_path)
    assert ran.status == 0, ran.output
    built = sphinx_build(project / "docs", tmp_path / "out")
    assert built.returncode == 0, built.output
    assert built.warnings == ""
    return ran, built


def test_a_json_resume_file_imports_into_a_cv_that_builds(tmp_path: Path) -> None:
    resume = FIXTURES / "jsonresume" / "official" / "sample.resume.json"
    data = json.loads(resume.read_text(encoding="utf-8"))
    ran, built = imported_and_built(resume, tmp_path)
    cv = text_of(built.page("cv.html"))
    assert data["basics"]["name"] in cv
    for job in data["work"]:
        assert job["name"] in cv
    assert "publications" in ran.output.lower()  # left to refs.bib, and said so


def test_a_rendercv_file_imports_into_a_cv_that_builds(tmp_path: Path) -> None:
    import yaml  # noqa: PLC0415

    source = FIXTURES / "rendercv" / "John_Doe_CV.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))["cv"]
    _, built = imported_and_built(source, tmp_path)
    cv = " ".join(text_of(built.page("cv.html")).split())
    assert data["name"] in cv
    for entry in data["sections"]["experience"]:
        assert entry["company"] in cv


def test_a_source_that_is_none_of_the_formats_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "notes.json").write_text('{"work": []}', encoding="utf-8")
    (tmp_path / "broken.json").write_text('{"basics": ', encoding="utf-8")
    for name in ("notes.json", "broken.json", "missing-folder"):
        ran = run_cli(["import", name, "--into", "out"], tmp_path)
        assert ran.status == 1, ran.output
        assert re.search(r"^\S+:\d+:\d+: IMP00[12] ", ran.stdout, re.MULTILINE), ran.output
        assert "Traceback" not in ran.output
    assert not (tmp_path / "out").exists()


def test_author_lists_cut_short_with_others_build_and_show_et_al(tmp_path: Path) -> None:
    """Scholar's "and others" is kept as written (never made complete), shown as "et al.";
    the new project sets BIB111 aside, saying so, and builds strictly."""
    site = shutil.copytree(FIXTURES / "al-folio-example", tmp_path / "site")
    bib = site / "_bibliography" / "papers.bib"
    source = bib.read_text(encoding="utf-8")
    cut = re.search(r"(author\s*=\s*\{)([^}]*?)(\}\s*,)", source)
    assert cut is not None
    bib.write_text(source[: cut.end(2)] + " and others" + source[cut.end(2) :], encoding="utf-8")
    project = tmp_path / "portfolio"
    ran = run_cli(["import", str(site), "--into", str(project)], tmp_path)
    assert ran.status == 0, ran.output
    assert "et al." in ran.output
    assert "and others" in (project / "refs.bib").read_text(encoding="utf-8")
    settings = (project / "pyproject.toml").read_text(encoding="utf-8")
    assert 'ignore = ["BIB111"]' in settings
    built = sphinx_build(project / "docs", tmp_path / "out")
    assert built.returncode == 0, built.output
    assert built.warnings == ""
    authors = [text_of(p) for p in built.page("publications.html").select(".bibfolio-authors")]
    assert sum(line.endswith("et al.") for line in authors) == 1, authors
