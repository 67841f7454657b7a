"""The syntax tree's node classes (``ast_expr.node``) behave exactly as ``@dataclass(frozen=True)``
would make them: the same equality, hash and repr, over every node of the bundled library,
against a twin class that dataclasses generates from the same fields."""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

import pytest
from liclogic.lang import ast, ast_expr

NODE_CLASSES = sorted({c for m in (ast, ast_expr) for c in vars(m).values()
                       if isinstance(c, type) and dataclasses.is_dataclass(c)
                       and c.__module__ in (ast.__name__, ast_expr.__name__)},
                      key=lambda c: c.__qualname__)


def _twin(cls: type) -> type:
    """``cls`` as plain ``@dataclass(frozen=True)`` would generate it."""
    specs = []
    for f in dataclasses.fields(cls):
        kw: dict[str, Any] = {"compare": f.compare, "hash": f.hash, "repr": f.repr,
                              "kw_only": f.kw_only}
        if f.default is not dataclasses.MISSING:
            kw["default"] = f.default
        if f.default_factory is not dataclasses.MISSING:
            kw["default_factory"] = f.default_factory
        specs.append((f.name, f.type, dataclasses.field(**kw)))
    twin = dataclasses.make_dataclass(cls.__name__, specs, frozen=True)
    twin.__qualname__ = cls.__qualname__
    return twin


TWINS = {c: _twin(c) for c in NODE_CLASSES}


def _as_twin(x: Any) -> Any:
    return TWINS[type(x)](**{f.name: getattr(x, f.name) for f in dataclasses.fields(x)})


def _nodes(lib) -> dict[type, list[Any]]:
    """Every node of every license tree, by class (a few hundred of each at most)."""
    seen: dict[type, list[Any]] = {}
    stack: list[Any] = [m.tree for m in lib.licenses.values()]
    while stack:
        x = stack.pop()
        if type(x) in TWINS:
            if len(seen.setdefault(type(x), [])) < 300:
                seen[type(x)].append(x)
            stack.extend(getattr(x, f.name) for f in dataclasses.fields(x))
        elif isinstance(x, tuple | list | frozenset):
            stack.extend(x)
    return seen


def test_every_node_class_is_covered():
    assert len(NODE_CLASSES) >= 35
    assert all(c.__dataclass_params__.frozen for c in NODE_CLASSES)


@pytest.fixture(scope="module")
def nodes(lib):
    return _nodes(lib)


def test_the_library_has_nodes_of_most_classes(nodes):
    assert len(nodes) >= 20


def test_equality_hash_and_repr_are_the_generated_ones(nodes):
    for cls, xs in nodes.items():
        twins = [_as_twin(x) for x in xs]
        for x, t in zip(xs, twins, strict=True):
            assert repr(x) == repr(t)
            assert hash(x) == hash(t)
            assert (x == x) is True and (x != x) is False
        for (x, tx), (y, ty) in itertools.islice(
                itertools.combinations(zip(xs, twins, strict=True), 2), 2000):
            assert (x == y) == (tx == ty), cls
            assert (x != y) == (tx != ty), cls


def test_nodes_stay_frozen_and_dataclass_tools_work(nodes):
    x = nodes[ast.Span][0] if ast.Span in nodes else ast.Span("f", 1, 1, 1, 2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        x.line = 3  # type: ignore[misc]
    moved = dataclasses.replace(x, line=x.line + 1)
    assert moved != x and moved.line == x.line + 1
    assert dataclasses.astuple(x) == dataclasses.astuple(_as_twin(x))
    assert (x == "not a node") is False
    assert ast.FieldRef("a", span=x) == ast.FieldRef("a")  # spans never take part
    assert hash(ast.FieldRef("a", span=x)) == hash(ast.FieldRef("a"))


def _raised(fn: Any, *args: Any) -> tuple[type, str] | None:
    try:
        fn(*args)
    except Exception as e:
        return type(e), str(e)
    return None


def test_assigning_and_deleting_fail_as_the_generated_ones(nodes):
    """The frozen ``__setattr__`` / ``__delattr__`` (closures, not compiled per class) refuse
    what dataclasses' refuse, with the same error and message, and carry the same names."""
    for cls, xs in nodes.items():
        x, twin = xs[0], _as_twin(xs[0])
        for name in [f.name for f in dataclasses.fields(cls)] + ["not_a_field"]:
            assert _raised(setattr, x, name, 1) == _raised(setattr, twin, name, 1) \
                is not None, (cls, name)
            assert _raised(delattr, x, name) == _raised(delattr, twin, name) \
                is not None, (cls, name)
        for attr in ("__setattr__", "__delattr__"):
            assert getattr(cls, attr).__qualname__ == f"{cls.__qualname__}.{attr}"
            assert getattr(cls, attr).__module__ == cls.__module__


def test_a_subclass_of_a_node_class_may_set_its_own_attributes():
    @ast_expr.node
    class Base:
        a: int

    class Sub(Base):
        pass

    s = Sub(1)
    s.extra = 2  # type(self) is not the frozen class and the name is not a field
    assert s.extra == 2
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'a'"):
        s.a = 3
    del s.extra
    assert not hasattr(s, "extra")
