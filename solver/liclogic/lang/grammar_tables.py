"""The grammar's LALR tables as inert JSON, so that no parser is ever unpickled.

Building the two LALR parsers from grammar/license.lark takes a quarter of a second; Lark's
own file cache would save that by unpickling a predictably named file in the temp
directory — code another local user could plant. Instead the tables Lark builds are written,
as plain JSON, beside this module (``grammar_tables.json``, part of the installed package,
regenerated with ``python -m liclogic.lang.grammar_tables``; a test keeps it in sync) and read
back through Lark's own deserialiser. When they do not match the grammar or the installed
Lark, the tables are built once and kept in liclogic's checked cache (``liclogic.cache``).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

TABLES = Path(__file__).with_name("grammar_tables.json")
OPTIONS: dict[str, Any] = {"parser": "lalr", "lexer": "contextual", "propagate_positions": True}


def _digest(grammar: str) -> str:
    from lark import __version__

    return hashlib.sha256(f"{__version__}\0{grammar}".encode()).hexdigest()


def build(grammar: str) -> dict[str, Any]:
    """The tables of ``grammar``, and the keywords (word-like string terminals) that the
    parser's keyword-boundary callback watches."""
    from lark import Lark, __version__
    from lark.grammar import Rule
    from lark.lexer import TerminalDef

    parser = Lark(grammar, **OPTIONS)
    data, memo = parser.memo_serialize([TerminalDef, Rule])
    keywords = sorted(t.name for t in parser.terminals
                      if t.pattern.type == "str" and re.fullmatch(r"[a-z_]+", t.pattern.value))
    return {"lark": __version__, "grammar": _digest(grammar), "keywords": keywords,
            "tables": _to_json({"data": data, "memo": memo})}


def load(grammar: str) -> dict[str, Any]:
    """The tables for ``grammar``: the package's, the cache's, or built (and cached)."""
    want = _digest(grammar)
    try:
        shipped: dict[str, Any] = json.loads(TABLES.read_text(encoding="utf-8"))
        if shipped.get("grammar") == want:
            return shipped
    except (OSError, ValueError):
        pass
    from liclogic import cache

    key = cache.digest("grammar-tables", want)
    text = cache.store().get_text(key, "grammar-tables")
    if text is not None:
        try:
            cached = json.loads(text)
            if isinstance(cached, dict) and cached.get("grammar") == want:
                return cached
        except ValueError:
            pass
    built = build(grammar)
    cache.store().put_text(key, json.dumps(built), "grammar-tables")
    return built


def lark_from(tables: dict[str, Any], **options: Any) -> Any:
    """A Lark parser from its tables (``options``: those Lark lets a loaded parser take)."""
    from lark import Lark

    raw = _from_json(tables["tables"])
    return Lark._load_from_dict(raw["data"], raw["memo"], **options)  # type: ignore[no-untyped-call]


# JSON has no tuples and no integer keys; Lark's tables have both.


def _to_json(x: Any) -> Any:
    if isinstance(x, dict):
        if all(isinstance(k, str) for k in x):
            return {k: _to_json(v) for k, v in x.items()}
        return {"@pairs": [[_to_json(k), _to_json(v)] for k, v in x.items()]}
    if isinstance(x, tuple):
        return {"@tuple": [_to_json(v) for v in x]}
    if isinstance(x, list):
        return [_to_json(v) for v in x]
    if x is None or isinstance(x, str | int | float | bool):
        return x
    raise TypeError(f"unexpected {type(x).__name__} in Lark's tables")


def _from_json(x: Any) -> Any:
    if isinstance(x, dict):
        if "@pairs" in x:
            return {_from_json(k): _from_json(v) for k, v in x["@pairs"]}
        if "@tuple" in x:
            return tuple(_from_json(v) for v in x["@tuple"])
        return {k: _from_json(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_from_json(v) for v in x]
    return x


def main() -> None:
    from liclogic.lang.paths import grammar_path

    tables = build(grammar_path().read_text(encoding="utf-8"))
    TABLES.write_text(json.dumps(tables, separators=(",", ":")) + "\n", encoding="utf-8")
    sys.stdout.write(f"wrote {TABLES} (Lark {tables['lark']})\n")


if __name__ == "__main__":
    main()
