"""The category rules as data: the questions ``classify`` asks of a license's clauses, and the
ordered rules that turn their answers into a category and flags.

Each *property* is one existential question over scenarios (is there a scenario where the
license grants a modified version's distribution? where a duty to license it under the same
license applies to a program statically linked with it?), asked of the solver over the
compiled clauses and answered yes with a witness replayed through the reference evaluator, or
no with the clauses that rule it out (an unsat core). A *rule* names the category that a
combination of answers means; the first rule that matches decides, and its properties are the
reasons shown. Nothing here names a license: a category follows from the clauses alone.

Readings are held off (the default): a category is what the text settles.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import z3

from liclogic.engine import evaluate as ev
from liclogic.engine.compile import CompiledLicense
from liclogic.engine.encoding import ScenarioVars
from liclogic.lang import ast
from liclogic.lang.library import LicenseModel, SpecClause

COPYLEFT_DUTIES = ("same_license", "source_available", "service_source")
BUSINESS_FIELDS = ("production_use", "managed_service", "competing")  # endeavor, not purpose
LICENSEE_INTS = ("licensee.monthly_active_users", "licensee.monthly_revenue_usd",
                 "licensee.annual_revenue_usd")

Formula = Callable[[ScenarioVars, CompiledLicense], z3.BoolRef]
Check = Callable[[LicenseModel, ev.Scenario], list[SpecClause[ast.Clause]]]


@dataclass(frozen=True)
class Twin:
    """A second scenario equal to the first but for ``fields`` set to ``values``: the property
    holds when the license decides the two differently (the field decides it)."""

    fields: tuple[str, ...]
    values: tuple[int | bool | str, ...]


@dataclass(frozen=True)
class Property:
    name: str
    says: str  # what a yes means, in plain words ("grants distributing a modified version")
    formula: Formula  # over one scenario (and, with a twin, the compiled twin: see classify)
    check: Check  # the evaluator's twin: the clauses that make it hold at s ([] = it does not)
    twin: Twin | None = None
    # the evaluator's answer where it is not "some clause makes it hold" (silence can withhold)
    holds: Callable[[LicenseModel, ev.Scenario], bool] | None = None
    # with a twin: the property is decided by the twin's fields when one of these duty kinds
    # applies here and not at the twin (empty: when the twin is permitted, see classify)
    twin_duties: tuple[str, ...] = ()
    # a declaration the text makes (a dedication): it holds of no scenario in particular, so
    # its answer has the clauses and no witness
    declaration: bool = False

    def holds_at(self, lic: LicenseModel, s: ev.Scenario) -> bool:
        return self.holds(lic, s) if self.holds else bool(self.check(lic, s))


def _enum(sv: ScenarioVars, path: str, *values: str) -> z3.BoolRef:
    return sv.among(path, list(values))


def _duty(c: CompiledLicense, *kinds: str) -> z3.BoolRef:
    parts = [v for k, v in c.duties.items() if k[0] in kinds]
    return z3.Or(parts) if parts else z3.BoolVal(False)


def _carried(c: CompiledLicense, term: str) -> z3.BoolRef:
    return c.carried.get(term, z3.BoolVal(False))


def _any_term(c: CompiledLicense) -> z3.BoolRef:
    parts = [*c.duties.values(), *c.carried.values()]
    return z3.Or(parts) if parts else z3.BoolVal(False)


def _is(s: ev.Scenario, path: str, *values: object) -> bool:
    return s[path] in values


def _grants(s: ev.Scenario, lic: LicenseModel) -> list[SpecClause[ast.Clause]]:
    return list(ev.firing(lic, ast.Permit, s)) if ev.granted(lic, s) else []


def _imposing(lic: LicenseModel, s: ev.Scenario, *kinds: str) -> list[SpecClause[ast.Clause]]:
    """The require clauses that put a duty of these kinds on s (unless waived)."""
    have = {k for k, _ in ev.duties(lic, s)}
    return [c for c in ev.firing(lic, ast.Require, s)
            if any(d.kind in kinds and d.kind in have for d in c.clause.duties)]


def _carrying(lic: LicenseModel, s: ev.Scenario, term: str) -> list[SpecClause[ast.Clause]]:
    if term not in ev.carried(lic, s):
        return []
    return [c for c in ev.firing(lic, ast.Carries, s) if term in c.clause.terms]


def _grant(acts: tuple[str, ...], relation: str, **fields: int | bool | str
           ) -> tuple[Formula, Check]:
    def formula(sv: ScenarioVars, c: CompiledLicense) -> z3.BoolRef:
        return z3.And(_enum(sv, "act", *acts), sv.is_("relation", relation),
                      *[sv[p] == v if isinstance(v, bool) else sv.is_(p, v)
                        for p, v in fields.items()], c.granted)

    def check(lic: LicenseModel, s: ev.Scenario) -> list[SpecClause[ast.Clause]]:
        ok = (_is(s, "act", *acts) and s["relation"] == relation
              and all(s[p] == v for p, v in fields.items()))
        return _grants(s, lic) if ok else []
    return formula, check


def _duty_on(acts: tuple[str, ...], relations: tuple[str, ...], kinds: tuple[str, ...],
             **fields: int | bool | str) -> tuple[Formula, Check]:
    def formula(sv: ScenarioVars, c: CompiledLicense) -> z3.BoolRef:
        return z3.And(_enum(sv, "act", *acts), _enum(sv, "relation", *relations),
                      *[sv.is_(p, v) for p, v in fields.items()], _duty(c, *kinds))

    def check(lic: LicenseModel, s: ev.Scenario) -> list[SpecClause[ast.Clause]]:
        ok = (_is(s, "act", *acts) and _is(s, "relation", *relations)
              and all(s[p] == v for p, v in fields.items()))
        return _imposing(lic, s, *kinds) if ok else []
    return formula, check


def _or(a: tuple[Formula, Check], b: tuple[Formula, Check]) -> tuple[Formula, Check]:
    return ((lambda sv, c: z3.Or(a[0](sv, c), b[0](sv, c))),
            (lambda lic, s: a[1](lic, s) or b[1](lic, s)))


def _term(term: str) -> tuple[Formula, Check]:
    return ((lambda sv, c: _carried(c, term)),
            (lambda lic, s: _carrying(lic, s, term)))


def _any_duty() -> tuple[Formula, Check]:
    def check(lic: LicenseModel, s: ev.Scenario) -> list[SpecClause[ast.Clause]]:
        kinds = {k for k, _ in ev.duties(lic, s)}
        return [*_imposing(lic, s, *kinds),
                *[c for t in ev.carried(lic, s) for c in _carrying(lic, s, t)]]
    return (lambda sv, c: _any_term(c)), check


def _withheld_at(acts: tuple[str, ...]) -> Callable[[LicenseModel, ev.Scenario], bool]:
    return lambda lic, s: (_is(s, "act", *acts) and s["relation"] == "verbatim"
                           and not ev.permitted(lic, s))


def _withheld(acts: tuple[str, ...]) -> tuple[Formula, Check]:
    """Some act on the work itself is withheld at s (the twin grants it): a ban that the
    twin's fields decide."""
    def formula(sv: ScenarioVars, c: CompiledLicense) -> z3.BoolRef:
        return z3.And(_enum(sv, "act", *acts), sv.is_("relation", "verbatim"),
                      z3.Not(c.permitted))

    def check(lic: LicenseModel, s: ev.Scenario) -> list[SpecClause[ast.Clause]]:
        return list(ev.withheld_by(lic, s)) if _withheld_at(acts)(lic, s) else []
    return formula, check


