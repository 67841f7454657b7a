"""Reading untrusted inputs: every input reader (SBOMs, CSV, model cards, workflows, policies,
pyproject.toml) reads and parses its file through this module, and every malformed input is a
``LiclogicError`` naming the file and what is wrong, never a traceback. ``dispatch`` picks
the reader for a file.

The bounds are those of ``liclogic.limits`` (spec files are read there directly): regular
files only, at most ``max_input_bytes()`` (a gzip file's content too), JSON and YAML nested
at most ``MAX_NESTING`` deep, YAML aliases expanding to at most ``MAX_YAML_NODES`` nodes,
no lone surrogates in the text decoded, CSV fields within the csv module's limit.
"""

from __future__ import annotations

import contextlib
import gc
import json
import re
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

from liclogic.errors import LiclogicError
from liclogic.limits import (
    MAX_NESTING,
    MAX_YAML_NODES,
    check_text,
    decode_text,
    max_input_bytes,
    read_bytes,
    too_large,
)
from liclogic.limits import read_text as read_plain_text

if TYPE_CHECKING:
    from liclogic.inputs.json_stream import Converter

__all__ = ["bulk", "checked_data", "gunzip", "load_json", "load_yaml", "read_bytes",
           "read_csv", "read_text", "refuse_doctype", "unexpected_shape"]


