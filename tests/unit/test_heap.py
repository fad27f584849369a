"""The garbage collector (bibfolio.heap): set aside only in the command's own process.

A program that imports bibfolio and builds (these tests, a script, a server) keeps
its collector as it was: objects moved out of its reach there would never be freed.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap

from bibfolio import heap


def test_a_program_that_imports_bibfolio_keeps_its_collector() -> None:
    frozen = gc.get_freeze_count()
    with heap.starting():
        assert gc.isenabled()
    heap.exiting()
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen


def test_the_command_s_process_sets_aside_what_exists_once_sphinx_started() -> None:
    # In a process of its own, as the command's entry point runs it.
    run_script(
        """
        import gc
        from bibfolio import heap

        heap.own_process()
        kept = [object() for _ in range(1000)]
        with heap.starting():
            assert not gc.isenabled()
            made = [[] for _ in range(1000)]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= 2000
        with heap.starting():  # a second build (an earlier release): collected as usual,
            assert gc.isenabled()  # the first one's garbage with the rest
        assert gc.get_freeze_count() == 0
        heap.exiting()
        print("ok")
        """
    )


def run_script(script: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_the_command_s_entry_point_owns_its_process() -> None:
    """``bibfolio`` and ``python -m bibfolio`` run ``cli.run``: the command's process is its
    own, and nothing is collected over the whole heap at its exit."""
    run_script(
        """
        import atexit, gc, sys
        from bibfolio import cli, heap

        cli.main = lambda: 0  # the command itself does not matter here
        kept = [[] for _ in range(1000)]

        def after() -> None:
            assert gc.get_freeze_count() >= 1000
            print("ok")

        atexit.register(after)
        cli.run()
        """
    )
