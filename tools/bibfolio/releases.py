"""Releases of the portfolio: the current one is docs/ itself, earlier ones are kept in
docs/releases/<version>/, each a complete site source (conf.py, pages, cv.yaml, refs.bib).

A release's version is the calendar version of its data's ``updated`` (2025.09).
Nothing here needs git: the releases are folders of the main branch. This module
finds them; ``bibfolio.pipeline`` reads them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bibfolio.load.files import InputError
from bibfolio.load.settings import Settings
from bibfolio.load.yaml import YamlDocument, read_yaml
from bibfolio.model.cv import DateError, parse_month


@dataclass(frozen=True)
class ReleaseSource:
    version: str  # "" when its data gives none (the data's checks say why)
    srcdir: Path  # the pages
    settings: Settings  # where its bibliography and data are


def version_in(document: YamlDocument) -> str:
    """The release version of a read data file ("" when its ``updated`` is missing or wrong)."""
    data = document.data
    if not isinstance(data, dict):
        return ""
    try:
        return parse_month(data.get("updated")).version
    except DateError:
        return ""


Read = Callable[[Path], YamlDocument]


def version_of(data: Path, read: Read = read_yaml) -> str:
    """The release version from a data file ("" when it cannot be read)."""
    try:
        return version_in(read(data))
    except InputError:
        return ""


def snapshot(folder: Path, project: Settings, read: Read = read_yaml) -> ReleaseSource:
    """An earlier release kept in ``folder``, read with the project's own settings."""
    return ReleaseSource(version_of(folder / "cv.yaml", read), folder, project.for_release(folder))


def release_folders(releases_dir: Path) -> list[Path]:
    """The folders of ``releases_dir`` that hold a release (a conf.py and a cv.yaml)."""
    if not releases_dir.is_dir():
        return []
    return sorted(
        folder
        for folder in releases_dir.iterdir()
        if (folder / "conf.py").is_file() and (folder / "cv.yaml").is_file()
    )


def earlier_releases(
    releases_dir: Path, project: Settings, read: Read = read_yaml
) -> list[ReleaseSource]:
    """The releases kept in ``releases_dir``, newest first."""
    found = [snapshot(folder, project, read) for folder in release_folders(releases_dir)]
    return sorted(found, key=lambda r: r.version, reverse=True)


def previous_release(
    releases_dir: Path, version: str, project: Settings, read: Read = read_yaml
) -> ReleaseSource | None:
    return next(
        (
            r
            for r in earlier_releases(releases_dir, project, read)
            if r.version and r.version < version
        ),
        None,
    )
