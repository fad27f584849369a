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
from collections.abc import Iterable
from pathlib import Path

from bibfolio import __version__
from bibfolio.load.settings import Settings

SKIPPED = frozenset({"_build", "node_modules", "__pycache__"})


def signature(settings: Settings, *extra: str) -> str:
    """The signature of the project's files, of its settings and of ``extra``; and of
    bibfolio's own files, so that what an earlier version made is never reused."""
    hasher = hashlib.sha256(f"{tool_signature()}\x00{settings!r}".encode())
    for part in extra:
        hasher.update(f"\x00{part}".encode())
    root = settings.root.resolve()
    folders = [root]
    files: list[Path] = []
    for place in (settings.docs, settings.files_dir, *settings.bibliography, settings.data):
        if place is None or place.resolve().is_relative_to(root):
            continue
        (folders if place.is_dir() else files).append(place)
    for folder in folders:
        _add_folder(hasher, folder)
    for path in files:
        try:
            found = path.stat()
        except OSError:
            hasher.update(f"\x00{path}\x00-".encode("utf-8", "surrogateescape"))
        else:
            _add(hasher, str(path), found)
    return hasher.hexdigest()


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
    _add_folder(hasher, Path(__file__).resolve().parents[1])
    return hasher.hexdigest()


def _add_folder(hasher: hashlib._Hash, folder: Path | str) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if entry.name not in SKIPPED and not entry.name.startswith("."):
                _add_folder(hasher, entry.path)
            continue
        try:
            found = entry.stat()  # through a link: the file it names
        except OSError:
            hasher.update(f"\x00{entry.path}\x00-".encode("utf-8", "surrogateescape"))
        else:
            _add(hasher, entry.path, found)


def _add(hasher: hashlib._Hash, path: str, found: os.stat_result) -> None:
    line = f"\x00{path}\x00{found.st_size}\x00{found.st_mtime_ns}"
    hasher.update(line.encode("utf-8", "surrogateescape"))
