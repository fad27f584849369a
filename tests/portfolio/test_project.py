"""This portfolio as a whole: it checks clean, and its data file is valid and typed."""

from __future__ import annotations

import json

import yaml

from bibfolio.load.settings import read_settings
from bibfolio.load.yaml import read_yaml
from bibfolio.model.cv import validate_cv
from bibfolio.pipeline import load_project
from conftest import ROOT, Build


def test_the_portfolio_checks_clean() -> None:
    settings = read_settings(ROOT)
    project = load_project(settings)
    assert [str(p) for p in project.problems] == []


def test_the_portfolio_builds_with_zero_warnings(portfolio_site: Build) -> None:
    assert portfolio_site.returncode == 0, portfolio_site.output
    assert portfolio_site.warnings == ""
    assert "WARNING" not in portfolio_site.output


def test_every_data_file_is_valid_and_names_its_schema() -> None:
    """The data of every release validates, and an editor finds the schema from its first line."""
    import jsonschema  # noqa: PLC0415

    schema = json.loads((ROOT / "docs" / "cv.schema.json").read_text(encoding="utf-8"))
    data_files = [
        ROOT / "docs" / "cv.yaml",
        *sorted((ROOT / "docs" / "releases").glob("*/cv.yaml")),
    ]
    for path in data_files:
        cv, problems = validate_cv(read_yaml(path))
        assert problems == [], path
        assert cv is not None
        jsonschema.Draft202012Validator(schema).validate(yaml.safe_load(path.read_text("utf-8")))
        assert "cv.schema.json" in path.read_text(encoding="utf-8").splitlines()[0], path


def test_the_configuration_is_strict_in_any_sphinx_build() -> None:
    """docs/conf.py asks for -n itself, so that a plain sphinx-build is as strict as bibfolio."""
    assert "nitpicky = True" in (ROOT / "docs" / "conf.py").read_text(encoding="utf-8")
