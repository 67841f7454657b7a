"""Declared licenses → alternatives over library licenses, with the gaps kept.

A declaration from a real input (an SBOM component, a package, a model card, a workflow work)
is one or more normalized license expressions joined by AND or OR. ``resolve`` turns it into
disjunctive normal form — a list of alternatives, each a set of licenses that all apply —
whose leaves are library ids, or ``Missing`` entries for what the library cannot decide: a
string that could not be read as a license (*unrecognised*) or a license the library has no
spec for (*no spec*). Missing leaves are never dropped; they make a verdict unknown unless the
other alternatives settle it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from liclogic.errors import LiclogicError, UnknownLicenseError
from liclogic.inputs.normalize import Normalized, is_known_id
from liclogic.lang.library import Library
from liclogic.limits import MAX_ALTERNATIVES, MAX_EXPRESSION_CHARS

UNRECOGNISED = "unrecognised"
NO_SPEC = "no spec"


@dataclass(frozen=True)
class Missing:
    text: str  # the raw string, or the SPDX id the library lacks
    reason: str  # UNRECOGNISED or NO_SPEC

    def __str__(self) -> str:
        return f"{self.text} ({self.reason})"


Leaf = str | Missing


@dataclass(frozen=True)
class Resolved:
    text: str  # the normalized expression, unrecognised parts shown as UNRECOGNISED("…")
    alternatives: tuple[tuple[Leaf, ...], ...]
    warnings: tuple[str, ...] = ()

    @property
    def missing(self) -> list[Missing]:
        return list(dict.fromkeys(x for alt in self.alternatives for x in alt
                                  if isinstance(x, Missing)))

    @property
    def unrecognised(self) -> list[str]:
        return [m.text for m in self.missing if m.reason == UNRECOGNISED]

    @property
    def leaves(self) -> list[str]:
        return list(dict.fromkeys(x for alt in self.alternatives for x in alt
                                  if isinstance(x, str)))


@dataclass
class _Cache:
    leaves: dict[str, tuple[Leaf, tuple[str, ...]]] = field(default_factory=dict)


def _cache(lib: Library) -> _Cache:
    cache = lib.derived.get("resolve")
    if not isinstance(cache, _Cache):
        cache = lib.derived["resolve"] = _Cache()
    return cache


def resolve_leaf(lib: Library, text: str) -> tuple[Leaf, tuple[str, ...]]:
    """One license (or ``L WITH E``) → a library id, or Missing; with deprecation warnings."""
    cache = _cache(lib).leaves
    if text in cache:
        return cache[text]
    from liclogic.lang.expression import Leaf as ExprLeaf
    from liclogic.lang.expression import parse_expression

    out: tuple[Leaf, tuple[str, ...]]
    try:
        parsed = parse_expression(lib, text)
        e = parsed.expression
        out = ((e.id, parsed.warnings) if isinstance(e, ExprLeaf)
               else (Missing(text, NO_SPEC), ()))
    except LiclogicError:  # unknown to the library: a license without a spec, or no license
        parts = [p.strip() for p in text.split(" WITH ")]
        out = (Missing(text, NO_SPEC if all(is_known_id(p) for p in parts) else UNRECOGNISED),
               ())
    cache[text] = out
    return out


def resolve_expression(lib: Library, text: str) -> Resolved:
    """An SPDX-style expression (SPDX ids, LicenseRef- ids, library aliases) → DNF."""
    text = text.strip()
    whole = lib.find(text)
    if whole is not None:
        return Resolved(whole.id, ((whole.id,),))
    from license_expression import ExpressionError, LicenseWithExceptionSymbol, Licensing

    from liclogic.lang.expression import LIBRARY_FAILURES

    if len(text) > MAX_EXPRESSION_CHARS:
        return _too_large(text, f"longer than {MAX_EXPRESSION_CHARS:,} characters")
    try:
        tree = Licensing().parse(text)
    except (ExpressionError, *LIBRARY_FAILURES):
        return Resolved(_unrec(text), ((Missing(text, UNRECOGNISED),),))
    warnings: list[str] = []

    def walk(node) -> list[tuple[Leaf, ...]]:
        if isinstance(node, LicenseWithExceptionSymbol) or getattr(node, "isliteral", False):
            leaf, warn = resolve_leaf(lib, str(node))
            warnings.extend(warn)
            return [(leaf,)]
        parts = [walk(a) for a in node.args]
        if type(node).__name__ == "OR":
            return [alt for p in parts for alt in p]
        combos: list[tuple[Leaf, ...]] = [()]
        for p in parts:
            combos = [c + alt for c in combos for alt in p]
            if len(combos) > MAX_ALTERNATIVES:
                raise _TooMany
        return [tuple(dict.fromkeys(c)) for c in combos]

    try:
        alts = walk(tree)
    except (_TooMany, RecursionError):
        return _too_large(text, f"more than {MAX_ALTERNATIVES} alternatives multiplied out")
    return Resolved(str(tree), tuple(alts), tuple(dict.fromkeys(warnings)))


class _TooMany(Exception):
    pass


def _too_large(text: str, why: str) -> Resolved:
    """An expression past the bounds: unrecognised (the verdict is unknown), and why."""
    short = text if len(text) <= 60 else text[:57] + "…"
    return Resolved(_unrec(short), ((Missing(short, UNRECOGNISED),),),
                    (f"license expression {short!r} not read: {why}",))


def resolve_declared(lib: Library, items: list[Normalized], op: str = "AND") -> Resolved:
    """Several declarations of one thing, joined by ``op`` (AND: all apply; OR: a choice)."""
    if not items:
        return Resolved("", ())
    parts = [resolve_expression(lib, i.expression) if i.expression is not None
             else Resolved(_unrec(i.raw), ((Missing(i.raw, UNRECOGNISED),),)) for i in items]
    if len(parts) == 1:
        return parts[0]
    texts = list(dict.fromkeys(p.text for p in parts))
    text = f" {op} ".join(f"({t})" if " " in t and not t.startswith("UNRECOGNISED") else t
                          for t in texts)
    warnings = tuple(dict.fromkeys(w for p in parts for w in p.warnings))
    if op == "OR":
        alts = [alt for p in parts for alt in p.alternatives]
    else:
        alts = [()]
        for p in parts:
            alts = [c + alt for c in alts for alt in p.alternatives]
            if len(alts) > MAX_ALTERNATIVES:
                return _too_large(text, f"more than {MAX_ALTERNATIVES} alternatives "
                                        "multiplied out")
        alts = [tuple(dict.fromkeys(c)) for c in alts]
    return Resolved(text, tuple(dict.fromkeys(alts)), warnings)


def _unrec(raw: str) -> str:
    return f'UNRECOGNISED("{raw}")'


def known_names(lib: Library) -> frozenset[str]:
    """Lower-cased ids and aliases of the library: names ``normalize`` may pass through."""
    cached = lib.derived.get("known_names")
    if not isinstance(cached, frozenset):
        # the lookup table holds exactly these (and needs no license read from the cache)
        cached = lib.derived["known_names"] = frozenset(lib._lookup)
    return cached


def require_expression(lib: Library, text: str, what: str = "license") -> Resolved:
    """Like ``resolve_expression`` for a license the user names (an outbound license): every
    part must be in the library, else an input error."""
    r = resolve_expression(lib, text)
    if not r.alternatives:
        raise LiclogicError(f"empty {what} expression")
    from liclogic.lang.expression import parse_expression

    for m in r.missing:  # the expression layer says what is wrong, with the nearest ids
        parse_expression(lib, m.text)
        raise UnknownLicenseError(m.text, [])
    return r
