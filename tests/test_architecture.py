"""The architecture page (tools/ARCHITECTURE.md) matches the code it describes."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

PAGE = ROOT / "tools" / "ARCHITECTURE.md"
PACKAGE = ROOT / "tools" / "bibfolio"


def defined_names(path: Path) -> set[str]:
    """Functions, classes and assigned names of a module, at any depth."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def test_every_named_place_exists() -> None:
    text = PAGE.read_text(encoding="utf-8")
    references = re.findall(r"`(tools/bibfolio/[\w/]+\.py)::(\w+)`", text)
    assert len(references) > 15
    for path, name in references:
        assert (ROOT / path).is_file(), path
        assert name in defined_names(ROOT / path), f"{path} defines no {name}"
    for path in re.findall(r"`(tools/bibfolio/[\w/]+\.py)`", text):
        assert (ROOT / path).is_file(), path


def test_every_module_has_its_line() -> None:
    text = PAGE.read_text(encoding="utf-8")
    rows = " ".join(line for line in text.splitlines() if line.startswith("| `"))
    named = set(re.findall(r"`([\w/]+\.py)`", rows))
    modules = {
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if p.name not in ("__init__.py", "__main__.py")
    }
    assert modules - named == set(), "modules the page does not describe"
    assert named - modules == set(), "the page names modules that do not exist"


def test_the_readme_links_it() -> None:
    assert "tools/ARCHITECTURE.md" in (ROOT / "README.md").read_text(encoding="utf-8")
