"""Relicensing chains: a license's relicensing clause leads to a second license, whose own
relicensing clauses lead on (the FSF describes EUPL-1.2 → CeCILL-2.1 → GNU GPL). The library
adds to each license the targets its chains reach, as relicensing clauses of its own, each
citing every step, up to ``MAX_STEPS`` steps.

Only compatibility clauses chain: relicensing that replaces the work's terms (``relicense``
without ``keeping terms``: a work relicensed to B is under B, and B's relicensing applies to
it; a clause that keeps the work's own terms, AGPL-3.0 §13 or MPL-2.0 §3.3, puts it under
both, which B's clauses alone do not settle) and that says when it applies (``on`` relations
or a ``when``: a derived work combining the work with one under the other license). An
unconditional clause is how a license names its own later versions or "or later" (EUPL-1.1 §5
"a later version of this Licence", EPL-1.0 §7, GPL "or later"); whether a later version's own
compatibility list then applies to the earlier one is exactly what the FSF and OSADL deny
(EUPL-1.1 → EUPL-1.2 → GPL-3.0), so chains do not pass through them.

A chained clause applies where every step applies: the relations both allow, and all their
conditions (evaluated over the same scenario, within the first license's reach).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from liclogic.lang import ast

MAX_STEPS = 3


class _Clause(Protocol):
    @property
    def clause(self) -> ast.Relicense: ...


class Licensed(Protocol):
    """What a chain reads of a license (``library.LicenseModel``; no import, no circle)."""

    @property
    def id(self) -> str: ...

    @property
    def kind(self) -> str: ...

    def relicensing(self) -> Sequence[_Clause]: ...


def _replacing(lic: Licensed) -> list[_Clause]:
    """The compatibility clauses a chain follows: relicensing that replaces the work's terms
    and says when it applies (to which derived works, under which conditions)."""
    return [c for c in lic.relicensing() if not c.clause.keeps_terms
            and (c.clause.relations is not None or c.clause.when is not None)]


def _relations(a: tuple[str, ...] | None, b: tuple[str, ...] | None
               ) -> tuple[str, ...] | bool | None:
    """Both steps' relations (None: any); False when they share none."""
    if a is None or b is None:
        return a if b is None else b
    both = tuple(r for r in a if r in b)
    return both or False


def _when(a: ast.Expr | None, b: ast.Expr | None) -> ast.Expr | None:
    """Both steps' conditions, each conjunct once (two steps often share "not verbatim")."""
    if a is None or b is None:
        return a if b is None else b
    parts: list[ast.Expr] = []
    for e in (a, b):
        for part in e.operands if isinstance(e, ast.And) else (e,):
            if part not in parts:
                parts.append(part)
    return parts[0] if len(parts) == 1 else ast.And(tuple(parts))


def _section(lid: str, c: ast.Relicense) -> str:
    return f"{lid} {c.cite.section}" if c.cite else lid


def chained_clauses(licenses: Mapping[str, Licensed], lic: Licensed) -> list[ast.Relicense]:
    """The relicensing clauses the license's chains add (targets it does not reach directly)."""
    direct = {t for c in lic.relicensing() for t in c.clause.targets}
    reached = {lic.id, *direct}
    out: list[ast.Relicense] = []
    # a frontier step: (the clause so far, the path of cited steps, the license it leads to)
    frontier: list[tuple[ast.Relicense, str]] = [
        (c.clause, c.clause.cite.section if c.clause.cite else "") for c in _replacing(lic)]
    for _ in range(MAX_STEPS - 1):
        following: list[tuple[ast.Relicense, str]] = []
        for clause, path in frontier:
            for target in clause.targets:
                nxt = licenses.get(target)
                if nxt is None or nxt.kind == "exception":
                    continue
                for step in _replacing(nxt):
                    relations = _relations(clause.relations, step.clause.relations)
                    new = [t for t in step.clause.targets
                           if t != ast.BASE and t not in reached and t in licenses]
                    if isinstance(relations, bool) or not new:
                        continue
                    reached.update(new)
                    cited = f"{path}, then {_section(target, step.clause)}"
                    quote = step.clause.cite.quote if step.clause.cite else None
                    made = ast.Relicense(tuple(new), relations,
                                         _when(clause.when, step.clause.when),
                                         ast.Cite(cited, quote), span=step.clause.span)
                    out.append(made)
                    following.append((made, cited))
        frontier = following
    return out
