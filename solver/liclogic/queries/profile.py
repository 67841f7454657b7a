"""Per-license profiles: a few facts about one license in one context, each settled by the
solver once, from which many compat verdicts follow without a pairwise query.

Sound by construction: a fast verdict is returned only when the profile facts imply the compat
formula is true (or false) in every scenario of the context under every reading; otherwise the
pair goes to the solver. tests/test_fast_paths.py checks every library pair against the full
solver path.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping
from dataclasses import dataclass

import z3

from liclogic.engine import evaluate as ev
from liclogic.engine.compile import with_own_parts
from liclogic.engine.context import (
    COMPAT_ACTS,
    COMPAT_RELATIONS,
    Context,
    compat_context,
    pin_readings,
)
from liclogic.engine.encoding import Encoding, encoding_for
from liclogic.engine.readings import ReadingSpace, uniform_report
from liclogic.engine.result import ReadingInfo, Verdict, merge_verdicts
from liclogic.engine.solve import DEFAULT_SETTINGS, SolverSettings, Status
from liclogic.lang import ast
from liclogic.lang.library import Library, LicenseModel
from liclogic.lang.vocabulary import RELATION, SAME_LICENSE, SELF_RELATION
from liclogic.queries.profile_downstream import downstream, grants_withheld, license_queries
from liclogic.queries.profile_samples import depends, own_readings, samples


@dataclass(frozen=True)
class Profile:
    permits_all: bool  # every context scenario, and the work itself, is permitted
    permits_none: bool  # no context scenario is permitted
    own_permits_none: bool  # … none with the work itself (its own part) permitted too
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
    relicensed_all: frozenset[str]  # targets it relicenses to in every context scenario
    reach_all: bool  # its derivative reach holds in every context scenario (its part is in)
    governs_none: bool  # as outbound, it governs the whole result in no context scenario
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
    ctx = own_readings(lic, ctx)
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
    for each relation of the context — and with the readings that decide reach there
    (``deciding_readings``) fixed either way, as ``fast_split`` asks — so later compat
    queries in this process are settled from them at once. For long-running processes;
    returns how many profiles it holds."""
    ctx = compat_context(ctx, lib.vocab)
    enc = encoding_for(lib)
    lib.derived["fast_questions"] = max(lib.derived.get("fast_questions", 0), SPLIT_AFTER)
    licenses = [lic for lic in lib.licenses.values() if lic.kind != "exception"]
    for r in ctx.relations or COMPAT_RELATIONS:
        one = dataclasses.replace(ctx, relations=(r,))
        deciding = {x for lic in licenses for x in deciding_readings(lic, lic, one, (r,))}
        for lic in licenses:
            own = sorted(lic.readings & deciding)
            # each of them open, off or on (a pair splits on its own and its partner's)
            for values in itertools.product((None, False, True),
                                            repeat=len(own) if len(own) <= MAX_SPLIT else 0):
                fixed = {x: v for x, v in zip(own, values, strict=True) if v is not None}
                part = dataclasses.replace(one, readings={**one.readings, **fixed})
                samples(enc, lic, part, profile(enc, lic, part, settings).terms, settings)
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
            own_permits_none=not sat(z3.And(c.permitted, c_self.permitted)),
            copyleft_all=not sat(z3.Not(c.term(SAME_LICENSE))),
            copyleft_none=not sat(c.term(SAME_LICENSE)),
            governs_all=not sat(z3.Not(z3.Or(z3.Not(combining), c.reach))),
            reach_all=not sat(z3.Not(c.reach)),
            governs_none=not sat(z3.Or(z3.Not(combining), c.reach)))
        relicensed_all = frozenset(t for t in sorted(c.relicense)
                                   if not sat(z3.Not(c.relicensed_to(t))))
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
    return Profile(**facts, terms=terms, relicensed_all=relicensed_all, always=always,
                   always_part=always_part,
                   withholds=down.withholds, withholds_plainly=down.withholds_plainly,
                   grants_everything=down.grants_everything, targets=targets,
                   settled=settled and down.settled, withheld=down.withheld)


def _binds_recipients(lic: LicenseModel, enc: Encoding) -> bool:
    """Does the license impose a duty that binds recipients (an outbound license that does
    not impose it too grants more than it: ``evaluate.exceeds``)?"""
    binds = enc.vocab.tagged("binds_recipients")
    return any(d.kind in binds for c in lic.of(ast.Require) for d in c.clause.duties)


