"""A signature of the files a project is made of, so that what was made from them is reused.

Every file under the project's folder (and the pages, bibliography, data file and
files folder, wherever they are) counts, by path, size and modification time:
an edit, a new file or a removed one changes the signature, and nothing needs
to be read to know it. Build output, hidden folders (.git, virtual environments)
and installed packages are left out.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Collection, Iterable
from pathlib import Path

from bibfolio import __version__
from bibfolio.load.settings import Settings

SKIPPED = frozenset({"_build", "node_modules", "__pycache__"})


def signature(settings: Settings, *extra: str) -> str:
    """The signature of the project's files, of its settings and of ``extra``; and of
    bibfolio's own files, so that what an earlier version made is never reused."""
    return signatures(settings, extra)[0]


def signatures(
    settings: Settings, extra: Iterable[str], apart: Collection[str] = frozenset()
) -> tuple[str, str]:
    """``signature``, and the same signature of every file but those in ``apart`` (paths
    as found, from the resolved project folder): both from one look at the folders."""
    hasher = hashlib.sha256(f"{tool_signature()}\x00{settings!r}".encode())
    for part in extra:
        hasher.update(f"\x00{part}".encode())
    rest = hasher.copy()
    root = settings.root.resolve()
    folders = [root]
    files: list[Path] = []
    for place in (settings.docs, settings.files_dir, *settings.bibliography, settings.data):
        if place is None or place.resolve().is_relative_to(root):
            continue
        (folders if place.is_dir() else files).append(place)
    both = _Both(hasher, rest, frozenset(apart))
    for folder in folders:
        _add_folder(both, folder)
    for path in files:
        try:
            found = path.stat()
        except OSError:
            both.missing(str(path))
        else:
            both.add(str(path), found)
    return hasher.hexdigest(), rest.hexdigest()


def digest(parts: Iterable[str | bytes]) -> str:
    """A digest of ``parts`` and of this version of bibfolio (its output may differ)."""
    hasher = hashlib.sha256(__version__.encode("utf-8"))
    for part in parts:
        # surrogateescape: a path that is not UTF-8 (as os gives it) is digested, not refused
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def tool_signature() -> str:
    """bibfolio's version and its own files (path, size, time): an edit of bibfolio, even
    without a new version number, changes it."""
    hasher = hashlib.sha256(__version__.encode())
    _add_folder(_Both(hasher, None), Path(__file__).resolve().parents[1])
    return hasher.hexdigest()


class _Both:
    """Two signatures fed at once: of every file, and (``rest``) of those not ``apart``."""

    def __init__(
        self, every: hashlib._Hash, rest: hashlib._Hash | None, apart: frozenset[str] = frozenset()
    ) -> None:
        self.every, self.rest, self.apart = every, rest, apart

    def add(self, path: str, found: os.stat_result) -> None:
        self._line(path, f"\x00{path}\x00{found.st_size}\x00{found.st_mtime_ns}")

    def missing(self, path: str) -> None:
        self._line(path, f"\x00{path}\x00-")

    def _line(self, path: str, line: str) -> None:
        data = line.encode("utf-8", "surrogateescape")
        self.every.update(data)
        if self.rest is not None and path not in self.apart:
            self.rest.update(data)


def _add_folder(both: _Both, folder: Path | str) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if entry.name not in SKIPPED and not entry.name.startswith("."):
                _add_folder(both, entry.path)
            continue
        try:
            found = entry.stat()  # through a link: the file it names
        except OSError:
            both.missing(entry.path)
        else:
            both.add(entry.path, found)
