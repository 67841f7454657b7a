"""What a yes asks of you: every duty that applies where compat(A, B) holds, each cited and
in plain words — A's duties on the distribution and on its own part (unless a relicensing
clause replaces A's terms with B's), B's duties on distributing the work under B, and the
terms that stay with A's part (a use policy: its bans listed, to observe and pass on).

B's duties are those of distributing the result as B's work: where B counts the result as
a derivative (a modified version), its clauses for that; where B does not (Apache-2.0 and a
program statically linked with the inbound work: not a Derivative Work in its §1), the
result goes out under B as the work itself, so B's clauses for the work itself apply
(Apache-2.0 §4(a) license copy and §4(c) notices on any redistribution, §4(b) only on
modified files).

Each duty is a solver question over the holding scenarios of the context: does it apply in
some (listed), in all (no condition), or in some only (listed "when …", with the parts of
its clause's condition that the context does not already settle).
"""

from __future__ import annotations

from typing import Any

import z3

from liclogic.engine.compile import CompiledLicense, compile_license, condition_formula
from liclogic.engine.context import COMPAT_ACTS, COMPAT_RELATIONS
from liclogic.engine.evaluate import DutyKey, duty_key, duty_text
from liclogic.engine.explain import because, because_option
from liclogic.lang import ast, words
from liclogic.lang.library import LicenseModel, SpecClause
from liclogic.lang.vocabulary import ACT, PURPOSE, RELATION, SAME_LICENSE
from liclogic.queries.compat_reasons import View
from liclogic.queries.reasons import ENDEAVOR


def checklist(view: View) -> list[dict[str, Any]]:
    """The duties of a yes (JSON-ready: duty, license, text, when, because)."""
    v, p = view, view.pair
    a, b = p.a, p.b
    parts = v.parts
    same = a.id == b.id
    keep_a = z3.Not(parts.replaced) if not same else z3.BoolVal(True)
    sides: list[tuple[LicenseModel, CompiledLicense, z3.BoolRef]] = [
        (a, v.ca, keep_a), (a, v.ca_self, z3.And(parts.part, keep_a)),
        (a, v.ca_src, z3.And(parts.source, keep_a))]
    if not same:
        # the result under B: B's clauses for it where B counts it as a derivative, and
        # for the work itself where B does not (the own-part copy of the scenario)
        cb_self = compile_license(v.enc, b, v.enc.own_part(v.s)[0])
        v.q.track(cb_self)
        sides += [(b, v.cb, z3.BoolVal(True)), (b, cb_self, z3.Not(v.cb.reach))]
    items: list[dict[str, Any]] = []
    seen: set[tuple[str, DutyKey]] = set()
    for lic, c, relevant in sides:
        for key, applies in sorted(c.duties.items(), key=lambda kv: str(kv[0])):
            if (lic.id, key) in seen:
                continue
            if key[0] == SAME_LICENSE and (lic.id == b.id or same):
                continue  # performed by choosing the outbound license
            cond = z3.And(relevant, applies)
            if not v.sat(v.holds, cond):
                continue
            seen.add((lic.id, key))
            mine = [(c2, rel) for l2, c2, rel in sides if l2.id == lic.id]
            clauses = [sc for sc in lic.of(ast.Require)
                       if any(duty_key(d) == key for d in sc.clause.duties)
                       and any(v.sat(v.holds, rel, c2.fire[sc.index]) for c2, rel in mine)]
            always = not v.sat(v.holds, z3.Not(_union(sides, lic, key)))
            when = None if always or not clauses else _when(view, mine, clauses[0])
            item = _item(view, lic, key, clauses, when)
            if key[0] == ast.ONE_OF:
                _options(view, item, lic, key, [(c2, z3.And(rel, c2.duties[key]))
                                                for c2, rel in mine if key in c2.duties])
            items.append(item)
    items += _carried(view)
    return items


def _options(view: View, item: dict[str, Any], lic: LicenseModel, key: DutyKey,
             sides: list[tuple[CompiledLicense, z3.BoolRef]]) -> None:
    """A duty alternative: the options still open where the yes holds (the question may rule
    some out), each with its own clause; the item lists them."""
    v, p = view, view.pair
    open_: list[ast.Option] = []
    for c, on in sides:
        for fire, o, cond in c.choices.get(key, []):
            if o not in open_ and v.sat(v.holds, on, fire, cond):
                open_.append(o)
    shut = [o for o in dict.fromkeys(o for c, _ in sides for _, o, _ in c.choices.get(key, []))
            if o not in open_]
    item["text"] = words.choice_words(p.vocab, ast.Duty.choice(tuple(open_)) if open_ else
                                      ast.Duty(ast.ONE_OF), p.name(lic.id), open_)
    # an option of keeping the license is met by the outbound license itself where it holds
    met = [o for o in open_ if o.duty.kind == SAME_LICENSE
           and all(not v.sat(v.holds, on, z3.Not(c.allowed(c.sv.outbound))) for c, on in sides)]
    if met:
        section = met[0].cite.section if met[0].cite else "its option to keep the license"
        item["text"] = f"met by distributing under {p.name(p.b.id)} ({section}); otherwise, " \
            + item["text"]
        item["met"] = True
    item["options"] = [{"duty": str(o.duty), "cite": o.cite.section if o.cite else "",
                        "text": words.option_words(p.vocab, o, p.name(lic.id))} for o in open_]
    if shut:
        item["ruled_out"] = [str(o.duty) for o in shut]
    sc = next((x for x in lic.of(ast.Require) if any(duty_key(d) == key
                                                     for d in x.clause.duties)), None)
    if sc is not None:
        item["because"] += [because_option(lic, sc, o, "offers it").to_json() for o in open_]


