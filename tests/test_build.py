"""``bibfolio build``: strict, and a failed build never replaces the last good site."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def bibfolio(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bibfolio", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_failed_build_keeps_the_last_good_site(project: Path) -> None:
    root = project.parent
    first = bibfolio("build", cwd=root)
    assert first.returncode == 0, first.stdout + first.stderr
    home = root / "docs" / "_build" / "html" / "index.html"
    good = home.read_text(encoding="utf-8")
    assert "Miao Lu" in good

    page = project / "index.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nBroken: {cite}`nosuchpaper2099`.\n", encoding="utf-8"
    )
    second = bibfolio("build", cwd=root)
    assert second.returncode != 0
    assert "BIB210 cites 'nosuchpaper2099', which is not in the bibliography" in second.stderr
    assert "still holds the last good build" in second.stderr
    assert home.read_text(encoding="utf-8") == good
    assert not list((root / "docs" / "_build").glob(".*staging*"))


def test_successful_build_replaces_the_site(project: Path) -> None:
    root = project.parent
    assert bibfolio("build", cwd=root).returncode == 0
    page = project / "index.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nA new line on the home page.\n", encoding="utf-8"
    )
    again = bibfolio("build", cwd=root)
    assert again.returncode == 0, again.stderr
    home = root / "docs" / "_build" / "html" / "index.html"
    assert "A new line on the home page." in home.read_text(encoding="utf-8")


def test_changing_the_data_updates_every_page_on_an_incremental_build(
    project: Path, tmp_path: Path
) -> None:
    """The label scheme lives in the data file; theme pages show labels; nothing stays stale."""
    from conftest import sphinx_build  # noqa: PLC0415

    out = tmp_path / "out"
    first = sphinx_build(project, out)
    assert first.returncode == 0, first.output
    assert "[C9]" in first.page("research/rlhf.html").get_text()
    data = project / "cv.yaml"
    data.write_text(
        data.read_text(encoding="utf-8")
        + "labels:\n  - {prefix: K, title: Conference papers, kinds: [inproceedings]}\n"
        + "  - {prefix: W, title: Working papers, kinds: [preprint]}\n",
        encoding="utf-8",
    )
    second = sphinx_build(project, out)
    assert second.returncode == 0, second.output
    theme = second.page("research/rlhf.html").get_text()
    assert "[K9]" in theme
    assert "[C9]" not in theme
