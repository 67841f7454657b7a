"""The bundled library as one question needs it, when nothing is cached: the vocabulary and
the licenses the question names, with every license they reach (based_on parents, relicense
targets and theirs, the chains' next steps), parsed alone — a run with the cache off parses
a few spec files, not 139.

Which file holds a license is read off the files' text (``license "ID"`` at the start of a
line, its ``aliases`` line) without parsing them, and checked when the file is parsed: a file
that does not define what the index says and the answer is None — the caller parses every
file, as without this. A name the index does not know names no bundled license; an unknown
name's hint is drawn from every license (they are all loaded first). tests/test_library_reached.py
checks the index against the parsed library and each reached license against its twin there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from liclogic.lang import ast
from liclogic.lang.library import Library, build_library
from liclogic.lang.paths import display_path, spec_paths
from liclogic.limits import Deadline, read_spec_text

_LICENSE = re.compile(r'^license\s+"([^"\n]+)"', re.MULTILINE)
_ALIASES = re.compile(r'^\s*aliases\s+("[^"\n]*"(?:\s*,\s*"[^"\n]*")*)', re.MULTILINE)
_QUOTED = re.compile(r'"([^"\n]*)"')
_BASED_ON = re.compile(r'^\s*based_on\s+"([^"\n]+)"', re.MULTILINE)
_NAME_WORDS = re.compile(r"[()\s]+")
_OPERATORS = {"and", "or", "with"}


def spec_index(files: Iterable[Path]) -> tuple[dict[str, Path], list[Path], list[str]] | None:
    """Every license id and alias (lower-cased) → the file that defines it, the files that
    define none (the vocabulary), and the ids in the files' order; None when a file holds
    more than one license."""
    names: dict[str, Path] = {}
    vocabulary: list[Path] = []
    order: list[str] = []
    parent: dict[str, str] = {}
    for path in files:
        text = read_spec_text(path)
        ids = _LICENSE.findall(text)
        if len(ids) > 1:
            return None
        if not ids:
            vocabulary.append(path)
            continue
        order.append(ids[0])
        found = [ids[0], *(a for m in _ALIASES.findall(text) for a in _QUOTED.findall(m))]
        for name in found:
            names.setdefault(name.lower(), path)
        parent.update((ids[0], p) for p in _BASED_ON.findall(text)[:1])
    return names, vocabulary, _parents_first(order, parent, names)


def _parents_first(order: list[str], parent: dict[str, str], names: dict[str, Path]
                   ) -> list[str]:
    """The ids as ``build_library`` adds them: in the files' order, each license's parent
    (based_on) before it."""
    id_of = {path: lid for lid in order for path in [names[lid.lower()]]}
    out: list[str] = []
    for lid in order:
        chain: list[str] = []
        x: str | None = lid
        while x is not None and x not in out and x not in chain:
            chain.append(x)
            named = parent.get(x)
            x = id_of.get(names[named.lower()]) if named and named.lower() in names else None
        out += reversed(chain)
    return out


def expression_names(texts: Iterable[str]) -> list[str]:
    """The words of SPDX expressions (``MIT OR (Apache-2.0 AND X WITH Y)``) that may name
    licenses: only a hint of what to parse first, not the expression's reading (that is
    ``lang.expression``, through license-expression). A word that names none is skipped; a
    name it misses (``GPL-2.0+``) is loaded when the question asks for it."""
    return [w for t in texts for w in _NAME_WORDS.split(t)
            if w and w.lower() not in _OPERATORS]


def reached_library(names: Iterable[str], deadline: Deadline | None = None) -> Library | None:
    """The bundled library's vocabulary and the licenses ``names`` reach, or None when the
    index cannot say which those are (the caller then parses every file). A name asked of it
    later that the index knows loads its license then (``Library.loader``); listing or
    suggesting names loads the rest."""
    base, _ = spec_paths(None, ())
    index = spec_index(base)
    if index is None:
        return None
    by_name, vocabulary, order = index
    reached = _Reached(base, by_name, vocabulary, deadline)
    if not reached.load([n.strip().lower() for n in names]) or reached.lib is None:
        return None
    reached.lib.order = tuple(order)  # the encoding's license codes: those of the whole library
    return reached.lib


class _Reached:
    """The files parsed so far and the library they make, rebuilt as more are parsed."""

    def __init__(self, base: list[Path], by_name: dict[str, Path], vocabulary: list[Path],
                 deadline: Deadline | None) -> None:
        from liclogic.lang.parse import parse_file  # Lark only when specs are really parsed

        self.parse_file, self.base, self.by_name, self.deadline = parse_file, base, by_name, \
            deadline
        self.files = {p: parse_file(p, display_path(p), deadline) for p in vocabulary}
        self.lib: Library | None = None

    def load(self, wanted: list[str]) -> bool:
        """Parse the files of these names and of what they reach; False when a file is not
        what the index says. A name the index does not know names no bundled license (the
        index has every id and alias): the whole library would not find it either."""
        before = len(self.files)
        while wanted:
            name = wanted.pop()
            path = self.by_name.get(name)
            if path is None or path in self.files:
                continue
            parsed = self.files[path] = self.parse_file(path, display_path(path), self.deadline)
            licenses = [i for i in parsed.items if isinstance(i, ast.License)]
            if len(licenses) != 1 or self.by_name.get(licenses[0].id.lower()) != path:
                return False  # the file is not what its text seemed to say
            wanted += [r.lower() for r in _references(licenses[0])]
        if self.lib is None or len(self.files) != before:
            self._build()
        return True

    def more(self, name: str | None) -> bool:
        """``Library.loader``: load the license ``name`` names (True when it did), or — for
        None — every other file, the library then whole."""
        if name is not None:
            if name not in self.by_name:
                return False
            if not self.load([name]):
                self.more(None)  # a file is not what its text said: the whole library then
            return self.lib is not None and name in self.lib._lookup
        for p in self.base:
            if p not in self.files:
                self.files[p] = self.parse_file(p, display_path(p), self.deadline)
        self._build()
        return True

    def _build(self) -> None:
        # in the order the whole library has them (its files' order)
        whole = len(self.files) == len(self.base)
        built = build_library([self.files[p] for p in self.base if p in self.files],
                              partial=not whole)
        if self.lib is None:
            self.lib = built
        else:  # in place: the caller holds this library; a composite (L WITH E) stays
            composed = [m for k, m in self.lib.licenses.items()
                        if k not in built.licenses and m.parent is not None and " WITH " in k]
            self.lib.licenses.clear()
            self.lib._lookup.clear()
            for m in [*built.licenses.values(), *composed]:
                self.lib.add(m)
        self.lib.loader = None if whole else self.more


def _references(lic: ast.License) -> list[str]:
    """The licenses a license's own clauses lead to: its parent and its relicense targets
    (whose own targets the loop follows in turn: a chain's steps)."""
    out = [lic.based_on] if lic.based_on else []
    out += [t for c in lic.clauses if isinstance(c, ast.Relicense) for t in c.targets
            if t != ast.BASE]
    return out
