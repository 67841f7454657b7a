"""The license library: spec files → checked, resolved license models, looked up by id or alias."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from liclogic.errors import LiclogicError, SpecError, SpecErrors, UnknownLicenseError, nearest
from liclogic.lang import ast, clause_kinds
from liclogic.lang.check import check_license
from liclogic.lang.paths import display_path, library_key, spec_paths
from liclogic.lang.paths import (
    spec_files as spec_files,  # re-exported: users load spec files from here
)
from liclogic.lang.relicense_chain import chained_clauses
from liclogic.lang.vocabulary import Vocabulary, build_vocabulary

C = TypeVar("C", bound=ast.Clause, covariant=True)  # SpecClause[Require] is a SpecClause


@dataclass(frozen=True)
class SpecClause(Generic[C]):
    """A clause as it applies to one license: where it is written (``origin``) and its position."""

    clause: C
    origin: str  # id of the license whose spec contains the clause (differs when inherited)
    index: int

    @property
    def at(self) -> str:
        s = self.clause.span
        return f"{s.file}:{s.line}" if s else "<generated>"

    @property
    def cite(self) -> ast.Cite | None:
        return self.clause.cite


@dataclass(frozen=True)
class LicenseModel:
    id: str
    tree: ast.License
    clauses: tuple[SpecClause[ast.Clause], ...]
    path: str
    parent: str | None = None

    @property
    def name(self) -> str:
        return self.tree.name or self.id

    @property
    def kind(self) -> str:
        return self.tree.kind or "software"

    @property
    def aliases(self) -> tuple[str, ...]:
        return self.tree.aliases

    @property
    def url(self) -> str | None:
        return self.tree.meta_value("url")

    @property
    def version(self) -> str | None:
        return self.tree.meta_value("version")

    def of(self, kind: type[C]) -> tuple[SpecClause[C], ...]:
        """The clauses of one kind (``lic.of(ast.Require)``), in order."""
        return cast("tuple[SpecClause[C], ...]",
                    tuple(c for c in self.clauses if isinstance(c.clause, kind)))

    def relicensing(self) -> tuple[SpecClause[ast.Relicense], ...]:
        return self.of(ast.Relicense)

    @functools.cached_property
    def bans(self) -> tuple[SpecClause[ast.Ban], ...]:
        """The clauses that withhold acts: forbids and reserves, in order."""
        return cast("tuple[SpecClause[ast.Ban], ...]",
                    tuple(c for c in self.clauses
                          if isinstance(c.clause, ast.Forbid | ast.Reserve)))

    @functools.cached_property
    def readings(self) -> frozenset[str]:
        """Readings this license's clauses refer to."""
        out = set()
        for c in self.clauses:
            for cond in clause_kinds.conditions(c.clause):
                out |= {n.name for n in ast.walk_expr(cond) if isinstance(n, ast.ReadingRef)}
        return frozenset(out)

    @functools.cached_property
    def restricts_further(self) -> bool:
        """True when the license forbids further restrictions (it has an ``accepts`` clause)."""
        return bool(self.of(ast.Accepts))

    @functools.cached_property
    def accepted(self) -> frozenset[str]:
        """The terms its accepts clauses list."""
        return frozenset(t for c in self.of(ast.Accepts) for t in c.clause.terms)

    def tolerates(self, term: str, specific: frozenset[str] = frozenset(),
                  freedoms: frozenset[str] = frozenset()) -> bool:
        """Does this license, forbidding further restrictions, tolerate another license's term
        on a part of the work? Its own terms and accepted ones — except that a term in
        ``specific`` (the vocabulary's tag: a part keeping its own license, another choice of
        law) is tolerated only when accepted explicitly — and any term in ``freedoms`` (the
        tag of duties that give recipients more, such as relinking: no restriction at all)."""
        from liclogic.lang.vocabulary import SAME_LICENSE

        if term in self.accepted or term in freedoms:
            return True
        return term != SAME_LICENSE and term not in specific and term in self.own_terms

    @functools.cached_property
    def own_terms(self) -> frozenset[str]:
        """Terms this license imposes or accepts itself: another license's term that is among
        them is no further restriction under this license."""
        out: set[str] = set()
        for c in self.clauses:
            cl = c.clause
            if isinstance(cl, ast.Require):
                out |= {d.kind for d in cl.duties}
            elif isinstance(cl, ast.Carries | ast.Accepts):
                out |= set(cl.terms)
        return frozenset(out)

    @functools.cached_property
    def fingerprint(self) -> str:
        """Content hash of the resolved license (its clauses and metadata), for caches."""
        import hashlib

        return hashlib.sha256(repr((self.id, self.tree, [c.clause for c in self.clauses]))
                              .encode()).hexdigest()[:16]


