"""Records: ``@record`` is ``@dataclass(frozen=True)`` and ``@mutable_record`` is
``@dataclass``, made when the class is first instantiated, and made for less.

Python's dataclasses build ``__init__``, ``__eq__``, ``__hash__``, ``__repr__`` and the
frozen ``__setattr__`` and ``__delattr__`` by compiling source text, about half a
millisecond a class. The modules a command imports hold a hundred such classes, and that
compiling was most of what our own imports cost at start-up. Two changes take it away:

- **Made on first use.** ``@record`` leaves the class as it was written, with a stand-in
  ``__init__``. The first instance of the class (or of a subclass) makes it, in place, and
  the stand-in is gone: a class a command never instantiates costs nothing.
- **Made for less.** ``dataclasses`` is asked only for the fields (``__dataclass_fields__``,
  the class defaults, ``__match_args__``: no code compiled). The ``__init__`` is compiled
  here, one function with the same parameters and body a dataclass's has. Equality, the
  hash and the repr are shared functions over an ``operator.attrgetter`` of the compared
  fields, and the frozen ``__setattr__`` / ``__delattr__`` are closures: nothing compiled.

What a made record does is what the dataclass would do: the same ``__init__`` signature and
errors, defaults and default factories, ``__post_init__``, ``field(init=False, repr=False,
compare=False, hash=...)``, equality only with the same class, a frozen record hashable by
its compared fields and a mutable one unhashable, ``FrozenInstanceError`` on assignment,
and ``dataclasses.fields``, ``replace``, ``asdict`` and ``astuple``. ``InitVar`` and
``kw_only`` fields are refused (nothing here uses them). ``__dataclass_params__`` describes
the fields-only pass, so read a record's frozenness from :func:`is_frozen`. Before a class
is made only class-level questions can tell the difference: ask them through :func:`fields`
(which makes the class first), never ``dataclasses.fields`` on the class. (A stand-in
``__new__`` would also catch unpickling, which nothing here does, but CPython keeps a
class's ``tp_new`` slot pointing at a deleted ``__new__``, so it could never be taken off.)
"""

from __future__ import annotations

import dataclasses
from _thread import allocate_lock, get_ident
from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: object) -> Any:
        return lambda decorated: decorated


__all__ = ["fields", "is_frozen", "made", "mutable_record", "record"]

_T = TypeVar("_T")

_PENDING = "__record_pending__"
"""Set on a class not made yet: whether it is to be frozen."""
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
    setattr(cls, _PENDING, frozen)
    cls.__init__ = _first_init  # type: ignore[method-assign,assignment]
    return cls


def _first_init(self: object, /, *args: Any, **kwargs: Any) -> None:
    cls = made(type(self))
    cls.__init__(self, *args, **kwargs)


def made(cls: type[_T]) -> type[_T]:
    """Make ``cls`` and every pending record it inherits from now."""
    with _lock:
        for klass in reversed(cls.__mro__):
            frozen = klass.__dict__.get(_PENDING)
            if frozen is not None:
                delattr(klass, _PENDING)
                delattr(klass, "__init__")
                _make(klass, frozen)
    return cls


def is_frozen(cls: type[Any]) -> bool:
    """Whether ``cls`` is a ``@record`` (and not a ``@mutable_record``)."""
    made(cls)
    return bool(getattr(cls, _FROZEN, False))


_FROZEN = "__record_frozen__"
_NO_VALUE: object = getattr(dataclasses, "_HAS_DEFAULT_FACTORY", object())
"""The default of a parameter whose field has a default factory: dataclasses' own marker
(shown as ``<factory>`` in the signature), where this Python has it."""


def _make(klass: type[Any], frozen: bool) -> None:
    for base in klass.__mro__[1:]:
        if hasattr(base, _FROZEN) and getattr(base, _FROZEN) != frozen:
            raise TypeError(
                f"{klass.__qualname__}: cannot inherit a {'frozen' if frozen else 'mutable'}"
                f" record from the {'mutable' if frozen else 'frozen'} {base.__qualname__}"
            )
    if frozen and ("__setattr__" in klass.__dict__ or "__delattr__" in klass.__dict__):
        raise TypeError(f"{klass.__qualname__} is frozen: it cannot define __setattr__")
    if not klass.__dict__.get("__doc__"):  # else dataclasses works out a signature for it
        klass.__doc__ = f"{klass.__name__}: a record."
    dataclasses.dataclass(init=False, repr=False, eq=False)(klass)  # the fields only
    setattr(klass, _FROZEN, frozen)
    own = dataclasses.fields(klass)
    known = klass.__dataclass_fields__
    for name, known_field in known.items():
        if known_field not in own and "ClassVar" not in str(known_field.type):
            raise TypeError(f"{klass.__qualname__}.{name}: a record has no InitVar fields")
    for each in own:
        if each.kw_only is True:
            raise TypeError(f"{klass.__qualname__}.{each.name}: a record has no kw_only fields")
    klass.__init__ = _init_function(klass, own, frozen)
    _set_if_own_lacks(klass, "__repr__", _repr_function(own))
    compared = [each.name for each in own if each.compare]
    values = _getter(compared)
    _set_if_own_lacks(klass, "__eq__", _eq_function(values))
    explicit_hash = "__hash__" in klass.__dict__ and not (
        klass.__dict__["__hash__"] is None and "__eq__" in klass.__dict__
    )
    if not explicit_hash:
        if frozen:
            hashed = [e.name for e in own if (e.compare if e.hash is None else e.hash)]
            klass.__hash__ = _hash_function(_getter(hashed))  # type: ignore[assignment]
        else:
            klass.__hash__ = None  # type: ignore[assignment]
    if frozen:
        names = frozenset(each.name for each in own)
        klass.__setattr__, klass.__delattr__ = _frozen_functions(klass, names)  # type: ignore[assignment]


