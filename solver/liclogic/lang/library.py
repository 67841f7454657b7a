"""The license library: spec files → checked, resolved license models, looked up by id or alias."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from liclogic.errors import LiclogicError, SpecError, SpecErrors, UnknownLicenseError, nearest
from liclogic.lang import ast, clause_kinds
from liclogic.lang.check import check_license
from liclogic.lang.paths import display_path, spec_paths
from liclogic.lang.paths import (
    spec_files as spec_files,  # re-exported: users load spec files from here
)
from liclogic.lang.relicense_chain import chained_clauses
from liclogic.lang.vocabulary import Vocabulary, build_vocabulary
from liclogic.limits import MAX_BASED_ON, Deadline

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

    def __getattr__(self, name: str) -> Any:
        # Only reached for an attribute not set: a license read back from the on-disk cache
        # keeps its tree and clauses as stored data until first used (see ``stored``).
        state = self.__dict__
        if name in ("tree", "clauses") and "_stored" in state:
            from liclogic import codec

            try:
                stored: StoredLicense = codec.loads(state["_stored"], StoredLicense)
            except codec.CodecError as exc:
                from liclogic.cache import cache_dir

                raise LiclogicError(f"the cached library is damaged ({exc})",
                                    hint=f"remove {cache_dir()} or set LICLOGIC_NO_CACHE=1"
                                    ) from None
            own = [(self.id, c) for c in stored.tree.clauses]
            state["tree"] = stored.tree
            state["clauses"] = tuple(SpecClause(c, o, i)
                                     for i, (o, c) in enumerate([*stored.inherited, *own,
                                                                 *stored.added]))
            del state["_stored"]
            return state[name]
        raise AttributeError(name)

    @property
    def name(self) -> str:
        return self.tree.name or self.id

    @functools.cached_property
    def kind(self) -> str:  # asked of both licenses by every compat query: kept
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
        """The clauses of one kind (``lic.of(ast.Require)``), in order (kept per kind: the
        fast paths ask for the same kinds of every license at each query)."""
        cache = self.__dict__.setdefault("_of", {})
        if kind not in cache:
            cache[kind] = tuple(c for c in self.clauses if isinstance(c.clause, kind))
        return cast("tuple[SpecClause[C], ...]", cache[kind])

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
            for cond in clause_kinds.all_conditions(c.clause):
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
                  freedoms: frozenset[str] = frozenset(),
                  kin: frozenset[str] = frozenset()) -> bool:
        """Does this license, forbidding further restrictions, tolerate another license's term
        on a part of the work? Its own terms and accepted ones — except that a term in
        ``specific`` (the vocabulary's tag: a part keeping its own license, another choice of
        law) is tolerated only when accepted explicitly — and any term in ``freedoms`` (the
        tag of duties that give recipients more, such as relinking: no restriction at all).
        ``kin`` (tag ``attribution``: keeping notices, a NOTICE file's among them) are duties
        of one kind: where one of them is tolerated, each is."""
        if term in kin and term not in specific:
            return any(self._tolerates(k, specific, freedoms) for k in kin)
        return self._tolerates(term, specific, freedoms)

    def _tolerates(self, term: str, specific: frozenset[str], freedoms: frozenset[str]
                   ) -> bool:
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


def prose_name(lic: LicenseModel) -> str:
    """How explanations name a license: 'Llama 3.1' for LicenseRef-Llama-3.1-Community (its
    first alias written with a space, else its name), SPDX ids as they are. A draft that is
    not in a library is named by the same rule."""
    if not lic.id.startswith("LicenseRef-"):
        return lic.id
    spaced = [a for a in lic.aliases if " " in a and len(a) <= 32]
    return spaced[0] if spaced else (lic.tree.name or lic.id)


@dataclass
class Library:
    vocab: Vocabulary
    licenses: dict[str, LicenseModel] = field(default_factory=dict)
    _lookup: dict[str, str] = field(default_factory=dict)
    key: str = ""  # content hash of the spec files it was loaded from (for caches)
    # What later stages build from the library and keep with it (the engine's encoding, the
    # resolver's tables), by name; it belongs to a process: never pickled, never compared.
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False,
                                   metadata={"transient": True})
    # Some of the bundled licenses only (``library_reached``): loads the one a name names
    # (True when it did), or — given None — every other; never stored, never compared.
    loader: Callable[[str | None], bool] | None = field(default=None, repr=False, compare=False,
                                                        metadata={"transient": True})
    order: tuple[str, ...] = field(default=(), repr=False, compare=False,
                                   metadata={"transient": True})  # with a loader: every id

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items()
                if k not in ("derived", "loader", "order")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, derived={}, loader=None, order=())

    def code_order(self) -> list[str]:
        """The license ids in the order the encoding numbers them: the whole library's, for
        a library that holds some of it (so a witness's free outbound reads alike)."""
        return list(self.order) if self.order else list(self.licenses)

    def complete(self) -> None:
        """Load every license, when this is some of them (before listing or suggesting)."""
        if self.loader is not None:
            self.loader(None)

    def ids(self) -> list[str]:
        return list(self.licenses)

    def __contains__(self, name: str) -> bool:
        return self.find(name) is not None

    def find(self, name: str) -> LicenseModel | None:
        key = name.strip().lower()
        lid = self._lookup.get(key)
        if lid is None and self.loader is not None and self.loader(key):
            lid = self._lookup.get(key)
        return self.licenses[lid] if lid else None

    def get(self, name: str) -> LicenseModel:
        lic = self.find(name)
        if lic is None:
            self.complete()  # the nearest names among all the licenses, not those loaded
            candidates = list(self.licenses) + [a for m in self.licenses.values()
                                                for a in m.aliases]
            found = [self.find(c) for c in nearest(name, candidates, n=5)]
            suggestions = [m.id for m in found if m is not None]
            raise UnknownLicenseError(name, list(dict.fromkeys(suggestions))[:3])
        return lic

    def prose(self, name: str) -> str:
        """How explanations name a license: 'Llama 3.1' for LicenseRef-Llama-3.1-Community
        (its first alias written with a space), SPDX ids as they are."""
        lic = self.find(name)
        return prose_name(lic) if lic is not None else name

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


def load_library(roots: Iterable[Path] | None = None, extra: Iterable[Path] = (),
                 deadline: Deadline | None = None) -> Library:
    """Load, check and resolve every spec under ``roots`` (default: the bundled library) plus the
    ``extra`` spec files a user gives. Raises SpecErrors listing every problem found."""
    def paths(given: Iterable[Path] | None, name: str) -> list[Path] | None:
        if given is None:
            return None
        items = list(given) if not isinstance(given, str | Path) else None
        if items is None or not all(isinstance(p, str | Path) for p in items):
            raise LiclogicError(f"load_library: {name} is a list of paths, not {given!r}",
                                hint=f"{name}=[Path('my.lic')]")
        return [Path(p) for p in items]

    base, user = spec_paths(paths(roots, "roots"), paths(extra, "extra") or [])
    return load_paths(base, user, deadline)


def load_paths(base: list[Path], user: list[Path], deadline: Deadline | None = None) -> Library:
    from liclogic.lang.parse import parse_file  # Lark is imported only when specs are really parsed

    files = [parse_file(p, display_path(p), deadline) for p in base + user]
    return build_library(files, overriding={display_path(p) for p in user})


@dataclass(frozen=True)
class StoredLicense:
    """A license as the cache keeps it: its tree, the clauses it inherits (based_on, or an
    exception's) before its own, which are its tree's, and the clauses the library adds after
    them (the relicensing its chains reach, ``relicense_chain``)."""

    tree: ast.License
    inherited: tuple[tuple[str, ast.Clause], ...]
    added: tuple[tuple[str, ast.Clause], ...] = ()


def build_library(files: list[ast.SpecFile], overriding: Set[str] = frozenset(),
                  partial: bool = False) -> Library:
    """Check and resolve parsed spec files. A license in a file named in ``overriding`` (a
    user's own spec) replaces a library license with the same id instead of clashing.
    ``partial``: some of the bundled files only (``library_reached``), so an ``expect``
    naming a license not among them is not an error (the whole library is checked)."""
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
    depths: dict[str, int] = {}
    names = _names(trees)
    for lid in trees:
        _resolve_chain(lid, trees, names, lib, errors, depths)
    for tree, _ in trees.values() if not partial else ():
        for e in tree.expectations:
            if e.other is not None and e.other.lower() not in names:
                errors.append(SpecError(f"expect names unknown license {e.other!r}", e.span,
                                        hint=_suggest(e.other, trees)))
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


def _resolve_chain(start: str, trees: dict[str, tuple[ast.License, str]],
                   names: dict[str, str], lib: Library, errors: list[SpecError],
                   depths: dict[str, int]) -> None:
    """Resolve ``start`` and the licenses it is based on, parents first — without recursion:
    a chain is bounded by ``MAX_BASED_ON`` licenses, not by Python's stack. A cycle is
    reported once, as the licenses that form it (A → B → A)."""
    chain: list[str] = []  # licenses waiting for their parent, child first
    lid = start
    while lid not in lib.licenses:
        tree = trees[lid][0]
        parent = tree.based_on
        pid = names.get(parent.lower()) if parent is not None else None
        where = (tree.meta("based_on") or tree).span
        if parent is not None and pid is None:
            errors.append(SpecError(f"based_on names unknown license {parent!r}", where,
                                    hint=_suggest(parent, trees)))
        elif pid is not None and (pid == lid or pid in chain):
            cycle = [*chain[chain.index(pid):], lid, pid] if pid in chain else [lid, pid]
            errors.append(SpecError(f"based_on cycle: {' → '.join(cycle)}", where))
            pid = None  # resolved without its parent; the error stands
        if pid is not None and pid not in lib.licenses:
            chain.append(lid)  # its parent first
            lid = pid
            continue
        if pid is not None and depths[pid] >= MAX_BASED_ON:
            errors.append(SpecError(f"based_on chain longer than {MAX_BASED_ON} licenses",
                                    where, hint="base the license on one nearer the root"))
            pid = None
        _add_model(lid, pid, trees, names, lib)
        depths[lid] = depths[pid] + 1 if pid is not None else 1
        if not chain:
            return
        lid = chain.pop()  # the child waiting for it: its parent is resolved now


def _add_model(lid: str, pid: str | None, trees: dict[str, tuple[ast.License, str]],
               names: dict[str, str], lib: Library) -> None:
    """The license ``lid`` with the clauses of its (resolved) parent ``pid`` first."""
    tree, path = trees[lid]
    base = lib.licenses.get(pid) if pid is not None else None
    clauses: list[ast.Clause] = [c.clause for c in base.clauses] if base else []
    origins: list[str] = [c.origin for c in base.clauses] if base else []
    clauses += list(tree.clauses)
    origins += [lid] * len(tree.clauses)
    parent = tree.based_on
    lib.add(LicenseModel(
        lid, tree,
        tuple(SpecClause(c, o, i) for i, (c, o) in enumerate(zip(clauses, origins, strict=True))),
        path, parent=names.get(parent.lower()) if parent else None,
    ))


def _names(trees: dict[str, tuple[ast.License, str]]) -> dict[str, str]:
    """Every id and alias, lower-cased → the license it names (the first in file order)."""
    names: dict[str, str] = {}
    for lid, (tree, _) in trees.items():
        for n in (lid, *tree.aliases):
            names.setdefault(n.lower(), lid)
    return names


def _suggest(name: str, trees: dict[str, tuple[ast.License, str]]) -> str | None:
    close = nearest(name, trees)
    return ("did you mean " + " or ".join(close) + "?") if close else None


@functools.cache
def bundled_library() -> Library:
    return load_library()