@dataclass
class Library:
    vocab: Vocabulary
    licenses: dict[str, LicenseModel] = field(default_factory=dict)
    _lookup: dict[str, str] = field(default_factory=dict)
    key: str = ""  # content hash of the spec files it was loaded from (for caches)
    # What later stages build from the library and keep with it (the engine's encoding, the
    # resolver's tables), by name; it belongs to a process: never pickled, never compared.
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "derived"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, derived={})

    def ids(self) -> list[str]:
        return list(self.licenses)

    def __contains__(self, name: str) -> bool:
        return self.find(name) is not None

    def find(self, name: str) -> LicenseModel | None:
        lid = self._lookup.get(name.strip().lower())
        return self.licenses[lid] if lid else None

    def get(self, name: str) -> LicenseModel:
        lic = self.find(name)
        if lic is None:
            candidates = list(self.licenses) + [a for m in self.licenses.values()
                                                for a in m.aliases]
            suggestions = [self.find(c).id for c in nearest(name, candidates, n=5)]  # type: ignore[union-attr]
            raise UnknownLicenseError(name, list(dict.fromkeys(suggestions))[:3])
        return lic

    def prose(self, name: str) -> str:
        """How explanations name a license: 'Llama 3.1' for LicenseRef-Llama-3.1-Community
        (its first alias written with a space), SPDX ids as they are."""
        lic = self.find(name)
        if lic is None or not lic.id.startswith("LicenseRef-"):
            return lic.id if lic else name
        spaced = [a for a in lic.aliases if " " in a and len(a) <= 32]
        return spaced[0] if spaced else (lic.tree.name or lic.id)

    def canonical(self, name: str) -> str:
        """The library id for a name, or the name itself when the library does not know it."""
        lic = self.find(name)
        return lic.id if lic else name

    def compose(self, base_name: str, exception_name: str) -> LicenseModel:
        """``L WITH E``: the license L with the exception E's clauses added (E's waive clauses
        lift L's duties, its permits add grants, and ``relicense base`` lets the result drop
        the exception and be licensed under L alone)."""
        base, exc = self.get(base_name), self.get(exception_name)
        if exc.kind != "exception":
            raise LiclogicError(f"{exc.id} is not an exception; WITH takes an exception",
                                hint="e.g. GPL-2.0-only WITH Classpath-exception-2.0")
        if base.kind == "exception":
            raise LiclogicError(f"{base.id} is an exception; it goes after WITH")
        lid = f"{base.id} WITH {exc.id}"
        if lid in self.licenses:
            return self.licenses[lid]
        own = tuple(
            dataclasses.replace(c, targets=tuple(base.id if t == ast.BASE else t
                                                 for t in c.targets))
            if isinstance(c, ast.Relicense) else c for c in (x.clause for x in exc.clauses))
        clauses = [*(c.clause for c in base.clauses), *own]
        origins = [c.origin for c in base.clauses] + [exc.id] * len(own)
        tree = ast.License(lid, (ast.Meta("name", (f"{base.name} with {exc.name}",)),
                                 ast.Meta("kind", (base.kind,))))
        model = LicenseModel(lid, tree, tuple(SpecClause(c, o, i) for i, (c, o) in
                                              enumerate(zip(clauses, origins, strict=True))),
                             base.path, parent=base.id)
        self.add(model)
        return model

    def add(self, lic: LicenseModel) -> None:
        self.licenses[lic.id] = lic
        self._lookup[lic.id.lower()] = lic.id
        for a in lic.aliases:
            self._lookup.setdefault(a.lower(), lic.id)


def load_library(roots: Iterable[Path] | None = None, extra: Iterable[Path] = ()) -> Library:
    """Load, check and resolve every spec under ``roots`` (default: the bundled library) plus the
    ``extra`` spec files a user gives. Raises SpecErrors listing every problem found."""
    base, user = spec_paths(roots, extra)
    return _load(base, user)


def _load(base: list[Path], user: list[Path]) -> Library:
    from liclogic.lang.parse import parse_file  # Lark is imported only when specs are really parsed

    files = [parse_file(p, display_path(p)) for p in base + user]
    return build_library(files, overriding={display_path(p) for p in user})