MAX_SPLIT = 2  # open readings a pair's profiles are split on (2^n profiles of each license)
# the split's profiles pay off when later questions reuse them: a process splits once this
# many questions have needed it (or the profiles were warmed), not for a one-off question
# (a cold ``workflow`` of five inputs: the split's profiles cost more than the solver call)
SPLIT_AFTER = 16


def fast_verdict(enc: Encoding, a: LicenseModel, b: LicenseModel, ctx: Context,
                 settings: SolverSettings) -> Verdict | None:
    """The compat verdict when the profiles settle it; None when the solver must."""
    found = fast_split(enc, a, b, ctx, settings)
    return None if found is None else found.verdict


def fast_relation(enc: Encoding, a: LicenseModel, b: LicenseModel, ctx: Context,
                  settings: SolverSettings) -> Verdict | None:
    """``fast_verdict`` for a context of one relation."""
    return fast_verdict(enc, a, b, ctx, settings)


@dataclass(frozen=True)
class Split:
    """A fast verdict, and the verdict under each assignment of the readings it was split on
    (none: the profiles settled it with every reading open)."""

    verdict: Verdict
    readings: tuple[str, ...] = ()
    table: dict[tuple[bool, ...], Verdict] = dataclasses.field(default_factory=dict)


def fast_split(enc: Encoding, a: LicenseModel, b: LicenseModel, ctx: Context,
               settings: SolverSettings) -> Split | None:
    """A context of several relations is settled relation by relation: yes (no) when yes
    (no) for each, depends when they differ, as the solver would say. A relation the
    profiles do not settle with the readings open may be settled under each assignment of
    the open readings that decide A's or B's reach there (``deciding_readings``), each from
    profiles with those readings fixed: the verdict over every assignment is the merge of
    the verdicts over the parts of any partition of them (``merge_verdicts``, as
    ``engine.readings``), whichever readings are split on. Each part's verdict is yes or no,
    the same under every assignment within it, or depends under each one reading's value
    held either way (``profile_samples.depends``), so it also gives the per-reading report
    (``split_report``)."""
    relations = ctx.relations or COMPAT_RELATIONS
    whole = [_fast(enc, a, b, _one(ctx, r), settings) for r in relations]
    if None not in whole:
        return Split(merge_verdicts(whole))  # type: ignore[arg-type]
    asked = enc.lib.derived["fast_questions"] = enc.lib.derived.get("fast_questions", 0) + 1
    if asked <= SPLIT_AFTER:
        return None
    split = deciding_readings(a, b, ctx,
                              tuple(r for r, v in zip(relations, whole, strict=True) if v is None))
    if not split:
        return None
    table: dict[tuple[bool, ...], Verdict] = {}
    for bits in itertools.product((False, True), repeat=len(split)):
        part = dataclasses.replace(ctx, readings={**ctx.readings, **dict(zip(split, bits,
                                                                             strict=True))})
        verdicts = []
        for r, v in zip(relations, whole, strict=True):
            if v not in (Verdict.YES, Verdict.NO):  # depends: only checked per one reading
                v = _fast(enc, a, b, _one(part, r), settings)
            if v is None:
                return None
            verdicts.append(v)
        table[bits] = merge_verdicts(verdicts)
    return Split(merge_verdicts(list(table.values())), split, table)


_ONE: dict[tuple, Context] = {}  # (context, relation) → the context of that relation alone


def _one(ctx: Context, relation: str) -> Context:
    """The context with this relation alone, kept: a new Context is validated, and a warm
    query would otherwise build one per relation."""
    key = (ctx.key(), ctx.assumed, relation)
    found = _ONE.get(key)
    if found is None:
        if len(_ONE) >= 4096:
            _ONE.clear()
        found = _ONE[key] = dataclasses.replace(  # copies: the caller's may change later
            ctx, relations=(relation,), facts=dict(ctx.facts), readings=dict(ctx.readings))
    return found


def deciding_readings(a: LicenseModel, b: LicenseModel, ctx: Context,
                      relations: tuple[str, ...]) -> tuple[str, ...]:
    """The open readings in the conditions of A's or B's derivative clauses over these
    relations (at most ``MAX_SPLIT``; none when there are more): where a reading decides
    whether the work is a derivative, the profiles under each value of it often settle a
    pair they do not settle with it open. A choice of what to split on, not a premise of
    any rule: any split is sound."""
    found = sorted({n.name for lic in (a, b) for c in lic.of(ast.Derivative)
                    if c.clause.when is not None and set(c.clause.relations) & set(relations)
                    for n in ast.walk_expr(c.clause.when)
                    if isinstance(n, ast.ReadingRef) and n.name not in ctx.readings})
    return tuple(found) if len(found) <= MAX_SPLIT else ()


