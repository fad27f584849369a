"""``bibfolio init`` on a copy of this repository's portfolio (the example): the blank
portfolio builds strictly, and no published file shows the example's owner, keys or titles
(all read from this portfolio's own data, as the example's digests are kept from its files)."""

from __future__ import annotations

import html
import json
from pathlib import Path

from bibfolio import fresh
from bibfolio.load.settings import read_settings
from bibfolio.pipeline import load_project
from conftest import ROOT, compare_golden, copy_project, pdf_text, run_cli, sphinx_build


def test_the_example_s_digests_list_every_file_of_this_portfolio(update_golden: bool) -> None:
    """Each content file, as it is now, is known as the example's (earlier contents stay
    listed: a clone of an earlier release is recognized too)."""
    known = fresh.known_digests()
    merged = {path: sorted({*known.get(path, ()), *found}) for path, found in
              fresh.example_digests(read_settings(ROOT)).items()}  # fmt: skip
    text = json.dumps({"files": {**known, **merged}}, indent=1, sort_keys=True) + "\n"
    compare_golden(fresh.DIGESTS, text, update_golden)


def traces() -> list[str]:
    """What of the example could show: its owner's name, its papers' keys and titles."""
    project = load_project(read_settings(ROOT))
    assert project.cv is not None
    found = [project.cv.name]
    for paper in project.publications:
        found += [paper.key, paper.title]
    return found


def test_init_leaves_a_blank_portfolio_with_no_trace_of_the_example(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    copy_project(project)
    done = run_cli(["init", "--name", "Ada Lovelace"], project)
    assert done.status == 0, done.output
    assert not (project / "docs" / "releases").exists()
    built = sphinx_build(project / "docs", tmp_path / "out")
    assert built.returncode == 0, built.output
    assert built.warnings == ""
    published = {
        path: html.unescape(path.read_text(encoding="utf-8", errors="replace"))
        for path in built.html.rglob("*")
        if path.is_file() and path.suffix != ".pdf"
    }
    published[built.html / "cv.pdf"] = pdf_text((built.html / "cv.pdf").read_bytes())
    assert "Ada Lovelace" in published[built.html / "index.html"]
    for trace in traces():
        where = [p.relative_to(built.html).as_posix() for p, t in published.items() if trace in t]
        assert not where, f"{trace!r} of the example is published in {where}"
