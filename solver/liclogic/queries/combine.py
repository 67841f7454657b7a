"""combine(A1, …, An): can works under these licenses be combined and the result distributed?

Yes when some outbound license O (any license of the library, the inputs included) has
compat(Ai, O) = yes for every i. Every such O is reported, least restrictive first, with the
duties the combination carries. When none works, the conflicts between the inputs themselves
are explained clause by clause (each a minimised unsat core or a witness).
"""

from __future__ import annotations

import itertools
import math

from liclogic.engine.arguments import check_arguments, license_names
from liclogic.engine.context import COMPAT_ACTS, COMPAT_RELATIONS, Context, compat_context
from liclogic.engine.result import Because, CheckResult, Verdict, all_of, best_of
from liclogic.engine.settings import DeadlineExceeded, unknown_summary
from liclogic.engine.solve import DEFAULT_SETTINGS, SolverSettings
from liclogic.errors import LiclogicError
from liclogic.lang.expression import alternatives, parse_expression
from liclogic.lang.library import Library, LicenseModel
from liclogic.queries.combine_choices import choose, fixed_relations
from liclogic.queries.combine_relations import (
    RelationOf,
    context_of,
    relation_words,
    relations_by_license,
    relations_per_input,
)
from liclogic.queries.compat import compat_pair, compat_verdict
from liclogic.queries.compat_explain import context_words


def restrictiveness(lic: LicenseModel) -> tuple[int, int, str]:
    """An ordering for outbound licenses: copyleft last, then by how much they impose."""
    from liclogic.lang import ast

    copyleft = int(any(d.kind == "same_license" for c in lic.of(ast.Require)
                       for d in c.clause.duties))
    weight = (len(lic.of(ast.Forbid)) + len(lic.of(ast.Carries)) + len(lic.of(ast.Require))
              + 2 * int(lic.restricts_further))
    return (copyleft, weight, lic.id)


# combinations of OR alternatives tried before giving up, when they must be tried one by one
# (combine_choices: otherwise the best choice is found without enumerating them)
MAX_CHOICES = 256
# Conflicts explained clause by clause when no outbound works; the others are listed with
# their verdicts only. Each explanation is a full solver run (~0.1-0.2 s), and 40 inputs can
# conflict in hundreds of pairs: a reader needs the first few reasons, not all of them.
MAX_EXPLAINED = 6


def combine(lib: Library, names: list[str], ctx: Context | None = None,
            settings: SolverSettings = DEFAULT_SETTINGS, explain: bool = True,
            relation_of: RelationOf | None = None) -> CheckResult:
    """combine over license expressions: for inputs with OR, the best choice of alternatives
    (yes when some choice combines); AND parts all join the combination. ``relation_of``
    gives an input (as written in ``names``) its own relations (combine_relations). Past the
    deadline of ``settings``: unknown."""
    check_arguments(lib, {}, ctx, settings)
    names = license_names(names, "names", at_least=1)
    ctx = compat_context(ctx, lib.vocab)
    per_input = relations_per_input(lib, names, relation_of, ctx)
    try:
        return _combine(lib, names, ctx, settings, explain, per_input)
    except DeadlineExceeded:
        return CheckResult("combine", Verdict.UNKNOWN,
                           unknown_summary(settings, f"combine({', '.join(names)})"),
                           subject={"licenses": names}, extra={"outbound": [], "duties": []})


