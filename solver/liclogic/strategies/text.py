"""Hypothesis strategies over the DSL's syntax, for the formatter and the parser.

- ``spec_files``: syntax trees of whole spec files as the parser builds them — vocabulary
  blocks and licenses with any names, strings with quotes and backslashes, comments, long
  conditions that the formatter must wrap. Not type-checked: they test ``parse`` and
  ``format``, not the semantics.
- ``mutated_texts`` / ``random_texts``: spec text with tokens and characters deleted, inserted
  and replaced, for robustness (only the project's own errors, with a location).
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

from liclogic.lang import ast, clause_kinds
from liclogic.lang.parse_errors import META_KEYWORDS, VOCAB_KEYWORDS
from liclogic.strategies._util import drawing

KEYWORDS = frozenset((
    *clause_kinds.KEYWORDS, *META_KEYWORDS, *VOCAB_KEYWORDS,
    "and", "any", "base", "cite", "false", "group", "in", "license", "not", "on", "or",
    "text", "true", "unless", "vocabulary", "when",
))
OPS = ("==", "!=", "<", "<=", ">", ">=")


def names() -> st.SearchStrategy[str]:
    return st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,7}", fullmatch=True).filter(
        lambda n: n not in KEYWORDS)


def reading_names() -> st.SearchStrategy[str]:
    return st.from_regex(r"[a-z][a-z0-9]{0,5}(-[a-z0-9]{1,4}){0,2}", fullmatch=True).filter(
        lambda n: n not in KEYWORDS)


def strings() -> st.SearchStrategy[str]:
    """Any text on one line: quotes, backslashes, '#', '//', unicode."""
    return st.one_of(
        st.sampled_from(["§1", "a \"quoted\" phrase", "back\\slash", "# not a comment", ""]),
        st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\n"),
                max_size=20),
    )


def comments() -> st.SearchStrategy[tuple[str, ...]]:
    line = st.builds(lambda mark, body: (mark + body).rstrip(), st.sampled_from(("#", "//")),
                     st.text(st.characters(exclude_categories=["Cs"],
                                           exclude_characters="\n"), max_size=15))
    return st.lists(line, max_size=2).map(tuple)


def _name_list(max_size: int = 4) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(names(), min_size=1, max_size=max_size).map(tuple)


def _path() -> st.SearchStrategy[str]:
    return st.lists(names(), min_size=1, max_size=3).map(".".join)


def literals() -> st.SearchStrategy[ast.Literal]:
    return st.one_of(st.integers(0, 10 ** 12).map(ast.IntLit), st.booleans().map(ast.BoolLit),
                     names().map(ast.NameLit), strings().map(ast.StrLit))


def exprs(max_leaves: int = 8) -> st.SearchStrategy[ast.Expr]:
    field = _path().map(ast.FieldRef)
    atom = st.one_of(
        st.builds(ast.Compare, field, st.sampled_from(OPS), literals()),
        st.builds(ast.Member, field, st.lists(literals(), min_size=1, max_size=12).map(tuple),
                  st.booleans()),
        st.builds(ast.BoolField, field),
        st.booleans().map(ast.Const),
        reading_names().map(ast.ReadingRef),
        st.just(ast.DerivativeRef()),
    )

    def extend(inner):
        many = st.lists(inner, min_size=2, max_size=4).map(tuple)
        return st.one_of(inner.map(ast.Not), many.map(ast.And), many.map(ast.Or))

    return st.recursive(atom, extend, max_leaves=max_leaves)


def _opt(s):
    return st.one_of(st.none(), s)


def _cites() -> st.SearchStrategy[ast.Cite]:
    return st.builds(ast.Cite, strings(), _opt(strings()))


def _duties() -> st.SearchStrategy[tuple[ast.Duty, ...]]:
    return st.lists(st.builds(ast.Duty, names(), _opt(strings())), min_size=1,
                    max_size=3).map(tuple)


def _targets() -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.one_of(st.just(ast.BASE), strings()), min_size=1, max_size=3).map(tuple)


def syntax_clauses() -> st.SearchStrategy[ast.Clause]:
    acts = st.one_of(st.none(), _name_list())
    on, when, cite = _opt(_name_list()), _opt(exprs()), _opt(_cites())
    c = comments()
    return st.one_of(
        st.builds(ast.Permit, acts, on, when, cite, comments=c),
        st.builds(ast.Forbid, acts, on, when, _opt(exprs()), cite, comments=c),
        st.builds(ast.Reserve, acts, on, when, cite, comments=c),
        st.builds(ast.Require, _duties(), on, when, cite, comments=c),
        st.builds(ast.Derivative, _name_list(), when, cite, comments=c),
        st.builds(ast.Carries, _name_list(), on, when, cite, comments=c),
        st.builds(ast.Accepts, st.lists(names(), max_size=3).map(tuple), cite, comments=c),
        st.builds(ast.Relicense, _targets(), on, when, cite, comments=c,
                  keeps_terms=st.booleans()),
        st.builds(ast.Waive, _name_list(), on, when, cite, comments=c),
        st.builds(ast.Disclaims, _name_list(), cite, comments=c),
    )


def metas() -> st.SearchStrategy[ast.Meta]:
    c = comments()
    return st.one_of(
        st.builds(lambda k, cs: ast.Meta("kind", (k,), comments=cs), names(), c),
        st.builds(lambda k, vs, cs: ast.Meta(k, vs, comments=cs),
                  st.sampled_from(("name", "version", "url", "aliases", "based_on")),
                  st.lists(strings(), min_size=1, max_size=3).map(tuple), c),
    )


def syntax_licenses() -> st.SearchStrategy[ast.License]:
    items = st.lists(st.one_of(metas(), syntax_clauses()), max_size=6).map(tuple)
    return st.builds(ast.License, strings(), items, comments=comments(),
                     closing_comments=comments())


def _glossed(values: tuple[str, ...], glosses: list[ast.Gloss | None]
             ) -> tuple[tuple[str, ...], tuple[ast.Gloss | None, ...]]:
    """Values with one gloss each when any has one (the parser's normal form), else none."""
    gl = tuple(glosses[i % len(glosses)] if glosses else None for i in range(len(values)))
    return values, (gl if any(g is not None for g in gl) else ())


def _enum_parts(size: int
                ) -> st.SearchStrategy[tuple[tuple[str, ...], tuple[ast.Gloss | None, ...]]]:
    gloss = _opt(st.builds(ast.Gloss, _opt(strings()), _opt(strings())).filter(
        lambda g: g.label is not None or g.doc is not None))
    return st.builds(_glossed, _name_list(size), st.lists(gloss, max_size=3))


def vocab_items() -> st.SearchStrategy[ast.VocabItem]:
    doc, label, c = _opt(strings()), _opt(strings()), comments()
    return st.one_of(
        _enum_parts(30).flatmap(lambda p: st.builds(ast.EnumDecl, names(), st.just(p[0]), doc,
                                                    comments=c, glosses=st.just(p[1]))),
        _enum_parts(6).flatmap(lambda p: st.builds(ast.ExtendDecl, names(), st.just(p[0]),
                                                   comments=c, glosses=st.just(p[1]))),
        st.builds(ast.FieldDecl, _path(), names(), _opt(literals()), _opt(names()), doc, label,
                  comments=c),
        st.builds(ast.DutyDecl, names(), st.booleans(), doc, label, comments=c),
        st.builds(ast.TermDecl, names(), doc, label, comments=c),
        st.builds(ast.ReadingDecl, reading_names(), doc, label, comments=c),
        st.builds(ast.TagDecl, names(), _name_list(), doc, comments=c),
    )


def syntax_vocabularies() -> st.SearchStrategy[ast.Vocabulary]:
    return st.builds(ast.Vocabulary, strings(), st.lists(vocab_items(), max_size=6).map(tuple),
                     comments=comments(), closing_comments=comments())


def spec_files() -> st.SearchStrategy[ast.SpecFile]:
    """Whole spec files: vocabulary blocks and licenses, with comments."""
    items = st.lists(st.one_of(syntax_licenses(), syntax_vocabularies()), max_size=3)
    return st.builds(lambda its, tail: ast.SpecFile("<generated>", tuple(its),
                                                    trailing_comments=tail),
                     items, comments())


# ------------------------------------------------------------------ robustness

TOKENS = (*sorted(KEYWORDS), "{", "}", "(", ")", ",", ".", ":", "=", "==", "!=", "<", ">=",
          '"', '"x"', "700_000_000", "1_", "0", "#", "//", "\\", "“", "—", "-", "\t", "\n",
          "reading(strict-osd)", "licensee.monthly_active_users", "purpose", "military",
          "LicenseRef-X", "\x00", "\ufeff", "é")


def mutated_texts(texts: Sequence[str], max_mutations: int = 4) -> st.SearchStrategy[str]:
    """One of ``texts`` with a few characters or tokens deleted, inserted or replaced, a line
    duplicated, or the text cut short."""
    return drawing(_mutated, tuple(texts), max_mutations)


def _mutated(draw: st.DrawFn, texts: tuple[str, ...], max_mutations: int) -> str:
    text = draw(st.sampled_from(list(texts)))
    for _ in range(draw(st.integers(1, max_mutations))):
        n = len(text)
        i = draw(st.integers(0, n))
        j = draw(st.integers(i, min(n, i + 12)))
        op = draw(st.sampled_from(("delete", "insert", "replace", "char", "dup_line", "cut")))
        piece = draw(st.one_of(st.sampled_from(TOKENS), st.text(max_size=3)))
        if op == "delete":
            text = text[:i] + text[j:]
        elif op == "insert":
            text = text[:i] + piece + text[i:]
        elif op == "replace":
            text = text[:i] + piece + text[j:]
        elif op == "char":
            text = text[:i] + draw(st.characters()) + text[i + 1:]
        elif op == "dup_line":
            lines = text.split("\n")
            k = draw(st.integers(0, len(lines) - 1))
            lines.insert(k, lines[k])
            text = "\n".join(lines)
        else:
            text = text[:i]
    return text


def random_texts() -> st.SearchStrategy[str]:
    """Random text and random token soup."""
    soup = st.lists(st.sampled_from(TOKENS), max_size=40).map(" ".join)
    return st.one_of(st.text(max_size=200), soup)
