"""Frozen records that cost nothing at import: ``@record`` is ``@dataclass(frozen=True)``,
made when the class is first instantiated (``@mutable_record`` is ``@dataclass``).

Python builds a dataclass's ``__init__``, ``__eq__``, ``__hash__``, ``__repr__`` and frozen
``__setattr__`` by compiling source text, about half a millisecond a class. The modules a
command imports hold a hundred such classes, most of which that command never makes, and
the compiling was the larger part of what our own imports cost at start-up.

``@record`` leaves the class as it was written and puts a stand-in ``__init__`` on it. The
first time the class (or a subclass) is instantiated, the stand-in makes it a real frozen
dataclass, in place, and is gone: from then on the class is exactly what
``@dataclass(frozen=True)`` would have made, with no cost per instance. Before that, only
class-level questions can tell the difference; ask them through :func:`fields` (which
makes the class first), never ``dataclasses.fields`` on the class. (A stand-in ``__new__``
would also catch unpickling, which nothing here does, but CPython keeps a class's
``tp_new`` slot pointing at a deleted ``__new__``, so it could never be taken off.)
"""

from __future__ import annotations

import dataclasses
from _thread import allocate_lock
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: object) -> Any:
        return lambda decorated: decorated


__all__ = ["fields", "made", "mutable_record", "record"]

_T = TypeVar("_T")

_PENDING = "__record_pending__"
_lock = allocate_lock()


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(cls: type[_T]) -> type[_T]:
    """Mark ``cls`` to become ``@dataclass(frozen=True)`` when it is first instantiated."""
    return _pending(cls, frozen=True)


@dataclass_transform(field_specifiers=(dataclasses.field,))
def mutable_record(cls: type[_T]) -> type[_T]:
    """Mark ``cls`` to become ``@dataclass`` when it is first instantiated."""
    return _pending(cls, frozen=False)


def _pending(cls: type[_T], *, frozen: bool) -> type[_T]:
    if "__init__" in cls.__dict__:
        raise TypeError(f"{cls.__qualname__} defines __init__, which a record makes itself")
    setattr(cls, _PENDING, {"frozen": frozen})
    cls.__init__ = _first_init  # type: ignore[method-assign,assignment]
    return cls


def _first_init(self: object, /, *args: Any, **kwargs: Any) -> None:
    cls = made(type(self))
    cls.__init__(self, *args, **kwargs)


def made(cls: type[_T]) -> type[_T]:
    """Make ``cls`` and every pending record it inherits from into dataclasses now."""
    with _lock:
        for klass in reversed(cls.__mro__):
            options = klass.__dict__.get(_PENDING)
            if options is not None:
                delattr(klass, _PENDING)
                delattr(klass, "__init__")
                dataclasses.dataclass(**options)(klass)
    return cls


def fields(cls: type[Any]) -> tuple[dataclasses.Field[Any], ...]:
    """``dataclasses.fields`` of a record class, made first if it was not yet."""
    return dataclasses.fields(made(cls))
