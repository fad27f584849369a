"""Dataclasses kept between builds (bibfolio.pickled): what is unpickled equals what was
pickled, frozen or not, with any number of fields."""

from __future__ import annotations

import copy
import pickle
from dataclasses import FrozenInstanceError, dataclass, field

import pytest

from bibfolio.pickled import quick_pickle


@quick_pickle
@dataclass(frozen=True, slots=True)
class Frozen:
    name: str
    tags: tuple[str, ...] = ()
    inner: object = None


@quick_pickle
@dataclass(slots=True)
class Open:
    values: list[int] = field(default_factory=list)


@quick_pickle
@dataclass(frozen=True, slots=True)
class Alone:
    only: int


@pytest.mark.parametrize(
    "value",
    [
        Frozen("a", ("x", "y"), Open([1, 2])),
        Open([3]),
        Alone(7),
        [Frozen("shared")] * 2,
    ],
    ids=["frozen, nested", "not frozen", "one field", "shared"],
)
def test_a_value_comes_back_equal(value: object) -> None:
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        again = pickle.loads(pickle.dumps(value, protocol))  # noqa: S301 - our own bytes
        assert again == value
        if isinstance(value, list):
            assert again[0] is again[1], "a value shared stays shared"
    assert copy.deepcopy(value) == value


def test_a_frozen_value_stays_frozen_once_unpickled() -> None:
    again = pickle.loads(pickle.dumps(Frozen("a")))  # noqa: S301 - our own bytes
    with pytest.raises(FrozenInstanceError):
        again.name = "b"


def test_the_kept_state_is_the_values_in_order() -> None:
    assert Frozen("a", ("x",)).__getstate__() == ("a", ("x",), None)
    assert Alone(7).__getstate__() == (7,)
    blank = Frozen.__new__(Frozen)
    with pytest.raises(ValueError, match="zip"):
        blank.__setstate__(("a",))  # type: ignore[attr-defined] # a state of another shape


def test_a_class_whose_state_would_lose_fields_is_refused() -> None:
    with pytest.raises(TypeError, match="subclassed"):

        class Wider(Open):  # its own fields would not be kept
            pass

    @dataclass
    class Unslotted:
        name: str

    with pytest.raises(TypeError, match="slots are its fields"):
        quick_pickle(Unslotted)
