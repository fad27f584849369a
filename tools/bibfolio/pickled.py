"""Dataclasses with slots, pickled at the pace of their fields.

A build keeps what it loaded (the bibliography, the publications, the portfolio)
pickled beside the site, and the next build unpickles it: some 20,000 small
dataclasses at 2,000 papers. A dataclass with slots pickles through the
``__getstate__`` and ``__setstate__`` that ``dataclasses`` writes for it (frozen)
or through copyreg's walk of its slots (not frozen); both look its fields up again
for every object, which is most of the time pickling takes (measured on the
2,000-paper project: 0.26 s to unpickle, 0.19 s to pickle; 0.19 and 0.12 s with
``quick_pickle``). ``quick_pickle`` gives the class a state that is its fields'
values, in order, looked up once for the class.

What a build keeps is made again by a build of any other version of bibfolio (its
signature holds bibfolio's own files): a state is only ever read by the code that
wrote it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T")


def quick_pickle(cls: type[T]) -> type[T]:
    """Give the dataclass ``cls`` (with slots) a state of its fields' values, in order."""
    names = tuple(field.name for field in fields(cls))  # type: ignore[arg-type]
    if set(getattr(cls, "__slots__", ())) != set(names):
        raise TypeError(
            f"{cls.__name__}: quick_pickle keeps a dataclass whose slots are its fields"
        )
    # attrgetter gives a tuple for two names or more; for one (or none), a tuple is made here.
    values: Callable[[Any], tuple[Any, ...]] = (
        attrgetter(*names)
        if len(names) > 1
        else lambda self: tuple(getattr(self, name) for name in names)
    )
    set_field = object.__setattr__  # a frozen class refuses its own __setattr__

    def __getstate__(self: T) -> tuple[Any, ...]:
        return values(self)

    def __setstate__(self: T, state: tuple[Any, ...]) -> None:
        for name, value in zip(names, state, strict=True):
            set_field(self, name, value)

    def __init_subclass__(subclass: type, /, **kwargs: Any) -> None:
        # A subclass's own fields would not be in the state: refused when it is written.
        raise TypeError(f"{subclass.__name__}: a class quick_pickle keeps cannot be subclassed")

    setattr(cls, "__getstate__", __getstate__)  # noqa: B010 - set on the class, after it is made
    setattr(cls, "__setstate__", __setstate__)  # noqa: B010
    setattr(cls, "__init_subclass__", classmethod(__init_subclass__))  # noqa: B010
    return cls
