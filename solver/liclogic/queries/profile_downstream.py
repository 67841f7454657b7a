"""What a license withholds from recipients (the downstream half of its profile,
``queries.profile``), and the solvers every profile of a license asks in."""

from __future__ import annotations

import dataclasses
import weakref
from dataclasses import dataclass
from typing import Any

import z3

from liclogic.engine import evaluate as ev
from liclogic.engine.compile import compile_license, with_own_parts
from liclogic.engine.context import Context, TooManyReadings, assignments, pin_readings
from liclogic.engine.encoding import Encoding
from liclogic.engine.solve import Query, SolverSettings, Status
from liclogic.lang import ast, clause_kinds
from liclogic.lang.library import LicenseModel
from liclogic.lang.vocabulary import ACT, RELATION, SELF_RELATION


def license_queries(enc: Encoding, lic: LicenseModel, settings: SolverSettings
                     ) -> tuple[Query, Query]:
    """Solvers holding the license on the scenario with its own-part copies, and on the
    downstream scenario: every profile of it asks in a frame of its own."""
    cache = enc.profile_queries
    key = (lic.id, lic.fingerprint, settings)
    if key not in cache:
        s, t = enc.scenario("s"), enc.scenario("t")
        q = Query(settings, cores=False).track(*with_own_parts(enc, lic, s)).add(
            *enc.own_ties(s))
        qt = Query(settings, cores=False).track(compile_license(enc, lic, t))
        cache[key] = (q, qt)
    q, qt = cache[key]
    return q.use(settings), qt.use(settings)


@dataclass(frozen=True)
class Downstream:
    """What a license withholds from recipients: independent of the context's acts and
    relations (downstream acts range over everything), so found once per license."""

    withholds: bool
    withholds_plainly: bool
    grants_everything: bool
    withheld: tuple[ev.Scenario, ...]
    settled: bool


def downstream(enc: Encoding, lic: LicenseModel, ctx: Context, settings: SolverSettings
                ) -> Downstream:
    from liclogic.engine.explain import shrink

    cache = enc.downstream
    key = (lic.id, lic.fingerprint, tuple(sorted(ctx.readings.items())), settings)
    if key in cache:
        return cache[key]
    open_ = frozenset(enc.readings) - set(ctx.readings)
    t = enc.scenario("t")
    ct = compile_license(enc, lic, t)
    own = enc.vocab.tagged("own_grant")
    not_own = z3.Not(t.among(ACT, sorted(own))) if own else z3.BoolVal(True)
    itself = t.is_(RELATION, SELF_RELATION)
    # With no reading in its grants and bans, what it withholds on the work itself is the
    # same under every reading (the work itself is always within reach).
    plain = not any(isinstance(c.clause, ast.Permit | ast.Forbid | ast.Reserve) and any(
        isinstance(n, ast.ReadingRef) for e in clause_kinds.all_conditions(c.clause)
        for n in ast.walk_expr(e)) for c in lic.clauses)
    qt = license_queries(enc, lic, settings)[1]
    try:
        rhos: list[dict[str, bool]] | None = assignments(lic.readings, ctx.readings)
    except TooManyReadings:
        rhos = None  # no witnesses: fewer fast answers, never a wrong one

    def withheld_always(w: ev.Scenario) -> bool:
        return rhos is not None and all(not ev.permitted(lic, under(enc, w, rho))
                                        for rho in rhos)

    out: list[ev.Scenario] = []
    with qt.frame():
        qt.add(*pin_readings(enc, ctx.readings, open_))
        status = qt.status(not_own, z3.Not(ct.permitted))
        held = qt.status(not_own, itself, z3.Not(ct.permitted))
        gap = qt.status(not_own, itself, z3.Not(ct.granted))
        qt.add(*pin_readings(enc, ctx.readings))  # the witnesses: readings off, checked below
        for act in enc.vocab.fields[ACT].values if status == Status.SAT else ():
            if act in own:
                continue
            # an earlier witness with this act often still works (a non-commercial license
            # withholds every act done commercially): no solver call then
            moved = [dataclasses.replace(w, values={**w.values, ACT: act}) for w in out[:1]]
            if moved and withheld_always(moved[0]):
                out.append(moved[0])
                continue
            model = shrink(qt, [t.is_(ACT, act), z3.Not(ct.permitted)], [t], keep={ACT},
                           canonical=False)
            if model is not None and withheld_always(w := t.decode(model)):
                out.append(w)
    found = Downstream(
        withholds=status != Status.UNSAT, withholds_plainly=plain and held == Status.SAT,
        grants_everything=gap == Status.UNSAT, withheld=tuple(out),
        settled=Status.UNKNOWN not in (status, held, gap))
    if found.settled:  # a timeout is not kept: the next question tries again
        cache[key] = found
    return found


