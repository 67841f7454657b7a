"""Inert data ↔ JSON, directed by type annotations: what the on-disk cache stores instead of
pickles. Decoding builds only the types its root type names (the dataclasses, enums,
containers and primitives reachable through the annotations of its fields) and checks every
value against its annotation: anything else — an unknown tag, a missing field, a string where
an int belongs — is a ``CodecError``, never code run, never a half-built object.

    >>> from liclogic.engine.result import Because
    >>> text = dumps(Because("MIT", "permit any", "§1", None, "specs/MIT.lic:3"), Because)
    >>> loads(text, Because).cite
    '§1'

A dataclass is a JSON array: its class name, then its fields in order (fields marked
``transient`` in their metadata are left out and take their defaults); tuples, lists and
frozensets are arrays, dicts are objects (str keys only), enums their value.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import sys
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

Decoder = Callable[[Any], Any]
Encoder = Callable[[Any], Any]

TRANSIENT = {"transient": True}  # field metadata: never stored, rebuilt from its default


class CodecError(ValueError):
    """The data does not have the shape its type says."""


def dumps(value: Any, tp: Any) -> str:
    return json.dumps(_codec(tp)[0](value), ensure_ascii=False, separators=(",", ":"))


def loads(text: str | bytes, tp: Any) -> Any:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise CodecError(f"not JSON: {exc}") from None
    try:
        return _codec(tp)[1](data)
    except RecursionError:
        raise CodecError("nested too deeply") from None


def encode(value: Any, tp: Any) -> Any:
    return _codec(tp)[0](value)


def decode(data: Any, tp: Any) -> Any:
    return _codec(tp)[1](data)


# ------------------------------------------------------------------ building codecs

_CODECS: dict[Any, tuple[Encoder, Decoder]] = {}


def _codec(tp: Any) -> tuple[Encoder, Decoder]:
    hit = _CODECS.get(tp)
    if hit is None:
        # a placeholder first: recursive types (an Expr inside a Not) refer to themselves
        cell: list[tuple[Encoder, Decoder]] = []
        _CODECS[tp] = (lambda v: cell[0][0](v), lambda d: cell[0][1](d))
        cell.append(_build(tp))
        hit = _CODECS[tp] = cell[0]
    return hit


def _fail(what: str, data: Any) -> CodecError:
    shown = repr(data)
    return CodecError(f"expected {what}, got {shown[:60]}")


def _build(tp: Any) -> tuple[Encoder, Decoder]:
    if tp is Any:
        return _json_value, _json_value
    if tp is type(None) or tp is None:
        return _same, _exactly(type(None), "null")
    if tp is bool:
        return _same, _exactly(bool, "a boolean")
    if tp is int:
        return _same, _exactly(int, "an integer")
    if tp is str:
        return _same, _exactly(str, "a string")
    if tp is float:
        return _same, _float
    if isinstance(tp, typing.TypeVar):
        return _codec(tp.__bound__ if tp.__bound__ is not None else Any)
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Literal:
        return _literal(args)
    if origin in (typing.Union, types.UnionType):
        return _union(args)
    if origin is tuple:
        return _tuple(args)
    if origin in (list, frozenset, set):
        return _sequence(origin, args[0] if args else Any)
    if origin in (dict, Mapping) or tp in (dict, Mapping):
        return _mapping(args[1] if args else Any, args[0] if args else str)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return _enum(tp)
    cls = origin if origin is not None else tp
    if isinstance(cls, type) and dataclasses.is_dataclass(cls):
        return _dataclass(cls, args)
    raise TypeError(f"the cache cannot store values of type {tp!r}")


def _same(v: Any) -> Any:
    return v


def _exactly(kind: type, what: str) -> Decoder:
    def dec(d: Any) -> Any:
        if type(d) is not kind:  # bool is not an int here, nor an int a bool
            raise _fail(what, d)
        return d
    return dec


def _float(d: Any) -> Any:
    if type(d) not in (int, float):
        raise _fail("a number", d)
    return float(d)


def _json_value(v: Any) -> Any:
    """An ``Any`` field: plain JSON data only (tuples read back as lists)."""
    stack = [v]
    while stack:
        x = stack.pop()
        if isinstance(x, dict):
            if not all(isinstance(k, str) for k in x):
                raise CodecError("object keys must be strings")
            stack.extend(x.values())
        elif isinstance(x, list | tuple):
            stack.extend(x)
        elif not (x is None or isinstance(x, str | int | float)):
            raise CodecError(f"not plain data: {type(x).__name__}")
    return v


def _literal(values: tuple[Any, ...]) -> tuple[Encoder, Decoder]:
    allowed = set(values)

    def dec(d: Any) -> Any:
        if isinstance(d, list | dict) or d not in allowed:
            raise _fail(f"one of {sorted(map(str, allowed))}", d)
        return d
    return _same, dec


def _union(members: tuple[Any, ...]) -> tuple[Encoder, Decoder]:
    classes = {m.__name__: m for m in members if isinstance(m, type)
               and dataclasses.is_dataclass(m)}
    others = [m for m in members if m not in classes.values()]
    if not others:  # a union of dataclasses: the tag says which
        codecs = {name: _codec(cls) for name, cls in classes.items()}

        def enc(v: Any) -> Any:
            c = codecs.get(type(v).__name__)
            if c is None or classes[type(v).__name__] is not type(v):
                raise CodecError(f"{type(v).__name__} is not among {sorted(classes)}")
            return c[0](v)

        def dec(d: Any) -> Any:
            if type(d) is not list or not d or type(d[0]) is not str or d[0] not in codecs:
                raise _fail(f"one of {sorted(classes)}", d)
            return codecs[d[0]][1](d)
        return enc, dec
    parts = [(m, _codec(m)) for m in members]

    def enc_any(v: Any) -> Any:
        for m, (e, _) in parts:
            if _is_instance(v, m):
                return e(v)
        raise CodecError(f"{type(v).__name__} is not a {members}")

    def dec_any(d: Any) -> Any:
        for _, (_, dm) in parts:
            try:
                return dm(d)
            except CodecError:
                continue
        raise _fail(" or ".join(map(_name, members)), d)
    return enc_any, dec_any


def _name(tp: Any) -> str:
    return getattr(tp, "__name__", str(tp))


def _is_instance(v: Any, tp: Any) -> bool:
    if tp is Any:
        return True
    if tp is type(None) or tp is None:
        return v is None
    if tp is int:
        return type(v) is int
    origin = typing.get_origin(tp) or tp
    if origin is typing.Literal:
        return v in typing.get_args(tp)
    if origin is Mapping:
        origin = dict
    if isinstance(origin, typing.TypeVar):
        return True
    return isinstance(v, origin)


def _tuple(args: tuple[Any, ...]) -> tuple[Encoder, Decoder]:
    if len(args) == 2 and args[1] is Ellipsis:
        return _sequence(tuple, args[0])
    codecs = [_codec(a) for a in args]
    n = len(codecs)

    def enc(v: Any) -> Any:
        if len(v) != n:
            raise CodecError(f"expected {n} items")
        return [c[0](x) for c, x in zip(codecs, v, strict=True)]

    def dec(d: Any) -> Any:
        if type(d) is not list or len(d) != n:
            raise _fail(f"an array of {n}", d)
        return tuple(c[1](x) for c, x in zip(codecs, d, strict=True))
    return enc, dec


def _sequence(kind: Any, item: Any) -> tuple[Encoder, Decoder]:
    e, dm = _codec(item)
    make = list if kind is list else kind
    ordered = kind in (list, tuple)

    def enc(v: Any) -> Any:
        out = [e(x) for x in v]
        if not ordered:  # a set: stored in a stable order, so equal sets store equal text
            out.sort(key=lambda x: json.dumps(x, sort_keys=True))
        return out

    def dec(d: Any) -> Any:
        if type(d) is not list:
            raise _fail("an array", d)
        return make(dm(x) for x in d)
    return enc, dec


def _mapping(value: Any, key: Any) -> tuple[Encoder, Decoder]:
    if key is not str and key is not Any:
        raise TypeError(f"the cache stores mappings with string keys only, not {key!r}")
    e, dm = _codec(value)

    def enc(v: Any) -> Any:
        out = {}
        for k, x in v.items():
            if type(k) is not str:
                raise CodecError("mapping keys must be strings")
            out[k] = e(x)
        return out

    def dec(d: Any) -> Any:
        if type(d) is not dict:
            raise _fail("an object", d)
        return {k: dm(x) for k, x in d.items()}
    return enc, dec


def _enum(cls: type[enum.Enum]) -> tuple[Encoder, Decoder]:
    by_value = {m.value: m for m in cls}

    def dec(d: Any) -> Any:
        if isinstance(d, list | dict) or d not in by_value:
            raise _fail(f"a {cls.__name__}", d)
        return by_value[d]
    return (lambda v: v.value), dec


def _dataclass(cls: type, args: tuple[Any, ...]) -> tuple[Encoder, Decoder]:
    hints = _hints(cls)
    params = getattr(cls, "__parameters__", ())
    bound = dict(zip(params, args, strict=False))
    stored = [f for f in dataclasses.fields(cls) if not f.metadata.get("transient")]
    transient = [f for f in dataclasses.fields(cls) if f.metadata.get("transient")]
    names = [f.name for f in stored]
    codecs = [_codec(bound.get(hints[f.name], hints[f.name])) for f in stored]
    encoders = [c[0] for c in codecs]
    decoders = [c[1] for c in codecs]
    tag = cls.__name__
    n = len(stored) + 1
    # frozen dataclasses without __post_init__ are filled in directly (their __init__ goes
    # through object.__setattr__ field by field, which a large library feels)
    direct = not hasattr(cls, "__post_init__") and not hasattr(cls, "__slots__")
    pairs = list(zip(names, decoders, strict=True))

    def enc(v: Any) -> Any:
        if type(v) is not cls:
            raise CodecError(f"expected {tag}, got {type(v).__name__}")
        return [tag, *(e(getattr(v, name)) for name, e in zip(names, encoders, strict=True))]

    def dec(d: Any) -> Any:
        if type(d) is not list or len(d) != n or d[0] != tag:
            raise _fail(f"a {tag}", d)
        if direct:
            obj: Any = object.__new__(cls)
            state = obj.__dict__
            for (name, fn), x in zip(pairs, d[1:], strict=True):
                state[name] = fn(x)
            for f in transient:
                state[f.name] = _default(f)
            return obj
        kwargs = {name: fn(x) for (name, fn), x in zip(pairs, d[1:], strict=True)}
        return cls(**kwargs)
    return enc, dec


def _default(f: dataclasses.Field[Any]) -> Any:
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return f.default


def _hints(cls: type) -> dict[str, Any]:
    module = sys.modules.get(cls.__module__)
    return typing.get_type_hints(cls, vars(module) if module else None)
