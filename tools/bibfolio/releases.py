"""Releases of the portfolio: the current one is docs/ itself, earlier ones are kept in
docs/releases/<version>/, each a complete site source (conf.py, pages, cv.yaml, refs.bib).

A release's version is the calendar version of its data's ``updated`` (2025.09).
Nothing here needs git: the releases are folders of the main branch.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bibfolio.cvview import release
from bibfolio.project import Project, Settings, load_project


@dataclass(frozen=True)
class ReleaseSource:
    version: str
    srcdir: Path  # the pages
    settings: Settings  # where its bibliography and data are


def version_of(data: Path) -> str:
    """The release version from a data file's ``updated`` ("" when it cannot be read)."""
    from bibfolio.cv import DateError, parse_month  # noqa: PLC0415
    from bibfolio.load import InputError, read_yaml  # noqa: PLC0415

    try:
        loaded = read_yaml(data).data
    except InputError:
        return ""
    if not isinstance(loaded, dict):
        return ""
    try:
        return release(parse_month(loaded.get("updated")))
    except DateError:
        return ""


def snapshot(folder: Path) -> ReleaseSource:
    settings = Settings(
        root=folder,
        bibliography=(folder / "refs.bib",),
        docs=folder,
        data=folder / "cv.yaml",
    )
    return ReleaseSource(version_of(folder / "cv.yaml"), folder, settings)


def earlier_releases(releases_dir: Path) -> list[ReleaseSource]:
    """The releases kept in ``releases_dir``, newest first."""
    if not releases_dir.is_dir():
        return []
    found = [
        snapshot(folder)
        for folder in releases_dir.iterdir()
        if (folder / "conf.py").is_file() and (folder / "cv.yaml").is_file()
    ]
    return sorted((r for r in found if r.version), key=lambda r: r.version, reverse=True)


def previous_release(releases_dir: Path, version: str) -> ReleaseSource | None:
    return next((r for r in earlier_releases(releases_dir) if r.version < version), None)


def load_release(source: ReleaseSource) -> Project:
    """Read and check a release; raises InputError for a file that cannot be read."""
    return load_project(source.settings, docs=source.srcdir, portfolio=True)
