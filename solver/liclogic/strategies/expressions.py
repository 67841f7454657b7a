"""Hypothesis strategies for SPDX license expressions over a library: ids, ``AND``, ``OR``,
``WITH`` (when the library has exceptions) and ``+``, spelled as users spell them (any case,
aliases, ``GPL-2.0+``)."""

from __future__ import annotations

import re

from hypothesis import strategies as st

from liclogic.lang.expression import AllOf, AnyOf, Expression, Leaf
from liclogic.lang.library import Library
from liclogic.strategies._util import drawing

_PLAIN = re.compile(r"[A-Za-z0-9.+-]+")  # spellings license-expression reads as one symbol


def _licenses(lib: Library) -> list[str]:
    return sorted(i for i, m in lib.licenses.items() if m.kind != "exception" and " " not in i)


def _exceptions(lib: Library) -> list[str]:
    return sorted(i for i, m in lib.licenses.items() if m.kind == "exception")


def leaves(lib: Library) -> st.SearchStrategy[Leaf]:
    """One library license, or ``L WITH E`` for an exception E of the library."""
    plain = st.sampled_from(_licenses(lib)).map(Leaf)
    excs = _exceptions(lib)
    if not excs:
        return plain
    with_ = st.builds(lambda b, e: Leaf(f"{b} WITH {e}"), st.sampled_from(_licenses(lib)),
                      st.sampled_from(excs))
    return st.one_of(plain, with_)


def expression_trees(lib: Library, max_leaves: int = 4) -> st.SearchStrategy[Expression]:
    """License expressions over the library's ids (each AND / OR with two or three parts)."""

    def extend(inner: st.SearchStrategy[Expression]) -> st.SearchStrategy[Expression]:
        parts = st.lists(inner, min_size=2, max_size=3).map(tuple)
        return st.one_of(parts.map(AllOf), parts.map(AnyOf))

    return st.recursive(leaves(lib), extend, max_leaves=max_leaves)


def spellings(lib: Library, license_id: str) -> list[str]:
    """Ways to write one library license in an expression: its id, lower case, its aliases
    without spaces, ``X+`` for ``X-or-later``."""
    lic = lib.get(license_id)
    out = [lic.id, lic.id.lower(), *[a for a in lic.aliases if _PLAIN.fullmatch(a)]]
    if lic.id.endswith("-or-later"):
        out.append(lic.id.removesuffix("-or-later") + "+")
    return list(dict.fromkeys(out))


def spell(lib: Library, e: Expression) -> st.SearchStrategy[str]:
    """Text for an expression tree, each leaf spelled one of its ways."""
    return drawing(_spell, lib, e)


def _spell(draw: st.DrawFn, lib: Library, e: Expression) -> str:
    if isinstance(e, Leaf):
        parts = e.id.split(" WITH ")
        words = [draw(st.sampled_from(spellings(lib, p))) for p in parts]
        return " WITH ".join(words)
    texts = []
    for p in e.parts:
        t = _spell(draw, lib, p)
        texts.append(f"({t})" if isinstance(p, AllOf | AnyOf) else t)
    op = draw(st.sampled_from(("AND", "and"))) if isinstance(e, AllOf) else \
        draw(st.sampled_from(("OR", "or")))
    return f" {op} ".join(texts)


def spdx_expressions(lib: Library, max_leaves: int = 4) -> st.SearchStrategy[str]:
    """SPDX expression text over the library, spelled as users spell it."""
    return expression_trees(lib, max_leaves).flatmap(lambda e: spell(lib, e))
