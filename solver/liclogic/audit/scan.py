"""``liclogic scan``: every component of an inventory against the project's outbound license.

Per component: its name and version, the license as declared, the normalized expression, a
verdict (yes / no / depends / unknown) and the reasons. A license that cannot be normalized is
an explicit *unrecognised* entry with its raw text; one the library has no spec for is a
*no spec* entry; a component without license data is a *no license* entry. None is dropped.

Fast by construction: each distinct declaration is resolved and judged once, each distinct
(inbound, outbound) license pair is solved once without explanations, and only pairs that are
not *yes* are explained (solver/judge.py).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from liclogic.audit.judge import Judge
from liclogic.audit.policy import ScanPolicy
from liclogic.engine.context import Context
from liclogic.engine.result import Verdict, all_of
from liclogic.engine.solve import DEFAULT_SETTINGS, SolverSettings
from liclogic.errors import LiclogicError
from liclogic.inputs.inventory import Component, Inventory
from liclogic.inputs.normalize import Normalized, normalize
from liclogic.inputs.resolve import (
    NO_SPEC,
    UNRECOGNISED,
    Missing,
    Resolved,
    require_expression,
    resolve_declared,
)
from liclogic.lang.library import Library

OK = "ok"
NO_LICENSE = "no license"
POLICY = "policy"
NOT_SHIPPED = "not shipped"
# A component of an SBOM is shipped unmodified, combined into the project: static_link.
# A policy (context: relation: …) or --relation says otherwise (dynamic_link, modified).
SCAN_RELATIONS = ("static_link",)


@dataclass(slots=True)
class Entry:
    component: Component
    expression: str  # normalized; "" when nothing is declared
    verdict: Verdict
    status: str  # ok / unrecognised / no spec / no license / policy
    reasons: list[str] = field(default_factory=list)
    chosen: str | None = None  # the alternative the verdict rests on, for an OR
    unrecognised: list[str] = field(default_factory=list)
    no_spec: list[str] = field(default_factory=list)
    if_shipped: Verdict | None = None  # a component not shipped: its verdict were it shipped

    def to_json(self) -> dict[str, Any]:
        c = self.component
        d: dict[str, Any] = {
            "name": c.name, "version": c.version, "declared": c.declared_text,
            "normalized": self.expression or None, "verdict": self.verdict.value,
            "status": self.status, "reasons": self.reasons,
        }
        if c.ref:
            d["ref"] = c.ref
        if self.chosen:
            d["chosen"] = self.chosen
        if self.unrecognised:
            d["unrecognised"] = self.unrecognised
        if self.no_spec:
            d["no_spec"] = self.no_spec
        if c.basis:
            d["basis"] = c.basis
        if c.replaced:  # basis concluded: what the SBOM declares instead, not judged
            d["declared_replaced"] = c.replaced
        if c.evidence:  # what an analysis found, where it differs from what is judged
            d["evidence"] = c.evidence
        if c.scope:
            d["scope"] = c.scope
        if self.if_shipped is not None:
            d["shipped"] = False
            d["if_shipped"] = self.if_shipped.value
        if c.line is not None:
            d["line"] = c.line
        return d


@dataclass
class ScanResult:
    inventory: Inventory
    outbound: str
    outbound_source: str
    context: dict[str, Any]
    entries: list[Entry]
    distinct_expressions: int
    solver_calls: int
    seconds: float
    policy: str
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        c = Counter(e.verdict.value for e in self.entries)
        return {v: c.get(v, 0) for v in ("yes", "no", "depends", "unknown")}

    def statuses(self) -> dict[str, int]:
        return dict(Counter(e.status for e in self.entries))

    def unrecognised(self) -> dict[str, int]:
        return dict(Counter(u for e in self.entries for u in e.unrecognised).most_common())

    def no_spec(self) -> dict[str, int]:
        return dict(Counter(u for e in self.entries for u in e.no_spec).most_common())

    @property
    def verdict(self) -> Verdict:
        """No when any is no; else unknown, depends, yes (none at all: yes)."""
        return all_of([e.verdict for e in self.entries])

    @property
    def exit_code(self) -> int:
        """1 when any component is no; else 4 for unknown, 3 for depends, 0 when all yes."""
        return self.verdict.exit_code

    def to_json(self, components: bool = True) -> dict[str, Any]:
        """The document; ``components=False``: all but its last field, the components (a
        writer that makes them one at a time adds them: cli/jsonwrite)."""
        inv = self.inventory
        doc: dict[str, Any] = {
            "check": "scan", "source": inv.source, "format": inv.format,
            "outbound": self.outbound, "outbound_source": self.outbound_source,
            "policy": self.policy, "context": self.context, "verdict": self.verdict.value,
            "summary": {
                "components": len(self.entries), "distinct_expressions":
                    self.distinct_expressions, "verdicts": self.counts(),
                "statuses": self.statuses(), "unrecognised": self.unrecognised(),
                "no_spec": self.no_spec(), "solver_calls": self.solver_calls,
                "seconds": round(self.seconds, 3),
            },
            "notes": inv.notes + self.notes,
            "project": ({"name": inv.project.name, "version": inv.project.version,
                         "declared": inv.project.declared_text} if inv.project else None),
        }
        if components:
            doc["components"] = [e.to_json() for e in self.entries]
        return doc


def pick_outbound(inv: Inventory, given: str | None, policy: ScanPolicy) -> tuple[str, str]:
    """The outbound license: --outbound, else the policy's, else the SBOM's own component."""
    if given:
        return given, "--outbound"
    if policy.outbound:
        return policy.outbound, f"policy {policy.source}"
    proj = inv.project
    if proj is not None and proj.declared and all(d.recognised for d in proj.declared):
        expr = " AND ".join(d.expression for d in proj.declared if d.expression)
        return expr, f"the project's own license in {inv.format} metadata ({proj.name})"
    raise LiclogicError("no outbound license: give --outbound LICENSE",
                        hint="e.g. --outbound Apache-2.0 (the license the project is "
                             "distributed under); a policy file can set it too")


def scan(lib: Library, inv: Inventory, outbound: str | None = None,
         policy: ScanPolicy | None = None, settings: SolverSettings = DEFAULT_SETTINGS,
         progress: Callable[[int], None] | None = None, explain: bool = True) -> ScanResult:
    """Judge every component; ``explain=False`` skips the explanations of non-yes verdicts
    (the reasons then only name the license pair)."""
    from liclogic.inputs.read import bulk

    with bulk():
        return _scan(lib, inv, outbound, policy, settings, progress, explain)


def _scan(lib: Library, inv: Inventory, outbound: str | None, policy: ScanPolicy | None,
          settings: SolverSettings, progress: Callable[[int], None] | None, explain: bool
          ) -> ScanResult:
    start = time.perf_counter()
    policy = policy or ScanPolicy()
    out_text, out_source = pick_outbound(inv, outbound, policy)
    out = require_expression(lib, out_text, "outbound license")
    ctx = scan_context(policy)
    judge = Judge(lib, out, ctx, settings, policy.judge, explain)
    resolved_cache: dict[tuple, Resolved] = {}
    outcomes: dict[tuple, Entry] = {}
    entries: list[Entry] = []
    op = policy.license_list
    for comp in inv.components:
        # one outcome per distinct declaration: components that declare the same licenses
        # (and no policy rule names) share its expression, verdict, status and reason lists
        if comp.declared and (not policy.components or policy.rule_for(comp.name, comp.version)
                              is None):
            key = (tuple(comp.declared), op or comp.op)
            o = outcomes.get(key)
            if o is None:
                o = outcomes[key] = _entry(lib, comp, judge, policy, resolved_cache)
            e = Entry(comp, o.expression, o.verdict, o.status, o.reasons, o.chosen,
                      o.unrecognised, o.no_spec)
        else:
            e = _entry(lib, comp, judge, policy, resolved_cache)
        entries.append(e if comp.scope is None else _not_shipped(e))
        if progress:
            progress(1)
    from liclogic.engine.context import COMPAT_ACTS

    res = ScanResult(inv, out.text, out_source,
                     ctx.describe(COMPAT_ACTS, SCAN_RELATIONS), entries,
                     len({r.alternatives for r in resolved_cache.values()}),
                     judge.solver_calls, time.perf_counter() - start, policy.source)
    if out.warnings:
        res.notes += list(out.warnings)
    return res


def scan_context(policy: ScanPolicy) -> Context:
    """The context a component is judged in: the policy's, shipped unmodified inside the
    project (static_link) unless the policy or --relation says otherwise."""
    ctx = policy.context
    if ctx.relations is None:  # a dependency is shipped as it is, built into the project
        ctx = replace(ctx, relations=SCAN_RELATIONS)
    return ctx


def _entry(lib: Library, comp: Component, judge: Judge, policy: ScanPolicy,
           cache: dict[tuple, Resolved]) -> Entry:
    rule = policy.rule_for(comp.name, comp.version)
    declared = comp.declared
    reasons: list[str] = []
    if rule is not None and rule.verdict is not None:
        v = Verdict.YES if rule.verdict == "yes" else Verdict.NO
        why = rule.reason or "decided by the policy"
        return Entry(comp, _text(lib, comp, cache), v, POLICY, [f"policy: {why}"])
    if rule is not None and rule.license is not None:
        declared = [Normalized(comp.declared_text or "(none)", rule.license,
                               f"policy: {rule.reason or 'license given by the policy'}")]
        reasons.append(f"license read as {rule.license} by the policy"
                       + (f": {rule.reason}" if rule.reason else ""))
    if not declared:
        return Entry(comp, "", Verdict.UNKNOWN, NO_LICENSE,
                     [comp.note or "no license declared"])
    resolved = _resolve(lib, declared, policy.license_list or comp.op, cache)
    j = judge.judge(resolved)
    chosen_missing = [x for x in j.chosen or () if isinstance(x, Missing)]
    status = OK
    if j.verdict == Verdict.UNKNOWN and chosen_missing:
        status = (UNRECOGNISED if any(m.reason == UNRECOGNISED for m in chosen_missing)
                  else NO_SPEC)
    if any(lv.policy for lv in j.leaves):
        status = POLICY if status == OK else status
        reasons += [f"{lv.leaf}: {lv.policy} by policy" for lv in j.leaves
                    if lv.policy == "allow"]
    reasons += j.reasons
    chosen = None
    if len(resolved.alternatives) > 1 and j.chosen:
        chosen = " AND ".join(str(x) for x in j.chosen)
        if j.verdict in (Verdict.YES, Verdict.DEPENDS):
            reasons.insert(0, f"chosen alternative: {chosen}")
    reasons += list(resolved.warnings)
    return Entry(comp, resolved.text, j.verdict, status, reasons, chosen,
                 [m.text for m in resolved.missing if m.reason == UNRECOGNISED],
                 [m.text for m in resolved.missing if m.reason == NO_SPEC])


def _not_shipped(e: Entry) -> Entry:
    """A component that is not distributed (an optional or excluded one, a service) does not
    decide whether the distribution may happen: yes, saying why, with what its license would
    have given were it shipped (its terms of use still bind whoever runs it)."""
    why = e.component.not_shipped_reason
    if why is None:
        return e
    were = e.verdict.value + (f" ({e.reasons[0]})" if e.reasons else "")
    return replace(e, verdict=Verdict.YES, status=NOT_SHIPPED, if_shipped=e.verdict,
                   reasons=[f"{why}: its license does not decide the distribution; "
                            f"were it shipped: {were}"])


def _resolve(lib: Library, declared: list[Normalized], op: str,
             cache: dict[tuple, Resolved]) -> Resolved:
    key = (tuple((d.raw, d.expression) for d in declared), op)
    if key not in cache:
        cache[key] = resolve_declared(lib, declared, op)
    return cache[key]


def _text(lib: Library, comp: Component, cache: dict[tuple, Resolved]) -> str:
    return _resolve(lib, comp.declared, comp.op, cache).text if comp.declared else ""


__all__ = ["Entry", "ScanResult", "normalize", "pick_outbound", "scan", "scan_context"]
