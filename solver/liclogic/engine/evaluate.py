"""The reference evaluator: decides one concrete scenario directly from the syntax tree.

This is the executable specification of the semantics (docs/semantics.md). The Z3 compiler
must agree with it on every scenario (tests/test_differential.py), and every witness the
solver finds is replayed here before it is shown.

Semantics, for license L and scenario s:
- reach(L, s): s.relation is ``verbatim`` (the work itself) or a ``derivative`` clause matches.
  A clause applies inside the license's reach; a clause that names relations with ``on``
  applies to those relations even outside it (contract terms on outputs, distillation, …).
- permitted(L, s) = (not reach or some permit applies) and no forbid (or reserve) applies.
  Default deny inside the reach; outside it the license has nothing to grant or withhold.
- duties(L, s) = the duties of the require clauses that apply.
- complies(L, s) = permitted and every duty is performed; ``same_license`` is performed when the
  outbound license is L itself or a relicense target that applies.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import assert_never

from liclogic.lang import ast
from liclogic.lang.library import C, LicenseModel, SpecClause
from liclogic.lang.vocabulary import (
    ACT,
    FORM,
    OUTBOUND,
    RELATION,
    SAME_LICENSE,
    SELF_RELATION,
    SOURCE_FORM,
    Value,
    Vocabulary,
)

DutyKey = tuple[str, str | None]
Canonical = Callable[[str], str]  # a license name → its library id (``Library.canonical``)


def _same(name: str) -> str:
    return name


def duty_key(d: ast.Duty) -> DutyKey:
    return (d.kind, d.text)


def duty_text(key: DutyKey) -> str:
    if key[0] == ast.ONE_OF:
        return f"one of {{{(key[1] or '').replace(' | ', ', ')}}}"
    return key[0] if key[1] is None else f'{key[0]}("{key[1]}")'


@dataclass(frozen=True)
class Scenario:
    """One licensee doing one thing: field values (dotted paths), the outbound license, the duties
    performed, and the readings in force."""

    values: Mapping[str, Value]
    outbound: str | None = None
    performed: frozenset[DutyKey] = frozenset()
    readings: Mapping[str, bool] = field(default_factory=dict)

    def __getitem__(self, path: str) -> Value:
        return self.values[path]

    def with_values(self, **changes: Value) -> Scenario:
        vals = dict(self.values)
        for k, v in changes.items():
            vals[k.replace("__", ".")] = v
        return replace(self, values=vals)

    def with_fields(self, changes: Mapping[str, Value]) -> Scenario:
        return replace(self, values={**self.values, **changes})

    def reading(self, name: str) -> bool:
        return bool(self.readings.get(name, False))


def default_scenario(vocab: Vocabulary, **changes: Value) -> Scenario:
    return Scenario(vocab.defaults()).with_values(**changes)


# ------------------------------------------------------------------ conditions


def eval_expr(e: ast.Expr, lic: LicenseModel, s: Scenario) -> bool:
    match e:
        case ast.Const(value=v):
            return v
        case ast.BoolField(field=f):
            return bool(s[f.path])
        case ast.Compare(field=f, op=op, value=lit):
            return _compare(_field_value(s, f.path), op, _lit(lit))
        case ast.Member(field=f, values=vals, negated=neg):
            return (_field_value(s, f.path) in {_lit(v) for v in vals}) != neg
        case ast.ReadingRef(name=n):
            return s.reading(n)
        case ast.DerivativeRef():
            return derived(lic, s)
        case ast.Not(operand=o):
            return not eval_expr(o, lic, s)
        case ast.And(operands=ops):
            return all(eval_expr(o, lic, s) for o in ops)
        case ast.Or(operands=ops):
            return any(eval_expr(o, lic, s) for o in ops)
    raise TypeError(f"not a condition: {e!r}")


def _field_value(s: Scenario, path: str) -> Value | None:
    return s.outbound if path == OUTBOUND else s[path]


def _lit(lit: ast.Literal) -> Value:
    return lit.name if isinstance(lit, ast.NameLit) else lit.value


def _compare(a: Value | None, op: str, b: Value) -> bool:
    """``a op b``: an outbound of None (no license) equals no id; only integers are ordered."""
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    if op == "<":
        return a < b  # type: ignore[operator]
    if op == "<=":
        return a <= b  # type: ignore[operator]
    if op == ">":
        return a > b  # type: ignore[operator]
    return a >= b  # type: ignore[operator]


# ------------------------------------------------------------------ clauses


def derived(lic: LicenseModel, s: Scenario) -> bool:
    """Is the thing acted on within the license's reach (the work itself or a derivative)?"""
    if s[RELATION] == SELF_RELATION:
        return True
    return any(derivative_applies(c.clause, lic, s) for c in lic.of(ast.Derivative))


