"""A slow step made beside the build (the CV's PDF): the build goes on meanwhile, and gets
what the step made, or its error."""

from __future__ import annotations

import threading

import pytest

from bibfolio.site.artifacts import Beside


def test_the_caller_goes_on_while_the_step_is_made() -> None:
    going_on = threading.Event()
    making = Beside(lambda: going_on.wait(timeout=10))
    going_on.set()  # only reached if Beside did not wait for the step
    assert making.result() is True


def test_the_step_s_error_reaches_the_one_who_waits() -> None:
    def fails() -> bytes:
        raise ValueError("Typst could not compile the CV")

    making = Beside(fails)
    with pytest.raises(ValueError, match="could not compile"):
        making.result()
