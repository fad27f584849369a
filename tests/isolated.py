"""``bibfolio`` in a process of its own, with a memory cap and a time limit.

For the hostile inputs that could blow up (tests/hostile/6-bounded): whatever the
command does, it does it in that process, never in the test's. The processes are
forked from a server that imported bibfolio and Sphinx once (multiprocessing's
"forkserver"), so each starts in milliseconds instead of importing them anew;
the server itself does nothing else, so every command starts from the same
untouched state as a fresh ``python -m bibfolio``.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import sys
import tempfile
from pathlib import Path

# What a fresh `python -m bibfolio` would import first: imported once, in the server.
PRELOAD = ["bibfolio.cli", "bibfolio.sphinx", "sphinx.application", "sphinx.builders.html"]
_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(PRELOAD)


def _command(
    args: list[str], cwd: str, env: dict[str, str], limit: int, outputs: tuple[str, str]
) -> None:
    """In the forked process: the command, its standard output and error to the two files
    ``outputs``, its status as exit code. The environment is the test's, as a fresh process
    would inherit it."""
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    for name, stream in zip(outputs, (1, 2), strict=True):
        os.dup2(os.open(name, os.O_WRONLY), stream)
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    from bibfolio.cli import main  # noqa: PLC0415 - imported by the server already

    sys.exit(main(args))


def run_isolated(
    args: list[str], cwd: Path, env: dict[str, str], *, memory: int, seconds: float
) -> tuple[int, str]:
    """``bibfolio ARGS`` run from ``cwd`` in a process of its own (``env`` added to its
    environment): its exit status and everything it printed. A process still running after
    ``seconds`` is killed, and the test fails."""
    with tempfile.TemporaryDirectory(prefix="bibfolio-isolated-") as folder:
        out, err = Path(folder, "stdout"), Path(folder, "stderr")
        out.touch()
        err.touch()
        process = _CONTEXT.Process(
            target=_command,
            args=(args, str(cwd), {**os.environ, **env}, memory, (str(out), str(err))),
        )  # not a daemon: the command may start processes of its own (sphinx-build -j)
        process.start()
        process.join(seconds)
        if process.is_alive():
            process.kill()
            process.join()
            raise AssertionError(f"bibfolio {' '.join(args)} ran over {seconds} s")
        printed = out.read_text(encoding="utf-8", errors="replace") + err.read_text(
            encoding="utf-8", errors="replace"
        )
    assert process.exitcode is not None
    return process.exitcode, printed