def derivative_applies(c: ast.Derivative, lic: LicenseModel, s: Scenario) -> bool:
    return s[RELATION] in c.relations and (c.when is None or eval_expr(c.when, lic, s))


def applies(c: ast.Clause, lic: LicenseModel, s: Scenario) -> bool:
    """Does the clause apply at s? One case per clause kind (``lang/clause_kinds.py``)."""
    match c:
        case ast.Derivative():
            return derivative_applies(c, lic, s)
        case ast.Accepts() | ast.Disclaims():
            return True  # they hold wherever the license does
        case ast.Permit():
            return _scoped(lic, s, c.acts, c.relations, c.when, None)
        case ast.Forbid():
            return _scoped(lic, s, c.acts, c.relations, c.when, c.unless)
        case ast.Reserve():
            return _scoped(lic, s, c.acts, c.relations, c.when, None)
        case ast.Require() | ast.Carries() | ast.Relicense() | ast.Waive():
            return _scoped(lic, s, None, c.relations, c.when, None)
        case _:
            assert_never(c)


def _scoped(lic: LicenseModel, s: Scenario, acts: tuple[str, ...] | None,
            relations: tuple[str, ...] | None, when: ast.Expr | None, unless: ast.Expr | None
            ) -> bool:
    """A clause with these parts applies at s: its act and relation, its conditions, and —
    without ``on`` — within the license's reach."""
    if acts is not None and s[ACT] not in acts:
        return False
    if relations is not None and s[RELATION] not in relations:
        return False
    if when is not None and not eval_expr(when, lic, s):
        return False
    if unless is not None and eval_expr(unless, lic, s):
        return False
    return relations is not None or derived(lic, s)


def firing(lic: LicenseModel, kind: type[C], s: Scenario) -> list[SpecClause[C]]:
    """The clauses of this kind that apply at s."""
    return [c for c in lic.of(kind) if applies(c.clause, lic, s)]


def withheld_by(lic: LicenseModel, s: Scenario) -> list[SpecClause[ast.Ban]]:
    """The forbid and reserve clauses that apply at s: either withholds the act."""
    return [c for c in lic.bans if applies(c.clause, lic, s)]


def permitted(lic: LicenseModel, s: Scenario) -> bool:
    granted = not derived(lic, s) or bool(firing(lic, ast.Permit, s))
    return granted and not withheld_by(lic, s)


def granted(lic: LicenseModel, s: Scenario) -> bool:
    """A permit clause covers s and no forbid (or reserve) applies: the license itself grants
    s (unlike ``permitted``, silence outside the reach grants nothing)."""
    return bool(firing(lic, ast.Permit, s)) and not withheld_by(lic, s)


def waived(lic: LicenseModel, s: Scenario) -> frozenset[str]:
    """Duty kinds and terms lifted at s by waive clauses (an exception's permissions)."""
    return frozenset(t for c in firing(lic, ast.Waive, s) for t in c.clause.terms)


def lifted(d: ast.Duty, off: frozenset[str]) -> bool:
    """A waive lifts the duty: it names its kind, or — for a duty alternative — the kind of
    one of its options (that option is then free to choose)."""
    return d.kind in off or any(o.duty.kind in off for o in d.options)


def duties(lic: LicenseModel, s: Scenario) -> frozenset[DutyKey]:
    """The duties that apply at s; a duty alternative is one duty (kind ``one_of``)."""
    off = waived(lic, s)
    return frozenset(duty_key(d) for c in firing(lic, ast.Require, s) for d in c.clause.duties
                     if not lifted(d, off))