def split_report(enc: Encoding, relevant: frozenset[str], fixed: Mapping[str, bool],
                 split: Split) -> tuple[dict[str, ReadingInfo], list[str]]:
    """The per-reading report (and warnings) of a split verdict, as ``compat_cases.decide_all``
    gives it: the verdict over a set of assignments is the merge of the parts it meets."""
    if not split.readings:
        return uniform_report(enc.vocab, relevant, fixed, split.verdict), []
    names = {enc.readings[r].get_id(): r for r in split.readings}

    def verdict_under(lits: tuple[z3.BoolRef, ...]) -> Verdict:
        held: dict[str, bool] = {}
        for lit in lits:
            var, value = (lit.arg(0), False) if z3.is_not(lit) else (lit, True)
            if var.get_id() in names:
                held[names[var.get_id()]] = value
        return merge_verdicts([v for bits, v in split.table.items()
                               if all(held.get(r, x) == x
                                      for r, x in zip(split.readings, bits, strict=True))])

    space = ReadingSpace(enc.vocab, enc.readings, relevant, fixed, verdict_under)
    return space.report(), space.warnings()


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
    if pa.permits_all and target in pa.relicensed_all:
        # A, its own part and its part as source are permitted, and A relicenses to B, in
        # every scenario: the formula's first conjunct holds and its relicensed disjunct
        # does (A's copy of it, on the scenario itself, suffices), whatever else holds
        return Verdict.YES
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
    # A's part is in the whole in every scenario: the relation contains it, or A's reach
    # holds in every one, or the relation combines works and B's reach holds in every one
    # (``part`` is the disjunction of the three)
    combines = relation in enc.vocab.tagged("combines")

    def part_all() -> bool:  # B's profile only when A's facts do not say
        return whole or pa.reach_all or (combines and (p := pb()) is not None and p.reach_all)
    if pa.own_permits_none and part_all():
        # A's part is in every scenario and A never permits it with the scenario itself: the
        # formula's first conjunct (``permitted``: A's, and A's own part's where it is part)
        # fails everywhere, relicensing or not
        return Verdict.NO
    # A's work is never part of the whole (a relation that does not contain it, no reach of
    # A's, none of B's where the relation combines): then there is no source part and no
    # scope check; A permits every scenario and its copyleft never applies; and no term
    # conflicts: B tolerates every term A may put, or B never governs the whole (a combining
    # relation outside B's reach). Compat holds everywhere, under every reading.
    if not whole and pa.permits_scenarios and pa.copyleft_none and pa.reach_none and (
            no_conflict or combines) and \
            (p := pb()) is not None and p.combined_reach_none:
        return Verdict.YES
    if pa.permits_all and pa.copyleft_none and not pa.withholds and \
            not _binds_recipients(a, enc) and (p := pb()) is not None and p.governs_none:
        # as the first yes-rule, with B never governing the whole in place of B tolerating
        # A's terms: B's restriction clause never restricts (``restricts`` needs ``governs``),
        # so no term conflicts; A permits everything, puts no copyleft, and B's scope check
        # passes (A withholds nothing downstream and binds recipients to no duty)
        return Verdict.YES
    if part_all() and not relicensable and grants_withheld(enc, a, b, pa.withheld, ctx):
        # B grants a scenario A withholds, under every reading: the solver's scope check is
        # sat, A's part is in every scenario, and no scenario can hold (first: it needs no
        # profile of B, only B's clauses through the reference evaluator)
        return Verdict.NO
    # (a duty alternative is no such term: whether one of its options is tolerated is the
    # solver's question)
    if b.restricts_further and not relicensable and any(
            t != ast.ONE_OF and not b.tolerates(t, specific, freedoms, kin)
            for t in (pa.always_part if part_all() else pa.always)):
        if (p := pb()) is None:
            return None
        if p.governs_all:
            return Verdict.NO  # a term of A that B does not accept applies everywhere
    if part_all() and pa.withholds_plainly and not relicensable:
        if (p := pb()) is None:
            return None
        if p.grants_everything:
            return Verdict.NO  # B would grant recipients what A withholds, in every scenario
    # B grants recipients nothing A withholds when A withholds nothing (own grants aside) and
    # binds them to no duty: the scope formula's last conjunct is false (``scope_formula``)
    scope_ok = not pa.withholds and not _binds_recipients(a, enc)
    found = samples(enc, a, ctx, pa.terms, settings)
    return Verdict.DEPENDS if found and depends(enc, a, b, ctx, found, scope_ok) else None
