"""refs.bib stays an ordinary BibTeX file: BibTeX and biber accept it.

Both tools come from a TeX distribution. CI installs them (.ci/run) and sets
BIBFOLIO_REQUIRE_TEX=1, which turns their absence into a failure; on a machine
without TeX these tests are skipped with the reason.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bibfolio.load.files import read_bibtex
from conftest import ROOT


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("BIBFOLIO_REQUIRE_TEX") == "1":
            pytest.fail(f"{name} is required here (BIBFOLIO_REQUIRE_TEX=1) but not installed")
        pytest.skip(f"{name} is not installed (it comes with a TeX distribution)")
    return path


def test_bibtex_reads_every_entry_without_a_warning(tmp_path: Path) -> None:
    bibtex = tool("bibtex")
    shutil.copy2(ROOT / "refs.bib", tmp_path / "refs.bib")
    (tmp_path / "cv.aux").write_text(
        "\\citation{*}\n\\bibdata{refs}\n\\bibstyle{plain}\n", encoding="utf-8"
    )
    done = subprocess.run([bibtex, "cv"], cwd=tmp_path, capture_output=True, text=True, check=False)
    log = (tmp_path / "cv.blg").read_text(encoding="utf-8")
    assert done.returncode == 0, done.stdout
    assert "Warning--" not in log
    assert "error message" not in log
    bbl = (tmp_path / "cv.bbl").read_text(encoding="utf-8")
    assert bbl.count("\\bibitem{") == len(read_bibtex(ROOT / "refs.bib").entries)


def test_biber_accepts_it_and_ignores_only_the_documented_fields(tmp_path: Path) -> None:
    biber = tool("biber")
    shutil.copy2(ROOT / "refs.bib", tmp_path / "refs.bib")
    done = subprocess.run(
        [biber, "--tool", "--validate-datamodel", "--output-directory", str(tmp_path), "refs.bib"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ERROR" not in done.stdout
    warnings = [line for line in done.stdout.splitlines() if line.startswith("WARN")]
    ignored = set()
    for line in warnings:
        match = re.search(r"Field '(\w+)' invalid in data model - ignoring", line)
        assert match, f"biber warns about something else: {line}"
        ignored.add(match.group(1))
    guide = (ROOT / "tools" / "guide" / "bibliography.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^### `(\w+)`$", guide, re.MULTILINE))
    assert ignored, "refs.bib uses bibfolio's own fields"
    assert ignored <= documented, "every field biber ignores is documented in the guide"
