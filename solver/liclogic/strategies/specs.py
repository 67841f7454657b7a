"""Generated licenses together: a few licenses that name each other (``based_on``, relicense
targets, ``outbound`` conditions), an exception and its composite ``L WITH E``, resolved into a
library. ``Specs`` prints as DSL text, so a failing example reads like a spec file."""

from __future__ import annotations

import functools
import string
from collections.abc import Sequence
from dataclasses import dataclass, field

from hypothesis import strategies as st

from liclogic.lang import ast
from liclogic.lang.format import format_file
from liclogic.lang.library import Library, LicenseModel, build_library
from liclogic.lang.vocabulary import Vocabulary
from liclogic.strategies._util import drawing
from liclogic.strategies.licenses import exceptions, licenses
from liclogic.testing.asserts import bundled_files, vocabulary_files

GENERATED = "<generated>"


def prelude() -> ast.SpecFile:
    """The bundled prelude, parsed once."""
    return bundled_files()[0]


@dataclass(frozen=True)
class Specs:
    """Generated license trees and the composites to build from them.

    ``library()`` resolves them on top of the bundled vocabulary (and the bundled licenses
    when ``bundled``); ``repr`` is the DSL text, which is what hypothesis prints for a failing
    example."""

    licenses: tuple[ast.License, ...]
    composites: tuple[tuple[str, str], ...] = ()  # (base id, exception id): L WITH E
    bundled: bool = False
    base: tuple[ast.SpecFile, ...] = field(default=(), compare=False)

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.licenses]

    def text(self) -> str:
        out = format_file(ast.SpecFile(GENERATED, self.licenses))
        return out + "".join(f"# and the composite {b} WITH {e}\n" for b, e in self.composites)

    def __repr__(self) -> str:
        return "Specs('''\n" + self.text() + "''')"

    def _repr_pretty_(self, p, cycle: bool) -> None:
        p.text(repr(self))

    def files(self) -> list[ast.SpecFile]:
        base = list(self.base) or list(bundled_files() if self.bundled else vocabulary_files())
        return [*base, ast.SpecFile(GENERATED, self.licenses)]

    @functools.cached_property
    def _library(self) -> Library:
        lib = build_library(self.files())
        for b, e in self.composites:
            lib.compose(b, e)
        return lib

    def library(self) -> Library:
        """The resolved library (built once per Specs value)."""
        return self._library

    def models(self) -> list[LicenseModel]:
        """The generated licenses and composites, resolved (inherited clauses included)."""
        lib = self.library()
        out = [lib.get(i) for i in self.ids]
        out += [lib.get(f"{lib.get(b).id} WITH {lib.get(e).id}") for b, e in self.composites]
        return out

    def queryable(self) -> list[LicenseModel]:
        """The models queries take: every license and composite, not a bare exception (an
        exception only counts attached to a license)."""
        return [m for m in self.models() if m.kind != "exception"]

    def replace(self, tree: ast.License) -> Specs:
        """The same specs with the license of ``tree.id`` replaced (or added)."""
        trees = [tree if t.id == tree.id else t for t in self.licenses]
        if tree.id not in self.ids:
            trees.append(tree)
        return Specs(tuple(trees), self.composites, self.bundled, self.base)


def letter_ids(n: int, prefix: str = "LicenseRef-") -> list[str]:
    return [prefix + c for c in string.ascii_uppercase[:n]]


def license_sets(vocab: Vocabulary, *, min_size: int = 1, max_size: int = 3,
                 max_clauses: int = 5, bundled_ids: Sequence[str] = (),
                 exception: bool = True, inherit: bool = True) -> st.SearchStrategy[Specs]:
    """``min_size``–``max_size`` licenses ``LicenseRef-A``, ``-B``, … Each may be based on an
    earlier one (or on one of ``bundled_ids``, which builds on the bundled library), name the
    others as relicense targets or in ``outbound`` conditions, and with ``exception`` an
    exception may come with a composite ``L WITH E``."""
    bundled = bool(bundled_ids)

    def of_size(n: int) -> st.SearchStrategy[Specs]:
        ids = letter_ids(n)
        refs = [*ids, *bundled_ids]
        trees = st.tuples(*[
            licenses(vocab, id=lid, ids=refs, max_clauses=max_clauses,
                     based_on=[*ids[:i], *bundled_ids] if inherit else [])
            for i, lid in enumerate(ids)])
        plain = trees.map(lambda ts: Specs(ts, bundled=bundled))
        if not exception:
            return plain
        with_exc = st.builds(
            lambda ts, exc, base: Specs((*ts, exc), ((base, exc.id),), bundled=bundled),
            trees, exceptions(vocab, id="LicenseRef-X-exception", ids=refs),
            st.sampled_from(ids))
        return st.one_of(plain, with_exc)

    sizes = st.one_of([of_size(n) for n in range(min_size, max_size + 1)])
    return drawing(_license_set, sizes)


def _license_set(draw: st.DrawFn, strategy: st.SearchStrategy[Specs]) -> Specs:
    return draw(strategy)
