"""Plain words for people: vocabulary names, scenarios and conditions as sentences, from the
labels and glosses the vocabulary declares (specs/prelude.lic). JSON output keeps the machine
names; the human output of every command goes through here.

A name without a label reads as itself with underscores as spaces, so a user's own
vocabulary works before it is labelled.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from liclogic.lang import ast, clause_kinds
from liclogic.lang.library import Library, LicenseModel, SpecClause
from liclogic.lang.vocabulary import (
    ACT,
    OUTBOUND,
    PURPOSE,
    RELATION,
    SELF_RELATION,
    Value,
    Vocabulary,
)


def _plain(name: str) -> str:
    return name.replace("_", " ")


def join(items: Iterable[str], word: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    xs = [x for x in items if x]
    if len(xs) <= 1:
        return "".join(xs)
    return ", ".join(xs[:-1]) + f" {word} " + xs[-1]


def number(n: int) -> str:
    return f"{n:,}"


# ------------------------------------------------------------------ names


def value_label(vocab: Vocabulary, path: str, value: Value) -> str:
    """An enum value's label ('a model fine-tuned from it'), else the value in words."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return number(value)
    g = vocab.value_gloss(path, value)
    return g.label if g is not None and g.label else _plain(value)


def value_doc(vocab: Vocabulary, path: str, value: str) -> str | None:
    g = vocab.value_gloss(path, value)
    return g.doc if g is not None else None


def act(vocab: Vocabulary, name: str, thing: str | None = None) -> str:
    """An act's label as a verb phrase: with ``thing`` in the place of ``{it}`` ('use the
    licensor's patents in a modified version'), else without it ('use the licensor's
    patents')."""
    label = value_label(vocab, ACT, name)
    if "{it}" not in label:
        return f"{label} {thing}" if thing else label
    if thing:
        return label.replace("{it}", thing)
    head = label.split("{it}")[0].rstrip()
    for prep in (" in", " with", " on", " to"):
        head = head.removesuffix(prep)
    return head


def relation(vocab: Vocabulary, name: str) -> str:
    return value_label(vocab, RELATION, name)


def field_label(vocab: Vocabulary, path: str) -> str:
    ft = vocab.fields.get(path)
    if ft is not None and ft.label:
        return ft.label
    return _plain(path.split(".")[-1])


def _with_text(template: str, text: str | None) -> str:
    if text is None:
        out = template.replace(" “{text}”", "").replace("{text}", "the given text")
        for prep in (" of", " with"):
            out = out.removesuffix(prep)
        return out
    if "{text}" in template:
        return template.replace("{text}", text)
    return f"{template} “{text}”"


def duty_label(vocab: Vocabulary, kind: str, text: str | None = None) -> str:
    """'the name prefix “Llama”'; a duty alternative: 'one of: a new name or the same license'."""
    if kind == ast.ONE_OF:
        return "one of: " + join((duty_label(vocab, k, t) for k, t in ast.choice_parts(text)),
                                 "or")
    d = vocab.duties.get(kind)
    return _with_text(d.label if d is not None and d.label else _plain(kind), text)


def duty_gloss(vocab: Vocabulary, kind: str, text: str | None = None,
               license: str | None = None) -> str:
    """The duty as a checklist says it: 'begin the name of a model made from it with “Llama”'
    (``{license}`` in a gloss is the license that imposes it). A duty alternative: 'do one of:
    give a modified version a new name, or license it under Artistic-2.0'."""
    if kind == ast.ONE_OF:
        return "do one of: " + join((duty_gloss(vocab, k, t, license)
                                     for k, t in ast.choice_parts(text)), "or")
    d = vocab.duties.get(kind)
    gloss = _with_text(d.doc if d is not None and d.doc else _plain(kind), text)
    if license is None:
        gloss = gloss.replace("the {license}", "{license}")
    return gloss.replace("{license}", license or "the license")


