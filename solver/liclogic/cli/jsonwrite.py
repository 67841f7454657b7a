"""JSON documents written a piece at a time, byte for byte as
``json.dumps(doc, indent=2, ensure_ascii=False) + "\\n"`` writes them.

The standard library encodes an indented document in pure Python (its C encoder serves only
``indent=None``) and builds the whole text in memory: a scan of 100,000 components is a 35 MB
document. Here a long list (``Stream``: a scan's components) is produced one element at a
time and written out in chunks, and the common values — strings, None, booleans, integers,
lists and objects of them — are encoded directly, strings by the C ``encode_basestring``;
anything else (a float, a tuple, a non-string key) goes through ``json.dumps`` itself,
re-indented, so the text is the same whatever the value.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from json.encoder import encode_basestring
from typing import IO, Any

_CHUNK = 1 << 16  # characters gathered before a write


class Stream:
    """A list-valued field of a document whose elements are made when it is written:
    ``count`` of them, from ``make()`` (called again for every pass)."""

    def __init__(self, count: int, make: Callable[[], Iterable[Any]]) -> None:
        self.count = count
        self.make = make

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Any]:
        return iter(self.make())


def materialise(doc: Any) -> Any:
    """The document with every top-level ``Stream`` made into a list (for the renderers of
    other formats, which read the document as plain data)."""
    if not isinstance(doc, dict) or not any(isinstance(v, Stream) for v in doc.values()):
        return doc
    return {k: list(v) if isinstance(v, Stream) else v for k, v in doc.items()}


def dumps(doc: Any) -> str:
    """The document's text (with the final newline), as ``write`` writes it."""
    return "".join(chunks(doc))


def write(out: IO[str], doc: Any) -> None:
    """Write the document to ``out`` in chunks of about 64 K characters."""
    for piece in chunks(doc):
        out.write(piece)


def chunks(doc: Any) -> Iterator[str]:
    """The document's text in pieces: each top-level field, and a ``Stream`` element by
    element, gathered into chunks."""
    if not isinstance(doc, dict) or not doc:
        yield encode(doc, "") + "\n"
        return
    buf: list[str] = ["{"]
    size = 0
    first = True
    for key, value in doc.items():
        head = ("\n  " if first else ",\n  ") + _key(key) + ": "
        first = False
        if not isinstance(value, Stream):
            buf.append(head + encode(value, "  "))
            continue
        buf.append(head + "[")
        n = 0
        for item in value:
            piece = (",\n    " if n else "\n    ") + encode(item, "    ")
            n += 1
            buf.append(piece)
            size += len(piece)
            if size > _CHUNK:
                yield "".join(buf)
                buf, size = [], 0
        buf.append("\n  ]" if n else "]")
    buf.append("\n}\n")
    yield "".join(buf)


def encode(value: Any, pad: str) -> str:
    """One value as ``json.dumps(value, indent=2, ensure_ascii=False)`` writes it when it
    starts on a line indented by ``pad``."""
    t = type(value)
    if t is str:
        return str(encode_basestring(value))
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if t is int:
        return int.__repr__(value)
    if t is list:
        if not value:
            return "[]"
        inner = pad + "  "
        sep = ",\n" + inner
        return "[\n" + inner + sep.join([encode(x, inner) for x in value]) + "\n" + pad + "]"
    if t is dict and all(type(k) is str for k in value):
        if not value:
            return "{}"
        inner = pad + "  "
        sep = ",\n" + inner
        return ("{\n" + inner + sep.join([str(encode_basestring(k)) + ": " + encode(v, inner)
                                          for k, v in value.items()]) + "\n" + pad + "}")
    # the rest (floats, tuples, subclasses, other keys): the standard encoder, re-indented
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + pad)


def _key(key: Any) -> str:
    if type(key) is str:
        return str(encode_basestring(key))
    return json.dumps({key: 0}, ensure_ascii=False)[1:].rsplit(":", 1)[0]
