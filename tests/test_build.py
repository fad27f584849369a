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
