"""Sample scenarios of a license in a context, and the depends rule of the profiles that
replays them through the reference evaluator (``queries.profile``)."""

from __future__ import annotations

import dataclasses
import weakref

import z3

from liclogic.engine import evaluate as ev
from liclogic.engine.compile import with_own_parts
from liclogic.engine.context import COMPAT_ACTS, COMPAT_RELATIONS, Context, pin_readings
from liclogic.engine.encoding import Encoding, Kept
from liclogic.engine.evaluate_memo import Inbound, compat_holds_at, inbound_at, names_outbound
from liclogic.engine.solve import SolverSettings, Status
from liclogic.lang.library import LicenseModel
from liclogic.lang.vocabulary import SAME_LICENSE
from liclogic.limits import MAX_OPEN_READINGS
from liclogic.queries.profile_downstream import license_queries


def own_readings(lic: LicenseModel, ctx: Context) -> Context:
    """The context with only the fixed readings the license's clauses name: the others
    change none of its facts, and its profiles are shared by the contexts that differ there."""
    if all(r in lic.readings for r in ctx.readings):
        return ctx
    return dataclasses.replace(ctx, readings={r: v for r, v in ctx.readings.items()
                                              if r in lic.readings})


def samples(enc: Encoding, lic: LicenseModel, ctx: Context, terms: frozenset[str],
            settings: SolverSettings) -> tuple[ev.Scenario, ...] | None:
    """Context scenarios where compat may hold for some B (A, its part and its part as
    source permitted, no copyleft: with none of A's ``terms``, else with no reach of A) and
    where it may fail (A refuses; A's copyleft applies), for ``depends`` to replay; None
    on a timeout. Apart from the profile (four solver calls that only that last rule needs:
    a cold question that never reaches it does not ask them); kept per license and context."""
    ctx = own_readings(lic, ctx)
    key = ("samples", lic.id, lic.fingerprint, ctx.key(), settings)
    if key in enc.downstream:
        return enc.downstream[key]
    s = enc.scenario("s")
    c, c_self, c_src = with_own_parts(enc, lic, s)
    q = license_queries(enc, lic, settings)[0]
    out: list[ev.Scenario] = []
    settled = True

    def sample(*fs: z3.BoolRef) -> bool:
        nonlocal settled
        status, model = q.check(*fs)
        settled = settled and status != Status.UNKNOWN
        if model is not None:
            out.append(s.decode(model))
        return model is not None

    with q.frame():
        q.add(*ctx.constraints(s, COMPAT_ACTS, COMPAT_RELATIONS),
              *pin_readings(enc, ctx.readings, frozenset(enc.readings) - set(ctx.readings)))
        permitted = z3.And(c.permitted, c_self.permitted, c_src.permitted)
        free = z3.Not(c.term(SAME_LICENSE))
        if not sample(permitted, *(z3.Not(z3.Or(c.term(n), c_self.term(n), c_src.term(n)))
                                   for n in sorted(terms))):
            sample(permitted, free)
        sample(permitted, free, z3.Not(c.reach))
        sample(z3.Not(c.permitted))
        sample(permitted, c.term(SAME_LICENSE))
    if not settled:
        return None  # a timeout is not kept: the next question tries again
    enc.downstream[key] = found = tuple(out)
    return found


def depends(enc: Encoding, a: LicenseModel, b: LicenseModel, ctx: Context,
             samples: tuple[ev.Scenario, ...], scope_ok: bool) -> bool:
    """Compat holds in one context scenario and fails in another, checked by the reference
    evaluator (of which the solver's formula is the mirror) on A's sample scenarios with B
    outbound and the context's readings: holding with B's scope check taken as failed
    (unless ``scope_ok``: known to pass), and failing with it taken as passed (the formula is
    monotone in it: ``scope ∨ ¬part``), so whatever the solver's scope check says. The same
    with each open reading held on, and off: then the verdict is depends under each, as the
    per-reading report says."""
    if not samples:
        return False
    open_ = sorted((a.readings | b.readings) - set(ctx.readings))
    if len(open_) > MAX_OPEN_READINGS:
        return False
    vocab, canon = enc.vocab, enc.lib.canonical
    outbound = [dataclasses.replace(w, outbound=b.id, readings={**w.readings, **ctx.readings})
                for w in samples]
    memo: dict[tuple[int, tuple[tuple[str, bool], ...]], tuple[bool, bool]] = {}

    def at(i: int, held: dict[str, bool]) -> tuple[bool, bool]:
        """Compat at sample i with the scope check passed, and with it as ``scope_ok`` says
        (evaluated again only where it differs: it held, and the scope is not known)."""
        w = outbound[i]
        changed = tuple((r, v) for r, v in held.items() if w.reading(r) != v)
        if (i, changed) not in memo:  # a sample already so is not evaluated again
            moved = dataclasses.replace(w, readings={**w.readings, **dict(changed)}) \
                if changed else w
            x = _inbound(enc, a, samples[i], moved)
            passed = compat_holds_at(x, a, b, moved, True, vocab, canon)
            memo[i, changed] = (passed, passed and (
                scope_ok or compat_holds_at(x, a, b, moved, False, vocab, canon)))
        return memo[i, changed]

    for held in [{}, *({r: v} for r in open_ for v in (False, True))]:
        if not (any(at(i, held)[1] for i in range(len(outbound))) and
                any(not at(i, held)[0] for i in range(len(outbound)))):
            return False
    return True


# per encoding (so per library, dropped with it): A's side of ``compat_holds`` at a sample
# scenario under the values of A's readings (and the outbound license, when A's conditions
# name it), which the depends rule asks for every B of a row — kept for the last few inbound
# licenses only (a matrix goes row by row; the sample is kept in the entry, so its id is not
# reused while the entry lives)
_INBOUND: weakref.WeakKeyDictionary[
    Encoding, Kept[tuple[str, str], dict[tuple, tuple[ev.Scenario, Inbound]]]] = \
    weakref.WeakKeyDictionary()


def _inbound(enc: Encoding, a: LicenseModel, sample: ev.Scenario, s: ev.Scenario) -> Inbound:
    """``inbound_at(a, s)`` for s, the sample with an outbound license and readings, kept
    per encoding: s differs from the sample only in the outbound and the readings."""
    rows = _INBOUND.get(enc)
    if rows is None:
        rows = _INBOUND[enc] = Kept(8)
    memo = rows.get((a.id, a.fingerprint))
    if memo is None:
        memo = rows[a.id, a.fingerprint] = {}
    key = (id(sample), tuple(s.reading(r) for r in sorted(a.readings)),
           s.outbound if names_outbound(a) else None)
    hit = memo.get(key)
    if hit is None or hit[0] is not sample:
        hit = memo[key] = (sample, inbound_at(a, s, enc.lib.canonical))
    return hit[1]
