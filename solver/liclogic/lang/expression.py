"""License expressions: SPDX syntax (AND, OR, WITH, ``+``, ``-or-later``) parsed with the
license-expression library and resolved against the spec library.

OR is the licensee's choice, AND means all apply, ``L WITH E`` is the license L patched by the
exception spec E (a composite license, see ``Library.compose``). Deprecated SPDX ids are read
as their current ids with a warning; unknown ids are an error with the nearest ids.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from liclogic.errors import LiclogicError, UnknownLicenseError, nearest
from liclogic.lang.library import Library
from liclogic.limits import MAX_ALTERNATIVES, MAX_EXPRESSION_CHARS

# what license-expression (and boolean.py under it) raises on some malformed input ("()"),
# besides its own ExpressionError, and on nesting past Python's recursion limit
LIBRARY_FAILURES = (IndexError, KeyError, TypeError, AttributeError, ValueError, RecursionError)


@dataclass(frozen=True)
class Leaf:
    id: str  # a library id, or a composite "L WITH E"

    def __str__(self) -> str:
        return self.id


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Expression, ...]

    def __str__(self) -> str:
        return " AND ".join(_paren(p) for p in self.parts)


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Expression, ...]

    def __str__(self) -> str:
        return " OR ".join(_paren(p) for p in self.parts)


Expression = Leaf | AllOf | AnyOf


def _paren(e: Expression) -> str:
    return f"({e})" if isinstance(e, AllOf | AnyOf) else str(e)


@dataclass(frozen=True)
class Parsed:
    expression: Expression
    warnings: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return str(self.expression)


@functools.cache
def _spdx() -> Any:
    from license_expression import get_spdx_licensing

    return get_spdx_licensing()


@functools.cache
def _plain() -> Any:
    from license_expression import Licensing

    return Licensing()


def parse_expression(lib: Library, text: str) -> Parsed:
    """Resolve a license name or SPDX expression against the library."""
    text = text.strip()
    if not text:
        raise LiclogicError("empty license expression")
    if len(text) > MAX_EXPRESSION_CHARS:
        raise LiclogicError(f"the license expression is longer than {MAX_EXPRESSION_CHARS:,} "
                            "characters")
    whole = lib.find(text)  # names with spaces ("Apache 2.0", "Llama 2") are aliases
    if whole is not None and whole.id == text:  # a current id: nothing to map or warn about
        return Parsed(Leaf(whole.id))
    if whole is not None:
        spdx = _spdx_current(text) if " " not in text else None
        if spdx and spdx.lower() != text.lower() and whole.id == spdx:
            return Parsed(Leaf(whole.id), (f"{text!r} is a deprecated SPDX id; read as "
                                           f"{spdx}",))
        return Parsed(Leaf(whole.id))
    from license_expression import ExpressionError, LicenseWithExceptionSymbol

    try:
        raw = _plain().parse(text)
    except (ExpressionError, *LIBRARY_FAILURES) as exc:  # "()" is an IndexError in there
        raise LiclogicError(f"cannot read the license expression {text!r}: "
                            f"{exc if isinstance(exc, ExpressionError) else 'malformed'}",
                            hint="use SPDX syntax: MIT AND (GPL-2.0-only OR Apache-2.0), "
                                 "GPL-2.0-only WITH Classpath-exception-2.0") from None
    warnings: list[str] = []

    def leaf_id(key: str) -> str:
        found = lib.find(key)
        spdx = _spdx_current(key)
        if spdx and spdx.lower() != key.lower() and (found is None or found.id == spdx):
            warnings.append(f"{key!r} is a deprecated SPDX id; read as {spdx}")
            found = lib.find(spdx) or found
        if found is None and key.endswith("+"):
            found = lib.find(key[:-1] + "-or-later") or lib.find(
                key[:-1].removesuffix("-only") + "-or-later")
        if found is None:
            raise UnknownLicenseError(key, _suggest(lib, key))
        return found.id

    def convert(node: Any) -> Expression:
        if isinstance(node, LicenseWithExceptionSymbol):
            base = leaf_id(node.license_symbol.key)
            exc = leaf_id(node.exception_symbol.key)
            return Leaf(lib.compose(base, exc).id)
        if getattr(node, "isliteral", False):
            return Leaf(leaf_id(node.key))
        parts = tuple(convert(a) for a in node.args)
        op = type(node).__name__
        if op == "AND":
            return AllOf(parts)
        if op == "OR":
            return AnyOf(parts)
        raise LiclogicError(f"unsupported operator {op} in {text!r}")

    parsed = Parsed(convert(raw), tuple(dict.fromkeys(warnings)))
    alternatives(parsed.expression)  # refused here if it multiplies out past the bound
    return parsed


def _spdx_current(key: str) -> str | None:
    """The current SPDX id for a (possibly deprecated) id, as license-expression maps it."""
    from license_expression import ExpressionError

    try:
        sym = _spdx().parse(key, validate=False)
    except ExpressionError:
        return None
    return getattr(sym, "key", None) if getattr(sym, "isliteral", False) else None


def _suggest(lib: Library, key: str) -> list[str]:
    lib.complete()  # the nearest among every license, not those a partial library holds
    names = list(lib.licenses) + [a for m in lib.licenses.values() for a in m.aliases]
    out = []
    for n in nearest(key, names, n=5):
        lic = lib.find(n)
        if lic and lic.id not in out:
            out.append(lic.id)
    return out[:3]


def alternatives(e: Expression) -> list[tuple[str, ...]]:
    """Disjunctive normal form: each alternative is a set of licenses that all apply (at most
    ``MAX_ALTERNATIVES`` of them: (A OR B) AND (C OR D) AND … doubles with each factor)."""
    if isinstance(e, Leaf):
        return [(e.id,)]
    if isinstance(e, AnyOf):
        out = [alt for p in e.parts for alt in alternatives(p)]
    else:
        out = [()]
        for p in e.parts:
            out = [c + alt for c in out for alt in alternatives(p)]
            if len(out) > MAX_ALTERNATIVES:
                break
        out = [tuple(dict.fromkeys(c)) for c in out]
    if len(out) > MAX_ALTERNATIVES:
        raise LiclogicError(f"the license expression has more than {MAX_ALTERNATIVES} "
                            "alternatives once its ANDs of ORs are multiplied out",
                            hint="name fewer choices, or check the parts one by one")
    return out


def leaves(e: Expression) -> list[str]:
    return list(dict.fromkeys(i for alt in alternatives(e) for i in alt))
