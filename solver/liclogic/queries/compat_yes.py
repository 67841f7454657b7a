"""Why compat(A, B) holds: the clause that settles a yes (the same license, a relicensing
clause, a work that stays separate, or a permissive part whose terms go along), and what
tells the two sides of a depends apart."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from liclogic.engine import evaluate as ev
from liclogic.engine.explain import because
from liclogic.engine.result import Because
from liclogic.lang import ast, words
from liclogic.lang.library import SpecClause
from liclogic.lang.vocabulary import RELATION, SAME_LICENSE, SELF_RELATION
from liclogic.queries.compat_reasons import Pair, about_relation
from liclogic.queries.reasons import Kind, Reason


def yes_reason(p: Pair, s: ev.Scenario) -> Reason:
    """Why compat holds at s: the same license, a relicensing clause, a work that stays
    separate, or a permissive part whose terms go along."""
    a, b, vocab, canon = p.a, p.b, p.vocab, p.lib.canonical
    # the grant that names the relation first (LGPL §6 for a linked work, not §1); for a
    # relation outside A's reach that copies A's work, the grant of the work itself
    permits = sorted(ev.firing(a, ast.Permit, s) or ev.firing(a, ast.Permit, ev.own_part(s)),
                     key=lambda c: not about_relation(c.clause))
    grants = [because(a, c, "grants it") for c in permits]
    doing = words.gerund(p.phrase(s))
    first = f"{p.cite(permits[0])} grants {doing}" if permits else f"{p.name(a.id)} permits it"
    # a ban that would apply but for its own exception ("excluding Llama 2 or derivative
    # works thereof") is what lets it hold: say so
    excepted = [c for c in a.of(ast.Forbid) if c.clause.unless is not None
                and ev.applies(dataclasses.replace(c.clause, unless=None), a, s)
                and not ev.applies(c.clause, a, s)]
    if excepted:
        first += "; " + words.join(
            f"{p.cite(c)}'s ban does not apply: its exception, "
            f"{words.condition(vocab, c.clause.unless)}, holds"  # type: ignore[arg-type]
            for c in excepted)
        grants += [because(a, c, "its exception applies") for c in excepted]
    # a ban on a fact the question fixed, which that fact keeps from applying ("greater than
    # 700 million": not at exactly 700,000,000): say so, it is what the question turns on
    fixed = {f for f in p.ctx.facts if f not in p.ctx.assumed}
    spared = [c for c in a.bans if c.clause.when is not None and not ev.applies(c.clause, a, s)
              and _mentions(c.clause.when, fixed)]
    if spared:
        first += "; " + words.join(
            f"{p.cite(c)} {words.ban_words(vocab, c.clause)}, which is not so here"
            for c in spared)
        grants += [because(a, c, "does not apply here") for c in spared]
    if a.id == b.id:
        return Reason(Kind.SAME, f"it is the same license, and {first}.", grants)
    part = ev.part_of(a, b, s, vocab)
    scenarios = (s, ev.own_part(s), ev.own_source(s)) if part else (s,)
    rel = [c for x in scenarios for c in ev.firing(a, ast.Relicense, x)
           if canon(b.id) in {canon(t) for t in c.clause.targets}]
    rel = list({c.index: c for c in rel}.values())
    if rel:
        c = rel[0]
        if c.clause.keeps_terms:
            text = (f"{p.cite(c)} lets it be combined into a work under {p.name(b.id)}; the "
                    f"{p.name(a.id)} part keeps its own terms (its duties are listed).")
        else:
            text = f"{p.cite(c)} lets the result be licensed under {p.name(b.id)} instead."
        return Reason(Kind.RELICENSING, text,
                      [because(a, x, f"allows {b.id}") for x in rel] + grants)
    waivers = list({c.index: c for x in scenarios for c in ev.firing(a, ast.Waive, x)}.values())
    lifted = [because(a, c, "lifts " + words.join(words.term_label(vocab, t)
                                                  for t in c.clause.terms)) for c in waivers]
    waived = "".join(f"; {p.cite(c)} lifts "
                     f"{words.join(words.term_label(vocab, t) for t in c.clause.terms)}"
                     for c in waivers)
    if not part:
        made = str(s[RELATION])
        head = f"{words.relation(vocab, made)} is not part of the {p.name(b.id)} work: "
        if made in vocab.tagged("combines"):
            head += (f"neither {p.name(a.id)} nor {p.name(b.id)} counts the combination as one "
                     "work")
        else:
            head += f"{p.name(a.id)} does not count it as a derivative"
        named = [c for c in permits if c.clause.relations is not None]
        if named:  # a grant that names the relation settles it (Llama 3.1 §1.b.i on outputs)
            head = f"{p.cite(named[0])} grants {doing}; " + head[:1].lower() + head[1:]
        return Reason(Kind.SEPARATE, f"{head}, so {p.name(a.id)}'s terms stay with its own "
                      f"copy{waived}.", grants + lifted)
    said = [f"{first}{waived}"]
    keeps = SAME_LICENSE in ev.inbound_terms(a, s, part)
    if keeps:
        said.append(f"the {p.name(a.id)} part itself stays under {p.name(a.id)}")
    said.append("its conditions go along with its part" + (
        f", and {p.name(b.id)} imposes or accepts them" if b.restricts_further else ""))
    return Reason(Kind.PERMITS, "; ".join(said) + f"; {p.name(b.id)} grants recipients "
                  f"nothing {p.name(a.id)} withholds.", grants + lifted)


def separating(p: Pair, holds: ev.Scenario, fails: ev.Scenario
               ) -> tuple[list[str], list[SpecClause[ast.Clause]], list[SpecClause[ast.Clause]]]:
    """What tells a depends' two sides apart: the fields that differ, the clauses that apply
    only on the yes side and those only on the no side (A's, at s and at its own part)."""
    fields = [f for f in p.vocab.fields if holds[f] != fails[f]]

    def firing(s: ev.Scenario) -> dict[int, SpecClause[ast.Clause]]:
        out = {}
        for x in (s, ev.own_part(s)):
            for c in p.a.clauses:
                if isinstance(c.clause, ast.Derivative | ast.Accepts | ast.Disclaims):
                    continue
                if ev.applies(c.clause, p.a, x):
                    out[c.index] = c
        return out

    yes, no = firing(holds), firing(fails)
    return (fields, [c for i, c in yes.items() if i not in no],
            [c for i, c in no.items() if i not in yes])


def because_all(p: Pair, clauses: Iterable[SpecClause[ast.Clause]], role: str) -> list[Because]:
    return [because(p.a, c, role) for c in clauses]


def reach_clauses(p: Pair, s: ev.Scenario | None) -> list[Because]:
    """The clauses that put the made thing within A's reach, when the relation does not copy
    A's work (a distilled model that A counts as a derivative): A's terms bind it only so."""
    if s is None:
        return []
    rel = str(s[RELATION])
    if rel in p.vocab.tagged("contains") or rel == SELF_RELATION:
        return []
    return [because(p.a, c, "counts it as a derivative") for c in p.a.of(ast.Derivative)
            if ev.applies(c.clause, p.a, s)]


def _mentions(e: ast.Expr, fields: set[str]) -> bool:
    return any(isinstance(n, ast.Compare | ast.Member | ast.BoolField) and n.field.path in fields
               for n in ast.walk_expr(e))