def term_label(vocab: Vocabulary, name: str) -> str:
    return _term(vocab, name, gloss=False)


def term_gloss(vocab: Vocabulary, name: str) -> str:
    return _term(vocab, name, gloss=True)


def _term(vocab: Vocabulary, name: str, gloss: bool) -> str:
    """A carried term's label or gloss (a duty carried as a term: the duty's)."""
    t = vocab.terms.get(name)
    said = (t.doc if gloss else t.label) if t is not None else None
    if said:
        return said
    if name in vocab.duties:
        return duty_gloss(vocab, name) if gloss else duty_label(vocab, name)
    return _plain(name)


def reading_label(vocab: Vocabulary, name: str) -> str:
    r = vocab.readings.get(name)
    return r.label if r is not None and r.label else name


# ------------------------------------------------------------------ scenarios


def field_phrase(vocab: Vocabulary, path: str, value: Value) -> str:
    """One field of a scenario in words: '700,000,001 monthly active users', 'military use',
    'commercial', 'not commercial'."""
    ft = vocab.fields.get(path)
    label = field_label(vocab, path)
    if ft is None:
        return f"{label} {value}"
    if ft.kind == "bool":
        return label if value else f"not {label}"
    if ft.kind == "int":
        return f"{number(int(value))} {label}"
    if path == PURPOSE:
        return f"for {value_label(vocab, path, value)}"
    return value_label(vocab, path, value)


def scenario_phrase(vocab: Vocabulary, values: Mapping[str, Value],
                    shown: Iterable[str] = ()) -> str:
    """'distribute a model fine-tuned from it (military use, 700,000,001 monthly active
    users)': the act and relation, then the fields in ``shown`` that are off their default."""
    rel = str(values[RELATION])
    thing = "it" if rel == SELF_RELATION else relation(vocab, rel)
    head = act(vocab, str(values[ACT]), thing)
    rest = [field_phrase(vocab, p, values[p]) for p in shown
            if p in values and p not in (ACT, RELATION)]
    purpose = [x for x in rest if x.startswith("for ")]
    others = [x for x in rest if not x.startswith("for ")]
    return " ".join([head, *purpose]) + (f" ({', '.join(others)})" if others else "")


def off_default(vocab: Vocabulary, values: Mapping[str, Value]) -> list[str]:
    """The fields whose value is not the vocabulary's default, in declaration order."""
    return [p for p, ft in vocab.fields.items()
            if p not in (ACT, RELATION) and p in values and values[p] != ft.default]


# ------------------------------------------------------------------ conditions


def _literal(vocab: Vocabulary, path: str, lit: ast.Literal) -> str:
    if isinstance(lit, ast.NameLit):
        return value_label(vocab, path, lit.name)
    if isinstance(lit, ast.StrLit):
        return lit.value
    if isinstance(lit, ast.BoolLit):
        return "true" if lit.value else "false"
    return number(lit.value)


_INT_OPS = {">": "more than", ">=": "at least", "<": "fewer than", "<=": "at most",
            "==": "exactly", "!=": "other than"}


def _acts_or_relations(vocab: Vocabulary, e: ast.Expr) -> str | None:
    """Conditions on the act or the relation, as people say them: 'distributing or selling
    it', 'for anything but the work itself', 'for a model fine-tuned from it'."""
    if isinstance(e, ast.Member) and e.field.path in (ACT, RELATION):
        names = [v.name for v in e.values if isinstance(v, ast.NameLit)]
        op = "!=" if e.negated else "=="
    elif isinstance(e, ast.Compare) and e.field.path in (ACT, RELATION) and \
            isinstance(e.value, ast.NameLit) and e.op in ("==", "!="):
        names, op = [e.value.name], e.op
    else:
        return None
    if e.field.path == ACT:
        listed = join((gerund(act(vocab, n)) for n in names), "or")
        return f"{listed} it" if op == "==" else f"not {listed} it"
    listed = join((relation(vocab, n) for n in names), "or")
    return f"for {listed}" if op == "==" else f"for anything but {listed}"