def _union(sides: list[tuple[LicenseModel, CompiledLicense, z3.BoolRef]], lic: LicenseModel,
           key: DutyKey) -> z3.BoolRef:
    """The duty applies on some copy of the scenario (the distribution or the part)."""
    return z3.Or([z3.And(rel, c.duties[key]) for l2, c, rel in sides
                  if l2.id == lic.id and key in c.duties] or [z3.BoolVal(False)])


def _item(view: View, lic: LicenseModel, key: DutyKey, clauses: list[SpecClause[ast.Require]],
          when: str | None) -> dict[str, Any]:
    p = view.pair
    if key[0] == SAME_LICENSE:
        text = f"keep the {p.name(lic.id)} part under {p.name(lic.id)}"
    else:
        text = words.duty_gloss(p.vocab, key[0], key[1], p.name(lic.id))
    return {"duty": duty_text(key), "license": lic.id, "text": text, "when": when,
            "because": [because(lic, c, "requires it").to_json() for c in clauses]}


def _when(view: View, sides: list[tuple[CompiledLicense, z3.BoolRef]],
          sc: SpecClause[ast.Require]) -> str | None:
    """The parts of the clause's condition the holding scenarios do not all meet, and the
    relations (acts) of the context it applies to when not to all of them (on any of the
    license's copies of the scenario, ``sides``: compiled license and where it counts)."""
    v, p = view, view.pair
    fire = z3.Or([z3.And(rel, c2.fire[sc.index]) for c2, rel in sides])
    c = next(c2 for c2, rel in sides if v.sat(v.holds, rel, c2.fire[sc.index]))
    said = [words.condition(p.vocab, x) for x in words.conjuncts(sc.clause.when)
            if v.sat(v.holds, z3.Not(condition_formula(x, c)))
            and not _about(x, {ACT, RELATION})]
    for path, options in ((RELATION, p.ctx.relations or COMPAT_RELATIONS),
                          (ACT, p.ctx.acts or COMPAT_ACTS)):
        if len(options) <= 1:
            continue
        where = [x for x in options if v.sat(v.holds, fire, v.s.is_(path, x))]
        if 0 < len(where) < len([x for x in options if v.sat(v.holds, v.s.is_(path, x))]):
            label = words.relation if path == RELATION else words.act
            said.append("for " + words.join((label(p.vocab, x) for x in where), "or"))
    joined = words.join(said)
    return words.when(joined).strip() if joined else None


def _about(e: ast.Expr, paths: set[str]) -> bool:
    return all(n.field.path in paths for n in ast.walk_expr(e)
               if isinstance(n, ast.Compare | ast.Member | ast.BoolField))


def _carried(view: View) -> list[dict[str, Any]]:
    """Terms that stay with A's part, each an item; the use policy (tag ``use_policy``) as
    the license's bans on fields of endeavor, to observe and, carried, to pass on."""
    v, p = view, view.pair
    a, vocab = p.a, p.vocab
    out: list[dict[str, Any]] = []
    relevant = [(v.ca, z3.BoolVal(True)), (v.ca_self, v.parts.part)]
    policy = vocab.tagged("use_policy")
    carried = [t for t in sorted(set(v.ca.carried) | set(v.ca_self.carried))
               if v.sat(v.holds, z3.Or([z3.And(rel, c.carried[t]) for c, rel in relevant
                                        if t in c.carried]))]
    bans = [sc for sc in a.bans if isinstance(sc.clause, ast.Forbid)
            and _endeavor(vocab, sc.clause) and sc.clause.when is not None
            and _about(sc.clause.when, {PURPOSE})]
    # the bans bind the licensee's own use only where the work is within A's reach (or A's
    # part is in the result), and recipients' where a carried use policy passes them on
    binding = v.sat(v.holds, z3.Or(v.ca.reach, v.parts.part))
    if bans and (binding or any(t in policy for t in carried)):
        said = [words.value_label(vocab, PURPOSE, x) for sc in bans
                for x in _purposes(sc.clause.when)]
        passed = [t for t in carried if t in policy]
        text = "do not use it for " + words.join(dict.fromkeys(said), "or")
        if passed:
            text += ", and bind recipients to the same use restrictions"
        cites = [because(a, sc, "carries it").to_json() for sc in a.of(ast.Carries)
                 if set(sc.clause.terms) & set(passed)]
        out.append({"duty": "use_restrictions", "license": a.id, "text": text, "when": None,
                    "because": cites + [because(a, sc, "forbids it").to_json() for sc in bans],
                    "term": True})
        carried = [t for t in carried if t not in passed]
    for term in carried:
        clauses = [sc for sc in a.of(ast.Carries) if term in sc.clause.terms]
        out.append({"duty": term, "license": a.id, "when": None, "term": True,
                    "text": f"the work stays subject to {words.term_gloss(vocab, term)}",
                    "because": [because(a, sc, "carries it").to_json() for sc in clauses]})
    return out


def _endeavor(vocab: Any, c: ast.Forbid) -> bool:
    return c.when is not None and any(
        isinstance(n, ast.Compare | ast.Member | ast.BoolField)
        and vocab.fields.get(n.field.path) is not None
        and vocab.fields[n.field.path].group == ENDEAVOR for n in ast.walk_expr(c.when))


def _purposes(e: ast.Expr | None) -> list[str]:
    """The purposes a ban's condition names (``purpose in {…}``, ``purpose == …``)."""
    out: list[str] = []
    for n in ast.walk_expr(e):
        if isinstance(n, ast.Member) and n.field.path == PURPOSE and not n.negated:
            out += [v.name for v in n.values if isinstance(v, ast.NameLit)]
        elif isinstance(n, ast.Compare) and n.field.path == PURPOSE and n.op == "==" and \
                isinstance(n.value, ast.NameLit):
            out.append(n.value.name)
    return out