def _combine(lib: Library, names: list[str], ctx: Context, settings: SolverSettings,
             explain: bool, per_input: list[tuple[str, ...] | None]) -> CheckResult:
    parsed = [parse_expression(lib, n) for n in names]
    warnings = [w for p in parsed for w in p.warnings]
    options = [alternatives(p.expression) for p in parsed]

    def flat(choice) -> list[str]:
        return list(dict.fromkeys(i for alt in choice for i in alt))

    def rels(choice) -> dict[str, tuple[str, ...]]:
        return relations_by_license(lib, choice, per_input, ctx)

    fixed = fixed_relations(lib, options, per_input, ctx)
    if math.prod(map(len, options)) == 1:
        chosen: tuple[tuple[str, ...], ...] = tuple(o[0] for o in options)
        best = None
    elif fixed is not None:  # without trying every choice (combine_choices)
        best, picks = choose(lib, options, outbound_candidates(lib), lambda a, o: compat_verdict(
            lib, a, o, context_of(ctx, fixed, a), settings))
        chosen = tuple(alts[j] for alts, j in zip(options, picks, strict=True))
    else:  # a license brought under different relations by two inputs: every choice
        choices = list(itertools.islice(itertools.product(*options), MAX_CHOICES + 1))
        if len(choices) > MAX_CHOICES:
            raise LiclogicError(f"more than {MAX_CHOICES} combinations of OR alternatives "
                                "(with a license brought under different relations by two "
                                "inputs, each is tried)",
                                hint="fix some choices yourself and ask again")
        verdicts = [combine_licenses(lib, flat(c), ctx, settings, False, rels(c)).verdict
                    for c in choices]
        best = best_of(verdicts)
        chosen = choices[verdicts.index(best)]
    result = combine_licenses(lib, flat(chosen), ctx, settings, explain, rels(chosen))
    if best is not None:
        result.extra["choice"] = flat(chosen)
        if explain and best != Verdict.NO:
            result.summary = f"Choosing {' + '.join(result.extra['choice'])}: {result.summary}"
    result.subject = {"licenses": [p.text for p in parsed]}
    result.warnings += warnings
    return result


def outbound_candidates(lib: Library) -> list[LicenseModel]:
    """Every license of the library that can be outbound, least restrictive first."""
    return sorted({lic.id: lic for lic in lib.licenses.values() if lic.kind != "exception"}
                  .values(), key=restrictiveness)


def combine_licenses(lib: Library, names: list[str], ctx: Context,
                     settings: SolverSettings = DEFAULT_SETTINGS, explain: bool = True,
                     relations: RelationOf | None = None) -> CheckResult:
    """combine for single licenses (library ids or composites); ``relations``: the
    licenses checked under relations of their own (combine_relations)."""
    inputs = list(dict.fromkeys(lib.get(n).id for n in names))
    lics = [lib.get(i) for i in inputs]
    candidates = outbound_candidates(lib)
    works: list[str] = []
    maybe: list[str] = []
    unknown = False
    asking = list(lics)  # reordered by _all_compat: the last refusing input first
    for out in candidates:
        v = _all_compat(lib, asking, out, ctx, settings, relations)
        if v == Verdict.YES:
            works.append(out.id)
        elif v == Verdict.DEPENDS:
            maybe.append(out.id)
        elif v == Verdict.UNKNOWN:
            unknown = True
    verdict = (Verdict.YES if works else Verdict.DEPENDS if maybe
               else Verdict.UNKNOWN if unknown else Verdict.NO)
    result = CheckResult(
        "combine", verdict, "", subject={"licenses": inputs},
        extra={"outbound": works, "outbound_depends": maybe},
        context=ctx.describe(COMPAT_ACTS, COMPAT_RELATIONS),
    )
    if relations:
        result.context["relation_of"] = {lic: list(r) for lic, r in relations.items()}
    if not explain:
        result.summary = verdict.value
        return result
    result.extra["asked"] = context_words(lib, ctx) + relation_words(lib, relations or {})
    if works:
        best = works[0]
        checklist: dict[tuple[str, str], dict] = {}
        for a in lics:
            r = compat_pair(lib, a.id, best, context_of(ctx, relations, a.id), settings)
            result.because += [b for b in r.because if b not in result.because]
            for item in r.extra.get("duties") or []:
                checklist.setdefault((item["license"], item["duty"]), item)
        result.extra["duties"] = list(checklist.values())
        result.extra["names"] = {x: lib.prose(x) for x in [*inputs, *works[:8]]}

        listed = ", ".join(works[:8]) + (f" and {len(works) - 8} more" if len(works) > 8 else "")
        asks = sorted({lib.prose(item["license"]) for item in checklist.values()})
        result.summary = (f"Yes: the combination can be distributed under {listed}; the least "
                          f"restrictive is {best}."
                          + (f" It asks what {', '.join(asks)} require (listed)." if asks
                             else ""))
        return result
    conflicts = _conflicts(lib, lics, ctx, settings, relations)
    result.extra["conflicts"] = conflicts
    lines: list[str] = []
    for c in conflicts[:MAX_EXPLAINED]:
        c["explained"] = True
        for a, b, v in ((c["a"], c["b"], c["a_into_b"]), (c["b"], c["a"], c["b_into_a"])):
            if v == Verdict.YES.value:
                continue
            r = compat_pair(lib, a, b, context_of(ctx, relations, a), settings)
            lines.append(f"{lib.prose(a)} into {lib.prose(b)}: "
                         f"{r.extra.get('headline') or r.summary}")
            result.because += [x for x in r.because if x not in result.because]
            result.witnesses += r.witnesses
    rest = conflicts[MAX_EXPLAINED:]
    if rest:
        lines.append(f"Also in conflict ({len(rest)} more pairs, verdicts only): "
                     + "; ".join(f"{lib.prose(c['a'])} and {lib.prose(c['b'])}"
                                 for c in rest[:20])
                     + (" …" if len(rest) > 20 else "") + ".")
    head = {Verdict.NO: "No: no license in the library can carry all of them.",
            Verdict.DEPENDS: "Depends: some outbound licenses work only in some scenarios "
                             f"({', '.join(maybe[:8])}).",
            Verdict.UNKNOWN: "Unknown: the solver gave up on some outbound licenses."}[verdict]
    result.summary = " ".join([head, *lines])
    return result