def _threshold() -> tuple[Formula, Check]:
    """A ban or a duty applies at s (and not at the twin with the licensee's numbers at 0)."""
    def formula(sv: ScenarioVars, c: CompiledLicense) -> z3.BoolRef:
        return z3.Or(z3.Not(c.permitted), _any_term(c))

    def check(lic: LicenseModel, s: ev.Scenario) -> list[SpecClause[ast.Clause]]:
        kinds = {k for k, _ in ev.duties(lic, s)}
        return [*ev.withheld_by(lic, s), *_imposing(lic, s, *kinds)]
    return formula, check


def _declares(term: str) -> tuple[Formula, Check]:
    """The license's ``disclaims`` clauses name ``term`` (true of every scenario or none)."""
    def clauses(lic: LicenseModel) -> list[SpecClause[ast.Clause]]:
        return [c for c in lic.of(ast.Disclaims) if term in c.clause.terms]
    return (lambda sv, c: z3.BoolVal(bool(clauses(c.lic)))), (lambda lic, s: clauses(lic))


def _p(name: str, says: str, pair: tuple[Formula, Check], twin: Twin | None = None,
       holds: Callable[[LicenseModel, ev.Scenario], bool] | None = None) -> Property:
    return Property(name, says, pair[0], pair[1], twin, holds)


