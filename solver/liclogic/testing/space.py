"""Small-scope exhaustive checking: finitely many scenarios that cover every behaviour of some
licenses.

The reference evaluator looks at a field only through the licenses' conditions and clause
lists: an integer through comparisons with constants, an enum through membership in the value
sets the licenses (and the vocabulary's tags) name, a bool as itself. So two scenarios that
agree on every such comparison are treated alike by those licenses, and one representative per
class is enough: 0 and each constant with its neighbours for integers, one value per
membership pattern for enums, both values of the bools the licenses test, every combination of
the readings they refer to. Fields the licenses never look at stay at their defaults.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence

from liclogic.engine.evaluate import Scenario
from liclogic.lang import ast, clause_kinds
from liclogic.lang.library import LicenseModel
from liclogic.lang.vocabulary import ACT, OUTBOUND, RELATION, SELF_RELATION, Value, Vocabulary

LicenseLike = LicenseModel | ast.License


def clauses_of(lic: LicenseLike) -> list[ast.Clause]:
    if isinstance(lic, LicenseModel):
        return [c.clause for c in lic.clauses]
    return list(lic.clauses)


def _literal(lit: ast.Literal) -> Value:
    return lit.name if isinstance(lit, ast.NameLit) else lit.value


def literal_sets(licenses: Iterable[LicenseLike]) -> dict[str, list[frozenset]]:
    """Field path (and ``outbound``) → the value sets the conditions test it against: ``x == v``
    gives {v}, ``x in {a, b}`` gives {a, b}; a bool field tested by itself gives {}."""
    out: dict[str, list[frozenset]] = {}
    for lic in licenses:
        for c in clauses_of(lic):
            for cond in clause_kinds.all_conditions(c):
                for node in ast.walk_expr(cond):
                    if isinstance(node, ast.Compare):
                        vals = frozenset({_literal(node.value)})
                    elif isinstance(node, ast.Member):
                        vals = frozenset(_literal(v) for v in node.values)
                    elif isinstance(node, ast.BoolField):
                        vals = frozenset()
                    else:
                        continue
                    out.setdefault(node.field.path, []).append(vals)
    return out


def int_values(consts: Iterable[Value]) -> list[int]:
    """0 and each constant with its neighbours: a value in every interval that comparisons
    with these constants can tell apart."""
    out = {0}
    for c in consts:
        if isinstance(c, int) and not isinstance(c, bool):
            out |= {v for v in (c - 1, c, c + 1) if v >= 0}
    return sorted(out)


def _clause_sets(licenses: Iterable[LicenseLike], vocab: Vocabulary
                 ) -> dict[str, list[frozenset[str]]]:
    """The act and relation lists the clauses name, and every vocabulary tag."""
    acts: list[frozenset[str]] = []
    rels: list[frozenset[str]] = [frozenset({SELF_RELATION})]
    for lic in licenses:
        for c in clauses_of(lic):
            if isinstance(c, ast.Permit | ast.Forbid | ast.Reserve) and c.acts is not None:
                acts.append(frozenset(c.acts))
            relations = getattr(c, "relations", None)  # `on`, or a derivative's head
            if relations is not None:
                rels.append(frozenset(relations))
    tags = [frozenset(m) for m in vocab.tags.values()]
    return {ACT: acts + tags, RELATION: rels + tags}


def field_classes(vocab: Vocabulary, licenses: Sequence[LicenseLike],
                  restrict: Mapping[str, Sequence[Value]] | None = None) -> dict[str, list[Value]]:
    """One representative value per class, for every field the licenses look at (act and
    relation always). ``restrict`` limits a field to some values (a query's context)."""
    restrict = dict(restrict or {})
    tested = literal_sets(licenses)
    listed = _clause_sets(licenses, vocab)
    out: dict[str, list[Value]] = {}
    for path, ft in vocab.fields.items():
        sets = tested.get(path, []) + listed.get(path, [])
        looked_at = path in tested or path in (ACT, RELATION)
        if path in restrict:
            candidates: list[Value] = list(restrict[path])
        elif not looked_at:
            out[path] = [ft.default]
            continue
        elif ft.kind == "bool":
            candidates = [False, True]
        elif ft.kind == "int":
            candidates = list(int_values(v for s in sets for v in s))
        else:
            candidates = [ft.default, *[v for v in ft.values if v != ft.default]]
        if ft.kind == "enum":
            seen: dict[tuple, Value] = {}
            for v in candidates:
                seen.setdefault(tuple(v in s for s in sets), v)
            candidates = list(seen.values())
        out[path] = candidates
    return out


def referenced_readings(licenses: Iterable[LicenseLike]) -> set[str]:
    out: set[str] = set()
    for lic in licenses:
        for c in clauses_of(lic):
            for cond in clause_kinds.all_conditions(c):
                out |= {n.name for n in ast.walk_expr(cond) if isinstance(n, ast.ReadingRef)}
    return out


def reading_assignments(vocab: Vocabulary, relevant: Iterable[str],
                        fixed: Mapping[str, bool] | None = None) -> list[dict[str, bool]]:
    """Every combination of the relevant readings not fixed; every other reading off."""
    fixed = dict(fixed or {})
    free = sorted(set(relevant) - set(fixed))
    out = []
    for bits in itertools.product((False, True), repeat=len(free)):
        rho = {r: False for r in vocab.readings}
        rho.update(fixed)
        rho.update(zip(free, bits, strict=True))
        out.append(rho)
    return out


def space_size(vocab: Vocabulary, licenses: Sequence[LicenseLike], *,
               restrict: Mapping[str, Sequence[Value]] | None = None,
               readings: Mapping[str, bool] | None = None, outbounds: int | None = None) -> int:
    """How many scenarios ``exhaustive_scenarios`` yields for these arguments."""
    n = 1
    for values in field_classes(vocab, licenses, restrict).values():
        n *= len(values)
    n *= len(reading_assignments(vocab, referenced_readings(licenses), readings))
    return n * (outbounds if outbounds is not None else 1 + len(outbound_literals(licenses)))


def exhaustive_scenarios(vocab: Vocabulary, licenses: Sequence[LicenseLike], *,
                         restrict: Mapping[str, Sequence[Value]] | None = None,
                         readings: Mapping[str, bool] | None = None,
                         outbounds: Sequence[str | None] | None = None,
                         performed: frozenset = frozenset()) -> Iterator[Scenario]:
    """Every representative scenario for these licenses (see the module docstring): the
    reference evaluator's answers for them on any scenario equal its answers on one of
    these. ``restrict`` fixes fields to some values, ``readings`` fixes readings, and
    ``outbounds`` the outbound licenses (by default: none, and each id the licenses'
    ``outbound`` conditions name)."""
    classes = field_classes(vocab, licenses, restrict)
    paths = list(classes)
    rhos = reading_assignments(vocab, referenced_readings(licenses), readings)
    if outbounds is None:
        outbounds = [None, *sorted(outbound_literals(licenses))]
    for combo in itertools.product(*(classes[p] for p in paths)):
        values = dict(zip(paths, combo, strict=True))
        for rho in rhos:
            for out in outbounds:
                yield Scenario(values, out, performed, rho)


def outbound_literals(licenses: Iterable[LicenseLike]) -> set[str]:
    """The license ids the licenses' ``outbound`` conditions name."""
    return {str(v) for s in literal_sets(licenses).get(OUTBOUND, []) for v in s}
