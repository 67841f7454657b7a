"""``And``, ``Or``, ``Implies`` and ``Not`` over Boolean terms, as z3's own but without its
Python-side coercion when every argument is already a Boolean term of one context: z3's
versions compute, compare and cast the sort of each argument (a few Z3 calls and temporary
objects apiece), which costs more than solving does for these small problems. The term made
is the one z3's function makes — the same Z3 constructor on the same arguments, so the same
(hash-consed) term; anything else (Python bools, other sorts, mixed contexts, no argument)
goes to z3's function, with its conversions and errors. tests/test_z3ops.py compares them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import z3
from z3.z3 import _to_expr_ref  # the ExprRef subclass for a term, as z3.substitute makes

_CONSTANTS: dict[bool, z3.BoolRef] = {}


def BoolVal(value: bool) -> z3.BoolRef:
    """``z3.BoolVal`` of the main context, made once: the same term (true and false are
    unique in Z3), without a Python round trip each time a formula needs one."""
    value = bool(value)  # as z3's: true when truthy
    hit = _CONSTANTS.get(value)
    if hit is None:
        hit = _CONSTANTS[value] = z3.BoolVal(value)
    return hit


def _bools(args: tuple[Any, ...]) -> Sequence[Any] | None:
    """The arguments as a list of Boolean terms of one context, or None (use z3's)."""
    xs = args[0] if len(args) == 1 and isinstance(args[0], list | tuple) else args
    if not xs:
        return None
    ctx = getattr(xs[0], "ctx", None)
    for x in xs:
        if type(x) is not z3.BoolRef or x.ctx is not ctx:  # exactly: no quantifier
            return None
    return xs


def _array(xs: Sequence[z3.BoolRef]) -> Any:
    return (z3.Ast * len(xs))(*(x.as_ast() for x in xs))


def And(*args: Any) -> z3.BoolRef:
    xs = _bools(args)
    if xs is None:
        return z3.And(*args)
    ctx = xs[0].ctx
    return z3.BoolRef(z3.Z3_mk_and(ctx.ref(), len(xs), _array(xs)), ctx)


def Or(*args: Any) -> z3.BoolRef:
    xs = _bools(args)
    if xs is None:
        return z3.Or(*args)
    ctx = xs[0].ctx
    return z3.BoolRef(z3.Z3_mk_or(ctx.ref(), len(xs), _array(xs)), ctx)


def Implies(a: Any, b: Any) -> z3.BoolRef:
    if type(a) is z3.BoolRef and type(b) is z3.BoolRef and a.ctx is b.ctx:
        return z3.BoolRef(z3.Z3_mk_implies(a.ctx.ref(), a.as_ast(), b.as_ast()), a.ctx)
    return z3.Implies(a, b)


def Not(a: Any) -> z3.BoolRef:
    if type(a) is z3.BoolRef:
        return z3.BoolRef(z3.Z3_mk_not(a.ctx.ref(), a.as_ast()), a.ctx)
    return z3.Not(a)


def substitute(e: z3.ExprRef, pairs: Sequence[tuple[z3.ExprRef, z3.ExprRef]]) -> z3.ExprRef:
    """``z3.substitute(e, *pairs)`` without z3's per-pair sort comparison and casts (a few
    Python-side Z3 calls apiece, for hundreds of pairs in ``solve.project``): the same Z3
    function on the same arguments. Every pair must be of one sort, as z3's asserts; a pair
    that is not makes Z3 itself refuse (an exception, never a wrong term)."""
    if not pairs:
        return e
    ctx = e.ctx
    for a, b in pairs:
        if a.ctx is not ctx or b.ctx is not ctx:
            return z3.substitute(e, *pairs)  # anything unusual: z3's own checks and errors
    n = len(pairs)
    froms = (z3.Ast * n)(*(a.as_ast() for a, _ in pairs))
    tos = (z3.Ast * n)(*(b.as_ast() for _, b in pairs))
    return _to_expr_ref(z3.Z3_substitute(ctx.ref(), e.as_ast(), n, froms, tos), ctx)
