"""Python's garbage collector in a process of the ``bibfolio`` command, which ends with
its command.

Most of what a build makes before it reads a page lives until the process exits:
the modules Sphinx, its extensions and bibfolio import, and the environment a
rebuild loads from its last build (pickled; about 2,000,000 objects at 2,000
papers). Python's collector, left alone, walks them again and again while they
are made (0.7 s of a no-op rebuild at 2,000 papers), and once more over the
whole heap at exit (1.4 s there), only to find them alive.

So, in the command's own process only (``own_process``, called by its entry
point, never by a program that imports bibfolio): no collection while Sphinx
starts (``starting``); then all that exists is moved out of the collector's
reach (``gc.freeze``) and collection resumes for what the build makes; at exit,
the same again. What the start leaves unreachable in cycles (which only a
collection frees) is kept with the rest until the process ends: measured, about
a thousand objects, under a megabyte, when the project is read and checked anew
(after an edit, 300 or 2,000 papers); freeing it would cost a collection over the
whole heap (0.1 s at 300 papers). Elsewhere (the tests, a program calling
``bibfolio.cli.main``) each function here does nothing.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

_state = {"owned": False, "frozen": False}


def own_process() -> None:
    """This process ends with the command (its entry point says so, first)."""
    _state["owned"] = True


@contextlib.contextmanager
def starting() -> Iterator[None]:
    """Sphinx starting: no collection; what it made then stays. Only for the first build
    of the process: before a second one (an earlier release, ``bibfolio versions``) all is
    handed back to the collector, which frees what the first left, and runs as usual."""
    if not _state["owned"] or not gc.isenabled():
        yield
        return
    if _state["frozen"]:
        gc.unfreeze()
        yield
        return
    _state["frozen"] = True
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def exiting() -> None:
    """The command is done: no collection over the whole heap at exit."""
    if _state["owned"]:
        gc.freeze()
