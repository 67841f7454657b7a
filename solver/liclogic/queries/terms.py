"""``liclogic terms``: the 23-term attitude vector of LiDetector (Xu et al., ICSE 2023,
arXiv 2204.10502) derived from a license's clauses, so liclogic can be compared with the tools
that use it on their own terms.

The term list, its order and its split into rights and obligations are LiDetector's own
(``config.py`` of github.com/XuSihan/LiDetector). Each right is asked of the solver as
``classify`` asks its properties: **permitted** (a grant covers some scenario of it: cite the
grant), else **prohibited** (a forbid or a reserve withholds it, or the license grants the act
only under conditions that exclude it: cite those clauses), else **not mentioned**. Each
obligation is **required** when a duty of its kind applies in some scenario (cite the duty),
else **not mentioned**. A term liclogic's vocabulary has no notion of is **not modelled**,
never guessed. LiDetector's codes: 0 not mentioned, 1 can, 2 cannot, 3 must.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import z3

from liclogic.engine import evaluate as ev
from liclogic.engine.encoding import encoding_for
from liclogic.engine.settings import DEFAULT_SETTINGS, SolverSettings
from liclogic.lang import ast
from liclogic.lang.expression import Leaf, parse_expression
from liclogic.lang.library import Library, LicenseModel
from liclogic.queries import categories as cat
from liclogic.queries.classify import Cited, ask

CODES = {"not mentioned": 0, "permitted": 1, "prohibited": 2, "required": 3,
         "not modelled": 0}


@dataclass(frozen=True)
class TermSpec:
    """One LiDetector term and the question liclogic asks for it."""

    name: str
    kind: str  # "right" or "obligation"
    act: str | None = None  # a right: the act …
    relation: str = "verbatim"  # … on this relation …
    fields: tuple[tuple[str, bool], ...] = ()  # … with these facts
    duties: tuple[str, ...] = ()  # an obligation: the duty kinds (or carried terms)
    note: str = ""  # how liclogic reads the term


RIGHT, DUTY = "right", "obligation"
# LiDetector's order (config.py 'term_list'); its 'absentAtti' marks 2 = right, 1 = obligation.
TERMS: tuple[TermSpec, ...] = (
    TermSpec("Distribute", RIGHT, "distribute"),
    TermSpec("Modify", RIGHT, "modify"),
    TermSpec("Commercial Use", RIGHT, "use", fields=(("commercial", True),)),
    TermSpec("Hold Liable", RIGHT, note="a disclaimer of liability prohibits it"),
    TermSpec("Include Copyright", DUTY, duties=("notice",)),
    TermSpec("Include License", DUTY, duties=("license_copy",)),
    TermSpec("Sublicense", RIGHT, "sublicense"),
    TermSpec("Use Trademark", RIGHT, "trademark_use"),
    TermSpec("Private Use", RIGHT, "use", fields=(("commercial", False),)),
    TermSpec("Disclose Source", DUTY, duties=("source_available", "service_source")),
    TermSpec("State Changes", DUTY, duties=("state_changes",)),
    TermSpec("Place Warranty", RIGHT, note="offering one's own warranty: no notion of it"),
    # the definitions LiDetector's term names carry in later tooling: "Include that NOTICE when
    # you distribute if the library has a NOTICE file with attribution notes"; "Distribute
    # copies of the original software or instructions to obtain copies with the software"
    TermSpec("Include Notice", DUTY, duties=("notice_file",)),
    TermSpec("Include Original", DUTY, duties=("standard_version",)),
    TermSpec("Give Credit", DUTY, duties=("display", "advertising_notice")),
    TermSpec("Use Patent Claims", RIGHT, "patent_use"),
    TermSpec("Rename", DUTY, duties=("rename", "name_prefix")),
    TermSpec("Relicense", RIGHT,
             note="a relicensing clause permits it; a same-license duty without one "
                  "prohibits it"),
    TermSpec("Contact Author", DUTY, duties=("request_license",)),
    TermSpec("Include Install Instructions", DUTY, note="installation information"),
    TermSpec("Compensate for Damages", DUTY, duties=("indemnification",)),
    TermSpec("Statically Link", RIGHT, "distribute", relation="static_link"),
    TermSpec("Pay Above Use Threshold", DUTY, duties=("royalty", "request_license"),
             note="a fee or a separate license that the licensee's size decides"),
)


@dataclass(frozen=True)
class TermValue:
    term: str
    kind: str
    value: str  # permitted / prohibited / required / not mentioned / not modelled
    says: str  # liclogic's own words for it (granted, forbidden, reserved, not granted, …)
    clauses: tuple[Cited, ...] = ()
    note: str = ""

    @property
    def code(self) -> int:
        return CODES[self.value]

    def to_json(self) -> dict[str, Any]:
        return {"term": self.term, "kind": self.kind, "value": self.value,
                "lidetector": self.code, "says": self.says, "note": self.note or None,
                "clauses": [c.to_json() for c in self.clauses]}


def _prop(name: str, pair: tuple[cat.Formula, cat.Check], twin: cat.Twin | None = None,
          twin_duties: tuple[str, ...] = (), holds: Any = None) -> cat.Property:
    return cat.Property(name, name, pair[0], pair[1], twin, holds, twin_duties)


def _facts(t: TermSpec) -> dict[str, bool]:
    return dict(t.fields)


def _right(lib: Library, lic: LicenseModel, t: TermSpec, settings: SolverSettings
           ) -> TermValue:
    enc = encoding_for(lib)
    assert t.act is not None
    granted = ask(enc, lic, _prop(t.name, cat._grant((t.act,), t.relation, **_facts(t))),
                  settings)
    if granted.holds:
        return TermValue(t.name, t.kind, "permitted", "granted", granted.clauses, t.note)
    banned = ask(enc, lic, _prop(t.name, _banned(t)), settings)
    if banned.holds:
        says = "forbidden" if _forbids(lic, t) else "reserved"
        return TermValue(t.name, t.kind, "prohibited", says, banned.clauses, t.note)
    outside = ask(enc, lic, _prop(t.name, _outside(t), holds=_outside_at(t)), settings)
    if outside.holds:
        return TermValue(t.name, t.kind, "permitted", "outside its reach (not restricted)",
                         (), t.note or "not a derivative in the license's sense")
    anywhere = ask(enc, lic, _prop(t.name, cat._grant((t.act,), t.relation)), settings)
    if anywhere.holds:  # the act is granted, but only under conditions that exclude this
        return TermValue(t.name, t.kind, "prohibited", "not granted", granted.clauses,
                         t.note or "granted only under conditions that exclude it")
    return TermValue(t.name, t.kind, "not mentioned", "not granted (the text is silent)",
                     (), t.note)


def _outside(t: TermSpec) -> tuple[cat.Formula, cat.Check]:
    """The act is outside the license's reach: it neither grants nor withholds it."""
    assert t.act is not None
    act, relation, facts = t.act, t.relation, _facts(t)

    def formula(sv: Any, c: Any) -> z3.BoolRef:
        return z3.And(sv.is_("act", act), sv.is_("relation", relation),
                      *[sv[p] == v for p, v in facts.items()], c.permitted, z3.Not(c.reach))

    def check(lic: LicenseModel, s: ev.Scenario) -> list[Any]:
        return []  # no clause decides it: that is what being outside the reach means
    return formula, check