def choice_options(lic: LicenseModel, key: DutyKey, s: Scenario) -> list[ast.Option]:
    """The options of the duty alternative ``key`` that can be chosen at s: those of the
    clauses that apply whose own condition holds (the context may rule some out)."""
    return [o for c in firing(lic, ast.Require, s) for d in c.clause.duties
            if d.options and duty_key(d) == key for o in d.options
            if o.when is None or eval_expr(o.when, lic, s)]


def carried(lic: LicenseModel, s: Scenario) -> frozenset[str]:
    off = waived(lic, s)
    return frozenset(t for c in firing(lic, ast.Carries, s) for t in c.clause.terms
                     if t not in off)


def allowed_outbounds(lic: LicenseModel, s: Scenario, canonical: Canonical = _same
                      ) -> frozenset[str]:
    targets = {canonical(t) for c in firing(lic, ast.Relicense, s) for t in c.clause.targets
               if t != ast.BASE}
    return frozenset({lic.id} | targets)


def performed(lic: LicenseModel, key: DutyKey, s: Scenario, canonical: Canonical = _same) -> bool:
    if key[0] == ast.ONE_OF:  # a duty alternative: one of the options open at s is done
        return any(performed(lic, duty_key(o.duty), s, canonical)
                   for o in choice_options(lic, key, s))
    if key[0] == SAME_LICENSE:
        return s.outbound is not None and canonical(s.outbound) in allowed_outbounds(lic, s,
                                                                                     canonical)
    return key in s.performed


def complies(lic: LicenseModel, s: Scenario, canonical: Canonical = _same) -> bool:
    return permitted(lic, s) and all(performed(lic, k, s, canonical) for k in duties(lic, s))


def terms(lic: LicenseModel, s: Scenario) -> frozenset[str]:
    """The terms the license puts on s: the kinds of its duties and its carried terms."""
    return frozenset(k for k, _ in duties(lic, s)) | carried(lic, s)


# ------------------------------------------------------------------ compatibility
#
# The inbound work A goes into a combined work W (relation s.relation) distributed under B.
# - A's own terms bind A's part of W whenever W includes that part: when the relation copies
#   the work (tag ``contains``) or either license counts the combination as one work.
# - A's copyleft (same_license at s) reaches all of W only when W is within A's reach.
# - B's ban on further restrictions binds A's part only when W is within B's reach.


def own_part(s: Scenario) -> Scenario:
    """A's own part of the combined work: the licensed work itself, otherwise as in s."""
    return s.with_fields({RELATION: SELF_RELATION})


def own_source(s: Scenario) -> Scenario:
    """A's own part distributed as source."""
    return s.with_fields({RELATION: SELF_RELATION, FORM: SOURCE_FORM})


def source_out(a: LicenseModel, b: LicenseModel, s: Scenario, vocab: Vocabulary) -> bool:
    """Does the combined work go out with its source (a duty of A's or B's tagged
    discloses_source applies), so that A's part is also distributed in source form?"""
    tagged = vocab.tagged("discloses_source")
    if not tagged or FORM not in vocab.fields or not part_of(a, b, s, vocab):
        return False
    kinds = {k for k, _ in duties(a, s) | duties(a, own_part(s)) | duties(b, s)}
    return bool(kinds & tagged)


def part_of(a: LicenseModel, b: LicenseModel, s: Scenario, vocab: Vocabulary) -> bool:
    """Does the combined work include A's work, so that A's terms bind that part of it? It
    does when the relation copies the work, when A counts the result as its derivative, or —
    for relations that combine two works — when B counts the combination as one work."""
    r = s[RELATION]
    return (r == SELF_RELATION or r in vocab.tagged("contains") or derived(a, s)
            or (r in vocab.tagged("combines") and derived(b, s)))


def governs(b: LicenseModel, s: Scenario, vocab: Vocabulary) -> bool:
    """Do B's terms cover the whole result? For a transformation of A's work (fine-tuning,
    distilling, …) the result is distributed under B as a whole; for a combination, only
    when B counts the combination as one work (its reach)."""
    return s[RELATION] not in vocab.tagged("combines") or derived(b, s)


