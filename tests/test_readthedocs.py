"""Read the Docs: the config validates against its schema; the build runs as RTD runs it.

The config's commands run in a shell, as Read the Docs runs them: in a copy of
this repository with the content of tests/roots/releases (a portfolio of two
releases) in place of its own, in a copy of that root for a release-tag build,
and in a copy of tests/roots/minimal for a build that must fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from bibfolio.load.bibtex import parse
from bibfolio.view.papers import unique_slugs
from conftest import (
    ROOT,
    ROOTS,
    SHARED,
    copy_repository,
    copy_root,
    one,
    put_in_place,
    release_versions,
)

CANONICAL = "https://portfolio.readthedocs.io/en/latest/"


def rtd_config() -> dict:  # type: ignore[type-arg]
    loaded: dict = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))  # type: ignore[type-arg]
    return loaded


def test_config_validates_against_read_the_docs_schema() -> None:
    import jsonschema  # noqa: PLC0415

    schema_path = SHARED / "rtd" / "readthedocs-config-v2.schema.json"
    if not schema_path.is_file():
        pytest.skip("../shared/rtd is absent in this clone")
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(rtd_config())


def test_config_is_as_strict_as_the_docs_session() -> None:
    config = rtd_config()
    assert config["sphinx"]["fail_on_warning"] is True
    commands = config["build"]["jobs"]["build"]["html"]
    # bibfolio's builds add -n (nitpicky), which Read the Docs does not pass.
    assert commands == ['python -m bibfolio versions docs "$READTHEDOCS_OUTPUT/html"']


def run_like_read_the_docs(
    project: Path, output: Path, version: str = "latest"
) -> list[subprocess.CompletedProcess[str]]:
    """Run the config's build commands in a checkout, with Read the Docs' variables."""
    env = {
        **os.environ,
        "READTHEDOCS": "True",
        "READTHEDOCS_PROJECT": "portfolio",
        "READTHEDOCS_LANGUAGE": "en",
        "READTHEDOCS_VERSION": version,
        "READTHEDOCS_VERSION_TYPE": "branch",
        "READTHEDOCS_CANONICAL_URL": CANONICAL,
        "READTHEDOCS_OUTPUT": str(output),
        # The build environment's python is the one that has bibfolio installed.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    results = []
    for command in rtd_config()["build"]["jobs"]["build"]["html"]:
        done = subprocess.run(
            [shutil.which("bash") or "/bin/bash", "-c", command],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        results.append(done)
        if done.returncode != 0:
            break
    return results


RELEASES = release_versions(ROOTS / "releases" / "docs")  # newest first, from the data


@pytest.fixture(scope="module")
def rtd_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build as Read the Docs runs it, in a checkout with no git history at all."""
    base = tmp_path_factory.mktemp("rtd")
    project = copy_repository(base / "checkout")
    put_in_place(ROOTS / "releases", project)
    output = base / "_readthedocs"
    results = run_like_read_the_docs(project, output)
    for done in results:
        assert done.returncode == 0, done.stdout + done.stderr
    return output / "html"


def test_output_folder_holds_every_release(rtd_build: Path) -> None:
    assert sorted(p.name for p in rtd_build.iterdir()) == sorted(
        [
            ".bibfolio-site",  # marks the folder as a build, so a later build may replace it
            *RELEASES,
            "index.html",
            "robots.txt",
            "switcher.json",
        ]
    )


def test_switcher_and_base_url_follow_read_the_docs(rtd_build: Path) -> None:
    entries = json.loads((rtd_build / "switcher.json").read_text(encoding="utf-8"))
    assert [e["url"] for e in entries] == [f"{CANONICAL}{release}/" for release in RELEASES]
    for release in RELEASES:
        source = (rtd_build / release / "index.html").read_text(encoding="utf-8")
        assert f"theme_switcher_json_url = '{CANONICAL}switcher.json';" in source
        soup = BeautifulSoup(source, "html.parser")
        # Every release names the current one's page as canonical: search engines index it.
        current = f"{CANONICAL}{RELEASES[0]}/index.html"
        assert one(soup, 'link[rel="canonical"]')["href"] == current
        assert one(soup, 'meta[property="og:url"]')["content"] == current
    robots = (rtd_build / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {CANONICAL}{RELEASES[0]}/sitemap.xml" in robots
    assert (rtd_build / RELEASES[0] / "sitemap.xml").is_file()


def test_scholar_pdf_and_cv_links_use_the_canonical_address(rtd_build: Path) -> None:
    from pypdf import PdfReader  # noqa: PLC0415

    newest = RELEASES[0]
    reader = PdfReader(str(rtd_build / newest / "cv.pdf"))
    uris = {
        a.get_object()["/A"]["/URI"]
        for p in reader.pages
        for a in p.get("/Annots", [])
        if "/URI" in a.get_object().get("/A", {})
    }
    papers = f"{CANONICAL}{newest}/papers/"
    linked = {uri.removeprefix(papers).strip("/") for uri in uris if uri.startswith(papers)}
    bib = (ROOTS / "releases" / "refs.bib").read_text(encoding="utf-8")
    keys = [e.key for e in parse(bib).entries]
    assert linked, "labels link to the paper pages"
    assert linked <= set(unique_slugs(keys).values())
    for slug in linked:
        assert (rtd_build / newest / "papers" / slug / "index.html").is_file()


def test_a_release_tag_build_marks_that_release(tmp_path: Path) -> None:
    project = copy_root("releases", tmp_path / "checkout")
    newest, *older = release_versions(project / "docs")
    assert older, "the root keeps an earlier release"
    output = tmp_path / "_readthedocs"
    for done in run_like_read_the_docs(project, output, version=older[0]):
        assert done.returncode == 0, done.stdout + done.stderr
    entries = json.loads((output / "html" / "switcher.json").read_text(encoding="utf-8"))
    assert [(e["version"], e["preferred"]) for e in entries] == [
        (newest, False),
        *((release, release == older[0]) for release in older),
    ]


def test_a_warning_fails_the_read_the_docs_build(tmp_path: Path) -> None:
    project = copy_root("minimal", tmp_path / "checkout")
    page = project / "docs" / "research" / "learning.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nA [broken](nosuchpage.md) link.\n", encoding="utf-8"
    )
    results = run_like_read_the_docs(project, tmp_path / "_readthedocs")
    assert results[-1].returncode != 0
    assert "nosuchpage" in results[-1].stdout + results[-1].stderr
