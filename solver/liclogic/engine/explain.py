"""Explanations: clauses with their citations, readable witnesses, scenarios in words.

A witness is a Z3 model decoded into a concrete scenario, shrunk towards the vocabulary's
defaults so only the fields that matter remain, and replayed through the reference evaluator
by the caller before it is shown (``solve.replay``): a witness that does not replay raises
``WitnessError``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence, Set
from typing import Any

import z3

from liclogic.engine.canonical import least
from liclogic.engine.encoding import OTHER_LICENSE, ScenarioVars
from liclogic.engine.evaluate import Scenario, duty_text
from liclogic.engine.result import Because, Witness, value_text
from liclogic.engine.solve import Query, Status
from liclogic.lang import ast, words
from liclogic.lang.format import clause_text, format_expr
from liclogic.lang.library import LicenseModel, SpecClause
from liclogic.lang.vocabulary import ACT, RELATION, Vocabulary


def because(lic: LicenseModel, sc: SpecClause[ast.Clause], role: str = "") -> Because:
    cite = sc.clause.cite
    return Because(
        license=lic.id,
        clause=clause_text(sc.clause),
        cite=cite.section if cite else "",
        quote=cite.quote if cite else None,
        at=sc.at,
        role=role,
    )


def because_option(lic: LicenseModel, sc: SpecClause[ast.Clause], o: ast.Option,
                   role: str = "") -> Because:
    """An option of a duty alternative, cited by its own clause of the text."""
    cite = o.cite
    said = str(o.duty) + (f" when {format_expr(o.when)}" if o.when is not None else "")
    return Because(license=lic.id, clause=said, cite=cite.section if cite else "",
                   quote=cite.quote if cite else None, at=sc.at, role=role)


def cite_of(lic: LicenseModel, sc: SpecClause[ast.Clause]) -> str:
    """'Apache-2.0 §3' — how prose refers to a clause: by the license text it comes from (an
    exception's clause in a composite, a parent's clause in a based_on license)."""
    section = sc.clause.cite.section if sc.clause.cite else f"line {sc.at}"
    return f"{sc.origin} {section}"


# ------------------------------------------------------------------ witnesses


def shrink(q: Query, formulas: list[z3.BoolRef], svs: list[ScenarioVars],
           keep: Set[str] = frozenset(),
           pairs: Sequence[tuple[ScenarioVars, ScenarioVars]] = (),
           canonical: bool = True, model: Any = None) -> z3.ModelRef | None:
    """A model of ``formulas`` near the vocabulary's defaults, so a witness shows only what
    matters. ``canonical`` (for every witness shown): the least model in the fixed order of
    ``canonical.least`` — defaults first, then the lowest workable values; for relational
    pairs, integer fields that must differ differ by one, at the threshold — so the same
    question gets the same witness whatever the solver did before.

    ``canonical=False`` (cheaper, for witnesses not shown): fields are moved to their
    defaults in groups, halving a group that cannot move (delta debugging), so a witness
    with k fields that matter costs about k·log(n) solver calls; what is left is whatever
    the solver's model says. ``model``: one of ``formulas`` the caller has (saves a check)."""
    if canonical:
        return least(q, formulas, svs, keep=keep, pairs=pairs, model=model)
    status, found = q.check(*formulas)
    if status != Status.SAT or found is None:
        return None
    model = found  # the latest model
    base = list(formulas)
    vocab = svs[0].enc.vocab

    def attempt(cands: list[z3.BoolRef]) -> bool:
        nonlocal model
        if not cands:
            return True
        st, m = q.check(*base, *cands)
        if st == Status.SAT:
            base.extend(cands)
            model = m
        return st == Status.SAT

    def value(sv: ScenarioVars, path: str) -> Any:
        return model.eval(sv[path], model_completion=True)

    def default(sv: ScenarioVars, path: str) -> z3.BoolRef:
        ft = vocab.fields[path]
        return sv.is_(path, ft.default) if ft.kind == "enum" else sv[path] == ft.default

    def defaults_in_groups(groups: list[list[z3.BoolRef]]) -> None:
        """Add as many groups of constraints as possible, bisecting groups that fail."""
        pending = [groups]
        while pending:
            chunk = pending.pop()
            if attempt([c for g in chunk for c in g]) or len(chunk) == 1:
                continue
            mid = len(chunk) // 2
            pending += [chunk[mid:], chunk[:mid]]

    fields = [p for p in vocab.fields if p not in keep]
    # 1. every field on every side at its default, in one go if possible
    defaults_in_groups([[default(sv, p) for sv in svs] for p in fields]
                       + [[sv.outbound == OTHER_LICENSE for sv in svs]])
    for left, right in pairs:  # 2. integers that must differ: one apart, at the threshold
        for path in fields:
            if vocab.fields[path].kind == "int" and \
                    value(left, path).as_long() != value(right, path).as_long() and \
                    not attempt([right[path] == left[path] + 1]):
                attempt([left[path] == right[path] + 1])
    # 3. what is left, one side at a time
    defaults_in_groups([[default(sv, p)] for p in fields for sv in svs
                        if not z3.is_true(model.eval(default(sv, p), model_completion=True))])
    return model


