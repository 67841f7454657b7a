"""combine over OR choices without trying every assignment of alternatives.

A choice (one alternative per input) combines under outbound O with the verdict
all_of(compat(L, O) for every license L it brings); combine takes the best O, and the best
choice. Verdicts are totally ordered (yes > depends > unknown > no; all_of is their minimum,
best_of their maximum), and the choices are the product of the inputs' alternatives, so

    best over choices, best over O, of min over inputs i of v(alt_i, O)
  = best over O of min over inputs i of (best over alternatives alt of v(alt, O))

— one pass over the candidates, each input's alternatives tried in turn: the work grows with
the sum of the alternatives, not their product. The choice reported is the one enumeration
would report: the first, in the order of ``itertools.product``, that reaches the best verdict.

Exact when each license is asked about in one set of relations whatever the choice; when two
inputs bring the same license under different relations (``--relation-of``), the relations
of a license depend on the choice (their union), and ``choose`` returns None: the caller
enumerates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from liclogic.engine.context import COMPAT_RELATIONS, Context
from liclogic.engine.result import Verdict
from liclogic.lang.library import Library, LicenseModel

RANK = {Verdict.NO: 0, Verdict.UNKNOWN: 1, Verdict.DEPENDS: 2, Verdict.YES: 3}

Verdicts = Callable[[str, str], Verdict]  # (input license id, outbound id) → compat verdict


def fixed_relations(lib: Library, options: Sequence[Sequence[tuple[str, ...]]],
                    per_input: Sequence[tuple[str, ...] | None], ctx: Context
                    ) -> dict[str, tuple[str, ...]] | None:
    """The relations of every license any choice can bring, when they do not depend on the
    choice (as ``relations_by_license`` gives them: only those that differ from the
    question's); None when some license comes with different relations from two inputs."""
    default = ctx.relations or COMPAT_RELATIONS
    seen: dict[str, frozenset[str]] = {}
    out: dict[str, tuple[str, ...]] = {}
    for alts, rels in zip(options, per_input, strict=True):
        mine = tuple(dict.fromkeys(rels or default))
        for alt in alts:
            for name in alt:
                lic = lib.get(name).id
                if seen.setdefault(lic, frozenset(mine)) != frozenset(mine):
                    return None
                if set(mine) != set(default):
                    out[lic] = mine
    return out


def choose(lib: Library, options: Sequence[Sequence[tuple[str, ...]]],
           candidates: Sequence[LicenseModel], verdict: Verdicts
           ) -> tuple[Verdict, tuple[int, ...]]:
    """The best verdict over every choice of alternatives, and the first choice (indices into
    each input's alternatives, in product order) that reaches it."""
    ids = [[tuple(dict.fromkeys(lib.get(n).id for n in alt)) for alt in alts]
           for alts in options]
    memo: dict[tuple[str, str], Verdict] = {}

    def v(lic: str, out: str) -> Verdict:
        if (lic, out) not in memo:
            memo[(lic, out)] = verdict(lic, out)
        return memo[(lic, out)]

    def alt_rank(alt: tuple[str, ...], out: str) -> int:
        worst = RANK[Verdict.YES]
        for lic in alt:
            worst = min(worst, RANK[v(lic, out)])
            if worst == 0:
                break
        return worst

    order = list(range(len(ids)))  # the input that refused the last outbound is asked first
    per_out: list[tuple[str, list[list[int]]]] = []  # outbound, each input's alternative ranks
    best = 0
    for out in candidates:
        ranks: list[list[int]] = [[] for _ in ids]
        level = RANK[Verdict.YES]
        for pos, i in enumerate(order):
            for alt in ids[i]:
                ranks[i].append(alt_rank(alt, out.id))
                if ranks[i][-1] == RANK[Verdict.YES]:
                    break  # the rest of this input's alternatives cannot do better
            level = min(level, max(ranks[i]))
            if level == 0:
                order.insert(0, order.pop(pos))
                break
        best = max(best, level)
        if level > 0 and level >= best:
            per_out.append((out.id, ranks))
    verdict_best = next(k for k, r in RANK.items() if r == best)
    if best == 0:
        return verdict_best, tuple(0 for _ in ids)
    firsts = []
    for _out, ranks in per_out:
        picks = []
        for i in range(len(ids)):
            # the alternatives after a yes were not tried: the yes comes first anyway
            pick = next((j for j, r in enumerate(ranks[i]) if r >= best), None)
            if pick is None:
                break
            picks.append(pick)
        else:
            firsts.append(tuple(picks))
    return verdict_best, min(firsts)


__all__ = ["choose", "fixed_relations"]