def inbound_terms(a: LicenseModel, s: Scenario, part: bool, source: bool = False
                  ) -> frozenset[str]:
    out = terms(a, s) | (terms(a, own_part(s)) if part else frozenset())
    return out | (terms(a, own_source(s)) if source else frozenset())


def conflicting_terms(a: LicenseModel, b: LicenseModel, s: Scenario,
                      vocab: Vocabulary) -> frozenset[str]:
    """A's terms that B, forbidding further restrictions over the combination, neither imposes
    nor accepts itself. A's same_license on its own part always conflicts with such a B: the
    part would stay under A inside a work that must be under B as a whole."""
    if not (b.restricts_further and governs(b, s, vocab)):
        return frozenset()
    part, source = part_of(a, b, s, vocab), source_out(a, b, s, vocab)
    specific = vocab.tagged("specific")

    def tolerated(t: str) -> bool:
        return b.tolerates(t, specific, vocab.tagged("freedoms"), vocab.tagged("attribution"))

    out = {t for t in inbound_terms(a, s, part, source) if t != ast.ONE_OF and not tolerated(t)}
    # a duty alternative restricts further only when no option open at that copy is tolerated
    copies = [s] + ([own_part(s)] if part else []) + ([own_source(s)] if source else [])
    out |= {duty_text(k) for x in copies for k in duties(a, x) if k[0] == ast.ONE_OF
            and not any(tolerated(o.duty.kind) for o in choice_options(a, k, x))}
    return frozenset(out)


def relicensed(a: LicenseModel, b: LicenseModel, s: Scenario, vocab: Vocabulary,
               canonical: Canonical = _same) -> bool:
    """B is A itself, or A lets the combined work (or A's part of it) be licensed under B."""
    allowed = allowed_outbounds(a, s, canonical)
    if part_of(a, b, s, vocab):
        allowed |= allowed_outbounds(a, own_part(s), canonical)
    if source_out(a, b, s, vocab):
        allowed |= allowed_outbounds(a, own_source(s), canonical)
    return canonical(b.id) in allowed


def compat_holds(a: LicenseModel, b: LicenseModel, s: Scenario, scope_ok: bool,
                 vocab: Vocabulary, canonical: Canonical = _same) -> bool:
    """Can the work under A, in scenario s (an act with outbound B), be part of a work
    distributed under B? ``scope_ok``: B grants recipients nothing A withholds."""
    part = part_of(a, b, s, vocab)
    if not permitted(a, s) or (part and not permitted(a, own_part(s))):
        return False
    if source_out(a, b, s, vocab) and not permitted(a, own_source(s)):
        return False
    if relicensed(a, b, s, vocab, canonical):
        return True
    if SAME_LICENSE in {k for k, _ in duties(a, s)}:
        return False  # A's copyleft reaches the whole work, and B is not allowed
    if conflicting_terms(a, b, s, vocab):
        return False
    return scope_ok or not part


def exceeds(a: LicenseModel, b: LicenseModel, t: Scenario, vocab: Vocabulary,
            a_permits: bool | None = None, b_grants: bool | None = None) -> bool:
    """Does B grant the downstream act t that A withholds, or grant it free of a duty of A's
    that binds recipients (tag ``binds_recipients``: a use-policy pass-through, a name
    prefix) which B does not impose itself? Own-grant acts aside. ``a_permits``: whether A
    permits t, ``b_grants``: whether B grants it, when the caller has them already (the
    profiles keep the first per A, the second per B and scenario)."""
    if t[ACT] in vocab.tagged("own_grant"):
        return False
    if not (granted(b, t) if b_grants is None else b_grants):
        return False
    permits = permitted(a, t) if a_permits is None else a_permits
    return not permits or bool(lost_duties(a, b, t, vocab))


def lost_duties(a: LicenseModel, b: LicenseModel, t: Scenario, vocab: Vocabulary
                ) -> frozenset[DutyKey]:
    """A's duties at t that bind recipients and that B does not impose at t."""
    binds = vocab.tagged("binds_recipients")
    return frozenset(k for k in duties(a, t) - duties(b, t) if k[0] in binds)
