"""``bibfolio build``: strict, and a failed build never replaces the last good site."""

from __future__ import annotations

from pathlib import Path

import yaml

from conftest import copy_root, run_cli, sphinx_build


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_failed_build_keeps_the_last_good_site_and_the_next_good_one_replaces_it(
    tmp_path: Path,
) -> None:
    root = copy_root("minimal", tmp_path / "project")
    first = run_cli(["build"], root)
    assert first.status == 0, first.output
    home = root / "docs" / "_build" / "html" / "index.html"
    good = home.read_text(encoding="utf-8")
    owner = yaml.safe_load((root / "docs" / "cv.yaml").read_text(encoding="utf-8"))["name"]
    assert owner in good

    page = root / "docs" / "index.md"
    source = page.read_text(encoding="utf-8")
    page.write_text(source + "\nBroken: {cite}`nosuchpaper2099`.\n", encoding="utf-8")
    second = run_cli(["build"], root)
    assert second.status != 0
    assert "BIB210 cites 'nosuchpaper2099', which is not in the bibliography" in second.stderr
    assert "still holds the last good build" in second.stderr
    assert home.read_text(encoding="utf-8") == good
    assert not list((root / "docs" / "_build").glob(".*staging*"))

    page.write_text(source + "\nA new line on the home page.\n", encoding="utf-8")
    third = run_cli(["build"], root)
    assert third.status == 0, third.output
    assert "A new line on the home page." in home.read_text(encoding="utf-8")


def test_changing_the_data_updates_every_page_on_an_incremental_build(tmp_path: Path) -> None:
    """The label scheme lives in the data file; theme pages show labels; nothing stays stale."""
    docs = copy_root("minimal", tmp_path / "project") / "docs"
    out = tmp_path / "out"
    first = sphinx_build(docs, out)
    assert first.returncode == 0, first.output
    # example2024bandits, the only conference paper, is cited on the learning page.
    assert "[C1]" in first.page("research/learning.html").get_text()
    append(
        docs / "cv.yaml",
        "labels:\n  - {prefix: K, title: Conference papers, kinds: [inproceedings]}\n"
        "  - {prefix: W, title: Other papers, kinds: [preprint, article]}\n",
    )
    second = sphinx_build(docs, out)
    assert second.returncode == 0, second.output
    theme = second.page("research/learning.html").get_text()
    assert "[K1]" in theme
    assert "[C1]" not in theme
