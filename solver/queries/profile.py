"""Per-license profiles: a few facts about one license in one context, each settled by the
solver once, from which many compat verdicts follow without a pairwise query.

Sound by construction: a fast verdict is returned only when the profile facts imply the compat
formula is true (or false) in every scenario of the context under every reading; otherwise the
pair goes to the solver. tests/test_fast_paths.py checks every library pair against the full
solver path.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import z3

from .. import ast
from ..compile import Encoding
from ..context import COMPAT_ACTS, COMPAT_RELATIONS, Context, pin_readings
from ..library import LicenseModel
from ..result import Verdict, merge_verdicts
from ..solve import Query, SolverSettings, Status, session_for
from ..vocabulary import ACT, RELATION, SAME_LICENSE, SELF_RELATION


@dataclass(frozen=True)
class Profile:
    permits_all: bool  # every context scenario, and the work itself, is permitted
    permits_none: bool  # no context scenario is permitted
    copyleft_all: bool  # same_license applies in every context scenario
    copyleft_none: bool  # same_license applies in no context scenario
    terms: frozenset[str]  # terms that may apply (at s or the work itself)
    always: frozenset[str]  # terms that apply in every context scenario
    always_part: frozenset[str]  # terms that apply, at s or on the work itself, in every one
    governs_all: bool  # as outbound, it governs the whole result in every context scenario
    withholds: bool  # some downstream act (own grants aside) is not permitted
    withholds_plainly: bool  # … the work itself, whatever the readings (it is not permitted)
    grants_everything: bool  # every act on the work itself (own grants aside) is granted
    targets: frozenset[str]  # every relicense target, canonical
    settled: bool  # all the above came back sat/unsat (no timeout)


def context_key(ctx: Context) -> tuple:
    return ctx.key()


def profile(enc: Encoding, lic: LicenseModel, ctx: Context,
            settings: SolverSettings) -> Profile:
    cache = enc.__dict__.setdefault("_profiles", {})
    key = (lic.id, lic.fingerprint, context_key(ctx), settings)
    if key not in cache:
        cache[key] = _profile(enc, lic, ctx, settings)
    return cache[key]


def _profile(enc: Encoding, lic: LicenseModel, ctx: Context,
             settings: SolverSettings) -> Profile:
    open_ = frozenset(enc.readings) - set(ctx.readings)
    session = session_for(enc, settings)
    s = enc.scenario("s")
    (me, same), (src, same_src) = enc.own_part(s), enc.own_source(s)
    c, c_self, c_src = enc.compile(lic, s), enc.compile(lic, me), enc.compile(lic, src)
    q = Query(session=session).track(c, c_self, c_src).add(
        *same, *same_src, *ctx.constraints(s, COMPAT_ACTS, COMPAT_RELATIONS),
        *pin_readings(enc, ctx.readings, open_))
    settled = True

    def sat(f: z3.BoolRef) -> bool:
        nonlocal settled
        status, _ = q.check(f)
        settled = settled and status != Status.UNKNOWN
        return status == Status.SAT

    combines = sorted(enc.vocab.tagged("combines"))
    combining = s.among(RELATION, combines) if combines else z3.BoolVal(False)
    # the work itself, and as source, over-approximate the parts compat may ask about
    permitted = z3.And(c.permitted, c_self.permitted, c_src.permitted)
    names = sorted(c.term_names | c_self.term_names | c_src.term_names)
    terms = frozenset(n for n in names
                      if sat(z3.Or(c.term(n), c_self.term(n), c_src.term(n))))
    always = frozenset(n for n in terms if not sat(z3.Not(c.term(n))))
    # … or on the work itself, for when the relation copies it into the whole
    always_part = always | frozenset(n for n in terms - always
                                     if not sat(z3.Not(z3.Or(c.term(n), c_self.term(n)))))
    t = enc.scenario("t")
    ct = enc.compile(lic, t)
    qt = Query(session=session).track(ct).add(*pin_readings(enc, ctx.readings, open_))
    own = sorted(enc.vocab.tagged("own_grant"))
    not_own = z3.Not(t.among(ACT, own)) if own else z3.BoolVal(True)
    status, _ = qt.check(not_own, z3.Not(ct.permitted))
    settled = settled and status != Status.UNKNOWN
    itself = t.is_(RELATION, SELF_RELATION)
    # With no reading in its grants and bans, what it withholds on the work itself is the
    # same under every reading (the work itself is always within reach).
    plain = not any(isinstance(c.clause, ast.Permit | ast.Forbid) and any(
        isinstance(n, ast.ReadingRef) for e in ast.clause_conditions(c.clause)
        for n in ast.walk_expr(e)) for c in lic.clauses)
    held, _ = qt.check(not_own, itself, z3.Not(ct.permitted))
    gap, _ = qt.check(not_own, itself, z3.Not(ct.granted))
    settled = settled and Status.UNKNOWN not in (held, gap)
    targets = frozenset(c.relicense) | frozenset(c_self.relicense) | frozenset(c_src.relicense)
    return Profile(
        permits_all=not sat(z3.Not(permitted)),
        permits_none=not sat(c.permitted),
        copyleft_all=not sat(z3.Not(c.term(SAME_LICENSE))),
        copyleft_none=not sat(c.term(SAME_LICENSE)),
        terms=terms, always=always, always_part=always_part,
        governs_all=not sat(z3.Not(z3.Or(z3.Not(combining), c.reach))),
        withholds=status != Status.UNSAT,
        withholds_plainly=plain and held == Status.SAT,
        grants_everything=gap == Status.UNSAT,
        targets=targets, settled=settled,
    )


def fast_verdict(enc: Encoding, a: LicenseModel, b: LicenseModel, ctx: Context,
                 settings: SolverSettings) -> Verdict | None:
    """The compat verdict when the profiles settle it; None when the solver must. A context
    of several relations is settled relation by relation: yes (no) when yes (no) for each,
    depends when they differ — exactly what the solver would say."""
    relations = ctx.relations or COMPAT_RELATIONS
    if len(relations) > 1:
        parts = [_fast(enc, a, b, dataclasses.replace(ctx, relations=(r,)), settings)
                 for r in relations]
        if None in parts:
            return None
        return merge_verdicts(parts)  # type: ignore[arg-type]
    return _fast(enc, a, b, ctx, settings)


def _fast(enc: Encoding, a: LicenseModel, b: LicenseModel, ctx: Context,
          settings: SolverSettings) -> Verdict | None:
    pa = profile(enc, a, ctx, settings)
    if not pa.settled:
        return None
    if a.id == b.id:
        return Verdict.YES if pa.permits_all else Verdict.NO if pa.permits_none else None
    if pa.permits_none:
        return Verdict.NO
    target = enc.lib.canonical(b.id)
    relicensable = target in pa.targets
    if pa.copyleft_all and not relicensable:
        return Verdict.NO  # A's copyleft reaches every scenario and B is never allowed
    pb = profile(enc, b, ctx, settings)
    if not pb.settled:
        return None
    (relation,) = ctx.relations or COMPAT_RELATIONS
    whole = relation == SELF_RELATION or relation in enc.vocab.tagged("contains")
    if b.restricts_further and pb.governs_all and not relicensable and any(
            not b.tolerates(t) for t in (pa.always_part if whole else pa.always)):
        return Verdict.NO  # a term of A that B does not accept applies everywhere
    if whole and pa.withholds_plainly and pb.grants_everything and not relicensable:
        return Verdict.NO  # B would grant recipients what A withholds, in every scenario
    no_conflict = not b.restricts_further or all(b.tolerates(t) for t in pa.terms)
    if pa.permits_all and pa.copyleft_none and not pa.withholds and no_conflict:
        return Verdict.YES
    return None