def condition(vocab: Vocabulary, e: ast.Expr) -> str:
    """A clause condition in words: 'at more than 700,000,000 monthly active users',
    'the purpose is military use or weapons', 'distributing or selling it'."""
    said = _acts_or_relations(vocab, e)
    if said is not None:
        return said
    match e:
        case ast.Const(value=v):
            return "always" if v else "never"
        case ast.BoolField(field=f):
            return field_label(vocab, f.path)
        case ast.Compare(field=f, op=op, value=lit) if f.path == OUTBOUND:
            word = "is" if op == "==" else "is not"
            return f"the outbound license {word} {_literal(vocab, f.path, lit)}"
        case ast.Compare(field=f, op=op, value=lit) if isinstance(lit, ast.IntLit):
            return f"at {_INT_OPS[op]} {number(lit.value)} {field_label(vocab, f.path)}"
        case ast.Compare(field=f, op=op, value=lit):
            word = "is" if op == "==" else "is not"
            return f"the {field_label(vocab, f.path)} {word} {_literal(vocab, f.path, lit)}"
        case ast.Member(field=f, values=vals, negated=neg):
            listed = join((_literal(vocab, f.path, v) for v in vals), "or")
            what = "the outbound license" if f.path == OUTBOUND else \
                f"the {field_label(vocab, f.path)}"
            return f"{what} is {'not ' if neg else ''}{listed}"
        case ast.ReadingRef(name=n):
            return f"under the reading that {reading_label(vocab, n)}"
        case ast.DerivativeRef():
            return "it is a derivative"
        case ast.Not(operand=o) if isinstance(o, ast.BoolField):
            return f"not {field_label(vocab, o.field.path)}"
        case ast.Not(operand=o):
            return f"not ({condition(vocab, o)})"
        case ast.And(operands=ops):
            # 'either' marks where an alternative inside a conjunction begins and ends
            return join((("either " if isinstance(o, ast.Or) else "") + condition(vocab, o)
                         for o in ops), "and")
        case ast.Or(operands=ops):
            return join((condition(vocab, o) for o in ops), "or")
    return "?"


def when(cond: str) -> str:
    """' when …', or ' at …' for a threshold ('at more than 700,000,000 monthly active users'),
    ' for …' for a relation."""
    return f" {cond}" if cond.startswith(("at ", "for ")) else f" when {cond}"


def conjuncts(e: ast.Expr | None) -> list[ast.Expr]:
    """The parts of a condition that must all hold."""
    if e is None:
        return []
    if isinstance(e, ast.And):
        return [x for o in e.operands for x in conjuncts(o)]
    return [e]


def gerund(phrase: str) -> str:
    """'distribute a copy' → 'distributing a copy' (the first word of a verb phrase)."""
    word, _, rest = phrase.partition(" ")
    if word.endswith("e") and not word.endswith("ee") and len(word) > 2:
        ing = word[:-1] + "ing"
    elif word in ("sell", "copy", "modify", "use"):
        ing = {"use": "using"}.get(word, word + "ing")
    else:
        ing = word + "ing"
    return ing + (f" {rest}" if rest else "")


def acts_words(vocab: Vocabulary, acts: tuple[str, ...] | None, word: str = "or") -> str:
    if acts is None:
        return "any act"
    return join((gerund(act(vocab, a)) for a in acts), word)


def ban_words(vocab: Vocabulary, c: ast.Forbid | ast.Reserve) -> str:
    """A ban or a reservation in words: 'forbids any act on a model distilled from it,
    unless improving the licensed model itself'."""
    verb = "forbids" if isinstance(c, ast.Forbid) else "does not grant (reserves)"
    out = f"{verb} {acts_words(vocab, c.acts)}"
    if c.relations is not None:
        out += " on " + join((relation(vocab, r) for r in c.relations), "or")
    if c.when is not None:
        out += when(condition(vocab, c.when))
    if isinstance(c, ast.Forbid) and c.unless is not None:
        out += ", unless " + condition(vocab, c.unless)
    return out