def load_library_cached(extra: Iterable[Path] = (), key: str | None = None) -> Library:
    """``load_library`` through the on-disk cache (see liclogic.cache): a library whose spec
    files, grammar and tool version are unchanged is read back instead of parsed. ``key``:
    ``library_key(extra)`` when the caller has just computed it."""
    from liclogic import cache

    key = key or library_key(extra)
    if key is None:
        return _load(*spec_paths(None, extra))
    hit = cache.store().get(key)
    if isinstance(hit, Library):
        return hit
    lib = _load(*spec_paths(None, extra))
    lib.key = key
    cache.store().put(key, lib)
    return lib


def build_library(files: list[ast.SpecFile], overriding: Set[str] = frozenset()) -> Library:
    """Check and resolve parsed spec files. A license in a file named in ``overriding`` (a
    user's own spec) replaces a library license with the same id instead of clashing."""
    sources = {f.path: f.source for f in files if f.source}  # for the lines errors show
    start = ast.Span(files[0].path, 1, 1, 1, 1) if files else None  # no vocabulary at all
    try:
        vocab = build_vocabulary([i for f in files for i in f.items
                                  if isinstance(i, ast.Vocabulary)], start)
    except SpecErrors as exc:
        raise exc.with_sources(sources) from None
    errors: list[SpecError] = []
    trees: dict[str, tuple[ast.License, str]] = {}
    for f in files:
        for item in f.items:
            if not isinstance(item, ast.License):
                continue
            if item.id in trees and not (f.path in overriding
                                         and trees[item.id][1] not in overriding):
                errors.append(SpecError(f"license {item.id!r} is defined twice (also in "
                                        f"{trees[item.id][1]})", item.span,
                                        hint="give your own license a LicenseRef- id"))
                continue
            trees[item.id] = (item, f.path)
            errors.extend(check_license(item, vocab))
    lib = Library(vocab)
    resolving: list[str] = []

    def resolve(lid: str) -> LicenseModel | None:
        if lid in lib.licenses:
            return lib.licenses[lid]
        tree, path = trees[lid]
        clauses: list[ast.Clause] = []
        origins: list[str] = []
        parent = tree.based_on
        if parent is not None:
            pid = _match_id(parent, trees)
            if pid is None:
                errors.append(SpecError(f"based_on names unknown license {parent!r}",
                                        (tree.meta("based_on") or tree).span,
                                        hint=_suggest(parent, trees)))
            elif pid in resolving:
                errors.append(SpecError(f"based_on cycle: {' → '.join([*resolving, pid])}",
                                        (tree.meta("based_on") or tree).span))
            else:
                resolving.append(lid)
                base = resolve(pid)
                resolving.pop()
                if base is not None:
                    clauses += [c.clause for c in base.clauses]
                    origins += [c.origin for c in base.clauses]
        clauses += list(tree.clauses)
        origins += [lid] * len(tree.clauses)
        model = LicenseModel(
            lid, tree,
            tuple(SpecClause(c, o, i)
                  for i, (c, o) in enumerate(zip(clauses, origins, strict=True))),
            path, parent=_match_id(parent, trees) if parent else None,
        )
        lib.add(model)
        return model

    for lid in trees:
        resolve(lid)
    if errors:
        raise SpecErrors(errors).with_sources(sources)
    _add_chains(lib)  # relicensing that leads on through a second license's own clauses
    return lib


def _add_chains(lib: Library) -> None:
    """Give every license the relicensing its chains reach (``lang/relicense_chain.py``)."""
    extra = {lid: chained_clauses(lib.licenses, m) for lid, m in sorted(lib.licenses.items())}
    for lid, clauses in extra.items():
        if clauses:
            m = lib.licenses[lid]
            n = len(m.clauses)
            lib.add(dataclasses.replace(m, clauses=(*m.clauses, *(
                SpecClause(c, lid, n + i) for i, c in enumerate(clauses)))))


def _match_id(name: str, trees: dict[str, tuple[ast.License, str]]) -> str | None:
    low = name.lower()
    for lid, (tree, _) in trees.items():
        if lid.lower() == low or low in (a.lower() for a in tree.aliases):
            return lid
    return None


def _suggest(name: str, trees: dict[str, tuple[ast.License, str]]) -> str | None:
    close = nearest(name, trees)
    return ("did you mean " + " or ".join(close) + "?") if close else None


@functools.cache
def bundled_library() -> Library:
    return load_library()
