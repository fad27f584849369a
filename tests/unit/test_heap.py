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
    script = textwrap.dedent(
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
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
