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

from liclogic.engine import evaluate as ev
from liclogic.engine.compile import with_own_parts
from liclogic.engine.context import (
    COMPAT_ACTS,
    COMPAT_RELATIONS,
    Context,
    TooManyReadings,
    assignments,
    compat_context,
    pin_readings,
)
from liclogic.engine.encoding import Encoding, encoding_for
from liclogic.engine.result import Verdict, merge_verdicts
from liclogic.engine.solve import DEFAULT_SETTINGS, SolverSettings, Status
from liclogic.lang import ast
from liclogic.lang.library import Library, LicenseModel
from liclogic.lang.vocabulary import RELATION, SAME_LICENSE, SELF_RELATION
from liclogic.queries.profile_downstream import downstream, license_queries, under


@dataclass(frozen=True)
class Profile:
    permits_all: bool  # every context scenario, and the work itself, is permitted
    permits_none: bool  # no context scenario is permitted
    permits_scenarios: bool  # every context scenario is permitted (the work itself aside)*
    copyleft_all: bool  # same_license applies in every context scenario
    copyleft_none: bool  # same_license applies in no context scenario
    terms: frozenset[str]  # terms that may apply (at s or the work itself)
    always: frozenset[str]  # terms that apply in every context scenario
    always_part: frozenset[str]  # terms that apply, at s or on the work itself, in every one
    governs_all: bool  # as outbound, it governs the whole result in every context scenario
    reach_none: bool  # its derivative reach holds in no context scenario*
    combined_reach_none: bool  # … nor in any where the relation combines works*
    withholds: bool  # some downstream act (own grants aside) is not permitted
    withholds_plainly: bool  # … the work itself, whatever the readings (it is not permitted)
    grants_everything: bool  # every act on the work itself (own grants aside) is granted
    targets: frozenset[str]  # every relicense target, canonical
    settled: bool  # all the above came back sat/unsat (no timeout)
    # *: asked only when no relation of the context contains the work (else False)
    # downstream scenarios it withholds under every reading, one per act where there is one,
    # near the defaults: a license that grants one of them grants what this one withholds
    withheld: tuple[ev.Scenario, ...]


def context_key(ctx: Context) -> tuple:
    return ctx.key()


def profile(enc: Encoding, lic: LicenseModel, ctx: Context,
            settings: SolverSettings) -> Profile:
    """The profile, from memory, else from the on-disk cache (for a library loaded through
    it: ``enc.lib.key`` names every spec file's content and the tool's code), else solved."""
    cache = enc.profiles
    key = (lic.id, lic.fingerprint, context_key(ctx), settings)
    if key not in cache:
        from liclogic import cache as disk

        stored = disk.digest("profile", enc.lib.key, *key) if enc.lib.key else None
        hit = disk.store().get(stored, Profile) if stored else None
        if isinstance(hit, Profile):
            cache[key] = hit
        else:
            found = _profile(enc, lic, ctx, settings)
            if not found.settled:
                return found  # a timeout: not kept, so that the next question tries again
            cache[key] = found
            if stored:
                disk.store().put(stored, found, Profile)
    return cache[key]


def warm(lib: Library, ctx: Context | None = None,
         settings: SolverSettings = DEFAULT_SETTINGS) -> int:
    """Compute (or read from the on-disk cache) the profile of every license of the library
    for each relation of the context, so later compat queries in this process are settled
    from them at once. For long-running processes; returns how many profiles it holds."""
    ctx = compat_context(ctx, lib.vocab)
    enc = encoding_for(lib)
    for lic in lib.licenses.values():
        if lic.kind != "exception":
            for r in ctx.relations or COMPAT_RELATIONS:
                profile(enc, lic, dataclasses.replace(ctx, relations=(r,)), settings)
    return len(enc.profiles)


