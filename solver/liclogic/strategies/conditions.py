"""Hypothesis strategies for conditions (``when`` / ``unless``), typed by the vocabulary.

Every atom compares a field with a value of the field's type: integers with thresholds (the
kind licenses write: 700_000_000 monthly active users), enums with their own values (``purpose
in {military, weapons}``), bools by themselves. So every generated condition type-checks, and
shrinking heads for the simplest atom of the first field.
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

from liclogic.lang import ast
from liclogic.lang.vocabulary import OUTBOUND, FieldType, Vocabulary
from liclogic.strategies._util import drawing

# Thresholds of the kind license texts name (users, revenue, head count), shrinking to 0.
THRESHOLDS = (0, 1, 1_000, 1_000_000, 20_000_000, 100_000_000, 700_000_000)
INT_OPS = (">", ">=", "<", "<=", "==", "!=")


def thresholds() -> st.SearchStrategy[int]:
    return st.one_of(st.sampled_from(THRESHOLDS), st.integers(0, 2_000_000_000))


def _ref(path: str) -> ast.FieldRef:
    return ast.FieldRef(path)


def _values(ft: FieldType, max_size: int = 3) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(ft.values), min_size=1, max_size=max_size,
                    unique=True).map(tuple)


def field_atoms(vocab: Vocabulary, fields: Sequence[str] | None = None
                ) -> st.SearchStrategy[ast.Expr]:
    """An atom over one scenario field, typed by it: ``x > 700_000_000``, ``purpose in {…}``,
    ``commercial``, ``relation != verbatim``. Integer, enum and bool fields are equally
    likely, whatever their numbers."""
    paths = [p for p in (fields if fields is not None else vocab.fields) if p in vocab.fields]
    if not paths:
        return st.nothing()

    def atom(path: str) -> st.SearchStrategy[ast.Expr]:
        ft = vocab.fields[path]
        if ft.kind == "int":
            return st.builds(lambda op, n: ast.Compare(_ref(path), op, ast.IntLit(n)),
                             st.sampled_from(INT_OPS), thresholds())
        if ft.kind == "bool":
            return st.one_of(
                st.just(ast.BoolField(_ref(path))),
                st.builds(lambda op, b: ast.Compare(_ref(path), op, ast.BoolLit(b)),
                          st.sampled_from(("==", "!=")), st.booleans()),
            )
        return st.one_of(
            st.builds(lambda neg, vs: ast.Member(_ref(path),
                                                 tuple(ast.NameLit(v) for v in vs), neg),
                      st.booleans(), _values(ft)),
            st.builds(lambda op, v: ast.Compare(_ref(path), op, ast.NameLit(v)),
                      st.sampled_from(("==", "!=")), st.sampled_from(ft.values)),
        )

    # One kind of field, then one field of that kind: thresholds are a third of the atoms
    # however few integer fields the vocabulary has (and shrinking lands on them first).
    groups = [[atom(p) for p in paths if vocab.fields[p].kind == kind]
              for kind in ("int", "enum", "bool")]
    return st.one_of([st.one_of(g) for g in groups if g])


def outbound_atoms(ids: Sequence[str]) -> st.SearchStrategy[ast.Expr]:
    """``outbound == "ID"`` / ``outbound in {"ID", …}`` over the given license ids."""
    if not ids:
        return st.nothing()
    one = st.sampled_from(list(ids))
    return st.one_of(
        st.builds(lambda op, i: ast.Compare(_ref(OUTBOUND), op, ast.StrLit(i)),
                  st.sampled_from(("==", "!=")), one),
        st.builds(lambda neg, vs: ast.Member(_ref(OUTBOUND), tuple(ast.StrLit(v) for v in vs),
                                             neg),
                  st.booleans(), st.lists(one, min_size=1, max_size=3, unique=True)),
    )


def _atom(draw: st.DrawFn, field: st.SearchStrategy[ast.Expr],
          other: st.SearchStrategy[ast.Expr]) -> ast.Expr:
    """Three times in four a comparison of a field (most of what licenses condition on), else
    a reading, ``derivative``, an outbound test or a constant."""
    return draw(field) if draw(st.integers(0, 3)) < 3 else draw(other)


def _condition(draw: st.DrawFn, atoms: st.SearchStrategy[ast.Expr], depth: int) -> ast.Expr:
    """An atom, or (below ``depth``) ``not`` / ``and`` / ``or`` of smaller conditions; the
    choice shrinks towards an atom."""
    branch = draw(st.integers(0, 5)) if depth > 0 else 0
    if branch <= 2:
        return draw(atoms)
    if branch == 3:
        return ast.Not(_condition(draw, atoms, depth - 1))
    parts = tuple(_condition(draw, atoms, depth - 1) for _ in range(draw(st.integers(2, 3))))
    return ast.And(parts) if branch == 4 else ast.Or(parts)


_CACHE: dict[tuple, tuple[Vocabulary, st.SearchStrategy[ast.Expr]]] = {}


def conditions(vocab: Vocabulary, *, ids: Sequence[str] = (), fields: Sequence[str] | None = None,
               derivative: bool = True, readings: bool = True, max_depth: int = 2
               ) -> st.SearchStrategy[ast.Expr]:
    """Well-typed conditions: field atoms, ``reading(…)``, ``derivative``, ``outbound`` tests
    over ``ids``, and ``not`` / ``and`` / ``or`` of them up to ``max_depth`` levels.

    ``derivative=False`` for the conditions of ``derivative`` clauses (which may not refer to
    the license's reach). The same arguments give the same strategy object (hypothesis then
    validates it once)."""
    key = (id(vocab), tuple(ids), None if fields is None else tuple(fields), derivative,
           readings, max_depth)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is vocab:
        return hit[1]
    atoms: list[st.SearchStrategy[ast.Expr]] = []
    if readings and vocab.readings:
        atoms.append(st.sampled_from(sorted(vocab.readings)).map(ast.ReadingRef))
    if derivative:
        atoms.append(st.just(ast.DerivativeRef()))
    if ids:
        atoms.append(outbound_atoms(ids))
    atoms.append(st.booleans().map(ast.Const))
    out = drawing(_condition, drawing(_atom, field_atoms(vocab, fields), st.one_of(atoms)),
                  max_depth)
    _CACHE[key] = (vocab, out)
    return out
