"""``@record`` and ``@mutable_record``: dataclasses made on first use, the same once made."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import re
import threading
from collections.abc import Callable
from dataclasses import field
from pathlib import Path
from typing import Any

import pytest

from microtask.domain.record import fields, is_frozen, made, mutable_record, record

SRC = Path(__file__).resolve().parents[2] / "src" / "microtask"


@record
class Point:
    """A frozen record."""

    x: int
    y: int = 0
    tags: list[str] = field(default_factory=list)


@record
class Labelled(Point):
    """A record that inherits fields."""

    label: str = ""


class Plain(Labelled):
    """A subclass that is not a record itself."""


@mutable_record
class Counter:
    """A mutable record."""

    count: int = 0


@record
class Pickled:
    """A module-level record, so pickle can find it."""

    value: int


def _is_pending(cls: type) -> bool:
    return "__record_pending__" in cls.__dict__


def test_a_record_is_not_made_until_it_is_first_instantiated() -> None:
    @record
    class Fresh:
        """Never instantiated before the check."""

        a: int

    assert _is_pending(Fresh)
    assert not dataclasses.is_dataclass(Fresh)
    Fresh(1)
    assert not _is_pending(Fresh)
    assert dataclasses.is_dataclass(Fresh)
    assert is_frozen(Fresh)


def test_a_made_record_behaves_as_a_frozen_dataclass() -> None:
    point = Point(1, 2)
    assert point == Point(1, 2)
    assert point != Point(1, 3)
    assert repr(point) == "Point(x=1, y=2, tags=[])"
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 5  # type: ignore[misc]
    assert dataclasses.replace(point, y=7) == Point(1, 7)
    assert dataclasses.asdict(point) == {"x": 1, "y": 2, "tags": []}
    assert Point(1).tags is not Point(1).tags


def test_frozen_records_hash_by_value() -> None:
    @record
    class Key:
        """Hashable."""

        a: int
        b: str

    assert hash(Key(1, "x")) == hash(Key(1, "x"))
    assert len({Key(1, "x"), Key(1, "x"), Key(2, "x")}) == 2


def test_a_record_keeps_the_signature_errors_of_a_dataclass() -> None:
    with pytest.raises(TypeError, match="positional argument"):
        Point(1, 2, [], 4)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword"):
        Point(1, z=3)  # type: ignore[call-arg]


def test_a_subclass_makes_its_record_bases_first() -> None:
    @record
    class Base:
        """Base."""

        a: int

    @record
    class Child(Base):
        """Child."""

        b: int = 2

    assert Child(1) == Child(1, 2)
    assert not _is_pending(Base)
    assert [f.name for f in dataclasses.fields(Child)] == ["a", "b"]
    assert Base(3) == Base(3)


def test_a_plain_subclass_of_a_record_is_instantiated_through_the_record() -> None:
    item = Plain(1, 2, [], "x")
    assert item.label == "x"
    assert isinstance(item, Labelled)
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.label = "y"  # type: ignore[misc]


def test_a_mutable_record_can_be_changed() -> None:
    counter = Counter()
    counter.count += 1
    assert counter == Counter(1)
    assert not is_frozen(Counter)


def test_fields_makes_a_pending_class_first() -> None:
    @record
    class Asked:
        """Only asked about, never instantiated."""

        a: int
        b: str = ""

    assert _is_pending(Asked)
    assert [f.name for f in fields(Asked)] == ["a", "b"]
    assert made(Asked) is Asked


def test_copies_and_pickles_of_a_record_are_equal() -> None:
    value = Pickled(3)
    assert copy.copy(value) == value
    assert copy.deepcopy(value) == value
    assert pickle.loads(pickle.dumps(value)) == value


def test_a_class_with_its_own_init_is_refused() -> None:
    with pytest.raises(TypeError, match="defines __init__"):

        @record
        class Custom:
            def __init__(self) -> None:
                pass


def test_first_instances_made_at_once_in_many_threads_are_all_whole() -> None:
    @record
    class Shared:
        """Instantiated first by eight threads together."""

        a: int

    barrier = threading.Barrier(8)
    results: list[object] = []
    errors: list[BaseException] = []

    def make(n: int) -> None:
        barrier.wait()
        try:
            results.append(Shared(n))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=make, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(r.a for r in results) == list(range(8))  # type: ignore[attr-defined]


def _twins(body: dict[str, object], *, frozen: bool = True) -> tuple[type[Any], type[Any]]:
    """The same class body made by ``@record`` (or ``@mutable_record``) and by dataclasses."""
    ours: type[Any] = (record if frozen else mutable_record)(type("Shape", (), dict(body)))
    theirs: type[Any] = dataclasses.dataclass(frozen=frozen)(type("Shape", (), dict(body)))
    return made(ours), theirs


def _post_init(self: object) -> None:
    calls.append(self)


calls: list[object] = []

SHAPES: dict[str, dict[str, object]] = {
    "plain": {"__annotations__": {"a": "int", "b": "str"}},
    "defaults": {
        "__annotations__": {"a": "int", "b": "int", "c": "list[int]"},
        "b": 2,
        "c": field(default_factory=list),
    },
    "hidden and uncompared": {
        "__annotations__": {"a": "int", "b": "int", "c": "int", "d": "int"},
        "b": field(default=0, repr=False),
        "c": field(default=0, compare=False),
        "d": field(default=0, hash=False),
    },
    "not in init": {
        "__annotations__": {"a": "int", "b": "int", "c": "list[int]"},
        "b": field(default=5, init=False),
        "c": field(default_factory=list, init=False),
    },
    "post init": {"__annotations__": {"a": "int"}, "__post_init__": _post_init},
    "empty": {"__annotations__": {}},
    "class variable": {"__annotations__": {"a": "int", "k": "ClassVar[int]"}, "k": 3},
}


@pytest.mark.parametrize("frozen", [True, False])
@pytest.mark.parametrize("shape", SHAPES)
def test_a_record_is_what_dataclasses_would_have_made(shape: str, frozen: bool) -> None:
    import inspect

    ours, theirs = _twins(SHAPES[shape], frozen=frozen)

    def parameters(cls: type) -> list[tuple[str, object, object]]:
        found = inspect.signature(cls).parameters.values()
        return [(p.name, p.default, p.kind) for p in found]

    assert parameters(ours) == parameters(theirs)
    assert [f.name for f in dataclasses.fields(ours)] == [
        f.name for f in dataclasses.fields(theirs)
    ]
    assert ours.__match_args__ == theirs.__match_args__
    names = [p for p in inspect.signature(theirs).parameters]
    args = list(range(1, len(names) + 1))
    calls.clear()
    a, b = ours(*args), theirs(*args)
    assert len(calls) == (2 if shape == "post init" else 0)
    assert repr(a) == repr(b)
    assert dataclasses.asdict(a) == dataclasses.asdict(b)
    assert a == ours(*args)
    assert a != b  # another class, as dataclasses has it
    changed = [n for n in names if n not in ("c", "d")]
    if changed:
        other = list(args)
        other[names.index(changed[0])] = 99
        assert (a == ours(*other)) is (b == theirs(*other))
    if "c" in names:  # compare=False (or a factory): c is left out of == only when asked
        other = list(args)
        other[names.index("c")] = 42
        assert (a == ours(*other)) is (b == theirs(*other))
    if frozen:
        assert _outcome(lambda: hash(a) == hash(ours(*args))) == _outcome(
            lambda: hash(b) == hash(theirs(*args))
        )
        with pytest.raises(dataclasses.FrozenInstanceError):
            a.a = 0
        with pytest.raises(dataclasses.FrozenInstanceError):
            del a.a
    else:
        assert ours.__hash__ is None
        assert theirs.__hash__ is None
        if names:
            setattr(a, names[0], 7)
            assert getattr(a, names[0]) == 7
    assert _outcome(lambda: ours(*args, 0)) == _outcome(lambda: theirs(*args, 0))
    assert _outcome(lambda: ours(nope=1)) == _outcome(lambda: theirs(nope=1))


def _outcome(run: Callable[[], object]) -> tuple[str, str]:
    """What ``run`` gave, or the error it raised (``self`` named as dataclasses name it)."""
    try:
        return ("gave", repr(run()))
    except TypeError as error:
        return (type(error).__name__, str(error).replace("__record_self", "self"))


def test_a_record_that_holds_itself_is_shown_with_an_ellipsis() -> None:
    ours, theirs = _twins({"__annotations__": {"items": "list[object]"}}, frozen=True)
    a, b = ours([]), theirs([])
    a.items.append(a)
    b.items.append(b)
    assert repr(a) == repr(b)


def test_a_non_default_field_after_a_default_is_refused_as_dataclasses_does() -> None:
    body = {"__annotations__": {"a": "int", "b": "int"}, "a": 1}
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):
        made(record(type("Bad", (), dict(body))))


def test_a_frozen_record_cannot_inherit_from_a_mutable_one() -> None:
    base: type[Any] = mutable_record(type("Base", (), {"__annotations__": {"a": "int"}}))
    child: type[Any] = record(type("Child", (base,), {"__annotations__": {"b": "int"}}))
    with pytest.raises(TypeError, match="cannot inherit a frozen record"):
        child(1, 2)


def test_the_source_makes_no_dataclass_at_import() -> None:
    """Every dataclass in src is a record, made on first use, except the ones with slots
    (a slotted class is a new class, which cannot be swapped in later)."""
    eager = [
        f"{path.relative_to(SRC)}:{number}"
        for path in sorted(SRC.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.match(r"\s*@(dataclasses\.)?dataclass\b", line) and "slots=True" not in line
    ]
    assert eager == []
