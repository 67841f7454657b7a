"""The expectations a spec carries (``expect …``), run: each asks its question of the library
(compat, osd, or what the license permits) and compares the verdict with the one expected.

``permits ACTS [on RELS] [when C]`` asks whether the license permits the acts on those
relations (by default the work itself, ``verbatim``) in every scenario where ``C`` holds
(yes), in none (no), or in some (depends); readings not fixed range over both values.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

import z3

from liclogic.engine.compile import compile_license, condition
from liclogic.engine.context import Context
from liclogic.engine.encoding import encoding_for
from liclogic.engine.result import CheckResult, Verdict
from liclogic.engine.settings import DeadlineExceeded, unknown_summary
from liclogic.engine.solve import (
    DEFAULT_SETTINGS,
    Query,
    SolverSettings,
    Status,
    domain_of,
    plain_defs,
)
from liclogic.lang import ast
from liclogic.lang.format import format_expect
from liclogic.lang.library import Library, LicenseModel
from liclogic.lang.vocabulary import ACT, RELATION, SELF_RELATION


@dataclass(frozen=True)
class Outcome:
    """One expectation run: what was expected, what the library answers, and why."""

    license: str
    expect: ast.Expect
    got: Verdict
    result: CheckResult | None = None  # the answer of compat / osd (its explanation)

    @property
    def passed(self) -> bool:
        return self.got.value == self.expect.verdict

    @property
    def where(self) -> str:
        s = self.expect.span
        return f"{s.file}:{s.line}" if s else self.license

    @property
    def text(self) -> str:
        """The expectation as written, without its source."""
        return " ".join(line.strip() for line in
                        format_expect(dataclasses.replace(self.expect, source=None)))

    def explain(self) -> str:
        """The answer's summary and its deciding clauses, for a failed expectation."""
        if self.result is None:
            return f"{self.license}: {self.got.value}"
        lines = [self.result.summary]
        if self.expect.question == "osd" and self.expect.criterion is not None:
            crit = self.result.extra["criteria"][self.expect.criterion - 1]
            lines = [f"criterion {crit['number']} ({crit['title']}): {crit['verdict']}. "
                     f"{crit.get('summary', '')}".rstrip()]
        lines += [f"  because {b.license} {b.cite}: {b.clause}" for b in self.result.because[:6]]
        return "\n".join(lines)

    def to_json(self) -> dict[str, object]:
        return {"license": self.license, "where": self.where, "expect": self.text,
                "expected": self.expect.verdict, "got": self.got.value, "passed": self.passed,
                "source": self.expect.source}


def run_expectation(lib: Library, lic: LicenseModel, e: ast.Expect,
                    settings: SolverSettings = DEFAULT_SETTINGS) -> Outcome:
    from liclogic.queries.compat import compat
    from liclogic.queries.osd import osd

    readings = dict(e.readings)
    if e.question in ("compat", "compat_from"):
        other = lib.canonical(e.other or "")
        inbound, outbound = (lic.id, other) if e.question == "compat" else (other, lic.id)
        r = compat(lib, inbound, outbound, Context(readings=readings), settings)
        return Outcome(lic.id, e, r.verdict, r)
    if e.question == "osd":
        r = osd(lib, lic.id, readings, settings)
        got = r.verdict if e.criterion is None else \
            Verdict(r.extra["criteria"][e.criterion - 1]["verdict"])
        return Outcome(lic.id, e, got, r)
    return Outcome(lic.id, e, permits_verdict(lib, lic, e, settings))


def permits_verdict(lib: Library, lic: LicenseModel, e: ast.Expect,
                    settings: SolverSettings = DEFAULT_SETTINGS) -> Verdict:
    """Does the license permit ``e.acts`` on ``e.relations`` wherever ``e.when`` holds?"""
    enc = encoding_for(lib)
    sv = enc.scenario("expect")
    c = compile_license(enc, lic, sv)
    acts = e.acts if e.acts is not None else lib.vocab.acts
    relations = e.relations if e.relations is not None else (SELF_RELATION,)
    q = Query(settings, cores=False).add(
        *domain_of(sv), plain_defs(c), sv.among(ACT, acts), sv.among(RELATION, relations),
        *[enc.readings[r] == on for r, on in e.readings])
    if e.when is not None:
        q.add(condition(e.when, sv, c.reach))
    try:
        can = q.status(c.permitted)
        if can == Status.UNKNOWN:
            return Verdict.UNKNOWN
        if can == Status.UNSAT:
            return Verdict.NO
        cannot = q.status(z3.Not(c.permitted))
    except DeadlineExceeded:
        return Verdict.UNKNOWN
    if cannot == Status.UNKNOWN:
        return Verdict.UNKNOWN
    return Verdict.YES if cannot == Status.UNSAT else Verdict.DEPENDS


def run_expectations(lib: Library, ids: Iterable[str],
                     settings: SolverSettings = DEFAULT_SETTINGS) -> list[Outcome]:
    """Every expectation written in the specs of ``ids``, in order."""
    out = []
    for lid in ids:
        lic = lib.get(lid)
        for e in lic.tree.expectations:
            try:
                out.append(run_expectation(lib, lic, e, settings))
            except DeadlineExceeded:
                out.append(Outcome(lic.id, e, Verdict.UNKNOWN, CheckResult(
                    "expect", Verdict.UNKNOWN, unknown_summary(settings, "the expectation"))))
    return out
