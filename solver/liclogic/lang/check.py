"""Type checker: a license's clauses against the vocabulary.

Finds unknown names (acts, relations, fields, enum values, duties, terms, readings), type
mismatches, missing citations and duplicate clauses, and reports them all at once with a
location and the nearest valid names.
"""

from __future__ import annotations

import dataclasses
import re

from liclogic.errors import SpecError, did_you_mean
from liclogic.lang import ast, clause_kinds
from liclogic.lang.vocabulary import ACT, DISCLAIMER_ENUM, OUTBOUND, RELATION, FieldType, Vocabulary
from liclogic.limits import MAX_EXPR_DEPTH

_ORDERED_OPS = {"<", "<=", ">", ">="}


# an SPDX license id or a LicenseRef-: letters, digits, '.' and '-' (SPDX's idstring), so no
# space, operator or parenthesis: an id never reads as an expression ("MIT OR Apache-2.0")
LICENSE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]{0,254}")


def id_problem(text: str) -> str | None:
    """Why ``text`` is not a valid license id (None: it is one)."""
    if not text:
        return "is empty"
    if text != text.strip():
        return "has spaces around it"
    if not LICENSE_ID.fullmatch(text):
        return ("is not an SPDX id or LicenseRef- (letters, digits, '.' and '-' only, "
                "at most 255)")
    return None


def check_license(lic: ast.License, vocab: Vocabulary) -> list[SpecError]:
    errors: list[SpecError] = []
    problem = id_problem(lic.id)
    if problem:
        errors.append(SpecError(f"license id {lic.id!r} {problem}", lic.span,
                                hint='e.g. license "LicenseRef-Acme-1.0" { … }'))
    _check_metas(lic, vocab, errors)
    seen: dict[ast.Clause, ast.Clause] = {}
    for clause in lic.clauses:
        _check_clause(clause, vocab, errors)
        if isinstance(clause, ast.Relicense) and ast.BASE in clause.targets and \
                lic.kind != "exception":
            errors.append(SpecError("relicense base is for exceptions: the license an "
                                    "exception is attached to", clause.span,
                                    hint="name the target license as a quoted id"))
        known = len(seen)
        earlier = seen.setdefault(_dedup_key(clause), clause)  # one hash of the clause tree
        if len(seen) == known:
            first = earlier.span
            at = f" (same as line {first.line})" if first else ""
            errors.append(SpecError(f"duplicate {clause_kinds.keyword(clause)} clause{at}",
                                    clause.span, hint="remove one of the two clauses"))
    for e in lic.expectations:
        _check_expect(e, vocab, errors)
    return errors


def _check_expect(e: ast.Expect, vocab: Vocabulary, errors: list[SpecError]) -> None:
    """An expectation names acts, relations, fields and readings as clauses do (the license it
    compares with is looked up when the library is built)."""
    for name, _ in e.readings:
        if name not in vocab.readings:
            errors.append(SpecError(f"unknown reading {name!r}", e.span,
                                    hint=did_you_mean(name, vocab.readings)))
    if e.question == "osd" and e.criterion is not None and not 1 <= e.criterion <= 10:
        errors.append(SpecError(f"OSD criterion {e.criterion} does not exist", e.span,
                                hint="the Open Source Definition has criteria 1 to 10"))
    if e.question != "permits":
        return
    _check_names(e.acts, vocab.acts, "act", e.span, errors)
    _check_names(e.relations, vocab.relations, "relation", e.span, errors)
    if e.when is not None:
        if ast.expr_depth(e.when) > MAX_EXPR_DEPTH:
            errors.append(SpecError(f"a condition nested more than {MAX_EXPR_DEPTH} levels "
                                    "deep", e.span))
        else:
            _check_expr(e.when, vocab, errors, inside_derivative=False)


def _dedup_key(clause: ast.Clause) -> ast.Clause:
    return dataclasses.replace(clause, cite=None)


def _check_metas(lic: ast.License, vocab: Vocabulary, errors: list[SpecError]) -> None:
    keys: dict[str, ast.Meta] = {}
    for m in lic.metas:
        if m.key in keys:
            errors.append(SpecError(f"{m.key} is given twice", m.span,
                                    hint="give each metadata key once"))
        keys[m.key] = m
        if m.key != "aliases" and len(m.values) != 1:
            errors.append(SpecError(f"{m.key} takes one value", m.span))
        if m.key in ("aliases", "based_on"):
            for v in m.values:
                if not v.strip() or v != v.strip() or not v.isprintable():
                    errors.append(SpecError(f"{m.key} {v!r}: a name without spaces around "
                                            "it or control characters", m.span))
        if m.key == "kind" and vocab.license_kinds and m.values[0] not in vocab.license_kinds:
            errors.append(SpecError(f"unknown license kind {m.values[0]!r}", m.span,
                                    hint="one of: " + ", ".join(vocab.license_kinds)))
    if "kind" not in keys:
        errors.append(SpecError(f"license {lic.id!r} does not say its kind", lic.span,
                                hint="add a line: kind " + " | ".join(vocab.license_kinds or
                                                                      ("software",))))