# ------------------------------------------------------------------ clauses


def clause_cite(lib: Library, sc: SpecClause[ast.Clause], owner: LicenseModel | None = None
                ) -> str:
    """'Llama 3.1 §1.b.i': the license text the clause comes from, and its section. A clause
    a license inherits (``based_on``: Kimi K2's MIT grant) is cited as the inheriting
    license's, whose text holds it; an exception's clause in ``L WITH E`` as E's."""
    section = sc.clause.cite.section if sc.clause.cite else f"line {sc.at}"
    origin = sc.origin
    if owner is not None and origin != owner.id and owner.tree.based_on is not None:
        origin = owner.id
    return f"{lib.prose(origin)} {section}"


# the clause kinds clause_words says as a sentence; the others are named by their keyword
SENTENCE_CLAUSES = (ast.Permit, ast.Forbid, ast.Reserve, ast.Require, ast.Relicense,
                    ast.Carries, ast.Waive)


def clause_words(lib: Library, c: SpecClause[ast.Clause], cite: bool = True) -> str:
    """What one clause says, in words (with its citation first, unless ``cite`` is off)."""
    vocab, cl = lib.vocab, c.clause
    if isinstance(cl, ast.Permit):
        text = f"grants {acts_words(vocab, cl.acts, 'and')}"
        if cl.relations is not None:
            text += " " + join((relation(vocab, r) for r in cl.relations), "or")
        if cl.when is not None:
            text += when(condition(vocab, cl.when))
    elif isinstance(cl, ast.Forbid | ast.Reserve):
        text = ban_words(vocab, cl)
    elif isinstance(cl, ast.Require):
        text = "requires you to " + join(
            choice_words(vocab, d, lib.prose(c.origin)) if d.options else
            duty_gloss(vocab, d.kind, d.text, lib.prose(c.origin)) for d in cl.duties)
        if cl.relations is not None:
            text += " for " + join((relation(vocab, r) for r in cl.relations), "or")
        if cl.when is not None:
            text += when(condition(vocab, cl.when))
    elif isinstance(cl, ast.Relicense):
        text = "allows " + join((lib.prose(t) for t in cl.targets if t != ast.BASE), "or")
        if ast.BASE in cl.targets:
            text = "allows dropping the exception (the license it is attached to alone)"
        if cl.keeps_terms:
            text += ", its own terms still binding its part"
        if cl.when is not None:
            text += when(condition(vocab, cl.when))
    elif isinstance(cl, ast.Carries):
        text = "carries " + join(term_gloss(vocab, t) for t in cl.terms)
    elif isinstance(cl, ast.Waive):
        text = "lifts " + join(term_label(vocab, t) for t in cl.terms)
    else:
        text = clause_kinds.keyword(cl)
    return f"{clause_cite(lib, c)} {text}" if cite else text


def option_words(vocab: Vocabulary, o: ast.Option, license: str | None = None) -> str:
    """One option of a duty alternative: its gloss, where it can be chosen, its section."""
    text = duty_gloss(vocab, o.duty.kind, o.duty.text, license)
    if o.when is not None:
        text += when(condition(vocab, o.when))
    return f"{text} ({o.cite.section})" if o.cite is not None else text


def choice_words(vocab: Vocabulary, d: ast.Duty, license: str | None = None,
                 options: Iterable[ast.Option] | None = None) -> str:
    """'do one of: offer … (§4(a)), give … (§4(b)), or …' (``options``: those still open)."""
    chosen = list(d.options if options is None else options)
    if not chosen:
        return "do one of its options, none of which is open here"
    if len(chosen) == 1:
        return option_words(vocab, chosen[0], license) + ", its only option open here"
    return "do one of: " + join((option_words(vocab, o, license) for o in chosen), "or")
