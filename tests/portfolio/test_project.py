"""This portfolio as a whole: it checks clean."""

from __future__ import annotations

from bibfolio.load.settings import read_settings
from bibfolio.pipeline import load_project
from conftest import ROOT


def test_the_portfolio_checks_clean() -> None:
    settings = read_settings(ROOT)
    project = load_project(settings)
    assert [str(p) for p in project.problems] == []
