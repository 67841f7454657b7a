"""Canonical witnesses and cores: defined by the question alone, not by what Z3 did before.

Z3 hash-conses terms in one global context, so its search (and the model or unsat core it
returns) depends on every term made earlier in the process. A witness shown to a user is
instead the *least* model in a fixed order, in two passes over the variables in vocabulary
order (each field for every scenario copy, then the outbound license, the duties performed
and the readings): first each at its first value (the vocabulary's default; false; no
license) where that is still satisfiable given those before, so that a witness keeps at
their defaults the variables it can, in that order, and shows only what matters; then each
of the others at its least value still satisfiable (values with the default first, then in
vocabulary order; integers ascending). Each step is an existential check in a fixed order,
so the result is a function of the formula alone, which no solver history changes. The
defaults come first because a witness is read as "this, and otherwise the ordinary case":
MPL-2.0 → Apache-2.0's yes side is a static link of the source (one field off its default),
not a modified version in object form found by settling the relation before the form. The
model in hand bounds each variable from above, so a variable already at its first value
costs no check, and a least value is found by bisection: over the value ranks of an enum,
over a candidate list for an integer (0, the literals the licenses' conditions compare it
with, and their neighbours — conditions compare fields with literals only, so the least
value is usually among them; what lies between is bisected too, so the answer is exact
either way).

A cited core is likewise the preferred minimal one in a fixed order (``solve.Query.core``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence, Set
from typing import Any

import z3

from liclogic.engine.encoding import OTHER_LICENSE, ScenarioVars
from liclogic.engine.solve import Query, Status
from liclogic.engine.z3ops import And
from liclogic.lang import ast, clause_kinds

__all__ = ["least"]


def least(q: Query, formulas: Sequence[z3.BoolRef], svs: Sequence[ScenarioVars],
          keep: Set[str] = frozenset(),
          pairs: Sequence[tuple[ScenarioVars, ScenarioVars]] = (),
          model: Any = None) -> Any | None:
    """The least model of ``formulas`` (in the query's frame) in the fixed order above, or
    None when there is none; ``model``: one the caller has found already (saves a check).
    Fields in ``keep`` come after every other field (the others go to their defaults
    first). For a relational pair, an integer field is made equal on both sides, else to
    differ by one (the second side higher, else lower), before its value is chosen, so a
    witness that needs them apart sits at the threshold."""
    base = list(formulas)
    if model is None:
        status, model = q.check(*base)
        if status != Status.SAT or model is None:
            return None
    vocab = svs[0].enc.vocab
    order = [p for p in vocab.fields if p not in keep] + [p for p in vocab.fields if p in keep]
    first: list[z3.BoolRef] = [_at(sv, p, 0) for p in order for sv in svs]
    first += [sv.outbound == OTHER_LICENSE for sv in svs]
    keys = {sv.name: sorted(sv.performed_keys(), key=lambda k: (k[0], k[1] or "")) for sv in svs}
    first += [z3.Not(sv.performed(k)) for sv in svs for k in keys[sv.name]]
    readings = list(svs[0].enc.readings.values())
    first += [z3.Not(r) for r in readings]
    off = sum(not z3.is_true(model.eval(f, model_completion=True)) for f in first)
    if off == 0:
        return model  # already the least: every variable at its first value
    if off > 1:  # one check may settle them all (with one off, the loop's check is this one)
        st, m = q.check(*base, And(first))
        if st == Status.SAT:
            return m
    m_: list[Any] = [model]

    def sat(extra: z3.BoolRef) -> bool:
        st, found = q.check(*base, extra)
        if st == Status.SAT:
            m_[0] = found
        return st == Status.SAT

    def value(x: z3.ExprRef) -> Any:
        return m_[0].eval(x, model_completion=True)

    numerals = _numerals(q)
    partner = {id(a): b for a, b in pairs}
    paired = {id(a) for a, _ in pairs} | {id(b) for _, b in pairs}
    # pass 1: every variable at its first value where it can be (an integer of a relational
    # pair is left to pass 2, which first makes the two sides equal or one apart)
    for path in order:
        for sv in svs:
            if vocab.fields[path].kind == "int" and id(sv) in paired:
                continue
            f = _at(sv, path, 0)
            if z3.is_true(value(f)) or sat(f):
                base.append(f)
    for sv in svs:
        for f in [sv.outbound == OTHER_LICENSE, *(z3.Not(sv.performed(k))
                                                 for k in keys[sv.name])]:
            if z3.is_true(value(f)) or sat(f):
                base.append(f)
    for r in readings:
        if z3.is_true(value(z3.Not(r))) or sat(z3.Not(r)):
            base.append(z3.Not(r))
    # pass 2: the others at their least values, in the same order
    for path in order:
        ft = vocab.fields[path]
        for sv in svs:
            other = partner.get(id(sv))
            if other is not None and ft.kind == "int":  # equal, else one apart, if it can
                same = value(sv[path]).as_long() == value(other[path]).as_long()
                for tie in (other[path] == sv[path], other[path] == sv[path] + 1,
                            sv[path] == other[path] + 1):
                    if same or sat(tie):  # a model with them equal needs no check
                        base.append(tie)
                        break
            if ft.kind == "int":
                lowest = _least_int(sv[path], numerals.get(path, set()), int(ft.default), value,
                                    sat)
                base.append(sv[path] == lowest)
            else:
                r = _least_rank(sv, path, _rank(sv, path, value), sat, value)
                base.append(_at(sv, path, r))
    for sv in svs:
        code = _least_int(sv.outbound, set(), OTHER_LICENSE, value, sat, low=OTHER_LICENSE)
        base.append(sv.outbound == code)
        for k in keys[sv.name]:
            base.append(_least_bool(sv.performed(k), value, sat))
    for r in readings:
        base.append(_least_bool(r, value, sat))
    return m_[0]


# ------------------------------------------------------------------ one variable at a time


def _ranked(sv: ScenarioVars, path: str) -> list[Any]:
    """The values of a field in their order: the default first, then the vocabulary's."""
    ft = sv.enc.vocab.fields[path]
    values: list[Any] = list(ft.values) if ft.kind == "enum" else [False, True]
    return [ft.default, *(v for v in values if v != ft.default)]


def _at(sv: ScenarioVars, path: str, rank: int) -> z3.BoolRef:
    ft = sv.enc.vocab.fields[path]
    if ft.kind == "int":
        return sv[path] == ft.default
    v = _ranked(sv, path)[rank]
    if ft.kind == "enum":
        return sv.is_(path, v)
    return sv[path] if v else z3.Not(sv[path])


def _up_to(sv: ScenarioVars, path: str, rank: int) -> z3.BoolRef:
    """The field at one of its first ``rank + 1`` values."""
    ranked = _ranked(sv, path)[: rank + 1]
    if len(ranked) == 1:
        return _at(sv, path, 0)
    ft = sv.enc.vocab.fields[path]
    if ft.kind == "bool":
        return z3.BoolVal(True)
    return sv.among(path, tuple(ranked))


def _rank(sv: ScenarioVars, path: str, value: Callable[[z3.ExprRef], Any]) -> int:
    ft = sv.enc.vocab.fields[path]
    raw = value(sv[path])
    v = z3.is_true(raw) if ft.kind == "bool" else ft.values[raw.as_long()]
    return _ranked(sv, path).index(v)


def _least_rank(sv: ScenarioVars, path: str, r: int, sat: Callable[[z3.BoolRef], bool],
                value: Callable[[z3.ExprRef], Any]) -> int:
    """The least rank of the field's value, given that rank r (the model's) works: the first
    probe is just below r (a value the formula forces is then settled in one check), then
    bisection, each model found lowering the bound to its own rank."""
    lo, hi, probe = 0, r, r - 1  # the least workable rank lies in [lo, hi]
    second = True
    while lo < hi:
        if sat(_up_to(sv, path, probe)):
            hi = _rank(sv, path, value)
        else:
            lo = probe + 1
        probe = lo if second else (lo + hi - 1) // 2  # then the first rank left, then halves
        second = False
    return lo


def _least_bool(x: z3.BoolRef, value: Callable[[z3.ExprRef], Any],
                sat: Callable[[z3.BoolRef], bool]) -> z3.BoolRef:
    """A duty performed or a reading: false first."""
    if not z3.is_true(value(x)) or sat(z3.Not(x)):
        return z3.Not(x)
    return x


def _least_int(x: z3.ArithRef, candidates: set[int], default: int,
               value: Callable[[z3.ExprRef], Any], sat: Callable[[z3.BoolRef], bool],
               low: int = 0) -> int:
    """The least value of an integer variable (its default first, when that is not its
    lowest): one check just below the model's value, then bisection over the candidates
    below it and, if the least is not a candidate, over the integers between."""
    v: int = value(x).as_long()
    if v == default:
        return v
    if default != low and sat(x == default):
        return default
    if not sat(x <= v - 1):
        return v  # forced, or at a threshold: settled in one check
    v = value(x).as_long()
    cands = sorted(c for c in candidates | {low} if low <= c < v)
    # the least candidate c with a value ≤ c, else v: cands[i] for i in [lo, hi]
    lo, hi, below = 0, len(cands), low - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if sat(x <= cands[mid]):
            hi = mid
            v = min(v, value(x).as_long())
        else:
            lo = mid + 1
            below = cands[mid]
    top = cands[lo] if lo < len(cands) else v
    top = min(top, v)
    # the least value lies in (below, top], and top works
    a, b = below + 1, top
    while a < b:
        mid = (a + b) // 2
        if sat(x <= mid):
            b = min(mid, value(x).as_long())
        else:
            a = mid + 1
    return a


def _numerals(q: Query) -> dict[str, set[int]]:
    """Per integer field, the literals the conditions of the query's licenses compare it
    with, and their neighbours."""
    out: dict[str, set[int]] = {}
    for lic in {id(c.lic): c.lic for c in q.compiled}.values():
        for path, n in _literals(lic):
            out.setdefault(path, set()).update((n - 1, n, n + 1))
    return out


def _literals(lic: Any) -> list[tuple[str, int]]:
    cache = lic.__dict__.get("_int_literals")
    if cache is None:
        cache = []
        for sc in lic.clauses:
            for e in clause_kinds.all_conditions(sc.clause):
                for node in ast.walk_expr(e):
                    if isinstance(node, ast.Compare):
                        vals: tuple[Any, ...] = (node.value,)
                    elif isinstance(node, ast.Member):
                        vals = node.values
                    else:
                        continue
                    cache += [(node.field.path, v.value) for v in vals
                              if isinstance(v, ast.IntLit)]
        lic.__dict__["_int_literals"] = cache
    return list(cache)
