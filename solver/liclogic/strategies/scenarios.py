"""Hypothesis strategies for scenarios and query contexts.

Scenarios are drawn with the licenses they are for in mind: an integer field takes the
thresholds those licenses compare it with, one below and one above (700_000_000 and
700_000_001: where ``>`` and ``>=`` differ), enum fields favour the values the licenses name,
and the outbound license is one the licenses mention. Plain random values are mixed in.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence

from hypothesis import strategies as st

from liclogic.engine.context import COMPAT_ACTS, Context
from liclogic.engine.evaluate import DutyKey, Scenario, duty_key
from liclogic.lang import ast
from liclogic.lang.library import Library
from liclogic.lang.vocabulary import Value, Vocabulary
from liclogic.strategies._util import drawing
from liclogic.testing.show import scenario_text
from liclogic.testing.space import (
    LicenseLike,
    clauses_of,
    int_values,
    literal_sets,
    outbound_literals,
)


def mentioned(licenses: Iterable[LicenseLike]) -> dict[str, set]:
    """Field path (and ``outbound``) → the literals the licenses' conditions compare it with."""
    return {p: {v for vals in sets for v in vals} for p, sets in literal_sets(licenses).items()}


def duty_keys(licenses: Iterable[LicenseLike]) -> list[DutyKey]:
    keys = {duty_key(x) for lic in licenses for c in clauses_of(lic)
            if isinstance(c, ast.Require) for d in c.duties
            for x in (d, *(o.duty for o in d.options))}
    return sorted(keys, key=lambda k: (k[0], k[1] or ""))


def outbound_candidates(lib: Library, licenses: Iterable[LicenseLike] = ()) -> list[str | None]:
    """None (no outbound license), the library's ids, and every id the licenses name in
    relicense clauses and ``outbound`` conditions (canonical where the library knows it)."""
    licenses = list(licenses)
    named = outbound_literals(licenses)
    named |= {t for lic in licenses for c in clauses_of(lic) if isinstance(c, ast.Relicense)
              for t in c.targets if t != ast.BASE}
    canon = sorted({lib.canonical(n) for n in named})
    return [None, *sorted(lib.licenses), *[n for n in canon if n not in lib.licenses]]


@functools.lru_cache(maxsize=4096)
def _choice(values: tuple) -> st.SearchStrategy:
    return st.sampled_from(values)


_ANY_INT = st.integers(0, 2_000_000_000)


def field_values(vocab: Vocabulary, path: str, named: set) -> st.SearchStrategy[Value]:
    """Values for one field: near the constants the licenses name, or anything of its type."""
    ft = vocab.fields[path]
    if ft.kind == "bool":
        return st.booleans()
    if ft.kind == "int":
        near = int_values(v for v in named if isinstance(v, int) and not isinstance(v, bool))
        return st.one_of(_choice(tuple(near)), _ANY_INT)
    ordered = (ft.default, *[v for v in ft.values if v in named and v != ft.default])
    return st.one_of(_choice(ordered), _choice(ft.values))


def _scenarios(draw: st.DrawFn, vocab: Vocabulary, named: dict[str, set], fixed: dict,
               keys: tuple, outbounds: tuple) -> Scenario:
    values: dict[str, Value] = {}
    for path, ft in vocab.fields.items():
        if path in fixed:
            values[path] = fixed[path]
        elif ft.kind == "bool":
            values[path] = draw(st.booleans())
        else:
            near = named.get(path, set())
            if ft.kind == "int":
                exact = sorted(v for v in near if not isinstance(v, bool))
                # half the time a threshold itself, else a neighbour (or 0)
                at_threshold = bool(exact) and draw(st.booleans())
                options = tuple(exact if at_threshold else int_values(exact))
            else:
                options = (ft.default, *[v for v in ft.values if v in near and v != ft.default])
            wide = _ANY_INT if ft.kind == "int" else _choice(ft.values)
            # mostly a value the licenses name (a threshold or a neighbour), now and then any
            near_first = draw(st.integers(0, 3)) < 3 if near else False
            values[path] = draw(_choice(options)) if near_first else draw(wide)
    performed = frozenset(draw(st.lists(_choice(keys), unique=True))) if keys else frozenset()
    readings = {r: draw(st.booleans()) for r in sorted(vocab.readings)}
    outbound = draw(_choice(outbounds)) if outbounds else None
    return Scenario(values, outbound, performed, readings)


def scenarios(vocab: Vocabulary, *, licenses: Sequence[LicenseLike] = (),
              outbounds: Sequence[str | None] = (None,),
              fixed: Mapping[str, Value] | None = None) -> st.SearchStrategy[Scenario]:
    """A scenario for checking ``licenses``: every field (``fixed`` ones held), an outbound
    license from ``outbounds``, some of the licenses' duties performed, readings on or off.
    A field the licenses look at mostly takes a value they name (an integer: a threshold or a
    neighbour of one), now and then any value of its type."""
    return drawing(_scenarios, vocab, mentioned(licenses), dict(fixed or {}),
                   tuple(duty_keys(licenses)), tuple(outbounds))


def contexts(vocab: Vocabulary, *, licenses: Sequence[LicenseLike] = (), facts: bool = True,
             readings: bool = True) -> st.SearchStrategy[Context]:
    """A query context: acts and relations (or the defaults), a fact or two, readings fixed."""
    return drawing(_contexts, vocab, licenses, facts, readings)


def _contexts(draw: st.DrawFn, vocab: Vocabulary, licenses: Sequence[LicenseLike],
              facts: bool, readings: bool) -> Context:
    acts = draw(st.one_of(st.none(), st.lists(st.sampled_from(
        [*COMPAT_ACTS, *[a for a in vocab.acts if a not in COMPAT_ACTS]]),
        min_size=1, max_size=2, unique=True).map(tuple)))
    rels = draw(st.one_of(st.none(), st.lists(st.sampled_from(vocab.relations), min_size=1,
                                              max_size=3, unique=True).map(tuple)))
    fixed: dict[str, Value] = {}
    if facts:
        named = mentioned(licenses)
        paths = sorted(p for p in vocab.fields if p not in ("act", "relation"))
        for path in draw(st.lists(st.sampled_from(paths), max_size=2, unique=True)):
            fixed[path] = draw(field_values(vocab, path, named.get(path, set())))
    fixed_readings: dict[str, bool] = {}
    if readings:
        for r in draw(st.lists(st.sampled_from(sorted(vocab.readings)), max_size=2,
                               unique=True)):
            fixed_readings[r] = draw(st.booleans())
    return Context(acts, rels, fixed, fixed_readings)


# ------------------------------------------------------------------ printing


def _pretty_scenario(s: Scenario, p, cycle: bool) -> None:
    p.text(scenario_text(s))


try:  # show drawn scenarios compactly in hypothesis' reports
    from hypothesis.vendor import pretty as _pretty

    _pretty.for_type_by_name("liclogic.engine.evaluate", "Scenario", _pretty_scenario)
except (ImportError, AttributeError):  # pragma: no cover - a hypothesis without the hook
    pass
