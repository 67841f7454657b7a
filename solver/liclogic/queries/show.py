"""``liclogic show``: what a license says, in the terms a lawyer uses — for each act on the
work itself, whether it is granted, forbidden, not granted (reserved, or simply not among the
grants) or outside the license's reach (``engine.statements``, the one function diff and
compat's reasons use too); its conditional bans and grants, duties, what it counts as made
from the work, the terms that stay with it. A quote is shown only where it supports the
statement it stands under: a clause that holds only under a reading is shown without one
(a reading is for what the text leaves open).

The JSON keeps the clauses with their machine names (``clauses``) beside the statements.
"""

from __future__ import annotations

from typing import Any

from liclogic.engine import evaluate as ev
from liclogic.engine.explain import because, because_option
from liclogic.engine.statements import Says, quote_supports, statement
from liclogic.lang import ast, words
from liclogic.lang.clause_kinds import CLAUSE_KINDS, kind_of
from liclogic.lang.format import clause_text
from liclogic.lang.library import Library, LicenseModel, SpecClause
from liclogic.lang.vocabulary import ACT, RELATION, SELF_RELATION

SAYS_WORDS = {Says.GRANTED: "grants", Says.FORBIDDEN: "forbids",
              Says.RESERVED: "does not grant (reserves)",
              Says.NOT_GRANTED: "does not grant (the text is silent)",
              Says.OUTSIDE: "leaves alone (outside its reach)"}


def cited(lib: Library, lic: LicenseModel, sc: SpecClause[ast.Clause], role: str = ""
          ) -> dict[str, Any]:
    """A clause as evidence: its citation, and its quote only where the quote supports it."""
    b = because(lic, sc, role).to_json()
    b["name"] = lib.prose(sc.origin)
    if not quote_supports(sc):
        b.pop("quote", None)
        b["open"] = "the text leaves this open: it holds only under a reading"
    return b


def act_statements(lib: Library, lic: LicenseModel) -> list[dict[str, Any]]:
    """What the license says about each act on the work itself (every field at its
    default, readings off), acts that the same clauses decide grouped."""
    vocab = lib.vocab
    groups: dict[tuple[Any, ...], dict[str, Any]] = {}
    for act in vocab.acts:
        s = ev.default_scenario(vocab).with_fields({ACT: act, RELATION: SELF_RELATION})
        st = statement(lic, s)
        key = (st.says, tuple(c.index for c in st.clauses))
        g = groups.setdefault(key, {
            "says": st.says.value, "acts": [], "words": SAYS_WORDS[st.says],
            "because": [cited(lib, lic, c, st.says.value) for c in st.clauses]})
        g["acts"].append(act)
    for g in groups.values():
        g["text"] = words.join(words.act(vocab, a) for a in g["acts"])
    return list(groups.values())


def reach(lib: Library, lic: LicenseModel) -> dict[str, list[dict[str, Any]]]:
    """Which relations the license counts as made from the work: within its reach (with the
    clause), only under a reading (the text leaves it open), or outside it."""
    vocab = lib.vocab
    within: list[dict[str, Any]] = []
    by_reading: list[dict[str, Any]] = []
    outside: list[str] = []
    for rel in vocab.relations:
        if rel == SELF_RELATION:
            continue
        s = ev.default_scenario(vocab).with_fields({RELATION: rel})
        plain = [c for c in lic.of(ast.Derivative) if ev.applies(c.clause, lic, s)]
        if plain:
            key = tuple(c.index for c in plain)
            same = next((x for x in within if x["key"] == key), None)
            if same is None:
                within.append({"key": key, "relations": [rel],
                               "because": [cited(lib, lic, c, "counts it") for c in plain]})
            else:
                same["relations"].append(rel)
            continue
        readings = sorted({n.name for c in lic.of(ast.Derivative) if rel in c.clause.relations
                           for n in ast.walk_expr(c.clause.when)
                           if isinstance(n, ast.ReadingRef)})
        if readings:
            same = next((x for x in by_reading if x["readings"] == readings), None)
            if same is None:
                by_reading.append({"relations": [rel], "readings": readings,
                                   "reading_text": words.join(
                                       (words.reading_label(vocab, r) for r in readings), "or")})
            else:
                same["relations"].append(rel)
        else:
            outside.append(rel)
    for x in within:
        del x["key"]
    for x in within + by_reading:
        x["text"] = words.join(words.relation(vocab, r) for r in x["relations"])
    return {"within": within, "by_reading": by_reading,
            "outside": [{"relation": r, "text": words.relation(vocab, r)} for r in outside]}