def _profile(enc: Encoding, lic: LicenseModel, ctx: Context,
             settings: SolverSettings) -> Profile:
    open_ = frozenset(enc.readings) - set(ctx.readings)
    s = enc.scenario("s")
    c, c_self, c_src = with_own_parts(enc, lic, s)
    q = license_queries(enc, lic, settings)[0]
    settled = True

    def sat(f: z3.BoolRef) -> bool:
        nonlocal settled
        status = q.status(f)
        settled = settled and status != Status.UNKNOWN
        return status == Status.SAT

    with q.frame():
        q.add(*ctx.constraints(s, COMPAT_ACTS, COMPAT_RELATIONS),
              *pin_readings(enc, ctx.readings, open_))
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
        facts = dict(
            permits_all=not sat(z3.Not(permitted)),
            permits_none=not sat(c.permitted),
            copyleft_all=not sat(z3.Not(c.term(SAME_LICENSE))),
            copyleft_none=not sat(c.term(SAME_LICENSE)),
            governs_all=not sat(z3.Not(z3.Or(z3.Not(combining), c.reach))))
        # for the rule of relations that do not contain the work (``_fast``): only asked
        # there, False (the rule does not apply) under a containing relation
        contains = enc.vocab.tagged("contains") | {SELF_RELATION}
        outside = not contains & set(ctx.relations or COMPAT_RELATIONS)
        facts.update(
            permits_scenarios=outside and not sat(z3.Not(c.permitted)),
            reach_none=outside and not sat(c.reach),
            combined_reach_none=outside and not sat(z3.And(combining, c.reach)))
    down = downstream(enc, lic, ctx, settings)
    targets = frozenset(c.relicense) | frozenset(c_self.relicense) | frozenset(c_src.relicense)
    return Profile(**facts, terms=terms, always=always, always_part=always_part,
                   withholds=down.withholds, withholds_plainly=down.withholds_plainly,
                   grants_everything=down.grants_everything, targets=targets,
                   settled=settled and down.settled, withheld=down.withheld)


def _binds_recipients(lic: LicenseModel, enc: Encoding) -> bool:
    """Does the license impose a duty that binds recipients (an outbound license that does
    not impose it too grants more than it: ``evaluate.exceeds``)?"""
    binds = enc.vocab.tagged("binds_recipients")
    return any(d.kind in binds for c in lic.of(ast.Require) for d in c.clause.duties)


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


def fast_relation(enc: Encoding, a: LicenseModel, b: LicenseModel, ctx: Context,
                  settings: SolverSettings) -> Verdict | None:
    """``fast_verdict`` for a context of one relation."""
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
    specific, freedoms = enc.vocab.tagged("specific"), enc.vocab.tagged("freedoms")
    kin = enc.vocab.tagged("attribution")
    no_conflict = not b.restricts_further or all(b.tolerates(t, specific, freedoms, kin)
                                                 for t in pa.terms)
    if pa.permits_all and pa.copyleft_none and not pa.withholds and no_conflict and \
            not _binds_recipients(a, enc):
        # first, and from A's profile alone: none of the no-rules below can hold then (each
        # needs a term B does not tolerate, or A withholding something), so B's profile is
        # not needed — combine asks this of every license of the library as outbound
        return Verdict.YES
    # B's profile only when a rule needs it (after that rule's cheaper conditions): combine
    # asks this of every license of the library as outbound, and an input that refuses most
    # of them by what it withholds (rule 3) then computes no profile of theirs
    pbs: list[Profile] = []

    def pb() -> Profile | None:
        if not pbs:
            pbs.append(profile(enc, b, ctx, settings))
        return pbs[0] if pbs[0].settled else None

    (relation,) = ctx.relations or COMPAT_RELATIONS
    whole = relation == SELF_RELATION or relation in enc.vocab.tagged("contains")
    # A's work is never part of the whole (a relation that does not contain it, no reach of
    # A's, none of B's where the relation combines): then there is no source part and no
    # scope check; A permits every scenario and its copyleft never applies; and no term
    # conflicts: B tolerates every term A may put, or B never governs the whole (a combining
    # relation outside B's reach). Compat holds everywhere, under every reading.
    if not whole and pa.permits_scenarios and pa.copyleft_none and pa.reach_none and (
            no_conflict or relation in enc.vocab.tagged("combines")) and \
            (p := pb()) is not None and p.combined_reach_none:
        return Verdict.YES
    if whole and not relicensable and pa.withheld:
        # B grants a scenario A withholds, under every reading: the solver's scope check is
        # sat, A's part is in every scenario, and no scenario can hold (first: it needs no
        # profile of B, only B's clauses through the reference evaluator)
        try:
            rhos: list[dict[str, bool]] | None = assignments(a.readings | b.readings,
                                                             ctx.readings)
        except TooManyReadings:
            rhos = None  # this rule cannot say: the others, else the solver, decide
        if rhos is not None and any(
                all(ev.exceeds(a, b, under(enc, w, rho), enc.vocab) for rho in rhos)
                for w in pa.withheld):
            return Verdict.NO
    # (a duty alternative is no such term: whether one of its options is tolerated is the
    # solver's question)
    if b.restricts_further and not relicensable and any(
            t != ast.ONE_OF and not b.tolerates(t, specific, freedoms, kin)
            for t in (pa.always_part if whole else pa.always)):
        if (p := pb()) is None:
            return None
        if p.governs_all:
            return Verdict.NO  # a term of A that B does not accept applies everywhere
    if whole and pa.withholds_plainly and not relicensable:
        if (p := pb()) is None:
            return None
        if p.grants_everything:
            return Verdict.NO  # B would grant recipients what A withholds, in every scenario
    return None
