"""compat(A, B): can a work under A (inbound) be part of a work W distributed under B?

For each scenario s of the context (act distribute, relation r of A's work to W, outbound B):
1. A permits s, and A's own part of W (the work itself) may be distributed;
2. then it holds when B is A itself or one of A's relicense targets; otherwise when
   - A's copyleft does not reach W (no same_license duty of A at s),
   - B, if it forbids further restrictions over W, imposes or accepts every term A puts on its
     part (A's same_license on its part never counts as accepted), and
   - B grants recipients nothing A withholds, when W includes A's work: no downstream
     scenario t (own-grant acts such as patent_use aside) that B permits and A does not.
The verdict is yes / no / depends over the context's scenarios and the open readings.
See docs/semantics.md and ``evaluate.compat_holds``, which this module mirrors.
"""

from __future__ import annotations

from dataclasses import replace

from liclogic.engine.arguments import check_arguments
from liclogic.engine.context import (
    COMPAT_ACTS,
    COMPAT_RELATIONS,
    Context,
    compat_context,
)
from liclogic.engine.encoding import encoding_for
from liclogic.engine.result import CheckResult, Verdict, all_of, best_of, merge_verdicts
from liclogic.engine.settings import DeadlineExceeded, unknown_summary
from liclogic.engine.solve import (
    DEFAULT_SETTINGS,
    SolverSettings,
    Status,
)
from liclogic.errors import LiclogicError
from liclogic.lang.expression import alternatives, leaves, parse_expression
from liclogic.lang.library import Library, LicenseModel
from liclogic.queries.compat_cases import decide_all, solve_verdict
from liclogic.queries.compat_explain import explain as explain_pair

# ------------------------------------------------------------------ the check


def compat(lib: Library, inbound: str, outbound: str, ctx: Context | None = None,
           settings: SolverSettings = DEFAULT_SETTINGS, explain: bool = True) -> CheckResult:
    """compat over license expressions: an OR on the inbound side is the licensee's choice
    (yes when some choice works, and which), AND means every part applies; on the outbound
    side every license named must work (recipients may take any of an OR). Past the
    deadline of ``settings``: unknown, saying what was not decided."""
    check_arguments(lib, {"inbound": inbound, "outbound": outbound}, ctx, settings)
    ctx = compat_context(ctx, lib.vocab)
    try:
        return _compat(lib, inbound, outbound, ctx, settings, explain)
    except DeadlineExceeded:
        return CheckResult("compat", Verdict.UNKNOWN,
                           unknown_summary(settings, f"compat({inbound}, {outbound})"),
                           subject={"inbound": inbound, "outbound": outbound},
                           context=ctx.describe(COMPAT_ACTS, COMPAT_RELATIONS))


def _compat(lib: Library, inbound: str, outbound: str, ctx: Context,
            settings: SolverSettings, explain: bool) -> CheckResult:
    pin, pout = parse_expression(lib, inbound), parse_expression(lib, outbound)
    warnings = list(pin.warnings + pout.warnings)
    alts, outs = alternatives(pin.expression), leaves(pout.expression)
    if len(alts) == 1 and len(alts[0]) == 1 and len(outs) == 1:
        result = compat_pair(lib, alts[0][0], outs[0], ctx, settings, explain)
        result.warnings += warnings
        return result
    pairs = {(a, b): compat_verdict(lib, a, b, ctx, settings)
             for alt in alts for a in alt for b in outs}
    verdicts = [all_of([pairs[(a, b)] for a in alt for b in outs]) for alt in alts]
    verdict = best_of(verdicts)
    chosen = alts[verdicts.index(verdict)]
    result = CheckResult("compat", verdict, "",
                         subject={"inbound": pin.text, "outbound": pout.text},
                         extra={"parts": [{"inbound": a, "outbound": b, "verdict": v.value}
                                          for (a, b), v in pairs.items()]},
                         context=ctx.describe(COMPAT_ACTS, COMPAT_RELATIONS), warnings=warnings)
    if not explain:
        result.summary = verdict.value
        return result
    shown = chosen if verdict != Verdict.NO else [a for alt in alts for a in alt]
    lines = []
    for a in dict.fromkeys(shown):
        for b in outs:
            if verdict != Verdict.NO or pairs[(a, b)] != Verdict.YES:
                r = compat_pair(lib, a, b, ctx, settings, explain=True)
                lines.append(f"[{a} → {b}] {r.summary}")
                result.because += [x for x in r.because if x not in result.because]
                result.witnesses += r.witnesses
                for k, info in r.readings.items():
                    result.readings.setdefault(k, info)
    head = {Verdict.YES: "Yes", Verdict.DEPENDS: "Depends", Verdict.UNKNOWN: "Unknown",
            Verdict.NO: "No"}[verdict]
    if len(alts) > 1 and verdict != Verdict.NO:
        head += f", choosing {' AND '.join(chosen)}"
    elif len(alts) > 1:
        head += ": no choice works"
    result.summary = f"{head}. " + " ".join(lines)
    return result


