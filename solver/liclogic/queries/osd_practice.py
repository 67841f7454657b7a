"""Where OSI practice goes beyond the OSD's text, as named readings over the ten criteria.

``osi-patent-practice``: a license that expressly withholds the licensor's patent rights is
not approved, whatever the ten criteria say — the reason CC0-1.0 was withdrawn from OSI
review in 2012 (its §4(a): "No trademark or patent rights held by Affirmer are waived,
abandoned, surrendered, licensed or otherwise affected by this document"). The OSD's text
does not ask for a patent grant, so the practice is a reading: with it open, ``osd`` of a
license that reserves patent use is `depends` on it, naming it and the clause.
"""

from __future__ import annotations

from dataclasses import replace

import z3

from liclogic.engine import evaluate as ev
from liclogic.engine.encoding import encoding_for
from liclogic.engine.result import Because, CheckResult, ReadingInfo, Verdict
from liclogic.engine.settings import DEFAULT_SETTINGS, SolverSettings
from liclogic.lang.expression import Leaf, parse_expression
from liclogic.lang.library import Library
from liclogic.queries import categories as cat
from liclogic.queries.classify import Answer, ask
from liclogic.queries.osd import osd

OSI_PATENT = "osi-patent-practice"


def _patents_withheld() -> cat.Property:
    """Is there a scenario where a reserve (or forbid) clause withholds the licensor's
    patents (patent_use on the work itself)?"""
    def formula(sv: object, c: object) -> z3.BoolRef:
        from liclogic.engine.compile import CompiledLicense
        from liclogic.engine.encoding import ScenarioVars

        assert isinstance(sv, ScenarioVars) and isinstance(c, CompiledLicense)
        bans = [c.fire[x.index] for x in c.lic.bans]
        return z3.And(sv.is_("act", "patent_use"), sv.is_("relation", "verbatim"),
                      z3.Or(bans) if bans else z3.BoolVal(False))

    def check(lic: object, s: ev.Scenario) -> list:
        from liclogic.lang.library import LicenseModel

        assert isinstance(lic, LicenseModel)
        ok = (s["act"], s["relation"]) == ("patent_use", "verbatim")
        return list(ev.withheld_by(lic, s)) if ok else []

    return cat.Property("patents_withheld", "withholds the licensor's patent rights",
                        formula, check)


def patents_withheld(lib: Library, lid: str, settings: SolverSettings = DEFAULT_SETTINGS
                     ) -> Answer:
    return ask(encoding_for(lib), lib.get(lid), _patents_withheld(), settings)


def osd_with_practice(lib: Library, name: str, readings: dict[str, bool] | None = None,
                      settings: SolverSettings = DEFAULT_SETTINGS) -> CheckResult:
    """``osd``, and OSI's patent practice where the license withholds patent rights."""
    readings = dict(readings or {})
    on = readings.pop(OSI_PATENT, None)
    result = osd(lib, name, readings, settings)
    parsed = parse_expression(lib, name).expression
    if on is False or not isinstance(parsed, Leaf) or result.verdict == Verdict.NO:
        return result
    withheld = patents_withheld(lib, parsed.id, settings)
    if not withheld.holds:
        return result
    label = lib.vocab.readings.get(OSI_PATENT)
    cites = "; ".join(dict.fromkeys(
        f"{c.license} {c.section} \u201c{(c.quote or '').rstrip('.')}\u201d"
        for c in withheld.clauses if c.section))
    practice = (f"OSI practice does not approve a license that withholds patent rights: "
                f"{cites}")
    because = [Because(c.license, "reserve patent_use", c.section or "", c.quote, c.at,
                       role=f"withholds patent rights (reading {OSI_PATENT})")
               for c in withheld.clauses]
    info = ReadingInfo(OSI_PATENT, on, True, {"off": result.verdict, "on": Verdict.NO},
                       label.doc if label else None, label.label if label else None)
    if on:
        return replace(result, verdict=Verdict.NO, summary=f"No (with the reading "
                       f"{OSI_PATENT}). {practice}.", because=[*because, *result.because],
                       readings={**result.readings, OSI_PATENT: info})
    summary = (f"Depends on the reading {OSI_PATENT} (OSI practice beyond the OSD's text): "
               f"{result.verdict.value} by the ten criteria; no with it — {practice}.")
    return replace(result, verdict=Verdict.DEPENDS, summary=summary,
                   because=[*because, *result.because],
                   readings={**result.readings, OSI_PATENT: info})