def _set_if_own_lacks(klass: type[Any], name: str, value: object) -> None:
    if name not in klass.__dict__:
        setattr(klass, name, value)


def _getter(names: list[str]) -> Callable[[object], tuple[Any, ...]]:
    """A function giving the tuple of these attributes, in C (``attrgetter`` of one name
    gives the bare value: ask for it twice to keep a tuple, whose ``==`` is a dataclass's,
    identity first)."""
    if not names:
        return lambda _obj: ()
    return attrgetter(*(names * 2 if len(names) == 1 else names))


def _init_function(
    klass: type[Any], own: tuple[dataclasses.Field[Any], ...], frozen: bool
) -> Callable[..., None]:
    """The dataclass's ``__init__`` of ``klass``: the same parameters, defaults and body."""
    namespace: dict[str, Any] = {"__name__": klass.__module__, "__no_value": _NO_VALUE}
    if frozen:
        namespace["__set"] = object.__setattr__
    parameters, body = ["__record_self"], []
    seen_default = None
    for each in own:
        default_name, factory_name = f"__default_{each.name}", f"__factory_{each.name}"
        has_factory = each.default_factory is not dataclasses.MISSING
        if each.init:
            if each.default is not dataclasses.MISSING:
                namespace[default_name] = each.default
                parameters.append(f"{each.name}={default_name}")
                seen_default = each.name
            elif has_factory:
                parameters.append(f"{each.name}=__no_value")
                seen_default = each.name
            elif seen_default is not None:
                raise TypeError(f"non-default argument {each.name!r} follows default argument")
            else:
                parameters.append(each.name)
        if has_factory:
            namespace[factory_name] = each.default_factory
            value = (
                f"{factory_name}() if {each.name} is __no_value else {each.name}"
                if each.init
                else f"{factory_name}()"
            )
        elif each.init:
            value = each.name
        else:
            continue  # the class attribute holds the default, as in dataclasses
        if frozen:
            body.append(f"  __set(__record_self, {each.name!r}, {value})")
        else:
            body.append(f"  __record_self.{each.name} = {value}")
    if hasattr(klass, "__post_init__"):
        body.append("  __record_self.__post_init__()")
    source = f"def __init__({', '.join(parameters)}):\n" + ("\n".join(body) or "  pass") + "\n"
    exec(source, namespace)  # our own source, made of field names
    function: Callable[..., None] = namespace["__init__"]
    function.__qualname__ = f"{klass.__qualname__}.__init__"
    return function


def _repr_function(own: tuple[dataclasses.Field[Any], ...]) -> Callable[[object], str]:
    shown = [each.name for each in own if each.repr]
    running: set[tuple[int, int]] = set()

    def __repr__(self: object) -> str:
        key = (id(self), get_ident())
        if key in running:  # a record that holds itself, as dataclasses shows it
            return "..."
        running.add(key)
        try:
            inside = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        finally:
            running.discard(key)
        return f"{type(self).__qualname__}({inside})"

    return __repr__


def _eq_function(values: Callable[[object], tuple[Any, ...]]) -> Callable[[object, object], Any]:
    def __eq__(self: object, other: object) -> Any:
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    return __eq__


def _hash_function(values: Callable[[object], tuple[Any, ...]]) -> Callable[[object], int]:
    def __hash__(self: object) -> int:
        return hash(values(self))

    return __hash__


def _frozen_functions(
    klass: type[Any], names: frozenset[str]
) -> tuple[Callable[[object, str, object], None], Callable[[object, str], None]]:
    def __setattr__(self: object, name: str, value: object) -> None:
        if type(self) is klass or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(klass, self).__setattr__(name, value)

    def __delattr__(self: object, name: str) -> None:
        if type(self) is klass or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(klass, self).__delattr__(name)

    return __setattr__, __delattr__


def fields(cls: type[Any]) -> tuple[dataclasses.Field[Any], ...]:
    """``dataclasses.fields`` of a record class, made first if it was not yet."""
    return dataclasses.fields(made(cls))
