"""Files a build makes from its inputs, made again only when those inputs changed.

* ``write_if_changed`` leaves a file with the same content alone, so its time
  stays and publishing skips it; ``remove_output`` takes a file a build wrote out
  of its output folder, and the folders it leaves empty;
* ``Memo`` keeps what a slow step made (the CV's PDF, the social image, the cut
  icon fonts) under a digest of everything that step read, in the build's
  private folder: an unchanged input gives the kept bytes, not a new compilation
  (nor, within one process, a second one: the latest few are also kept in memory).
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it holds that already; whether it was written.

    The new content goes to a temporary file first, then replaces the old one: a
    file is never seen half written, nor changed in place (it may be a hard link).
    """
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        Path(temporary).chmod(0o644)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def remove_output(out: Path, path: Path) -> None:
    """Remove ``path``, a file in the output folder ``out``, and the folders of ``out`` it
    leaves empty; nothing outside ``out``, and no folder (a file only, or a link)."""
    if not path.is_relative_to(out) or not (path.is_file() or path.is_symlink()):
        return
    path.unlink()
    folder = path.parent
    while folder != out and folder.is_relative_to(out) and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


# Results made in this process, by name and digest: a second build in one process (``bibfolio
# check`` then ``build``, or a test suite's many small sites) does not make them again. Small
# results only, and only the latest few.
_MADE: OrderedDict[tuple[str, str], bytes] = OrderedDict()
_MADE_COUNT = 32
_MADE_SIZE = 1 << 20
_MADE_LOCK = threading.Lock()  # a result may be made beside the build (Beside)


class Memo:
    """Results kept in ``folder``, each under a name, valid for one digest of its inputs."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, name: str, key: str, make: Callable[[], bytes]) -> bytes:
        """The bytes kept for ``name`` if made from inputs with digest ``key``; else ``make()``."""
        data = self.find(name, key)
        if data is None:
            with _MADE_LOCK:
                data = _MADE.get((name, key))
            if data is None:
                data = make()
                if len(data) <= _MADE_SIZE:
                    with _MADE_LOCK:
                        _MADE[name, key] = data
                        while len(_MADE) > _MADE_COUNT:
                            _MADE.popitem(last=False)
            self.keep(name, key, data)
        return data

    def find(self, name: str, key: str) -> bytes | None:
        """The bytes kept for ``name`` if made from inputs with digest ``key``."""
        try:
            if (self.folder / f"{name}.key").read_text(encoding="utf-8") == key:
                return (self.folder / f"{name}.data").read_bytes()
        except OSError:
            pass
        return None

    def rekey(self, name: str, old: str, new: str) -> None:
        """Keep what is kept for ``name`` under digest ``old`` as made from inputs ``new``
        (inputs that changed in a way that does not change it)."""
        key_path = self.folder / f"{name}.key"
        try:
            if key_path.read_text(encoding="utf-8") == old:
                write_if_changed(key_path, new.encode("utf-8"))
        except OSError:
            pass  # none kept, or it cannot be: the next build makes it again

    def keep(self, name: str, key: str, data: bytes) -> None:
        key_path = self.folder / f"{name}.key"
        try:
            key_path.unlink(missing_ok=True)  # never a new key beside old bytes
            write_if_changed(self.folder / f"{name}.data", data)
            write_if_changed(key_path, key.encode("utf-8"))
        except OSError:
            pass  # a memo that cannot be kept costs time next build, nothing else


_T = TypeVar("_T")


class Beside(Generic[_T]):
    """``make()`` run in a thread of its own, started now; ``result()`` waits for it.

    For a step that lets go of the interpreter while it works (Typst compiling): the
    build goes on meanwhile. What ``make`` raised is raised by ``result()``. The thread
    does not hold the process open (a build that stops early does not wait for it).
    """

    def __init__(self, make: Callable[[], _T]) -> None:
        self._make = make
        self._value: _T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="bibfolio-beside", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._make()
        except BaseException as error:  # noqa: BLE001 - given to the one who waits
            self._error = error

    def result(self) -> _T:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]
