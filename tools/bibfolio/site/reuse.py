"""A release's build kept while nothing it is made from changed (``bibfolio versions``).

The digest of a release is made from the content of every file its build reads:
its folder (build outputs, hidden folders and the releases kept in it left out),
its bibliography and data file, the project's pyproject.toml and files folder,
for a release that keeps earlier ones the data file of each and the whole folder
of the one its what-changed page compares with, and the files the last build
found it read besides (an image or an included file outside its folder, conf.py's
static files). Into it go too bibfolio's version and own files, the versions
of the installed packages (Sphinx, the theme, the extensions), the sphinx-build
options and the values the build is given (the switcher's, the site's and the
canonical addresses).

The digest of the last build of a release that succeeded is recorded in the
output's private state folder, which only bibfolio writes: the record goes before
a build starts and comes back only when it succeeded, so a failed or interrupted
build is built again by the next run, never kept.

Read the Docs runs each build in a new container from a new checkout: the
previous build's folders are not there (only what is uploaded from
``$READTHEDOCS_OUTPUT`` is kept, and it is served, never given back to a build),
so there every run builds every release; the records help where the output
folder stays, on the owner's machine or in a CI cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bibfolio.load.pages import GENERATED_PAGE
from bibfolio.load.signature import SKIPPED, tool_signature
from bibfolio.releases import ReleaseSource, previous_release
from bibfolio.site.output import Output

CHUNK = 1 << 20
GENERATED = hashlib.sha256(GENERATED_PAGE.encode()).hexdigest()


def installed_packages() -> list[str]:
    """The installed distributions with their versions (``sphinx-9.0.4.dist-info``): the
    names of their metadata folders, listed without being read."""
    found: set[str] = set()
    for entry in sys.path:
        try:
            names = [path.name for path in Path(entry or ".").iterdir()]
        except OSError:  # a zip file, a folder that is gone
            continue
        found.update(name for name in names if name.endswith((".dist-info", ".egg-info")))
    return sorted(found)


@dataclass
class Contents:
    """Files hashed by content, each once a run (the files folder is every release's)."""

    seen: dict[Path, str] = field(default_factory=dict)

    def digest(self, path: Path) -> str:
        known = self.seen.get(path)
        if known is None:
            known = self.seen[path] = _hash_file(path)
        return known


def _hash_file(path: Path) -> str:
    hasher = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                hasher.update(chunk)
    except OSError:  # absent or unreadable: the build says so, and fails
        return "-"
    return hasher.hexdigest()


def _walk(place: Path, skip: Path | None = None) -> Iterator[Path]:
    """Every file under ``place`` (or ``place`` itself), in a fixed order; build outputs,
    hidden files and folders, installed packages and ``skip`` left out, as the build
    leaves them out of its pages (one it reads all the same is in its record)."""
    if not place.is_dir():
        yield place
        return
    left_out = skip.resolve() if skip is not None else None
    for name, dirnames, filenames in os.walk(place.resolve()):  # Path.walk: Python 3.12
        folder = Path(name)
        dirnames[:] = sorted(
            entry
            for entry in dirnames
            if entry not in SKIPPED and not entry.startswith(".") and folder / entry != left_out
        )
        yield from (folder / entry for entry in sorted(filenames) if not entry.startswith("."))


def release_inputs(release: ReleaseSource, root: Path, also: Iterable[Path] = ()) -> list[Path]:
    """What the build of ``release`` reads (``also``: what its last build found it read
    besides), each file once, in a fixed order."""
    settings = release.settings
    kept = settings.releases_dir
    places: list[Path] = [
        *_walk(release.srcdir, skip=kept),
        *settings.bibliography,
        *([settings.data] if settings.data is not None else []),
        root / "pyproject.toml",
        *_walk(settings.files_dir),
    ]
    # Which folders of releases/ are releases, and their versions, are checked.
    folders = sorted(f for f in kept.iterdir() if f.is_dir()) if kept.is_dir() else []
    places += [folder / name for folder in folders for name in ("conf.py", "cv.yaml")]
    previous = previous_release(kept, release.version, settings) if release.version else None
    if previous is not None:
        places += _walk(previous.srcdir)
    for place in also:
        places += _walk(place)
    return list(dict.fromkeys(path.resolve() for path in places))


@dataclass(frozen=True)
class ReleaseBuild:
    """One release's build: what it reads and what it is given."""

    release: ReleaseSource
    root: Path  # the project's
    sphinx_args: Sequence[str]
    overrides: Mapping[str, str]

    def digest(self, contents: Contents, tool: str, also: Iterable[Path] = ()) -> str:
        given = json.dumps(
            [tool, list(self.sphinx_args), sorted(self.overrides.items())], ensure_ascii=True
        )
        hasher = hashlib.sha256(given.encode())
        for path in release_inputs(self.release, self.root, also):
            digest = contents.digest(path)
            if digest == GENERATED:
                continue  # a paper's page, written by the build from the bibliography
            line = f"\x00{path}\x00{digest}"
            hasher.update(line.encode("utf-8", "surrogateescape"))
        return hasher.hexdigest()


def tool_state() -> str:
    """What every release's build is made with: bibfolio, Python and the installed packages;
    and what of the environment Sphinx or the theme reads (Read the Docs', the build date)."""
    environment = sorted(
        (name, value)
        for name, value in os.environ.items()
        if name.startswith("READTHEDOCS") or name == "SOURCE_DATE_EPOCH"
    )
    return json.dumps([tool_signature(), sys.version, installed_packages(), environment])


@dataclass
class Records:
    """The digest of each release's last build that succeeded, in ``output``'s state folder."""

    output: Output
    contents: Contents = field(default_factory=Contents)
    tool: str = field(default_factory=tool_state)

    def _path(self, version: str) -> Path:
        return self.output.state / "built" / f"{version}.json"

    def unchanged(self, build: ReleaseBuild) -> bool:
        """Whether the kept output of ``build``'s release was made from what it reads now.

        Its inputs are read here in any case, before a build: the record a build leaves
        holds what they were when it started, so an edit made while it runs is built
        by the next run."""
        version = build.release.version
        try:
            record = json.loads(self._path(version).read_text(encoding="utf-8"))
            digest, also = str(record["digest"]), [Path(str(p)) for p in record["also"]]
        except (OSError, ValueError, KeyError, TypeError):  # none, or not one we wrote
            digest, also = "", []
        now = build.digest(self.contents, self.tool, also)
        return now == digest and (self.output.work / version / ".buildinfo").is_file()

    def forget(self, version: str) -> None:
        """Before a build of ``version``: until it succeeds, nothing of it is kept."""
        self._path(version).unlink(missing_ok=True)

    def remember(self, build: ReleaseBuild, read: Iterable[Path]) -> None:
        """After a build that succeeded: what it was made from, written in one step."""
        root = build.root.resolve()  # what else it read is bibfolio's and the packages'
        also = sorted({str(p.resolve()) for p in read if p.resolve().is_relative_to(root)})
        record = {"digest": build.digest(self.contents, self.tool, map(Path, also)), "also": also}
        path = self._path(build.release.version)
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = path.with_name(f"{path.name}.new")
        fresh.write_text(json.dumps(record), encoding="utf-8")
        fresh.replace(path)

    def keep_only(self, versions: Iterable[str]) -> None:
        """Remove the records of releases that are gone."""
        wanted = {f"{version}.json" for version in versions}
        folder = self.output.state / "built"
        if folder.is_dir():
            for stale in folder.iterdir():
                if stale.name not in wanted:
                    stale.unlink(missing_ok=True)