@contextlib.contextmanager
def bulk() -> Iterator[None]:
    """No cyclic garbage collection while a large input is read or judged: its objects (a
    few per component, none in a cycle) would otherwise be traversed again by every full
    collection, and reading 32,000 components took 1.6x as long (8x the components: 12x
    the time). Collection resumes, as it was, when the block ends."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class unexpected_shape:
    """Input whose structure is not what its format says (a list where an object belongs, …)
    is an input error naming the file, never a traceback."""

    def __init__(self, path: Path | str) -> None:
        self.path = path

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> Literal[False]:
        if exc is not None and isinstance(exc, AttributeError | TypeError | KeyError |
                                          ValueError | IndexError):
            raise LiclogicError(f"{self.path}: unexpected content for its format "
                                f"({type(exc).__name__}: {exc})") from None
        return False


def read_text(path: Path) -> str:
    """A text input: UTF-8, bounded; a ``.gz`` file is decompressed (its content bounded
    too: a small file that would grow to gigabytes is refused as it grows)."""
    if path.suffix.lower() != ".gz":
        return read_plain_text(path)
    return decode_text(gunzip(read_bytes(path), str(path)), str(path))


def gunzip(data: bytes, name: str, limit: int | None = None) -> bytes:
    import gzip
    import io
    import zlib

    limit = max_input_bytes() if limit is None else limit
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            out = fh.read(limit + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise LiclogicError(f"{name}: not a gzip file ({exc})") from None
    if len(out) > limit:
        raise too_large(f"{name} once decompressed", None, limit)
    return out


def load_json(path: Path | str, text: str, convert: Converter | None = None) -> Any:
    """JSON, nested at most ``MAX_NESTING`` deep, its strings valid text. ``convert``: the
    top-level arrays it claims are read an element at a time, each checked and converted as
    it is parsed (``inputs.json_stream``: an SBOM's components never exist all at once)."""
    strings = _lone_surrogate_escape(text)
    try:
        if convert is None:
            data = json.loads(text)
        else:
            from liclogic.inputs.json_stream import loads

            def check(value: Any, start: int, end: int) -> None:
                # an element of the top-level object's array is at depth 2; with fewer
                # brackets in its text than the depth left, it cannot nest too deep
                if strings or (text.count("{", start, end) + text.count("[", start, end)
                               > MAX_NESTING - 2):
                    checked_data(value, str(path), strings, start=2)

            data = loads(text, convert, check)
    except json.JSONDecodeError as exc:
        raise LiclogicError(f"{path}: malformed JSON at line {exc.lineno}, column "
                            f"{exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise _too_deep(path) from None
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        raise LiclogicError(f"{path}: unreadable JSON ({exc})") from None
    # a lone surrogate can only come from a \\uD800-\\uDFFF escape that is not half of a
    # pair: without one in the text, no string needs its own check (the walk then visits
    # containers only, 5x fewer nodes). A false alarm (an escaped backslash) only costs time.
    return checked_data(data, str(path), strings=strings)


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _lone_surrogate_escape(text: str) -> bool:
    """Whether the JSON text has a surrogate escape that is not half of a high-low pair."""
    after = -1  # where the last high half's escape ended
    for m in _SURROGATE_ESCAPE.finditer(text):
        high = m.group()[3].lower() in "89ab"
        if high:
            if after != -1:
                return True  # a high half not followed by a low one
            after = m.end()
        elif after != m.start():
            return True  # a low half not right after a high one
        else:
            after = -1
    return after != -1


def _too_deep(path: Path | str) -> LiclogicError:
    return LiclogicError(f"{path}: nested more than {MAX_NESTING} levels deep",
                         hint="liclogic reads documents nested at most "
                              f"{MAX_NESTING} arrays or objects deep")


def checked_data(data: Any, where: str, strings: bool = True, start: int = 0) -> Any:
    """Parsed JSON / YAML data, walked once (without recursion): nested at most
    ``MAX_NESTING`` deep (``start``: the depth ``data`` itself is at), and (unless
    ``strings`` is false: the caller knows none can hold a lone surrogate) every string,
    keys too, valid text."""
    stack: list[tuple[Any, int]] = [(data, start)]
    if not strings:  # level by level: one comprehension a level, not one a container
        level = [data] if isinstance(data, dict | list) else []
        for _ in range(MAX_NESTING - start):
            if not level:
                break
            level = [v for x in level for v in (x.values() if isinstance(x, dict) else x)
                     if isinstance(v, dict | list)]
        if level:
            raise _too_deep(where)
        return data
    while stack:
        x, depth = stack.pop()
        if isinstance(x, str):
            check_text(x, where)
        elif isinstance(x, dict | list):
            if depth >= MAX_NESTING:
                raise _too_deep(where)
            items = x.items() if isinstance(x, dict) else enumerate(x)
            for k, v in items:
                if isinstance(k, str):
                    check_text(k, where)
                if isinstance(v, str | dict | list):
                    stack.append((v, depth + 1))
    return data


def load_yaml(path: Path | str, text: str, what: str = "") -> Any:
    """YAML with PyYAML's safe constructors only, nested at most ``MAX_NESTING`` deep, its
    aliases expanding to at most ``MAX_YAML_NODES`` nodes (a "billion laughs" document is
    refused before it is built), its strings valid text."""
    import yaml

    from liclogic.inputs.yaml_bounds import BoundedLoader, YamlBoundError

    what = f" {what}" if what else ""
    try:
        loader = BoundedLoader(text, MAX_NESTING, MAX_YAML_NODES)
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except YamlBoundError as exc:
        raise LiclogicError(f"{path}: the{what} YAML {exc}") from None
    except (yaml.YAMLError, ValueError, TypeError) as exc:  # ValueError: a 5,000-digit int
        raise LiclogicError(f"{path}: the{what} is not valid YAML: {exc}") from None
    except RecursionError:
        raise _too_deep(path) from None
    return checked_data(data, str(path))


def refuse_doctype(path: Path | str, text: str) -> None:
    """XML is read without a document type: entity declarations (the "billion laughs",
    external entities) are refused before any parser sees the text. No SBOM needs one."""
    import re

    if re.search(r"<!(DOCTYPE|ENTITY)", text, re.IGNORECASE):
        raise LiclogicError(f"{path}: XML with a document type declaration is not read",
                            hint="SBOMs need no DOCTYPE or entities; remove them")


def read_csv(path: Path | str, text: str) -> list[dict[str, Any]]:
    """The rows of a CSV with a header line; a malformed one is an error naming its line."""
    import csv

    reader = csv.DictReader(text.splitlines())
    try:
        return list(reader)
    except csv.Error as exc:
        raise LiclogicError(f"{path}:{reader.line_num}: malformed CSV ({exc})") from None