def _outside_at(t: TermSpec) -> Any:
    facts = _facts(t)
    return lambda lic, s: ((s["act"], s["relation"]) == (t.act, t.relation)
                           and all(s[p] == v for p, v in facts.items())
                           and ev.permitted(lic, s) and not ev.derived(lic, s))


def _forbids(lic: LicenseModel, t: TermSpec) -> bool:
    return any(t.act in (c.clause.acts or (t.act,)) for c in lic.of(ast.Forbid))


def _banned(t: TermSpec) -> tuple[cat.Formula, cat.Check]:
    assert t.act is not None
    act, relation, facts = t.act, t.relation, _facts(t)

    def formula(sv: Any, c: Any) -> z3.BoolRef:
        bans = [c.fire[x.index] for x in c.lic.bans]
        return z3.And(sv.is_("act", act), sv.is_("relation", relation),
                      *[sv[p] == v for p, v in facts.items()],
                      z3.Or(bans) if bans else z3.BoolVal(False))

    def check(lic: LicenseModel, s: ev.Scenario) -> list[Any]:
        ok = (s["act"], s["relation"]) == (act, relation) and all(
            s[p] == v for p, v in facts.items())
        return list(ev.withheld_by(lic, s)) if ok else []
    return formula, check


def _duty(lib: Library, lic: LicenseModel, t: TermSpec, settings: SolverSettings
          ) -> TermValue:
    enc = encoding_for(lib)
    acts = ("use", "distribute", "sell", "host", "modify", "sublicense")
    relations = ("verbatim", "modified", "static_link", "embed", "fine_tune")
    duty_kinds = tuple(d for d in t.duties if d in lib.vocab.duties)
    carried = tuple(d for d in t.duties if d not in lib.vocab.duties)
    pairs = [cat._duty_on(acts, relations, duty_kinds)] if duty_kinds else []
    pairs += [cat._term(x) for x in carried]
    twin = None
    if t.name == "Pay Above Use Threshold":
        twin = cat.Twin(cat.LICENSEE_INTS, (0,) * len(cat.LICENSEE_INTS))
    for pair in pairs:
        got = ask(enc, lic, _prop(t.name, pair, twin, duty_kinds if twin else ()), settings)
        if got.holds:
            return TermValue(t.name, t.kind, "required", "a duty", got.clauses, t.note)
    return TermValue(t.name, t.kind, "not mentioned", "no duty of this kind", (), t.note)


