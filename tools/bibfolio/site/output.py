"""The output folder of a build: refused when unsafe, locked while in use, swapped in whole.

Layout beside an output folder ``<parent>/<name>/`` (the published site):

* ``<parent>/.<name>.bibfolio/`` private state: ``work/`` (Sphinx's own output,
  reused from build to build), ``doctrees/``, ``lock``;
* ``<parent>/.<name>.previous/``, the site before the published one: the next
  publish makes it into the new site, touching only the files that changed;
* ``<parent>/.<name>.incoming/`` and ``.<name>.outgoing/``, short-lived during a publish.

A published site holds the marker file ``.bibfolio-site``: only an empty folder, a
folder with that marker, or an earlier Sphinx build (``.buildinfo``) is ever
replaced. Publishing builds the new site beside the old one, then swaps the two
in one step (``renameat2(RENAME_EXCHANGE)`` on Linux, ``renamex_np(RENAME_SWAP)``
on macOS); elsewhere two renames, undone at the next start if a kill fell
between them. Whatever moment the process dies, a complete site is in place.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import filecmp
import os
import shutil
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bibfolio import __version__

MARKER = ".bibfolio-site"
STAMP_START = b"built by bibfolio"
STAMP = f"built by bibfolio {__version__}\n"  # the marker's text
SPHINX_BUILDINFO = ".buildinfo"


class OutputError(Exception):
    """An output folder that must not be used, or a file-system fault around it."""


@dataclass(frozen=True)
class Output:
    site: Path  # absolute; may not exist yet

    @property
    def state(self) -> Path:
        return self.site.with_name(f".{self.site.name}.bibfolio")

    @property
    def work(self) -> Path:
        return self.state / "work"

    @property
    def doctrees(self) -> Path:
        return self.state / "doctrees"

    @property
    def lockfile(self) -> Path:
        return self.state / "lock"

    @property
    def spare(self) -> Path:
        """The site before the published one, made into the next one by each publish.

        Beside the site: a folder moves to another parent only when it is writable
        itself, and an earlier site may be read-only.
        """
        return self.site.with_name(f".{self.site.name}.previous")

    @property
    def incoming(self) -> Path:
        return self.site.with_name(f".{self.site.name}.incoming")

    @property
    def outgoing(self) -> Path:
        return self.site.with_name(f".{self.site.name}.outgoing")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _starts_with(path: Path, start: bytes) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(start)) == start
    except OSError:  # absent, a folder, unreadable
        return False


def is_previous_build(folder: Path) -> bool:
    """A site bibfolio published (its marker) or an earlier Sphinx build (its .buildinfo),
    known by what they hold: an empty file of either name makes no folder a build."""
    return _starts_with(folder / MARKER, STAMP_START) or _starts_with(
        folder / SPHINX_BUILDINFO, b"# Sphinx build info version"
    )


def is_ours(folder: Path) -> bool:
    """Whether bibfolio may remove ``folder`` or make it the site: absent, a link (removing
    one loses nothing), empty, or a build."""
    if folder.is_symlink() or not folder.exists():
        return True
    return folder.is_dir() and (not any(folder.iterdir()) or is_previous_build(folder))


def _refuse_if_not_ours(folder: Path) -> None:
    if not is_ours(folder):
        raise OutputError(
            f"{display(folder)} is not a folder bibfolio made (no {MARKER}): it is left "
            "alone; move it away, then build again"
        )


def checked_output(output: Path, *protected: Path, content: Sequence[Path] = ()) -> Output:
    """The output folder, or ``OutputError`` when writing there could destroy files.

    ``protected`` are the folders a build must never replace or contain (the
    sources, the project root); ``content`` the folders of the user's files (the
    pages, the files folder), inside which an output goes only under a ``_build``
    folder (Sphinx's, which the checks and the build never read pages from).
    """
    site = output.absolute()
    resolved = site.resolve()
    shown = display(output)
    for folder in protected:
        real = folder.resolve()
        if _inside(real, resolved):
            raise OutputError(
                f"{shown} holds {display(folder)}: the build would replace your sources; "
                "choose an output folder outside them (the default is docs/_build/html)"
            )
    for folder in content:
        real = folder.resolve()
        if _inside(resolved, real) and "_build" not in resolved.relative_to(real).parts:
            where = "a folder" if resolved == real else f"inside {display(folder)}, a folder"
            raise OutputError(
                f"{shown} is {where} of your files: the build would replace them; choose a "
                f"folder under {display(folder / '_build')} or outside it (the default is "
                "docs/_build/html)"
            )
    if site.is_symlink() or (site.exists() and not site.is_dir()):
        raise OutputError(f"{shown} exists and is not a folder: choose another output folder")
    if site.is_dir() and any(site.iterdir()) and not is_previous_build(site):
        raise OutputError(
            f"{shown} is not empty and holds no earlier build of this site (no {MARKER} "
            "written by bibfolio): "
            "it is left alone; choose an empty or new folder"
        )
    return Output(site)


def display(path: Path) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


# -- one build at a time -------------------------------------------------------


@contextmanager
def locked(output: Output, on_wait: Callable[[str], None]) -> Iterator[None]:
    """Hold the output's lock; when another build holds it, say so and wait."""
    from filelock import FileLock, Timeout  # noqa: PLC0415

    output.state.mkdir(parents=True, exist_ok=True)
    lock = FileLock(output.lockfile)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        on_wait(f"another build is writing {display(output.site)}; waiting for it to finish")
        lock.acquire()
    try:
        yield
    finally:
        lock.release()


def recover(output: Output, warn: Callable[[str], None] = lambda message: None) -> None:
    """Undo what a killed publish left behind: put the old site back if it is missing.

    Only folders bibfolio made are moved or removed (``is_ours``): one of these names
    that holds other files is left alone, and the build stops with a message.
    """
    for folder in (output.outgoing, output.incoming, output.spare):
        _refuse_if_not_ours(folder)
    if output.outgoing.exists():
        if not output.site.exists():
            output.outgoing.rename(output.site)
        elif not output.spare.exists():
            output.outgoing.rename(output.spare)  # the old site: the next publish's start
        else:
            _discard(output.outgoing, warn)
    if output.incoming.exists():
        _discard(output.incoming, warn)


def _remove_stale(output: Output, warn: Callable[[str], None]) -> None:
    """Try again to remove what earlier publishes could not (see ``_discard``)."""
    for stale in sorted(output.site.parent.glob(f".{output.site.name}.stale-*")):
        if is_ours(stale):
            _discard(stale, warn, move_aside=False)


def _discard(folder: Path, warn: Callable[[str], None], move_aside: bool = True) -> None:
    """Remove a folder of bibfolio's, its marker last (a kill leaves it known as one).

    A file that cannot be removed (made immutable, on a read-only mount) does not stop
    every later build: the folder is moved aside as ``.<site>.stale-<n>`` and named in
    a warning; each build tries again to remove it.
    """
    try:
        if folder.is_symlink() or not folder.is_dir():
            folder.unlink(missing_ok=True)
            return
        folder.chmod(stat.S_IRWXU)  # a read-only earlier site: its entries can then go
        last = (MARKER, SPHINX_BUILDINFO)
        for entry in sorted(folder.iterdir(), key=lambda entry: entry.name in last):
            remove_tree(entry)
        folder.rmdir()
    except PermissionError as error:
        where = folder
        if move_aside:
            number = 1
            while (where := folder.with_name(f"{_site_name(folder)}.stale-{number}")).exists():
                number += 1
            folder.rename(where)
        culprit = Path(error.filename or folder)
        if culprit.is_relative_to(folder):
            culprit = where / culprit.relative_to(folder)
        warn(
            f"{display(culprit)} cannot be removed ({error.strerror}): {display(where)} is "
            "left there, apart from the site; remove it by hand"
        )


def _site_name(folder: Path) -> str:
    """``.html`` for ``.html.previous``: the prefix of bibfolio's folders beside a site."""
    return folder.name.rsplit(".", 1)[0]


# -- publishing -----------------------------------------------------------------


def publish(
    output: Output, source: Path, warn: Callable[[str], None] = lambda message: None
) -> None:
    """Make ``output.site`` an exact copy of ``source`` (a build's work folder), in one swap.

    The new site is made in the spare folder, which holds the site before the
    current one (the previous publish swapped them): only the files that differ
    from ``source`` (by size and modification time) are replaced, each by a new
    file, never written in place (an unchanged file may be a hard link shared with
    the published site). A publish therefore costs about the files that changed,
    whatever the size of the site; a file Sphinx rewrites in ``source`` later
    never reaches the site. Every folder bibfolio makes holds its marker from the
    start, so that a kill at any moment leaves only folders it knows as its own. When
    ``source`` holds the very files of the site (a build that changed nothing) and the
    site this version's marker, the site is left as it is.
    """
    recover(output, warn)
    _remove_stale(output, warn)
    previous = output.site if output.site.is_dir() else None
    if previous is not None and _same_site(source, previous):
        return  # a build that changed nothing: the site is left as it is, untouched
    if previous is None:
        incoming = output.incoming
        _clone(source, incoming, None)
        output.site.parent.mkdir(parents=True, exist_ok=True)
        incoming.rename(output.site)
        return
    spare = output.spare
    if spare.is_symlink() or (spare.exists() and not spare.is_dir()):
        _discard(spare, warn)
    spare.parent.mkdir(parents=True, exist_ok=True)
    try:
        _sync(source, spare, previous)
    except PermissionError:  # a spare made read-only, or holding a file that cannot go
        _discard(spare, warn)
        _clone(source, spare, previous)
    _stamp(spare)
    _swap(spare, output.site, output.outgoing)  # the old site is now the spare


def _stamp(folder: Path) -> None:
    """Write the marker, replacing the one there in one step (never missing)."""
    marker = folder / MARKER
    if (
        marker.is_file()
        and not marker.is_symlink()
        and marker.read_text(encoding="utf-8", errors="replace") == STAMP
    ):
        return
    fresh = folder / f"{MARKER}.new"
    fresh.unlink(missing_ok=True)
    fresh.write_text(STAMP, encoding="utf-8")
    fresh.replace(marker)


def _clone(source: Path, target: Path, previous: Path | None) -> None:
    target.mkdir(parents=True)
    _stamp(target)  # first: a kill leaves a folder known as bibfolio's
    for folder, dirnames, filenames in os.walk(source):
        here = Path(folder)
        relative = here.relative_to(source)
        (target / relative).mkdir(parents=True, exist_ok=True)
        dirnames[:] = [d for d in dirnames if not (here / d).is_symlink()]
        for name in filenames:
            new = here / name
            if new.is_symlink():
                continue  # a build never makes links; one found here is not published
            _place(new, target / relative / name, previous / relative / name if previous else None)


def _place(new: Path, destination: Path, published: Path | None) -> None:
    """Put a copy of ``new`` at ``destination`` (absent): a link to the published file
    when that one is the same, else a copy."""
    if published is not None and _same_file(new, published):
        try:
            os.link(published, destination)
            return
        except OSError:
            pass  # a file system without hard links: copy instead
    shutil.copy2(new, destination)


def _sync(source: Path, target: Path, published: Path) -> None:
    """Make ``target`` hold exactly the files of ``source`` (and, at the top, the marker),
    touching only what differs: one listing of each folder, no other look at a file
    that did not change (a site of 2,000 papers has 4,000 folders of one file each)."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        target.unlink()
    target.mkdir(exist_ok=True)
    _stamp(target)  # first: a kill leaves a folder known as bibfolio's
    _sync_folder(str(source), str(target), str(published), top=True)


def _sync_folder(source: str, target: str, published: str, *, top: bool = False) -> None:
    """``_sync`` of a folder ``target`` that exists (paths as text: no Path per file)."""
    # A build never makes links; one found in it is not published.
    new = {entry.name: entry for entry in os.scandir(source) if not entry.is_symlink()}
    old = {entry.name: entry for entry in os.scandir(target)}
    for name, entry in old.items():
        if name not in new and not (top and name == MARKER):
            remove_tree(Path(entry.path))
    for name, entry in new.items():
        have = old.get(name)
        there = f"{target}/{name}"
        if entry.is_dir(follow_symlinks=False):
            if have is None or have.is_symlink() or not have.is_dir(follow_symlinks=False):
                if have is not None:
                    remove_tree(Path(there))
                os.mkdir(there)  # noqa: PTH102 - 4,000 folders: no Path each
            _sync_folder(entry.path, there, f"{published}/{name}")
            continue
        if have is not None:
            if _same_entry(entry, have):
                continue
            remove_tree(Path(there))
        _place(Path(entry.path), Path(there), Path(f"{published}/{name}"))


def _same_site(source: Path, site: Path) -> bool:
    """Whether ``site`` holds this version's marker and exactly the files of ``source``;
    not when a folder of it cannot be listed (the site is then published anew)."""
    marker = site / MARKER
    try:
        if marker.is_symlink() or marker.read_text(encoding="utf-8") != STAMP:
            return False
        return _same_tree(str(source), str(site), top=True)
    except (OSError, UnicodeDecodeError):
        return False


def _same_tree(source: str, site: str, *, top: bool = False) -> bool:
    """Whether ``site`` holds exactly the files of ``source`` (at the top, the marker aside),
    each the same by size and time or, for one Sphinx wrote again, by its bytes. Files
    before folders: an edit shows at the top of the site in most builds (the search
    index), and the comparison stops at the first difference."""
    new = {entry.name: entry for entry in os.scandir(source) if not entry.is_symlink()}
    old = {entry.name: entry for entry in os.scandir(site)}
    if top:
        old.pop(MARKER, None)
    if new.keys() != old.keys():
        return False
    folders = []
    for name, entry in new.items():
        have = old[name]
        if entry.is_dir(follow_symlinks=False):
            if have.is_symlink() or not have.is_dir(follow_symlinks=False):
                return False
            folders.append(name)
        elif not _same_entry(entry, have) and not _same_bytes(entry, have):
            return False
    return all(_same_tree(f"{source}/{name}", f"{site}/{name}") for name in folders)


def _same_bytes(new: os.DirEntry[str], old: os.DirEntry[str]) -> bool:
    try:
        return old.is_file(follow_symlinks=False) and filecmp.cmp(new.path, old.path, False)
    except OSError:
        return False


def _same_entry(new: os.DirEntry[str], old: os.DirEntry[str]) -> bool:
    try:
        return _same_stats(new.stat(follow_symlinks=False), old.stat(follow_symlinks=False))
    except OSError:
        return False


def _same_file(new: Path, old: Path) -> bool:
    try:
        return _same_stats(new.stat(), old.lstat())
    except OSError:
        return False


def _same_stats(new: os.stat_result, old: os.stat_result) -> bool:
    """Whether ``old`` is a file with the size and time of ``new`` (as copied, or kept)."""
    return stat.S_ISREG(old.st_mode) and (new.st_size, new.st_mtime_ns) == (
        old.st_size,
        old.st_mtime_ns,
    )


def _swap(new: Path, site: Path, outgoing: Path) -> None:
    """Exchange ``new`` and ``site`` atomically where the system can; else two renames."""
    if _exchange(new, site):
        return
    site.rename(outgoing)
    new.rename(site)  # a kill before this line: recover() puts ``outgoing`` back
    outgoing.rename(new)


def _exchange(a: Path, b: Path) -> bool:
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        at_fdcwd, rename_exchange = -100, 2
        result = libc.renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    elif sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        rename_swap = 2
        result = libc.renamex_np(os.fsencode(a), os.fsencode(b), rename_swap)
    else:
        return False
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EXDEV):
        return False  # this file system cannot exchange: fall back to two renames
    raise OSError(code, os.strerror(code), str(b))


def remove_tree(path: Path, _tried: set[str] | None = None) -> None:
    """Remove a folder this tool made, read-only or unlistable files and folders included."""
    tried = set() if _tried is None else _tried

    def open_then_retry(function: Callable[..., object], failed: str, _: object) -> None:
        # Any step that failed (listing, opening or removing): the folder that holds it made
        # writable, a folder opened up and removed whole, a file removed. Once per path.
        if not os.path.lexists(failed):
            return  # gone with a folder removed whole below
        if failed in tried:
            raise OSError(errno.EACCES, "it cannot be removed", failed)
        tried.add(failed)
        path = Path(failed)
        path.parent.chmod(stat.S_IRWXU)
        if path.is_dir() and not path.is_symlink():
            _open_up(failed)
            remove_tree(path, tried)
        else:
            path.unlink()

    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
    elif sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=open_then_retry)
    else:  # Python 3.11 names the handler onerror
        shutil.rmtree(path, onerror=open_then_retry)


def _open_up(folder: str) -> None:
    """Make ``folder`` and each folder in it listable and writable by its owner."""
    os.chmod(folder, stat.S_IRWXU)  # noqa: PTH101 - paths as text, as rmtree gives them
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                _open_up(entry.path)
