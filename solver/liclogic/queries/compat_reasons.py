"""Why compat(A, B) fails — every reason, not one unsat core — and why it holds.

Each clause that could be a reason is asked about once (a bounded enumeration): is there a
scenario of the context where it makes compat fail? Candidates are, for the scenario s of
the question and the copies of it for A's own part (``own``) and A's part as source
(``src``): each ban of A (a forbid or reserve that applies), A granting nothing there (no
permit covers it), A's copyleft reaching the work while B is not allowed, and each of A's
terms that B, forbidding further restrictions, does not accept; and, for what recipients
may then do under B (a downstream scenario t, when A's part is in the work): each ban of A
that B's grants exceed, A's silence where B grants, and each of A's duties that binds
recipients which B does not impose. A candidate the solver finds a scenario for is decoded,
confirmed by the reference evaluator (``replay``: a reason that does not replay is a bug, as
a witness would be), put into words and given its kind (``reasons.Kind``); the caller ranks
them (``reasons.ranked``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import z3

from liclogic.engine import evaluate as ev
from liclogic.engine.canonical import least
from liclogic.engine.compile import (
    CompatParts,
    CompiledLicense,
    compat_formula,
    compat_parts,
    compile_license,
    lost_duty_formulas,
    with_own_parts,
)
from liclogic.engine.context import COMPAT_ACTS, COMPAT_RELATIONS, Context, pin_readings
from liclogic.engine.encoding import Encoding, ScenarioVars, encoding_for
from liclogic.engine.explain import because, describe
from liclogic.engine.result import Because
from liclogic.engine.solve import Query, SolverSettings, Status, replay
from liclogic.engine.statements import Says, statement
from liclogic.lang import ast, clause_kinds, words
from liclogic.lang.library import Library, LicenseModel, SpecClause
from liclogic.lang.vocabulary import ACT, FORM, RELATION, SAME_LICENSE, Vocabulary
from liclogic.queries.reasons import Kind, Reason, ban_kind

MAX_CANDIDATES = 40  # clauses asked about per side of a verdict (the enumeration's bound)


@dataclass
class Pair:
    """The question being explained, and how its prose names things."""

    lib: Library
    a: LicenseModel
    b: LicenseModel
    ctx: Context
    settings: SolverSettings

    @property
    def vocab(self) -> Vocabulary:
        return self.lib.vocab

    def name(self, lid: str) -> str:
        return self.lib.prose(lid)

    def cite(self, sc: SpecClause[ast.Clause]) -> str:
        """'Llama 3.1 §1.b.i': the license text the clause comes from, and its section."""
        owner = next((x for x in (self.a, self.b) if sc in x.clauses), None)
        return words.clause_cite(self.lib, sc, owner)

    def phrase(self, s: ev.Scenario, fields: Iterable[str] = ()) -> str:
        shown = [p for p in words.off_default(self.vocab, s.values) if p in set(fields)]
        return words.scenario_phrase(self.vocab, s.values, shown)


@dataclass
class View:
    """compat(A, B) under one reading assignment as solver questions over the scenario s and
    its copies (the compat formula's named parts), and over a downstream scenario t."""

    pair: Pair
    rho: dict[str, bool]
    scope_ok: bool
    enc: Encoding = field(init=False)
    s: ScenarioVars = field(init=False)
    ca: CompiledLicense = field(init=False)
    ca_self: CompiledLicense = field(init=False)
    ca_src: CompiledLicense = field(init=False)
    cb: CompiledLicense = field(init=False)
    parts: CompatParts = field(init=False)
    holds: z3.BoolRef = field(init=False)
    q: Query = field(init=False)

    def __post_init__(self) -> None:
        p = self.pair
        enc = self.enc = encoding_for(p.lib)
        s = self.s = enc.scenario("s")
        self.ca, self.ca_self, self.ca_src = with_own_parts(enc, p.a, s)
        self.cb = compile_license(enc, p.b, s)
        self.parts = compat_parts(enc, self.ca, self.ca_self, self.ca_src, self.cb)
        self.holds = compat_formula(enc, self.ca, self.ca_self, self.ca_src, self.cb,
                                    self.scope_ok)
        self.q = Query(p.settings, cores=False).track(
            self.ca, self.ca_self, self.ca_src, self.cb).add(
            *enc.own_ties(s), *p.ctx.constraints(s, COMPAT_ACTS, COMPAT_RELATIONS),
            s.outbound == enc.license_code(p.b.id), *pin_readings(enc, self.rho))

    def find(self, q: Query, sv: ScenarioVars, formula: z3.BoolRef, free: Iterable[str] = (),
             strict: bool = False) -> ev.Scenario | None:
        """A scenario of ``formula``, near the vocabulary's defaults when one is: every field
        not in ``free`` (nor act, relation, form) at its default first; else any. ``strict``:
        only with every field but act, relation and form at its default (the question as
        asked, where it leaves a fact open)."""
        vocab = self.pair.vocab

        def near(keep: set[str]) -> list[z3.BoolRef]:
            at = [sv.is_(path, ft.default) if ft.kind == "enum" else sv[path] == ft.default
                  for path, ft in vocab.fields.items() if path not in keep]
            return [z3.And(at)] if at else []

        free = set(free)
        tries = [near({ACT, RELATION, FORM})] if strict else [
            near(free), near({ACT, RELATION, FORM, *free}), []]
        for extra in tries:
            status, model = q.check(formula, *extra)
            if status == Status.SAT and model is not None:  # the least one, as a witness
                return sv.decode(least(q, [formula, *extra], [sv], model=model) or model)
            if status == Status.UNKNOWN:
                return None
        return None

    def sat(self, *formulas: z3.BoolRef) -> bool:
        return self.q.status(*formulas) == Status.SAT


def _fields(sc: SpecClause[ast.Clause]) -> set[str]:
    return {n.field.path for e in clause_kinds.all_conditions(sc.clause) for n in ast.walk_expr(e)
            if isinstance(n, ast.Compare | ast.Member | ast.BoolField)}


# ------------------------------------------------------------------ the distribution itself


Copy = Callable[[ev.Scenario], ev.Scenario]


def no_reasons(view: View) -> list[Reason]:
    """Every reason compat fails at some scenario of the context (this reading assignment):
    those of the question as asked (the facts it leaves open at their defaults) when there
    are any, else those that need some open fact off its default; and what recipients may do
    under B."""
    p, v = view.pair, view
    out = _distribution_reasons(view, strict=True) or _distribution_reasons(view, strict=False)
    base = z3.And(z3.Not(v.holds), v.parts.permitted, z3.Not(v.parts.relicensed))
    if not v.scope_ok and p.a.id != p.b.id and v.sat(base, v.parts.part):
        out += scope_reasons(view)
    return out


def _distribution_reasons(view: View, strict: bool) -> list[Reason]:
    p, v = view.pair, view
    a, b, vocab, canon = p.a, p.b, p.vocab, p.lib.canonical
    fails = z3.Not(v.holds)
    out: list[Reason] = []

    def holds_at(w: ev.Scenario) -> bool:
        return ev.compat_holds(a, b, w, v.scope_ok, vocab, canon)

    def find(formula: z3.BoolRef, free: Iterable[str] = ()) -> ev.Scenario | None:
        return v.find(v.q, v.s, formula, free, strict)

    copies: list[tuple[str, CompiledLicense, z3.BoolRef, Copy]] = [
        ("", v.ca, z3.BoolVal(True), lambda w: w),
        (" (its own part)", v.ca_self, v.parts.part, ev.own_part),
        (" (its own part, as source)", v.ca_src, v.parts.source, ev.own_source)]
    asked = 0
    for where, c, relevant, copy in copies:
        for ban in a.bans:
            if asked >= MAX_CANDIDATES:
                break
            asked += 1
            w = find(z3.And(fails, relevant, c.fire[ban.index]), _fields(ban))
            if w is None:
                continue
            replay(ev.applies(ban.clause, a, copy(w)) and not holds_at(w),
                   f"{p.cite(ban)} makes compat fail")
            out.append(_ban_reason(p, ban, copy(w), where))
        permits = [c.fire[x.index] for x in a.of(ast.Permit)]
        bans = [c.fire[x.index] for x in a.bans]
        silent = z3.And(fails, relevant, c.reach, z3.Not(z3.Or(permits or [z3.BoolVal(False)])),
                        z3.Not(z3.Or(bans or [z3.BoolVal(False)])))
        w = find(silent)
        if w is not None:
            replay(statement(a, copy(w)).says == Says.NOT_GRANTED and not holds_at(w),
                   f"{a.id} grants nothing at the scenario")
            out.append(_silent_reason(p, copy(w), where))
    base = z3.And(fails, v.parts.permitted, z3.Not(v.parts.relicensed))
    if a.id != b.id:
        w = find(z3.And(base, v.parts.copyleft))
        if w is not None:
            replay(SAME_LICENSE in {k for k, _ in ev.duties(a, w)} and not holds_at(w),
                   f"{a.id}'s copyleft makes compat fail")
            out.append(_copyleft_reason(p, w))
        for term, bad in v.parts.bad_terms.items():
            w = find(z3.And(base, v.parts.restricts, bad))
            if w is None:
                continue
            replay(term in ev.conflicting_terms(a, b, w, vocab) and not holds_at(w),
                   f"{a.id}'s {term} conflicts with {b.id}")
            out.append(_term_reason(p, w, term))
    return out


def _ban_reason(p: Pair, ban: SpecClause[ast.Ban], s: ev.Scenario, where: str) -> Reason:
    kind = ban_kind(p.vocab, ban.clause)
    text = (f"{p.cite(ban)} {words.ban_words(p.vocab, ban.clause)}: it does not allow "
            f"{words.gerund(p.phrase(s, _fields(ban)))}{where}.")
    role = "forbids it" if isinstance(ban.clause, ast.Forbid) else "does not grant it"
    return Reason(kind, text, [because(p.a, ban, role)], describe(p.vocab, s),
                  ("ban", ban.index))


def _grants(p: Pair, lic: LicenseModel, act: str) -> list[Because]:
    return [because(lic, c, "grants less") for c in lic.of(ast.Permit)
            if c.clause.acts is None or act in c.clause.acts][:3]


def conditional_grants(lic: LicenseModel, s: ev.Scenario) -> list[SpecClause[ast.Permit]]:
    """Permits that would cover s but for their condition (CC BY-NC's grants 'for
    NonCommercial purposes only'): the license grants the act, only not here."""
    found = [c for c in lic.of(ast.Permit) if c.clause.when is not None
             and ev.applies(dataclasses.replace(c.clause, when=None), lic, s)
             and not ev.applies(c.clause, lic, s)]
    return sorted(found, key=lambda c: not about_relation(c.clause))


def about_relation(c: ast.Clause) -> bool:
    """Does the clause name relations (``on``, or its condition)? Such a grant is the one
    about the thing made, ahead of a grant of the work itself."""
    if getattr(c, "relations", None) is not None:
        return True
    return any(isinstance(n, ast.Compare | ast.Member) and n.field.path == RELATION
               for e in clause_kinds.all_conditions(c) for n in ast.walk_expr(e))


def _silent_reason(p: Pair, s: ev.Scenario, where: str) -> Reason:
    a = p.a
    doing = words.gerund(p.phrase(s))
    cond = conditional_grants(a, s)
    if cond:
        c = cond[0]
        text = (f"{p.cite(c)} grants {doing} only"
                f"{words.when(words.condition(p.vocab, c.clause.when))}{where}.")  # type: ignore[arg-type]
        return Reason(ban_kind(p.vocab, c.clause), text,
                      [because(a, x, "grants it only where its condition holds") for x in cond],
                      describe(p.vocab, s), ("silent",))
    text = f"{p.name(a.id)} does not grant {doing}{where}: none of its grants covers it."
    return Reason(Kind.NOT_GRANTED, text, _grants(p, a, str(s[ACT])), describe(p.vocab, s),
                  ("silent",))


def _copyleft_reason(p: Pair, s: ev.Scenario) -> Reason:
    a, b = p.a, p.b
    req = [c for c in ev.firing(a, ast.Require, s)
           if any(d.kind == SAME_LICENSE for d in c.clause.duties)]
    rel = ev.firing(a, ast.Relicense, s)
    allowed = sorted(ev.allowed_outbounds(a, s, p.lib.canonical) - {a.id})
    if len(allowed) > 4:
        also = f" (or one of the {len(allowed)} licenses its relicensing clauses name)"
    else:
        also = f" (or {words.join(allowed, 'or')})" if allowed else ""
    what = words.relation(p.vocab, str(s[RELATION]))
    text = (f"{p.cite(req[0])} requires {what} to be licensed under {p.name(a.id)}{also}; "
            f"{p.name(b.id)} is not among them.")
    clauses = [because(a, c, "requires the same license") for c in req]
    clauses += [because(a, c, "allows other outbound licenses") for c in rel]
    return Reason(Kind.COPYLEFT, text, clauses, describe(p.vocab, s), ("copyleft",))


def _term_reason(p: Pair, s: ev.Scenario, term: str) -> Reason:
    a, b, vocab = p.a, p.b, p.vocab
    part = ev.part_of(a, b, s, vocab)
    own = [c for c in a.clauses if term in _terms_of(c.clause) and (
        ev.applies(c.clause, a, s) or (part and ev.applies(c.clause, a, ev.own_part(s)))
        or ev.applies(c.clause, a, ev.own_source(s)))]
    acc = list(b.of(ast.Accepts))
    if term == SAME_LICENSE:
        text = (f"{p.cite(own[0])} keeps the {p.name(a.id)} part under {p.name(a.id)}; "
                f"{p.cite(acc[0])} requires the whole work under {p.name(b.id)} with no further "
                "restrictions.")
        role = "keeps its part under its own license"
        kind = Kind.COPYLEFT
    elif term.startswith("one of {"):  # a duty alternative with no option B tolerates open
        what = "requires those who distribute it to " + _choice_words(p, own, term, s)
        text = (f"{p.cite(own[0])} {what}; {p.cite(acc[0])} forbids further restrictions on "
                "recipients and accepts none of the options open here.")
        role, kind = what, Kind.CANNOT_CARRY
    else:
        carried = any(isinstance(c.clause, ast.Carries) for c in own)
        what = (f"carries {words.term_gloss(vocab, term)}" if carried
                else f"requires those who distribute it to "
                f"{words.duty_gloss(vocab, term, None, p.name(a.id))}")
        text = (f"{p.cite(own[0])} {what}; {p.cite(acc[0])} forbids further restrictions on "
                "recipients and does not accept it.")
        role, kind = what, Kind.CANNOT_CARRY
    return Reason(kind, text, [because(a, c, role) for c in own]
                  + [because(b, c, "forbids further restrictions") for c in acc],
                  describe(vocab, s), ("term", term))


def _choice_words(p: Pair, own: list[SpecClause[ast.Clause]], term: str, s: ev.Scenario
                  ) -> str:
    """A duty alternative in words, with the options open at s (or at A's own part)."""
    found = [d for c in own for d in ast.choices(c.clause) if ev.duty_text(ev.duty_key(d)) == term]
    if not found:
        return term
    open_ = [o for o in found[0].options if o.when is None
             or ev.eval_expr(o.when, p.a, s) or ev.eval_expr(o.when, p.a, ev.own_part(s))]
    return words.choice_words(p.vocab, found[0], p.name(p.a.id), open_)


def _terms_of(cl: ast.Clause) -> set[str]:
    if isinstance(cl, ast.Require):  # a duty alternative by its machine name
        return {d.kind for d in cl.duties} | {ev.duty_text(ev.duty_key(d))
                                              for d in ast.choices(cl)}
    if isinstance(cl, ast.Carries):
        return set(cl.terms)
    return set()


# ------------------------------------------------------------------ what recipients may do


def scope_reasons(view: View) -> list[Reason]:
    """Why B grants recipients more than A: each ban of A that B's grants exceed, A's
    silence where B grants, each duty of A that binds recipients and B does not impose."""
    p = view.pair
    a, b, vocab, enc = p.a, p.b, p.vocab, view.enc
    t = enc.scenario("t")
    ta, tb = compile_license(enc, a, t), compile_license(enc, b, t)
    q = Query(p.settings, cores=False).track(ta, tb).add(*pin_readings(enc, view.rho))
    own = sorted(vocab.tagged("own_grant"))
    base = z3.And(z3.Not(t.among(ACT, own)) if own else z3.BoolVal(True), tb.granted)
    out: list[Reason] = []
    for ban in a.bans[:MAX_CANDIDATES]:
        w = view.find(q, t, z3.And(base, ta.fire[ban.index]), _fields(ban))
        if w is None:
            continue
        replay(ev.applies(ban.clause, a, w) and ev.exceeds(a, b, w, vocab),
               f"{b.id} grants what {p.cite(ban)} withholds")
        what = "forbids" if isinstance(ban.clause, ast.Forbid) else "does not grant"
        text = (f"{p.name(b.id)} would let recipients {p.phrase(w, _fields(ban))}, which "
                f"{p.cite(ban)} {what}.")
        granted = [because(b, c, "grants recipients this") for c in ev.firing(b, ast.Permit, w)]
        out.append(Reason(ban_kind(vocab, ban.clause), text,
                          [because(a, ban, f"{what} it"), *granted[:1]], describe(vocab, w),
                          ("ban", ban.index)))
    out = _merged(p, out)
    permits = [ta.fire[x.index] for x in a.of(ast.Permit)] or [z3.BoolVal(False)]
    bans = [ta.fire[x.index] for x in a.bans] or [z3.BoolVal(False)]
    w = view.find(q, t, z3.And(base, ta.reach, z3.Not(z3.Or(permits)), z3.Not(z3.Or(bans))))
    if w is not None:
        replay(ev.exceeds(a, b, w, vocab) and statement(a, w).says == Says.NOT_GRANTED,
               f"{b.id} grants what {a.id} does not")
        granted = [because(b, c, "grants recipients this") for c in ev.firing(b, ast.Permit, w)]
        cond = conditional_grants(a, w)
        if cond:
            grant = cond[0]
            text = (f"{p.name(b.id)} would let recipients {p.phrase(w, _fields(grant))}, which "
                    f"{p.cite(grant)} grants only"
                    f"{words.when(words.condition(vocab, grant.clause.when))}.")  # type: ignore[arg-type]
            out.append(Reason(ban_kind(vocab, grant.clause), text, [
                because(a, grant, "grants it only where its condition holds"), *granted[:1]],
                describe(vocab, w), ("scope-silent",)))
        else:
            text = (f"{p.name(b.id)} would let recipients {p.phrase(w)}, which {p.name(a.id)} "
                    "does not grant (none of its grants covers it).")
            out.append(Reason(Kind.NOT_GRANTED, text, granted[:1] + _grants(p, a, str(w[ACT])),
                              describe(vocab, w), ("scope-silent",)))
    lost: dict[tuple[str, str], tuple[list[SpecClause[ast.Require]], ev.Scenario]] = {}
    for formula in lost_duty_formulas(enc, ta, tb):
        w = view.find(q, t, z3.And(base, ta.permitted, formula))
        if w is None:
            continue
        keys = ev.lost_duties(a, b, w, vocab)
        replay(bool(keys) and ev.exceeds(a, b, w, vocab), f"{b.id} drops a duty of {a.id}'s")
        for c in ev.firing(a, ast.Require, w):
            if any(ev.duty_key(d) in keys for d in c.clause.duties):
                where = (c.origin, c.clause.cite.section if c.clause.cite else c.at)
                clauses, _ = lost.setdefault(where, ([], w))
                if c not in clauses:
                    clauses.append(c)
    for (origin, section), (clauses, w) in lost.items():
        siblings = [c for c in a.of(ast.Require) if c.origin == origin and c.clause.cite
                    and c.clause.cite.section == section and c not in clauses
                    and _binds(vocab, c)]
        every = clauses + siblings
        duties = [words.duty_gloss(vocab, d.kind, d.text, p.name(a.id))
                  for c in every for d in c.clause.duties if d.kind != SAME_LICENSE]
        text = (f"{p.name(origin)} {section} requires those who distribute it to "
                f"{words.join(dict.fromkeys(duties))}; {p.name(b.id)} does not carry these "
                "duties to recipients.")
        out.append(Reason(Kind.CANNOT_CARRY, text,
                          [because(a, c, "a duty that binds recipients") for c in every],
                          describe(vocab, w), ("lost", origin, section)))
    return out


def _merged(p: Pair, reasons: list[Reason]) -> list[Reason]:
    """Bans of one kind that B's grants exceed, told as one reason: 'Apache-2.0 would let
    recipients do what Llama 3.1 forbids: use it for weapons (AUP §2), …'."""
    by_kind: dict[Kind, list[Reason]] = {}
    for r in reasons:
        by_kind.setdefault(r.kind, []).append(r)
    out = []
    for kind, group in by_kind.items():
        if len(group) == 1:
            out += group
            continue
        items = [r.text.removeprefix(f"{p.name(p.b.id)} would let recipients ")
                 .rstrip(".").replace(f", which {p.name(p.a.id)} ", " (") for r in group]
        items = [x.replace(" forbids", ")").replace(" does not grant", ")") for x in items]
        text = (f"{p.name(p.b.id)} would let recipients do what {p.name(p.a.id)} withholds: "
                f"{words.join(items)}.")
        out.append(Reason(kind, text, [c for r in group for c in r.clauses], group[0].scenario,
                          group[0].key))
    return out


def _binds(vocab: Vocabulary, c: SpecClause[ast.Require]) -> bool:
    return any(d.kind in vocab.tagged("binds_recipients") for d in c.clause.duties)