def _liable(lic: LicenseModel, t: TermSpec) -> TermValue:
    from liclogic.queries.classify import _cited

    said = [c for c in lic.of(ast.Disclaims) if "liability" in c.clause.terms]
    if said:
        return TermValue(t.name, t.kind, "prohibited", "disclaimed",
                         tuple(_cited(c) for c in said), t.note)
    return TermValue(t.name, t.kind, "not mentioned", "no disclaimer of liability", (),
                     t.note)


def _relicense(lib: Library, lic: LicenseModel, t: TermSpec, settings: SolverSettings
               ) -> TermValue:
    from liclogic.queries.classify import _cited

    targets = [c for c in lic.of(ast.Relicense)
               if any(x != ast.BASE for x in c.clause.targets)]
    if targets:
        return TermValue(t.name, t.kind, "permitted", "relicensing clause",
                         tuple(_cited(c) for c in targets), t.note)
    same = ask(encoding_for(lib), lic, _prop(t.name, cat._duty_on(
        ("distribute", "sell"), ("verbatim", "modified"), ("same_license",))), settings)
    if same.holds:
        return TermValue(t.name, t.kind, "prohibited", "same license required",
                         same.clauses, t.note)
    return TermValue(t.name, t.kind, "not mentioned", "no relicensing clause", (), t.note)


def term_vector(lib: Library, name: str, settings: SolverSettings = DEFAULT_SETTINGS
                ) -> tuple[str, list[TermValue]]:
    """The license's id and its 23 term values, in LiDetector's order."""
    from liclogic.errors import LiclogicError

    parsed = parse_expression(lib, name).expression
    if not isinstance(parsed, Leaf):
        raise LiclogicError(f"terms takes one license, not the expression {name!r}")
    lic = lib.get(parsed.id)
    out = []
    for t in TERMS:
        if t.name == "Hold Liable":
            out.append(_liable(lic, t))
        elif t.name == "Relicense":
            out.append(_relicense(lib, lic, t, settings))
        elif t.kind == RIGHT and t.act:
            out.append(_right(lib, lic, t, settings))
        elif t.kind == DUTY and t.duties:
            out.append(_duty(lib, lic, t, settings))
        else:
            out.append(TermValue(t.name, t.kind, "not modelled", "not modelled", (), t.note))
    return lic.id, out