def _check_names(names: tuple[str, ...] | None, allowed: tuple[str, ...] | set[str], what: str,
                 span: ast.Span | None, errors: list[SpecError]) -> None:
    for n in names or ():
        if n not in allowed:
            errors.append(SpecError(f"unknown {what} {n!r}", span, hint=did_you_mean(n, allowed)))


def _check_clause(c: ast.Clause, vocab: Vocabulary, errors: list[SpecError]) -> None:
    kind = clause_kinds.kind_of(c)
    if c.cite is None:
        errors.append(SpecError(f"{kind.keyword} clause has no citation", c.span,
                                hint='end the clause with: cite "§N" "a short quoted phrase"'))
    head = getattr(c, kind.field)
    if kind.names == "duty":
        _check_duties(head, vocab, c.span, errors)
        for d in ast.choices(c):
            _check_choice(d, vocab, c.span, errors)
    elif kind.names == "license":
        for t in head:
            problem = id_problem(t) if t != ast.BASE else None
            if problem:
                errors.append(SpecError(f"relicense target {t!r} {problem}", c.span))
    else:
        allowed, what = _namespace(kind.names, vocab)
        _check_names(head, allowed, what, c.span, errors)
    if "on" in kind.parts:
        _check_names(c.relations, vocab.relations, "relation", c.span,  # type: ignore[union-attr]
                     errors)
    for cond in clause_kinds.conditions(c):
        if ast.expr_depth(cond) > MAX_EXPR_DEPTH:  # a tree built in Python, not parsed
            errors.append(SpecError(f"a condition nested more than {MAX_EXPR_DEPTH} levels "
                                    "deep", c.span))
            continue
        _check_expr(cond, vocab, errors, inside_derivative=isinstance(c, ast.Derivative))


def _namespace(names: clause_kinds.Names, vocab: Vocabulary
               ) -> tuple[tuple[str, ...] | set[str], str]:
    """The names a clause head may list, and what to call one in an error."""
    if names == "act":
        return vocab.acts, "act"
    if names == "relation":
        return vocab.relations, "relation"
    if names == "term":
        return set(vocab.terms), "term"
    if names == "term_or_duty":  # accepts and waive name carried terms and duty kinds alike
        return set(vocab.terms) | set(vocab.duties), "term"
    return vocab.enums.get(DISCLAIMER_ENUM, ()), "disclaimer"


def _check_choice(d: ast.Duty, vocab: Vocabulary, span: ast.Span | None,
                  errors: list[SpecError]) -> None:
    """A duty alternative: two or more distinct plain options, each cited, with conditions
    that type-check."""
    where = d.span or span
    kinds = [str(o.duty) for o in d.options]
    if len(set(kinds)) < 2:
        errors.append(SpecError("a duty alternative needs two or more different options",
                                where, hint="write: one of { rename cite …, same_license cite … }"))
    if d.text != ast.Duty.choice(d.options).text:
        errors.append(SpecError("a duty alternative's text must name its options", where))
    for o in d.options:
        at = o.span or where
        if o.duty.options or o.duty.kind == ast.ONE_OF:
            errors.append(SpecError("an option of a duty alternative is a plain duty", at))
            continue
        if o.duty.text is not None and ("|" in o.duty.text or '"' in o.duty.text):
            errors.append(SpecError(f"the text of option {o.duty.kind} may not contain | or a "
                                    "quote", at))
        if o.cite is None:
            errors.append(SpecError(f"option {o.duty} has no citation", at,
                                    hint='follow it with: cite "§N(a)" "its own words"'))
        if o.when is not None:
            if ast.expr_depth(o.when) > MAX_EXPR_DEPTH:
                errors.append(SpecError(f"a condition nested more than {MAX_EXPR_DEPTH} levels "
                                        "deep", at))
            else:
                _check_expr(o.when, vocab, errors, inside_derivative=False)
    _check_duties(tuple(o.duty for o in d.options), vocab, where, errors)


def _check_duties(duties: tuple[ast.Duty, ...], vocab: Vocabulary, span: ast.Span | None,
                  errors: list[SpecError]) -> None:
    for d in duties:
        if d.kind == ast.ONE_OF and d.options:
            continue  # checked by _check_choice
        kind = vocab.duties.get(d.kind)
        if kind is None:
            errors.append(SpecError(f"unknown duty {d.kind!r}", d.span or span,
                                    hint=did_you_mean(d.kind, vocab.duties)))
        elif kind.takes_text and d.text is None:
            errors.append(SpecError(f"duty {d.kind} needs its text", d.span or span,
                                    hint=f'write {d.kind}("…")'))
        elif not kind.takes_text and d.text is not None:
            errors.append(SpecError(f"duty {d.kind} takes no text", d.span or span,
                                    hint=f"write {d.kind} without parentheses"))


