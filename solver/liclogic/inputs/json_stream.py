"""A JSON document whose top-level object holds long arrays (an SBOM's components), parsed
with the standard library's own scanner one array element at a time.

``json.loads`` builds the whole tree before anything can look at it: 100,000 components of a
real SBOM are ~600 MB of dicts, most of it fields no check reads (hashes, descriptions,
external references). Here the top-level object is walked by hand and each value parsed by
``JSONDecoder.raw_decode``; an array under a key that ``convert`` claims is parsed element by
element, each element checked (``check``: nesting depth, text) and handed to the converter,
which keeps only what it needs. The result and the errors are those of ``json.loads``: the
same values, the same messages at the same line and column (a converter must return an
element it cannot read as it is, for the reader to report in its own words later).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json.decoder import WHITESPACE, scanstring  # type: ignore[attr-defined]
from typing import Any

# (the keys read so far, the array's key) -> a converter for its elements, or None
Converter = Callable[[dict[str, Any], str], Callable[[Any], Any] | None]
Check = Callable[[Any, int, int], None]  # (an element, where its text starts, ends)
_DECODER = json.JSONDecoder()


def loads(text: str, convert: Converter, check: Check) -> Any:
    """``json.loads(text)``, with the elements of the arrays ``convert`` claims converted as
    they are parsed (each first passed to ``check`` with where its text starts and ends)."""
    ws = WHITESPACE.match
    pos = ws(text, 0).end()
    if text[pos:pos + 1] != "{":  # not an object (or a BOM, an empty text): as json reads it
        return json.loads(text)
    out: dict[str, Any] = {}
    pos = ws(text, pos + 1).end()
    if text[pos:pos + 1] == "}":
        return _end(text, pos + 1, out)
    while True:
        if text[pos:pos + 1] != '"':
            raise json.JSONDecodeError("Expecting property name enclosed in double quotes",
                                       text, pos)
        key, pos = scanstring(text, pos + 1)
        pos = ws(text, pos).end()
        if text[pos:pos + 1] != ":":
            raise json.JSONDecodeError("Expecting ':' delimiter", text, pos)
        pos = ws(text, pos + 1).end()
        one = convert(out, key) if text[pos:pos + 1] == "[" else None
        if one is None:
            out[key], pos = _DECODER.raw_decode(text, pos)
        else:
            out[key], pos = _array(text, pos, one, check)
        pos = ws(text, pos).end()
        c = text[pos:pos + 1]
        if c == "}":
            return _end(text, pos + 1, out)
        if c != ",":
            raise json.JSONDecodeError("Expecting ',' delimiter", text, pos)
        pos = ws(text, pos + 1).end()


def _array(text: str, pos: int, one: Callable[[Any], Any], check: Check
           ) -> tuple[list[Any], int]:
    ws = WHITESPACE.match
    items: list[Any] = []
    pos = ws(text, pos + 1).end()
    if text[pos:pos + 1] == "]":
        return items, pos + 1
    decode = _DECODER.raw_decode
    while True:
        value, end = decode(text, pos)
        check(value, pos, end)
        pos = end
        items.append(one(value))
        pos = ws(text, pos).end()
        c = text[pos:pos + 1]
        if c == "]":
            return items, pos + 1
        if c != ",":
            raise json.JSONDecodeError("Expecting ',' delimiter", text, pos)
        pos = ws(text, pos + 1).end()


def _end(text: str, pos: int, out: dict[str, Any]) -> dict[str, Any]:
    pos = WHITESPACE.match(text, pos).end()
    if pos != len(text):
        raise json.JSONDecodeError("Extra data", text, pos)
    return out