def under(enc: Encoding, w: ev.Scenario, rho: dict[str, bool]) -> ev.Scenario:
    """The scenario under a reading assignment (readings it does not name: off)."""
    return dataclasses.replace(w, readings={r: rho.get(r, False) for r in enc.readings})


# per encoding (so per library, dropped with it): A's side of ``ev.exceeds`` at a withheld
# witness under a reading assignment, which does not depend on B (the witness is kept in the
# entry, so its id is not reused while the entry lives), with the number of the scenario's
# content (``_Contents``); and B's side, whether B grants that scenario, by B and that number
# (witnesses near the defaults: many licenses withhold the same few scenarios)
_WITHHELD_A: weakref.WeakKeyDictionary[
    Encoding, dict[tuple, tuple[ev.Scenario, ev.Scenario, bool, int]]] = \
    weakref.WeakKeyDictionary()


class _Contents:
    """The distinct contents of the downstream scenarios asked about, numbered, and per B a
    byte per number: 0 not asked yet, 1 B does not grant it, 2 B grants it (a few bytes per
    license and scenario: a 600-license matrix asks hundreds of thousands of them)."""

    def __init__(self, defaults: dict[str, Any]) -> None:
        self.numbers: dict[tuple, int] = {}
        self.grants: dict[tuple[str, str], bytearray] = {}
        self.defaults = defaults

    def number(self, t: ev.Scenario) -> int:
        # the content as what differs from the vocabulary's defaults (and which fields are
        # missing, which a decoded scenario never is): the same scenarios get the same key,
        # a few pairs long instead of one per field (witnesses lie near the defaults)
        changed = tuple(sorted((k, v) for k, v in t.values.items()
                               if self.defaults.get(k, _MISSING) != v))
        missing = tuple(sorted(self.defaults.keys() - t.values.keys()))
        content = (changed, missing, t.outbound, t.performed, tuple(sorted(t.readings.items())))
        return self.numbers.setdefault(content, len(self.numbers))

    def granted(self, b: LicenseModel, t: ev.Scenario, n: int) -> bool:
        row = self.grants.setdefault((b.id, b.fingerprint), bytearray())
        if n >= len(row):
            row.extend(bytes(n + 1 - len(row)))
        if not row[n]:
            row[n] = 2 if ev.granted(b, t) else 1
        return row[n] == 2


_MISSING = object()
_CONTENTS: weakref.WeakKeyDictionary[Encoding, _Contents] = weakref.WeakKeyDictionary()
_ASSIGNMENTS: dict[tuple, list[tuple[dict[str, bool], tuple]]] = {}


def exceeds_withheld(enc: Encoding, a: LicenseModel, b: LicenseModel, w: ev.Scenario,
                     rho: dict[str, bool], rho_key: tuple | None = None) -> bool:
    """``ev.exceeds(a, b, under(enc, w, rho), enc.vocab)``, A's part (the scenario, whether
    A permits it) and B's (whether B grants it) kept per encoding (``rho_key``: the sorted
    items of ``rho``, when the caller has them)."""
    memo = _WITHHELD_A.setdefault(enc, {})
    contents = _CONTENTS.get(enc)
    if contents is None:
        contents = _CONTENTS[enc] = _Contents(enc.vocab.defaults())
    key = (a.id, a.fingerprint, id(w), tuple(sorted(rho.items())) if rho_key is None
           else rho_key)
    hit = memo.get(key)
    if hit is None or hit[0] is not w:
        t = under(enc, w, rho)
        hit = memo[key] = (w, t, ev.permitted(a, t), contents.number(t))
    _, t, a_permits, n = hit
    return ev.exceeds(a, b, t, enc.vocab, a_permits, contents.granted(b, t, n))


def grants_withheld(enc: Encoding, a: LicenseModel, b: LicenseModel,
                    withheld: tuple[ev.Scenario, ...], ctx: Context) -> bool:
    """B grants one of A's withheld witnesses (``Downstream.withheld``) under every
    assignment of A's and B's readings the context leaves open: B exceeds A (the scope
    check is sat) under each. False when too many readings are open to go through."""
    if not withheld:
        return False
    relevant = a.readings | b.readings
    key = (relevant, tuple(sorted(ctx.readings.items())))
    rhos = _ASSIGNMENTS.get(key)
    if rhos is None:  # the same few reading sets and contexts for every pair
        try:
            found = assignments(relevant, ctx.readings)
        except TooManyReadings:
            return False  # this rule cannot say: the others, else the solver, decide
        if len(_ASSIGNMENTS) >= 4096:
            _ASSIGNMENTS.clear()
        rhos = _ASSIGNMENTS[key] = [(r, tuple(sorted(r.items()))) for r in found]
    return any(all(exceeds_withheld(enc, a, b, w, rho, k) for rho, k in rhos)
               for w in withheld)
