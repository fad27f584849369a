"""A build that failed fails again: what it read or wrote is read and written again next time.

Sphinx keeps each page it has read and reads it again only when its source
changes; a warning raised while reading or writing a page is therefore not
raised again by the next build of the same sources, which then passes. Here,
every page a build with warnings read or wrote is read and written again by the
next build, until a build has no warning; and after a build that died without
finishing (killed, crashed), or one that reported other codes (a check with
--select or --ignore), the next one reads and writes every page.

These records live in the doctree folder, so this holds for every way of
building: ``bibfolio build``, ``sphinx-build``, the live preview, Read the Docs.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from bibfolio.sphinx.messages import selection

REDO = "bibfolio-redo.json"  # the pages a build with warnings touched
RUNNING = "bibfolio-running"  # present while a build runs; left behind by one that died
CODES = "bibfolio-codes.json"  # the codes the last build reported (select, ignore)


class _Memory:
    def __init__(self, doctrees: Path) -> None:
        self.doctrees = doctrees
        self.crashed = (doctrees / RUNNING).exists()
        self.redo: set[str] = set()
        with contextlib.suppress(OSError, ValueError, TypeError):
            self.redo = set(json.loads((doctrees / REDO).read_text(encoding="utf-8")))
        self.touched: set[str] = set()


_MEMORY: dict[int, _Memory] = {}


def _memory(app: Sphinx) -> _Memory | None:
    return _MEMORY.get(id(app))


def started(app: Sphinx) -> None:
    doctrees = Path(app.doctreedir)
    memory = _Memory(doctrees)
    _MEMORY[id(app)] = memory
    doctrees.mkdir(parents=True, exist_ok=True)
    # A build that left out codes (a check with --select or --ignore) kept no record of
    # the pages whose warnings it left out: a build choosing other codes reads them all.
    codes = json.dumps(selection(app))
    record = doctrees / CODES
    previous = record.read_text(encoding="utf-8") if record.is_file() else json.dumps(((), ()))
    if previous != codes:
        memory.crashed = True
        record.write_text(codes, encoding="utf-8")
    (doctrees / RUNNING).write_text("", encoding="utf-8")


def outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    memory = _memory(app)
    if memory is None:
        return []
    if memory.crashed:
        return sorted(env.found_docs)
    return sorted(memory.redo & env.found_docs)


def reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    memory = _memory(app)
    if memory is not None:
        memory.touched.update(docnames)


def written(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    memory = _memory(app)
    if memory is not None:
        memory.touched.add(docname)


def finished(app: Sphinx, exception: Exception | None) -> None:
    memory = _MEMORY.pop(id(app), None)
    if memory is None:
        return
    record = memory.doctrees / REDO
    if getattr(app, "_warncount", 0) or exception is not None:
        record.write_text(json.dumps(sorted(memory.touched | memory.redo)), encoding="utf-8")
    elif record.exists():
        record.unlink()
    (memory.doctrees / RUNNING).unlink(missing_ok=True)


def setup(app: Sphinx) -> None:
    # After the checks (priority 100): a build they stop has read and written nothing.
    app.connect("builder-inited", started, priority=900)
    app.connect("env-get-outdated", outdated)
    app.connect("env-before-read-docs", reading, priority=900)
    app.connect("doctree-resolved", written)
    app.connect("build-finished", finished, priority=900)