def compat_verdict(lib: Library, inbound: str, outbound: str, ctx: Context | None = None,
                   settings: SolverSettings = DEFAULT_SETTINGS) -> Verdict:
    """The verdict of ``compat_pair`` alone — no explanation, no per-reading report — settled
    as cheaply as it can be: relation by relation from the profiles where they suffice; the
    rest by the solver over every reading at once (two calls, not two per reading
    assignment). Used where only verdicts are wanted (matrix, combine's outbound search).
    Past the deadline: unknown."""
    check_arguments(lib, {"inbound": inbound, "outbound": outbound}, ctx, settings)
    ctx = compat_context(ctx, lib.vocab)
    try:
        return _compat_verdict(lib, inbound, outbound, ctx, settings)
    except DeadlineExceeded:
        return Verdict.UNKNOWN


def verdict_row(lib: Library, inbound: str, outbounds: list[str], ctx: Context | None = None,
                settings: SolverSettings = DEFAULT_SETTINGS) -> dict[str, Verdict]:
    """``compat_verdict`` of one inbound license against each outbound one (a matrix row):
    the arguments checked and the context split by relation once for the row."""
    check_arguments(lib, {"inbound": inbound}, ctx, settings)
    ctx = compat_context(ctx, lib.vocab)
    one = {r: replace(ctx, relations=(r,)) for r in ctx.relations or COMPAT_RELATIONS}
    out: dict[str, Verdict] = {}
    for b in outbounds:
        try:
            out[b] = _compat_verdict(lib, inbound, b, ctx, settings, one)
        except DeadlineExceeded:
            out[b] = Verdict.UNKNOWN
    return out


def _compat_verdict(lib: Library, inbound: str, outbound: str, ctx: Context,
                    settings: SolverSettings, one: dict[str, Context] | None = None
                    ) -> Verdict:
    from liclogic.queries.profile import fast_relation

    a, b = _pair(lib, inbound, outbound)
    enc = encoding_for(lib)
    relations = ctx.relations or COMPAT_RELATIONS
    one = one or {r: replace(ctx, relations=(r,)) for r in relations}
    settled: list[Verdict] = []
    unsettled: list[str] = []
    for r in relations:
        v = fast_relation(enc, a, b, one[r], settings) if settings.fast_paths else None
        if v is None:
            unsettled.append(r)
        else:
            settled.append(v)
    known = set(settled)
    if not unsettled:
        return merge_verdicts(settled)
    if Verdict.DEPENDS in known or {Verdict.YES, Verdict.NO} <= known:
        return Verdict.DEPENDS  # some scenario holds and some fails, whatever the rest says
    # with every settled relation yes, only a failing scenario in the rest matters; with
    # every one no, only a holding one
    holds, fails = solve_verdict(enc, a, b, replace(ctx, relations=tuple(unsettled)),
                                  settings, need_holds=known != {Verdict.YES},
                                  need_fails=known != {Verdict.NO})
    if Status.UNKNOWN in (holds, fails):
        return Verdict.UNKNOWN
    if known == {Verdict.YES}:
        return Verdict.YES if fails == Status.UNSAT else Verdict.DEPENDS
    if known == {Verdict.NO}:
        return Verdict.NO if holds == Status.UNSAT else Verdict.DEPENDS
    if holds == fails == Status.UNSAT:
        raise LiclogicError("the context admits no scenario",
                            hint="check the --relation / --act / --licensee values")
    return (Verdict.DEPENDS if holds == fails == Status.SAT
            else Verdict.YES if holds == Status.SAT else Verdict.NO)


def _pair(lib: Library, inbound: str, outbound: str) -> tuple[LicenseModel, LicenseModel]:
    a, b = lib.get(inbound), lib.get(outbound)
    for lic in (a, b):
        if lic.kind == "exception":
            raise LiclogicError(f"{lic.id} is an exception, not a license",
                                hint=f"attach it to a license: GPL-2.0-only WITH {lic.id}")
    return a, b


def compat_pair(lib: Library, inbound: str, outbound: str, ctx: Context | None = None,
                settings: SolverSettings = DEFAULT_SETTINGS, explain: bool = True
                ) -> CheckResult:
    """compat for two single licenses (library ids, aliases or composites)."""
    ctx = compat_context(ctx, lib.vocab)
    a, b = _pair(lib, inbound, outbound)
    if not explain and settings.fast_paths:
        # not on an explained answer's path
        from liclogic.queries.profile import fast_split, split_report

        enc = encoding_for(lib)
        fast = fast_split(enc, a, b, ctx, settings)
        if fast is not None:
            readings, warnings = split_report(enc, a.readings | b.readings, ctx.readings, fast)
            return CheckResult(
                "compat", fast.verdict, fast.verdict.value,
                subject={"inbound": a.id, "outbound": b.id}, readings=readings,
                context=ctx.describe(COMPAT_ACTS, COMPAT_RELATIONS), warnings=warnings)
    enc = encoding_for(lib)
    decided = decide_all(enc, a, b, ctx, settings, explain)
    result = CheckResult(
        "compat", decided.verdict, "",
        subject={"inbound": a.id, "outbound": b.id},
        readings=decided.readings,
        context=ctx.describe(COMPAT_ACTS, COMPAT_RELATIONS),
        warnings=list(decided.warnings),
    )
    if explain and decided.verdict != Verdict.UNKNOWN:
        explain_pair(lib, a, b, ctx, decided.cases, result, settings)
    elif explain:
        result.summary = unknown_summary(settings, f"compat({a.id}, {b.id})")
    else:
        result.summary = decided.verdict.value
    return result
