"""The search index and the object inventory of a build that changed nothing: left as they are.

Sphinx's HTML builder loads ``searchindex.js`` and writes it again, and writes
``objects.inv`` again, at the end of every build, a no-op rebuild too: 0.15 s of
a no-op at 2,000 papers. Both are made from the environment and the index kept
in the file (less the pages written again, plus what those pages hold). So a
build that writes no page, over the same environment file and the same
documents as the build that last wrote them, with both files as that build left
them, by the same Sphinx and extensions for the same builder, leaves them be.

What it leaves is what the build that wrote the pages wrote. Sphinx's own no-op
would differ in one part, to the index's loss: the index entries (``{index}``)
it gathers while writing pages are not in the environment file, pickled before
writing, nor read back from the index, so its no-op writes the index without them.

The record of the last build that wrote them (a digest of the two files, of the
environment file, of the documents' names and of the versions) is kept in the
build's memo, at the end of a build that finished. A build that fails
makes Sphinx delete the environment file, so the next one writes both again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import sphinx
from sphinx.application import ENV_PICKLE_FILENAME, Sphinx

from bibfolio.load.signature import digest
from bibfolio.sphinx.environment import memo

RECORD = "indexes"  # in the build's memo: the state of the build that last wrote them
INVENTORY = "objects.inv"  # sphinx.builders.html.INVENTORY_FILENAME
_METHODS = ("load_indexer", "dump_search_index", "dump_inventory")
_LEFT: WeakKeyDictionary[Sphinx, bool] = WeakKeyDictionary()  # both files left as they are


def keep_unchanged(app: Sphinx) -> None:
    """Make the builder leave both files as they are in a build that writes no page."""
    builder: Any = app.builder
    if not all(callable(getattr(builder, name, None)) for name in _METHODS) or not isinstance(
        getattr(builder, "searchindex_filename", None), str
    ):
        return  # not Sphinx's HTML builder (or one of another shape): nothing is left out
    load, dump_index, dump_inventory = (getattr(builder, name) for name in _METHODS)
    _LEFT[app] = False

    def load_indexer(docnames: AbstractSet[str]) -> None:
        _LEFT[app] = not docnames and memo(app).find(RECORD, _state(app)) is not None
        if not _LEFT[app]:
            load(docnames)

    builder.load_indexer = load_indexer
    builder.dump_search_index = _unless_left(app, dump_index)
    builder.dump_inventory = _unless_left(app, dump_inventory)


def _unless_left(app: Sphinx, write: Callable[[], None]) -> Callable[[], None]:
    def unless_left() -> None:
        if not _LEFT.get(app, False):
            write()

    return unless_left


def _state(app: Sphinx) -> str:
    """A digest of the environment file, the documents' names and the two files; of the
    versions of Sphinx and of the extensions, and of the builder (each may write them anew)."""
    out = Path(app.outdir)
    versions = sorted(f"{name}={extension.version}" for name, extension in app.extensions.items())
    return digest(
        [
            digest([sphinx.__version__, app.builder.name, *versions]),
            _file_digest(Path(app.doctreedir) / ENV_PICKLE_FILENAME),
            digest(sorted(app.env.all_docs)),
            _file_digest(out / app.builder.searchindex_filename),  # type: ignore[attr-defined]
            _file_digest(out / INVENTORY),
        ]
    )


def _file_digest(path: Path) -> str:
    try:
        with path.open("rb") as file:
            return hashlib.file_digest(file, "blake2b").hexdigest()
    except OSError:
        return "-"  # no file: never a digest


def remember(app: Sphinx, exception: Exception | None) -> None:
    """After a build that finished: record the files as it leaves them."""
    left = _LEFT.pop(app, None)
    if exception is None and left is False:
        memo(app).keep(RECORD, _state(app), b"")


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", keep_unchanged)
    app.connect("build-finished", remember, priority=100)