USE_ACTS = ("use", "distribute", "host", "sell")
PROPERTIES: tuple[Property, ...] = (
    # what it grants
    _p("grants_use", "grants using the work", _grant(("use",), "verbatim")),
    _p("grants_distribution", "grants distributing copies",
       _grant(("distribute",), "verbatim")),
    _p("grants_modification", "grants distributing a modified version",
       _grant(("distribute",), "modified")),
    _p("grants_commercial_use", "grants commercial use",
       _grant(("use",), "verbatim", commercial=True)),
    _p("noncommercial_term", "carries a non-commercial restriction to every copy",
       _term("noncommercial")),
    _p("grants_sale", "grants selling copies", _grant(("sell",), "verbatim")),
    _p("patent_grant", "grants a license to the licensor's patents",
       _grant(("patent_use",), "verbatim")),
    # A dedication gives up the copyright itself (CC0 §2's waiver, the Unlicense's and PDDL's
    # dedications); a license that keeps it and asks nothing (0BSD, MIT-0) is still a license.
    Property("dedication", "dedicates the work to the public domain (gives up its copyright)",
             *_declares("copyright"), declaration=True),
    # what a field of endeavor decides
    _p("purpose_restricted", "withholds a use for some purpose (a use policy)",
       _withheld(USE_ACTS), Twin(("purpose",), ("general",)), _withheld_at(USE_ACTS)),
    _p("business_restricted",
       "withholds production use, a managed service or a competing offer",
       _withheld(USE_ACTS), Twin(BUSINESS_FIELDS, (False,) * len(BUSINESS_FIELDS)),
       _withheld_at(USE_ACTS)),
    _p("threshold", "attaches a ban or a duty to the licensee's size",
       _threshold(), Twin(LICENSEE_INTS, (0,) * len(LICENSEE_INTS)),
       lambda lic, s: not ev.permitted(lic, s) or bool(ev.terms(lic, s))),
    # copyleft and its scope
    # Copyleft: a modified version must offer its source, or stay under the license in every
    # form (a same-license duty only on source copies leaves the program free: MS-PL §3(D)).
    _p("copyleft", "requires a modified version to offer its source or keep the license",
       _or(_duty_on(("distribute", "sell"), ("modified",), ("source_available",)),
           _duty_on(("distribute", "sell"), ("modified",), ("same_license",), form="object"))),
    # Strong copyleft reaches the larger work: "a work that embeds it" is the prelude's larger
    # work that includes the work as one part (a collection is an aggregate, not this).
    _p("copyleft_larger_work",
       "requires a larger work that includes it to take the same license",
       _duty_on(("distribute", "sell"), ("embed",), ("same_license",))),
    _p("copyleft_used", "requires the source of a program that merely uses it as a library",
       _duty_on(("distribute", "sell"), ("dynamic_link",), COPYLEFT_DUTIES)),
    _p("linking_duty", "puts a copyleft or relinking duty on a program linked with it",
       _duty_on(("distribute", "sell"), ("static_link", "dynamic_link"),
                (*COPYLEFT_DUTIES, "relinking"))),
    # What a copyleft asks beyond keeping the work's own terms: its source, or a duty on a
    # program linked with it (the SSLeay licence's "cannot simply be copied and put under
    # another distribution licence" asks neither; CC BY-SA's adaptations reach linked works)
    _p("encumbers", "asks for a modified version's source or puts a duty on a program "
       "linked with it",
       _or(_duty_on(("distribute", "sell"), ("modified",), ("source_available",)),
           _duty_on(("distribute", "sell"), ("static_link", "dynamic_link"),
                    (*COPYLEFT_DUTIES, "relinking")))),
    _p("copyleft_aggregate", "reaches works merely aggregated with it",
       _duty_on(("distribute", "sell", "host"), ("aggregate",), COPYLEFT_DUTIES)),
    _p("network_copyleft",
       "requires the source of a modified version offered over a network",
       _duty_on(("host",), ("modified",), ("source_available", "service_source"))),
    _p("object_under_other_terms",
       "lets a modified version's object code go without the same-license duty",
       (lambda sv, c: z3.And(sv.is_("act", "distribute"), sv.is_("relation", "modified"),
                             sv.is_("form", "object"), c.granted,
                             z3.Not(_duty(c, "same_license"))),
        lambda lic, s: (_grants(s, lic) if (s["act"], s["relation"], s["form"]) == (
            "distribute", "modified", "object") and "same_license" not in
            {k for k, _ in ev.duties(lic, s)} else []))),
    # duties and carried terms (flags)
    _p("any_duty", "imposes a duty or a carried term", _any_duty(),
       holds=lambda lic, s: bool(ev.terms(lic, s))),
    _p("attribution", "requires keeping notices or the license text",
       _duty_on(("distribute", "sell"), ("verbatim", "modified"), ("notice", "license_copy"))),
    _p("advertising_clause", "requires an acknowledgment in advertising",
       _duty_on(USE_ACTS, ("verbatim", "modified"), ("advertising_notice",))),
    _p("name_change", "requires a modified version to take another name",
       _duty_on(("distribute", "sell"), ("modified",), ("rename",))),
    # "do at least ONE of the following" (Artistic): a choice, so none of its options — keeping
    # the license, renaming, releasing the changes — is itself a duty (and no copyleft)
    _p("duty_alternative", "lets a modified version's distributor choose one of several duties",
       _duty_on(("distribute", "sell"), ("modified",), (ast.ONE_OF,))),
    _p("passes_use_restrictions", "binds recipients to its use restrictions",
       _duty_on(("distribute", "sell"), ("verbatim", "modified", "fine_tune"),
                ("pass_through",))),
    _p("patent_retaliation", "ends rights on patent litigation", _term("patent_retaliation")),
    _p("choice_of_law", "names a governing law or venue", _term("choice_of_law")),
)
BY_NAME = {p.name: p for p in PROPERTIES}