def _check_expr(e: ast.Expr, vocab: Vocabulary, errors: list[SpecError], *,
                inside_derivative: bool) -> None:
    for node in ast.walk_expr(e):
        if isinstance(node, ast.Compare | ast.Member | ast.BoolField) and \
                node.field.path == OUTBOUND:
            _check_outbound(node, errors)
            continue
        if isinstance(node, ast.Compare | ast.Member | ast.BoolField):
            ft = _field(node.field, vocab, errors)
            if ft is None:
                continue
            if isinstance(node, ast.BoolField):
                if ft.kind != "bool":
                    errors.append(SpecError(
                        f"field {ft.path} is {ft.describe()}, not a condition by itself",
                        node.span, hint=_usage_hint(ft)))
                continue
            values = (node.value,) if isinstance(node, ast.Compare) else node.values
            if isinstance(node, ast.Compare) and node.op in _ORDERED_OPS and ft.kind != "int":
                errors.append(SpecError(f"{node.op} compares numbers; {ft.path} is {ft.describe()}",
                                        node.span, hint=_usage_hint(ft)))
            for lit in values:
                _check_literal(lit, ft, errors, node.span)
        elif isinstance(node, ast.ReadingRef) and node.name not in vocab.readings:
            errors.append(SpecError(f"unknown reading {node.name!r}", node.span,
                                    hint=did_you_mean(node.name, vocab.readings)))
        elif isinstance(node, ast.DerivativeRef) and inside_derivative:
            errors.append(SpecError("a derivative clause cannot depend on 'derivative' itself",
                                    node.span))


def _check_outbound(node: ast.Compare | ast.Member | ast.BoolField,
                    errors: list[SpecError]) -> None:
    """``outbound`` compares the outbound license with quoted license ids."""
    hint = 'write outbound == "GPL-2.0-only" or outbound in {"GPL-2.0-only", "GPL-3.0-only"}'
    if isinstance(node, ast.BoolField) or (isinstance(node, ast.Compare) and
                                           node.op not in ("==", "!=")):
        errors.append(SpecError("outbound is a license: compare it with == or in", node.span,
                                hint=hint))
        return
    values = (node.value,) if isinstance(node, ast.Compare) else node.values
    for lit in values:
        if not isinstance(lit, ast.StrLit):
            errors.append(SpecError("outbound takes quoted license ids", lit.span or node.span,
                                    hint=hint))


def _field(ref: ast.FieldRef, vocab: Vocabulary, errors: list[SpecError]) -> FieldType | None:
    ft = vocab.fields.get(ref.path)
    if ft is None:
        hint = did_you_mean(ref.path, vocab.fields)
        if ref.path in vocab.acts:
            hint = f"{ref.path} is an act: write act == {ref.path}"
        elif ref.path in vocab.relations:
            hint = f"{ref.path} is a relation: write relation == {ref.path}"
        errors.append(SpecError(f"unknown field {ref.path!r}", ref.span, hint=hint))
    return ft


def _check_literal(lit: ast.Literal, ft: FieldType, errors: list[SpecError],
                   span: ast.Span | None) -> None:
    where = lit.span or span
    if ft.kind == "int" and not isinstance(lit, ast.IntLit):
        errors.append(SpecError(f"{ft.path} is an integer; got {_lit_text(lit)}", where))
    elif ft.kind == "bool" and not isinstance(lit, ast.BoolLit):
        errors.append(SpecError(f"{ft.path} is true or false; got {_lit_text(lit)}", where))
    elif ft.kind == "enum":
        if not isinstance(lit, ast.NameLit):
            errors.append(SpecError(f"{ft.path} takes a {ft.enum} value; got {_lit_text(lit)}",
                                    where, hint="one of: " + ", ".join(ft.values[:12])))
        elif lit.name not in ft.values:
            errors.append(SpecError(f"{lit.name!r} is not a {ft.enum} value (field {ft.path})",
                                    where, hint=did_you_mean(lit.name, ft.values)))


def _lit_text(lit: ast.Literal) -> str:
    if isinstance(lit, ast.StrLit):
        return f'"{lit.value}"'
    if isinstance(lit, ast.NameLit):
        return lit.name
    if isinstance(lit, ast.BoolLit):
        return "true" if lit.value else "false"
    return str(lit.value)


def _usage_hint(ft: FieldType) -> str:
    if ft.kind == "int":
        return f"compare it: {ft.path} > 100_000_000"
    if ft.kind == "enum":
        return f"compare it: {ft.path} == {ft.values[0]}  or  {ft.path} in {{…}}"
    return f"use it directly: when {ft.path}"


__all__ = ["ACT", "RELATION", "check_license"]