__all__ = ["Because", "combine", "restrictiveness"]


def _conflicts(lib: Library, lics: list[LicenseModel], ctx: Context,
               settings: SolverSettings, relations: RelationOf | None = None) -> list[dict]:
    """The pairs of inputs that cannot be combined one into the other, on the verdict-only
    path: neither A into B nor B into A is yes. When every pair combines one way or the other
    but no single outbound carries all of them, every ordered pair that is not yes (the old
    answer; it is then the whole reason)."""
    yes = Verdict.YES.value

    def into(a: str, b: str) -> str:
        return compat_verdict(lib, a, b, context_of(ctx, relations, a), settings).value

    # B into A only where A into B is not yes: a pair with one yes is no conflict, and its
    # other direction is asked only when no pair conflicts both ways (about half the checks)
    pairs = []
    for i, a in enumerate(lics):
        for b in lics[i + 1:]:
            ab = into(a.id, b.id)
            pairs.append({"a": a.id, "b": b.id, "a_into_b": ab,
                          "b_into_a": into(b.id, a.id) if ab != yes else None,
                          "explained": False})
    both = [c for c in pairs if c["a_into_b"] != yes and c["b_into_a"] != yes]
    if both:
        return _spread(both)
    for c in pairs:
        if c["b_into_a"] is None:
            c["b_into_a"] = into(str(c["b"]), str(c["a"]))
    return _spread([c for c in pairs if c["a_into_b"] != yes or c["b_into_a"] != yes])


def _spread(conflicts: list[dict]) -> list[dict]:
    """Conflicts reordered so the first MAX_EXPLAINED name as many different inputs as they
    can (one copyleft input conflicts with everything; six reasons about it alone would hide
    the others), the rest in input order."""
    first: list[dict] = []
    seen: set[str] = set()
    for fresh in (2, 1):
        for c in conflicts:
            if len(first) < MAX_EXPLAINED and c not in first \
                    and len({c["a"], c["b"]} - seen) >= fresh:
                first.append(c)
                seen |= {c["a"], c["b"]}
    return first + [c for c in conflicts if c not in first]


def _all_compat(lib: Library, lics: list[LicenseModel], out: LicenseModel, ctx: Context,
                settings: SolverSettings, relations: RelationOf | None = None) -> Verdict:
    """all_of the inputs' compat verdicts into ``out``, stopping at the first no. The input
    that refused the last outbound is asked first (``lics`` is reordered in place): one
    copyleft or non-commercial input refuses most of the library, often from its own profile
    alone, so most outbound licenses take one verdict and no profile of their own. The
    verdict is all_of over every input whatever the order."""
    verdicts = []
    for i, a in enumerate(lics):
        verdicts.append(compat_verdict(lib, a.id, out.id, context_of(ctx, relations, a.id),
                                       settings))
        if verdicts[-1] == Verdict.NO:
            lics.insert(0, lics.pop(i))
            break
    return all_of(verdicts)
