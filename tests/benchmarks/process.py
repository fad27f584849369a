"""One command run as a whole process: its wall time, its exit status, its peak memory.

Peak memory is the ``ru_maxrss`` that ``os.wait4`` reports for the child: on
Linux the largest resident set of the child and of every descendant it waited
for (a build's own subprocesses included).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# ru_maxrss is in KiB on Linux and in bytes on macOS.
_RSS_UNIT = 1 if sys.platform == "darwin" else 1024


class CommandFailed(Exception):
    """A measured command exited with an error: its time would mean nothing."""


@dataclass(frozen=True)
class Run:
    seconds: float  # wall time, from start to exit
    peak_mib: float  # the child's ru_maxrss
    status: int  # exit code; negative: killed by that signal


def run(command: Sequence[str], cwd: Path | None = None, log: Path | None = None) -> Run:
    """Run ``command`` to its end, its output (both streams) written to ``log`` or discarded."""
    with open(log or os.devnull, "wb") as output:  # noqa: PTH123 - also os.devnull
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT)
        _, wait_status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(wait_status)  # reaped here, not by Popen
    return Run(seconds, usage.ru_maxrss * _RSS_UNIT / 2**20, child.returncode)


def script(name: str, module: str) -> tuple[str, ...]:
    """The command ``name`` installed beside this Python (as a user runs it), else its module."""
    installed = Path(sys.executable).parent / name
    return (str(installed),) if installed.is_file() else (sys.executable, "-m", module)


def checked(command: Sequence[str], cwd: Path | None, log: Path) -> Run:
    """``run``, or ``CommandFailed`` with the end of its output."""
    result = run(command, cwd, log)
    if result.status != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
        shown = " ".join(command)
        raise CommandFailed(f"{shown} (in {cwd}) exited with {result.status}:\n" + "\n".join(tail))
    return result


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")
