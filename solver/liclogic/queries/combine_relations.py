"""combine's relation per input (``--relation-of INPUT=REL``): how each input is combined.

``--relation`` says how every input is combined; a real product mixes them — a library
linked unchanged beside files copied in and modified (LGPL-2.1 §6 lets a program that uses
the Library go under terms of its choice; §2 keeps a modified Library under the LGPL). Each
input is named as written on the command line (an SPDX expression, never ``LIC:rel``: ``:``
belongs to ``DocumentRef-…:LicenseRef-…`` ids), and its relations replace the question's
for compat(input, outbound). A license that two inputs bring with different relations is
checked over both (the union: each way it is used must be allowed).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from liclogic.engine.context import COMPAT_RELATIONS, Context
from liclogic.errors import LiclogicError, did_you_mean
from liclogic.lang import words
from liclogic.lang.library import Library

RelationOf = Mapping[str, tuple[str, ...]]  # input as written → its relations


def parse_relation_of(items: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """``INPUT=REL`` items (repeatable: an input named twice takes both relations)."""
    out: dict[str, tuple[str, ...]] = {}
    for item in items:
        name, eq, rel = item.rpartition("=")
        if not eq or not name.strip() or not rel.strip():
            raise LiclogicError(f"--relation-of {item!r} is not INPUT=REL",
                                hint="e.g. --relation-of LGPL-2.1-only=dynamic_link")
        key = name.strip()
        out[key] = tuple(dict.fromkeys((*out.get(key, ()), rel.strip())))
    return out


def relations_per_input(lib: Library, names: Sequence[str], relation_of: RelationOf | None,
                        ctx: Context) -> list[tuple[str, ...] | None]:
    """Each input's own relations (None: the question's), checked: every key is an input
    as written and every relation is the vocabulary's."""
    given = dict(relation_of or {})
    for key in given:
        if key not in names:
            raise LiclogicError(f"--relation-of names {key!r}, which is not one of the inputs",
                                hint=did_you_mean(key, names)
                                or "inputs: " + ", ".join(names))
    for rels in given.values():
        Context(relations=rels).validate(lib.vocab)
    return [given.get(n) for n in names]


def relations_by_license(lib: Library, choice: Sequence[Sequence[str]],
                         per_input: Sequence[tuple[str, ...] | None],
                         ctx: Context) -> dict[str, tuple[str, ...]]:
    """For one choice of alternatives: the licenses whose relations differ from the
    question's, with the union of the relations of the inputs that bring them."""
    default = ctx.relations or COMPAT_RELATIONS
    out: dict[str, tuple[str, ...]] = {}
    for alternative, rels in zip(choice, per_input, strict=True):
        for name in alternative:
            lic = lib.get(name).id
            out[lic] = tuple(dict.fromkeys((*out.get(lic, ()), *(rels or default))))
    return {lic: rels for lic, rels in out.items() if set(rels) != set(default)}


def context_of(ctx: Context, relations: RelationOf | None, lic: str) -> Context:
    """The context compat(lic, outbound) is asked in."""
    if relations and lic in relations:
        return Context(ctx.acts, relations[lic], ctx.facts, ctx.readings, ctx.assumed)
    return ctx


def relation_words(lib: Library, relations: RelationOf) -> str:
    """'; LGPL-2.1-only as a program dynamically linked with it' for the asked-about line."""
    return "".join(
        f"; {lic} as " + words.join((words.relation(lib.vocab, r) for r in rels), "or")
        for lic, rels in relations.items())


__all__ = ["context_of", "parse_relation_of", "relation_words", "relations_by_license",
           "relations_per_input"]
