"""Helpers for the algebraic laws (tests/test_laws*.py): building variants of generated
licenses, ranking verdicts, and the recorded law exceptions (tests/data/law_exceptions.yml)."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable

import yaml
from liclogic import strategies as lst
from liclogic.engine import evaluate as ev
from liclogic.engine.context import Context
from liclogic.engine.result import Verdict
from liclogic.lang import ast
from liclogic.lang.library import Library, LicenseModel
from liclogic.testing import exhaustive_scenarios

from . import oracle
from .conftest import DATA

RANK = {Verdict.NO: 0, Verdict.DEPENDS: 1, Verdict.YES: 2}


def copy_of(parent: str, lid: str = "LicenseRef-Copy", kind: str = "software") -> ast.License:
    """``license lid { kind …  based_on parent }``: nothing added."""
    return ast.License(lid, (ast.Meta("kind", (kind,)), ast.Meta("based_on", (parent,))))


def extended(tree: ast.License, new_id: str, extra: Iterable[ast.Clause]) -> ast.License:
    """The license under a new id with the extra clauses it does not have yet."""
    out = lst.renamed(tree, new_id)
    for c in extra:
        if all(_uncited(c) != _uncited(d) for d in out.clauses):
            out = lst.with_clause(out, c)
    return out


def _uncited(c: ast.Clause) -> ast.Clause:
    return dataclasses.replace(c, cite=None)


def behaviour(lic: LicenseModel, s: ev.Scenario) -> tuple:
    return (ev.permitted(lic, s), ev.granted(lic, s), ev.derived(lic, s), ev.duties(lic, s),
            ev.carried(lic, s))


def same_behaviour(lib: Library, x: str, y: str) -> list[ev.Scenario]:
    """Representative scenarios where x and y differ (empty: they behave alike)."""
    a, b = lib.get(x), lib.get(y)
    return [s for s in exhaustive_scenarios(lib.vocab, [a, b])
            if behaviour(a, s) != behaviour(b, s)]


def relicensed_everywhere(lib: Library, a: str, b: str, ctx: Context | None = None) -> bool:
    """A's work may be relicensed to B in every scenario of the context (so compat(A, B) is
    yes because of A's relicense list, whatever else A and B say)."""
    la, lb = lib.get(a), lib.get(b)
    scenarios = exhaustive_scenarios(lib.vocab, [la, lb],
                                     restrict=oracle.context_restrict(ctx or Context()),
                                     outbounds=[lb.id])
    return all(ev.relicensed(la, lb, s, lib.vocab, lib.canonical) for s in scenarios)


@functools.cache
def law_exceptions() -> dict[str, dict]:
    """law name → its entry in tests/data/law_exceptions.yml."""
    entries = yaml.safe_load((DATA / "law_exceptions.yml").read_text(encoding="utf-8"))
    return {e["law"]: e for e in entries}