# The flags every classification reports (besides the rule's own reasons).
FLAGS = ("patent_grant", "patent_retaliation", "attribution", "advertising_clause",
         "name_change", "duty_alternative", "threshold", "choice_of_law")


@dataclass(frozen=True)
class Rule:
    """``category`` when every property of ``all_of`` holds, none of ``none_of`` does and (if
    given) one of ``any_of`` does."""

    category: str
    says: str
    all_of: tuple[str, ...] = ()
    none_of: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()


# Ordered: the first rule that matches decides. Restrictions on who may use the work for what
# come first (they keep a license out of open source whatever its copyleft), then copyleft by
# scope, then the permissive end.
RULES: tuple[Rule, ...] = (
    Rule("non-commercial", "it grants use, but no commercial use",
         all_of=("grants_use",), none_of=("grants_commercial_use",)),
    Rule("non-commercial", "it carries a non-commercial restriction with every copy",
         all_of=("noncommercial_term",)),
    Rule("use-restricted", "it withholds uses by purpose or binds recipients to a use policy",
         any_of=("purpose_restricted", "passes_use_restrictions")),
    Rule("source-available", "its grants stop short of open source: a business use is "
         "withheld, or its copyleft reaches works merely aggregated with it",
         any_of=("business_restricted", "copyleft_aggregate")),
    Rule("source-available", "it withholds selling copies or distributing modified versions",
         all_of=("grants_distribution",),
         any_of=("not:grants_sale", "not:grants_modification")),
    Rule("proprietary-free", "it grants use but not distribution",
         all_of=("grants_use",), none_of=("grants_distribution",)),
    Rule("network-copyleft", "its copyleft reaches use over a network",
         all_of=("network_copyleft",)),
    Rule("strong-copyleft", "its copyleft reaches a larger work that includes it, or a "
         "program that uses it as a library",
         any_of=("copyleft_larger_work", "copyleft_used")),
    Rule("weak-copyleft-file", "copyleft for the work's own files: the object code of a "
         "modified version may go under other terms", all_of=("copyleft",
                                                              "object_under_other_terms")),
    Rule("weak-copyleft-library", "copyleft for the work itself, not for programs linked "
         "with it", all_of=("copyleft",)),
    Rule("public-domain", "it dedicates the work to the public domain and asks nothing",
         all_of=("dedication", "grants_distribution", "grants_modification"),
         none_of=("any_duty",)),
    Rule("permissive", "it grants use, modification and distribution, with notices at most",
         all_of=("grants_distribution", "grants_modification")),
)
CATEGORIES = ("public-domain", "permissive", "weak-copyleft-file", "weak-copyleft-library",
              "strong-copyleft", "network-copyleft", "source-available", "non-commercial",
              "use-restricted", "proprietary-free", "other")

# An exception is classified with the license it is written for (``L WITH E``): what it does is
# narrow or widen that license. Its text names the license; where the exception is used with
# several versions, the one its text names first.
EXCEPTION_BASES = {
    "Classpath-exception-2.0": "GPL-2.0-only",  # "the GNU General Public License" (v2)
    "GCC-exception-3.1": "GPL-3.0-only",  # "section 7 of GNU General Public License, version 3"
    "Autoconf-exception-3.0": "GPL-3.0-only",  # "GNU General Public License, version 3"
    "Bison-exception-2.2": "GPL-2.0-or-later",  # "version 2.2 of Bison"; GPLv2 or later
    "LLVM-exception": "Apache-2.0",  # "LLVM Exceptions to the Apache 2.0 License"
}
