"""Hypothesis strategies for clauses and whole licenses, typed by the vocabulary.

Generated licenses pass the type checker by construction: acts, relations, duties (with their
texts), terms and readings come from the vocabulary, conditions are typed (see
``conditions``), every clause cites a section (``§1``, ``§2``, … in order), no clause is
written twice, ``relicense base`` only appears in exceptions and ``derivative`` conditions never
refer to the reach. Every strategy shrinks towards fewer, simpler clauses: ``permit any`` with
no condition is the smallest license that grants something.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from hypothesis import strategies as st

from liclogic.lang import ast, clause_kinds
from liclogic.lang.vocabulary import DISCLAIMER_ENUM, SAME_LICENSE, SELF_RELATION, Vocabulary
from liclogic.strategies._util import drawing
from liclogic.strategies.conditions import conditions

CLAUSE_KINDS = clause_kinds.KEYWORDS  # every kind of the table (lang/clause_kinds.py)
LICENSE_KINDS = ("software", "model", "content", "data")
DUTY_TEXTS = ("Built with X", "X", "Powered by \"X\"")
ELSEWHERE = "LicenseRef-Elsewhere"  # a relicense target outside the library


def _names(values: Sequence[str], min_size: int = 1, max_size: int = 3
           ) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(list(values)), min_size=min_size, max_size=max_size,
                    unique=True).map(tuple)


def acts(vocab: Vocabulary) -> st.SearchStrategy[tuple[str, ...] | None]:
    """``any`` (None) or a few acts."""
    return st.one_of(st.none(), _names(vocab.acts, max_size=4))


def relations(vocab: Vocabulary, max_size: int = 4) -> st.SearchStrategy[tuple[str, ...]]:
    rels = [r for r in vocab.relations if r != SELF_RELATION] + [SELF_RELATION]
    return _names(rels, max_size=max_size)


def duties(vocab: Vocabulary) -> st.SearchStrategy[ast.Duty]:
    def duty(kind: str) -> st.SearchStrategy[ast.Duty]:
        if vocab.duties[kind].takes_text:
            return st.sampled_from(DUTY_TEXTS).map(lambda t: ast.Duty(kind, t))
        return st.just(ast.Duty(kind))

    kinds = sorted(vocab.duties, key=_duty_order)
    # copyleft, the duty most checks turn on, is drawn three times as often as another duty:
    # its share must not shrink as the vocabulary gains duties
    extra = [SAME_LICENSE] * 2 if SAME_LICENSE in vocab.duties else []
    return st.one_of([duty(k) for k in kinds + extra])


def _duty_order(kind: str) -> tuple[bool, str]:
    return (kind not in ("notice", "license_copy", SAME_LICENSE), kind)


def terms(vocab: Vocabulary, *, duties_too: bool = False, min_size: int = 1
          ) -> st.SearchStrategy[tuple[str, ...]]:
    names = sorted(vocab.terms) + (sorted(vocab.duties, key=_duty_order) if duties_too else [])
    return _names(names, min_size=min_size)


def _when(vocab: Vocabulary, ids: Sequence[str], derivative: bool = True
          ) -> st.SearchStrategy[ast.Expr | None]:
    return st.one_of(st.none(), conditions(vocab, ids=ids, derivative=derivative))


def _on(vocab: Vocabulary) -> st.SearchStrategy[tuple[str, ...] | None]:
    return st.one_of(st.none(), relations(vocab))


def permits(vocab: Vocabulary, ids: Sequence[str] = ()) -> st.SearchStrategy[ast.Permit]:
    return st.builds(ast.Permit, acts(vocab), _on(vocab), _when(vocab, ids))


def forbids(vocab: Vocabulary, ids: Sequence[str] = ()) -> st.SearchStrategy[ast.Forbid]:
    return st.builds(ast.Forbid, acts(vocab), _on(vocab), _when(vocab, ids),
                     st.one_of(st.none(), conditions(vocab, ids=ids)))


def reserves(vocab: Vocabulary, ids: Sequence[str] = ()) -> st.SearchStrategy[ast.Reserve]:
    return st.builds(ast.Reserve, acts(vocab), _on(vocab), _when(vocab, ids))


def relicense_keeping(vocab: Vocabulary, ids: Sequence[str] = (), *, base: bool = False
                      ) -> st.SearchStrategy[ast.Relicense]:
    return st.builds(lambda c, keep: dataclasses.replace(c, keeps_terms=keep),
                     relicenses(vocab, ids, base=base), st.booleans())


def choices(vocab: Vocabulary, ids: Sequence[str] = ()) -> st.SearchStrategy[ast.Duty]:
    """A duty alternative: two or three plain options of different kinds, each with its own
    citation and, sometimes, a condition of its own."""
    def option(d: ast.Duty, when: ast.Expr | None) -> ast.Option:
        return ast.Option(d, when)

    def cited(opts: list[ast.Option]) -> ast.Duty:
        return ast.Duty.choice(tuple(dataclasses.replace(o, cite=ast.Cite(f"({chr(97 + i)})"))
                                     for i, o in enumerate(opts)))

    plain = duties(vocab).filter(lambda d: d.text is None or '"' not in d.text)
    return st.lists(st.builds(option, plain, _when(vocab, ids)), min_size=2, max_size=3,
                    unique_by=lambda o: o.duty.kind).map(cited)


def requires(vocab: Vocabulary, ids: Sequence[str] = ()) -> st.SearchStrategy[ast.Require]:
    plain = st.lists(duties(vocab), min_size=1, max_size=3, unique_by=lambda d: d.kind)
    alternative = st.one_of(st.just(()), choices(vocab, ids).map(lambda d: (d,)))
    return st.builds(ast.Require, st.builds(lambda p, a: (*p, *a), plain, alternative),
                     _on(vocab), _when(vocab, ids))


def derivatives(vocab: Vocabulary, ids: Sequence[str] = ()) -> st.SearchStrategy[ast.Derivative]:
    return st.builds(ast.Derivative, relations(vocab), _when(vocab, ids, derivative=False))


def carries(vocab: Vocabulary, ids: Sequence[str] = ()) -> st.SearchStrategy[ast.Carries]:
    return st.builds(ast.Carries, terms(vocab), _on(vocab), _when(vocab, ids))


def accepts(vocab: Vocabulary) -> st.SearchStrategy[ast.Accepts]:
    return st.builds(ast.Accepts, terms(vocab, duties_too=True, min_size=0))


def relicenses(vocab: Vocabulary, ids: Sequence[str] = (), *, base: bool = False
               ) -> st.SearchStrategy[ast.Relicense]:
    targets = ([ast.BASE] if base else []) + [*ids, ELSEWHERE]
    return st.builds(ast.Relicense, _names(targets), _on(vocab), _when(vocab, ids))


def waives(vocab: Vocabulary, ids: Sequence[str] = ()) -> st.SearchStrategy[ast.Waive]:
    return st.builds(ast.Waive, terms(vocab, duties_too=True), _on(vocab), _when(vocab, ids))


def disclaims(vocab: Vocabulary) -> st.SearchStrategy[ast.Disclaims]:
    """Warranty / liability disclaimers (the vocabulary's Disclaimer enum)."""
    return st.builds(ast.Disclaims, _names(vocab.enums.get(DISCLAIMER_ENUM, ()) or ("warranty",)))


def clauses(vocab: Vocabulary, *, ids: Sequence[str] = (),
            kinds: Sequence[str] = CLAUSE_KINDS, exception: bool = False
            ) -> st.SearchStrategy[ast.Clause]:
    """One clause of the given kinds (``relicense base`` only when ``exception``)."""
    make: dict[str, Callable[[], st.SearchStrategy[ast.Clause]]] = {
        "permit": lambda: permits(vocab, ids),
        "forbid": lambda: forbids(vocab, ids),
        "reserve": lambda: reserves(vocab, ids),
        "require": lambda: requires(vocab, ids),
        "derivative": lambda: derivatives(vocab, ids),
        "carries": lambda: carries(vocab, ids),
        "accepts": lambda: accepts(vocab),
        "relicense": lambda: relicense_keeping(vocab, ids, base=exception),
        "waive": lambda: waives(vocab, ids),
        "disclaims": lambda: disclaims(vocab),
    }
    return st.one_of([make[k]() for k in kinds if k != "disclaims" or
                      DISCLAIMER_ENUM in vocab.enums])


Item = ast.Meta | ast.Clause | ast.Expect


def cited(items: Sequence[Item]) -> tuple[Item, ...]:
    """Number the clauses' citations §1, §2, … in order (metadata and expectations have none)."""
    out: list[Item] = []
    n = 0
    for item in items:
        if isinstance(item, ast.Meta | ast.Expect):
            out.append(item)
        else:
            n += 1
            out.append(dataclasses.replace(item, cite=ast.Cite(f"§{n}")))
    return tuple(out)


def _uncited(c: ast.Clause) -> ast.Clause:
    return dataclasses.replace(c, cite=None)


def _assemble(lid: str, kind: str, parent: str | None, body: list[ast.Clause]) -> ast.License:
    metas = [ast.Meta("kind", (kind,))]
    if parent is not None:
        metas.append(ast.Meta("based_on", (parent,)))
    return ast.License(lid, cited([*metas, *body]))


def licenses(vocab: Vocabulary, *, id: str = "LicenseRef-Generated", kind: str | None = None,
             ids: Sequence[str] = (), based_on: Sequence[str] = (), min_clauses: int = 1,
             max_clauses: int = 6, kinds: Sequence[str] = CLAUSE_KINDS,
             exception: bool = False) -> st.SearchStrategy[ast.License]:
    """A whole well-typed license. ``ids``: licenses it may name (relicense targets,
    ``outbound`` conditions); ``based_on``: licenses it may inherit from."""
    kinds_s = (st.just("exception") if exception else
               st.just(kind) if kind else st.sampled_from(LICENSE_KINDS))
    parent = st.one_of(st.none(), st.sampled_from(list(based_on))) if based_on else st.none()
    body = st.lists(clauses(vocab, ids=ids, kinds=kinds, exception=exception),
                    min_size=min_clauses, max_size=max_clauses, unique_by=_uncited)
    return drawing(_license, id, kinds_s, parent, body)


def _license(draw: st.DrawFn, lid: str, kinds_s: st.SearchStrategy[str],
             parent: st.SearchStrategy[str | None],
             body: st.SearchStrategy[list[ast.Clause]]) -> ast.License:
    return _assemble(lid, draw(kinds_s), draw(parent), draw(body))


def exceptions(vocab: Vocabulary, *, id: str = "LicenseRef-Generated-exception",
               ids: Sequence[str] = (), max_clauses: int = 3) -> st.SearchStrategy[ast.License]:
    """An exception (``kind exception``) for ``L WITH E``: it waives duties and terms, adds
    grants, lets the result go back to the base license (``relicense base``), and now and
    then adds a duty or a ban."""
    return licenses(vocab, id=id, ids=ids, min_clauses=1, max_clauses=max_clauses,
                    kinds=("waive", "permit", "relicense", "require", "forbid", "carries"),
                    exception=True)


def with_clause(tree: ast.License, clause: ast.Clause) -> ast.License:
    """The license with one more clause (cited after the others)."""
    return ast.License(tree.id, cited([*tree.items, clause]))


def without_clause(tree: ast.License, index: int) -> ast.License:
    """The license without its ``index``-th clause."""
    kept = [c for i, c in enumerate(tree.clauses) if i != index]
    return ast.License(tree.id, cited([*tree.metas, *kept]))


def renamed(tree: ast.License, new_id: str) -> ast.License:
    return dataclasses.replace(tree, id=new_id)