def clause_items(lib: Library, lic: LicenseModel, kinds: tuple[type[ast.Clause], ...],
                 conditional_only: bool = False) -> list[dict[str, Any]]:
    """Clauses of these kinds in words, each with its (supporting) citation."""
    out = []
    for sc in lic.clauses:
        cl = sc.clause
        if not isinstance(cl, kinds):
            continue
        if conditional_only and getattr(cl, "when", None) is None and \
                getattr(cl, "relations", None) is None:
            continue
        text = words.clause_words(lib, sc, cite=False).removeprefix("requires you to ")
        # each option of a duty alternative cites (and quotes) its own clause of the text
        options = [dict(because_option(lic, sc, o, "offers it").to_json(),
                        name=lib.prose(sc.origin)) for d in ast.choices(cl) for o in d.options]
        out.append({"text": text, "because": [cited(lib, lic, sc), *options]})
    return out


def describe_license(lib: Library, lic: LicenseModel,
                     readings: dict[str, bool] | None = None) -> dict[str, Any]:
    """A license's clauses grouped by kind, each with its citation. A clause whose condition
    names readings lists them; with ``readings`` (some readings assumed on or off) it also
    says whether it can still apply: ``false`` when the readings assumed rule it out."""
    if not isinstance(lib, Library) or not isinstance(lic, LicenseModel):
        from liclogic.errors import LiclogicError

        raise LiclogicError("describe_license takes a Library and one of its licenses "
                            "(lib.get(name)), not "
                            f"{type(lib).__name__}, {type(lic).__name__}")
    clauses: dict[str, list[dict[str, Any]]] = {k.section: [] for k in CLAUSE_KINDS}
    for sc in lic.clauses:
        cite = sc.clause.cite
        entry: dict[str, Any] = {
            "clause": clause_text(sc.clause),
            "cite": cite.section if cite else "",
            "quote": cite.quote if cite and quote_supports(sc) else None,
            "at": sc.at,
            "from": sc.origin,
        }
        when = getattr(sc.clause, "when", None)
        named = sorted({n.name for n in ast.walk_expr(when) if isinstance(n, ast.ReadingRef)})
        if named:
            entry["readings"] = named
            if readings and set(named) & set(readings):
                entry["applies"] = _may_hold(when, readings) is not False
        clauses[kind_of(sc.clause).section].append(entry)
    return {
        "id": lic.id, "name": lic.name, "kind": lic.kind, "version": lic.version,
        "url": lic.url, "aliases": list(lic.aliases), "based_on": lic.parent, "path": lic.path,
        "statements": act_statements(lib, lic),
        "conditions": clause_items(lib, lic, (ast.Permit, ast.Forbid, ast.Reserve), True),
        "duties": clause_items(lib, lic, (ast.Require,)),
        "reach": reach(lib, lic),
        "carries": clause_items(lib, lic, (ast.Carries,)),
        "relicensing": clause_items(lib, lic, (ast.Relicense,)),
        "waives": clause_items(lib, lic, (ast.Waive,)),
        "accepts": [{"terms": list(c.clause.terms),
                     "text": words.join(words.term_label(lib.vocab, t) for t in c.clause.terms)
                     or "none", "because": [cited(lib, lic, c)]} for c in lic.of(ast.Accepts)],
        "disclaims": [t for c in lic.of(ast.Disclaims) for t in c.clause.terms],
        "clauses": clauses, "readings": sorted(lic.readings),
        **({"assumed_readings": dict(sorted(readings.items()))} if readings else {}),
        "reading_labels": [words.reading_label(lib.vocab, r) for r in sorted(lic.readings)],
        "forbids_further_restrictions": lic.restricts_further,
    }


def _may_hold(expr: ast.Expr | None, readings: dict[str, bool]) -> bool | None:
    """A condition's value once the assumed readings are known: True, False, or None (it
    depends on the scenario or on another reading)."""
    match expr:
        case None:
            return True
        case ast.ReadingRef(name=n):
            return readings.get(n)
        case ast.Const(value=const):
            return const
        case ast.Not(operand=o):
            inner = _may_hold(o, readings)
            return None if inner is None else not inner
        case ast.And(operands=ops):
            vals = [_may_hold(o, readings) for o in ops]
            return False if False in vals else True if all(vals) else None
        case ast.Or(operands=ops):
            vals = [_may_hold(o, readings) for o in ops]
            return True if True in vals else False if all(v is False for v in vals) else None
    return None