def describe(vocab: Vocabulary, s: Scenario, always: tuple[str, ...] = (ACT, RELATION)
             ) -> dict[str, Any]:
    """The fields of s that matter: those named in ``always`` and those off their default."""
    out: dict[str, Any] = {}
    for path, ft in vocab.fields.items():
        if path in always or s[path] != ft.default:
            out[path] = s[path]
    if s.outbound:
        out["outbound"] = s.outbound
    if s.performed:
        out["performed"] = sorted(duty_text(k) for k in s.performed)
    return out


def phrase(vocab: Vocabulary, s: Scenario, always: tuple[str, ...] = (ACT, RELATION)) -> str:
    """A scenario in a few words: 'use (verbatim) with commercial=true, purpose=military'."""
    fields = describe(vocab, s, always)
    head = f"{fields.pop(ACT, s[ACT])} ({fields.pop(RELATION, s[RELATION])})"
    rest = [f"{k}={value_text(v)}" for k, v in fields.items() if k not in ("outbound", "performed")]
    return head + (" with " + ", ".join(rest) if rest else "")


def witness(vocab: Vocabulary, label: str, s: Scenario, other: Scenario | None = None,
            readings: dict[str, bool] | None = None,
            always: tuple[str, ...] = (ACT, RELATION),
            name: Callable[[str], str] | None = None) -> Witness:
    """A scenario shown: its fields (machine names, for JSON) and its plain words, in which
    ``name`` names the outbound license as explanations do ('Llama 3.1')."""
    if other is None:
        return Witness(label, describe(vocab, s, always), readings=dict(readings or {}),
                       text=plain(vocab, s, name))
    # for a pair, show the same fields on both sides
    keys = set(describe(vocab, s, always)) | set(describe(vocab, other, always))
    left = {k: v for k, v in _full(s).items() if k in keys}
    right = {k: v for k, v in _full(other).items() if k in keys}
    return Witness(label, left, right, readings=dict(readings or {}),
                   text=f"{plain(vocab, s, name)}, versus {plain(vocab, other, name)}")


def plain(vocab: Vocabulary, s: Scenario, name: Callable[[str], str] | None = None) -> str:
    """A scenario in plain words: 'distribute a model fine-tuned from it (700,000,001 monthly
    active users), under Apache-2.0'; ``name`` names the outbound license (default: its id)."""
    text = words.scenario_phrase(vocab, s.values, words.off_default(vocab, s.values))
    if not s.outbound:
        return text
    return f"{text}, under {name(s.outbound) if name else s.outbound}"


def _full(s: Scenario) -> dict[str, Any]:
    d: dict[str, Any] = dict(s.values)
    if s.outbound:
        d["outbound"] = s.outbound
    return d


def differing(vocab: Vocabulary, a: Scenario, b: Scenario) -> list[str]:
    return [p for p in vocab.fields if a[p] != b[p]]



