"""Verdicts for declared licenses against an outbound license, solved once per distinct pair.

A ``Judge`` answers "can something under this (resolved) declaration be part of a work
distributed under OUTBOUND, in this context?" for many declarations: each distinct
(inbound license, outbound license) pair goes through ``compat`` once without explanations;
the explanation of a pair that is not *yes* is computed once, when it is first asked for.
OR is the licensee's choice (the best alternative counts; a policy's ``prefer`` order breaks
ties), AND means every part must be compatible, and a part the library cannot decide
(unrecognised, no spec) makes the verdict unknown unless the rest settles it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from liclogic.engine.context import Context
from liclogic.engine.result import CheckResult, Verdict, all_of
from liclogic.engine.solve import DEFAULT_SETTINGS, SolverSettings
from liclogic.inputs.resolve import NO_SPEC, Leaf, Missing, Resolved
from liclogic.lang.library import Library

RANK = {Verdict.YES: 0, Verdict.DEPENDS: 1, Verdict.UNKNOWN: 2, Verdict.NO: 3}


def any_of(verdicts: Iterable[Verdict]) -> Verdict:
    """The verdict of a choice: the best alternative (yes, then depends, unknown, no)."""
    vs = list(verdicts)
    return min(vs, key=RANK.__getitem__) if vs else Verdict.UNKNOWN


@dataclass(frozen=True)
class LeafVerdict:
    leaf: Leaf
    verdict: Verdict
    reason: str  # one line: why (empty for a plain yes)
    policy: str | None = None  # "allow" / "deny" when a policy decided it


@dataclass
class Judgement:
    verdict: Verdict
    chosen: tuple[Leaf, ...] | None  # the alternative the verdict rests on
    leaves: list[LeafVerdict] = field(default_factory=list)  # of the chosen alternative

    @property
    def reasons(self) -> list[str]:
        return [lv.reason for lv in self.leaves if lv.reason]


@dataclass
class Policy:
    """The parts of a policy file a judge applies (see solver/policy.py)."""

    allow: frozenset[str] = frozenset()  # lower-cased ids: yes without solving
    deny: frozenset[str] = frozenset()  # lower-cased ids: no, whatever the solver says
    prefer: tuple[str, ...] = ()  # lower-cased ids, most preferred first


class Judge:
    def __init__(self, lib: Library, outbound: Resolved, ctx: Context | None = None,
                 settings: SolverSettings = DEFAULT_SETTINGS, policy: Policy | None = None,
                 explain: bool = True):
        self.lib = lib
        self.outbound = outbound.leaves
        self.ctx = (ctx or Context()).validate(lib.vocab)
        self.settings = settings
        self.policy = policy or Policy()
        self.explaining = explain  # False: verdicts only, reasons name the pair
        self._verdicts: dict[tuple[str, str], Verdict] = {}
        self._explained: dict[tuple[str, str], CheckResult] = {}
        self._judged: dict[tuple, Judgement] = {}
        self.solver_calls = 0

    # -------------------------------------------------------------- one pair

    def verdict(self, inbound: str, outbound: str) -> Verdict:
        key = (inbound, outbound)
        if key not in self._verdicts:
            self._verdicts[key] = self._compat(inbound, outbound, False).verdict
        return self._verdicts[key]

    def explain(self, inbound: str, outbound: str) -> CheckResult:
        key = (inbound, outbound)
        if key not in self._explained:
            self._explained[key] = self._compat(inbound, outbound, True)
        return self._explained[key]

    def _compat(self, inbound: str, outbound: str, explain: bool) -> CheckResult:
        """compat, through the on-disk cache when the library came from it (liclogic.cache)."""
        lib_key = getattr(self.lib, "key", None)
        if not lib_key:
            self.solver_calls += 1
            return self._solve(inbound, outbound, explain)
        from liclogic.cache import digest, store
        from liclogic.queries.profile import context_key

        key = digest(lib_key, "judge-compat", inbound, outbound, context_key(self.ctx),
                     self.settings, explain)
        hit = store().get(key, CheckResult)
        if isinstance(hit, CheckResult):
            return hit
        self.solver_calls += 1
        result = self._solve(inbound, outbound, explain)
        if result.verdict != Verdict.UNKNOWN:
            store().put(key, result, CheckResult)
        return result

    def _solve(self, inbound: str, outbound: str, explain: bool) -> CheckResult:
        """compat; for a license whose notice may carry a declaration that decides it and
        that no SPDX id states (EPL-2.0's Secondary License, Exhibit A), compat_declared: a
        component under plain ``EPL-2.0`` depends on the declaration, as `compat` says, while
        an SBOM that states it (``EPL-2.0 OR GPL-2.0-or-later``, as SPDX writes it) is read
        through the OR."""
        from liclogic.queries.compat import compat
        from liclogic.queries.declarations import compat_declared, open_declarations

        if open_declarations(inbound, {}):
            return compat_declared(self.lib, inbound, outbound, {}, self.ctx, self.settings,
                                   in_sbom=True)
        return compat(self.lib, inbound, outbound, self.ctx, self.settings, explain)

    # -------------------------------------------------------------- a declaration

    def _policy_of(self, names: Iterable[str]) -> str | None:
        low = {n.lower() for n in names}
        if low & self.policy.deny:
            return "deny"
        if low & self.policy.allow:
            return "allow"
        return None

    def leaf(self, leaf: Leaf) -> LeafVerdict:
        if isinstance(leaf, Missing):
            rule = self._policy_of([leaf.text])
            if rule == "deny":
                return LeafVerdict(leaf, Verdict.NO, f"{leaf.text}: denied by policy", "deny")
            if rule == "allow":
                return LeafVerdict(leaf, Verdict.YES, "", "allow")
            if leaf.reason == NO_SPEC:
                return LeafVerdict(leaf, Verdict.UNKNOWN,
                                   f"{leaf.text}: the library has no spec for this license")
            return LeafVerdict(leaf, Verdict.UNKNOWN,
                               f"unrecognised license {leaf.text!r}: cannot be read as a "
                               "license id, name or URL")
        lic = self.lib.get(leaf)
        rule = self._policy_of([leaf, *lic.aliases, *((lic.parent and [lic.parent]) or [])])
        if rule == "deny":
            return LeafVerdict(leaf, Verdict.NO, f"{leaf}: denied by policy", "deny")
        if rule == "allow":
            return LeafVerdict(leaf, Verdict.YES, "", "allow")
        verdicts = {o: self.verdict(leaf, o) for o in self.outbound}
        v = all_of(list(verdicts.values()))
        if v == Verdict.YES:
            return LeafVerdict(leaf, v, "")
        worst = next(o for o, x in verdicts.items() if x == v)
        if not self.explaining:
            return LeafVerdict(leaf, v, f"{leaf} → {worst}: {v.value}")
        return LeafVerdict(leaf, v, self.explain(leaf, worst).summary)

    def judge(self, resolved: Resolved) -> Judgement:
        key = resolved.alternatives
        if key in self._judged:
            return self._judged[key]
        if not resolved.alternatives:
            j = Judgement(Verdict.UNKNOWN, None)
            self._judged[key] = j
            return j
        scored: list[tuple[tuple, Verdict, list[LeafVerdict], tuple[Leaf, ...]]] = []
        for i, alt in enumerate(resolved.alternatives):
            lvs = [self.leaf(x) for x in alt]
            v = all_of([lv.verdict for lv in lvs])
            scored.append(((RANK[v], self._preference(alt), i), v, lvs, alt))
        scored.sort(key=lambda t: t[0])
        _, v, lvs, alt = scored[0]
        j = Judgement(v, alt, lvs)
        if v not in (Verdict.YES, Verdict.DEPENDS):  # no alternative works: say why for each
            j.leaves = list(dict.fromkeys(lv for _, _, x, _ in scored for lv in x))
        self._judged[key] = j
        return j

    def _preference(self, alt: tuple[Leaf, ...]) -> int:
        prefer = self.policy.prefer
        ranks = [prefer.index(x.lower()) for x in alt if isinstance(x, str)
                 and x.lower() in prefer]
        return max(ranks) if ranks and len(ranks) == len(alt) else len(prefer)
