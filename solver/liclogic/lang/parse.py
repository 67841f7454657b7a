"""Source text → syntax tree. Lark (LALR, contextual lexer) does the parsing; this module turns
its parse tree into ``liclogic.lang.ast`` nodes with spans (clause nodes as the clause table,
``liclogic.lang.clause_kinds``, declares them), keeps comments (``comments``) and turns
Lark's errors into ``SpecError`` with a location and a hint (``parse_errors``)."""

from __future__ import annotations

import functools
import re
import threading
from pathlib import Path
from typing import Any

from lark import Token, Transformer, v_args
from lark.exceptions import UnexpectedInput, VisitError

from liclogic.errors import SpecError
from liclogic.lang import ast
from liclogic.lang.clause_kinds import BY_KEYWORD, ClauseKind
from liclogic.lang.comments import attach_comments, comment_tokens
from liclogic.lang.parse_errors import KeywordRunOn, run_on_error, syntax_error
from liclogic.lang.paths import grammar_path
from liclogic.limits import MAX_EXPR_DEPTH, MAX_INT, MAX_INT_DIGITS, Deadline

_IDENT_CHAR = re.compile(r"[A-Za-z0-9_]")
_WORD = re.compile(r"[A-Za-z0-9_]{0,200}")


class SpecParser:
    """The grammar's LALR parser, built once, and the text it is lexing: the keyword boundary
    check needs the character after a keyword, which Lark's lexer callbacks are not given.
    One text at a time (a lock), so a server may share the parser between threads."""

    def __init__(self) -> None:
        from liclogic.lang import grammar_tables

        # the LALR tables as JSON (never Lark's pickled cache in the temp directory)
        tables = grammar_tables.load(grammar_path().read_text(encoding="utf-8"))
        names = [*tables["keywords"], "META_KEY", "KIND_KEY", "ANY", "BASE"]
        self._lark = grammar_tables.lark_from(
            tables, propagate_positions=True,
            lexer_callbacks=dict.fromkeys(names, self._keyword_boundary))
        self._text = ""
        self._lock = threading.Lock()
        self._deadline: Deadline | None = None
        self._keywords = 0

    def _keyword_boundary(self, tok: Token) -> Token:
        self._keywords += 1
        if self._deadline is not None and not self._keywords & 4095:
            self._deadline.check("reading the spec files")  # a huge spec: time is bounded
        # The contextual lexer only tries the terminals a state accepts, so 'permits' would lex
        # as the keyword 'permit' and a name 's'. A keyword must end where the word ends.
        end = tok.end_pos or 0
        if end < len(self._text) and _IDENT_CHAR.match(self._text, end):
            m = _WORD.match(self._text, tok.start_pos or 0)  # no copy of the rest of the text
            raise KeywordRunOn(tok, m.group(0) if m else str(tok))
        return tok

    def parse(self, text: str, deadline: Deadline | None = None) -> Any:
        """Lark's parse tree of ``text``; raises Lark's errors, ``KeywordRunOn``, or
        ``DeadlineExceeded`` when ``deadline`` passes during the parse."""
        with self._lock:
            self._text, self._deadline = text, deadline
            try:
                return self._lark.parse(text)
            finally:
                self._text, self._deadline = "", None


@functools.cache
def spec_parser() -> SpecParser:
    return SpecParser()


def _span(path: str, meta: Any) -> ast.Span | None:
    if getattr(meta, "empty", False) or not hasattr(meta, "line"):
        return None
    return ast.Span(path, meta.line, meta.column, meta.end_line, meta.end_column)


def _unquote(tok: Token) -> str:
    body = str(tok)[1:-1]
    return re.sub(r"\\(.)", r"\1", body)


def _int(tok: Token, span: ast.Span | None) -> int:
    digits = str(tok).replace("_", "")
    if len(digits.lstrip("0")) > MAX_INT_DIGITS or int(digits) > MAX_INT:
        raise SpecError(f"integer {_short(str(tok))} is too large", span,
                        hint=f"integers in specs are at most {MAX_INT:_}")
    return int(digits)


def _short(text: str) -> str:
    return text if len(text) <= 30 else f"{text[:12]}…{text[-6:]} ({len(text)} digits)"


class _Tag:
    """A tagged optional part of a clause (on / when / unless / cite / acts)."""

    __slots__ = ("kind", "value")

    def __init__(self, kind: str, value: Any) -> None:
        self.kind = kind
        self.value = value


def _parts(children: list[Any]) -> tuple[list[Any], dict[str, Any]]:
    plain, tagged = [], {}
    for c in children:
        if isinstance(c, _Tag):
            tagged[c.kind] = c.value
        else:
            plain.append(c)
    return plain, tagged


def _clause(kind: ClauseKind, children: list[Any], span: ast.Span | None) -> ast.Clause:
    """A clause node from its parse: the head (what the table says it lists), then the optional
    parts its kind takes, then the citation."""
    plain, tagged = _parts(children)
    head: Any
    if kind.head == "acts":
        head = tagged["acts"]
    elif kind.head == "duties":
        head = tuple(plain)
    elif kind.head == "targets":
        head = tuple(ast.BASE if c.type == "BASE" else _unquote(c) for c in plain)
    elif kind.head == "term_set":
        head = plain[0] if plain else ()
    else:  # relations, terms: one name list
        head = plain[0]
    fields: dict[str, Any] = {kind.field: head, "cite": tagged.get("cite"), "span": span}
    for part in kind.parts:
        fields["relations" if part == "on" else part] = tagged.get(part)
    if kind.flag is not None:
        fields[kind.flag.field] = kind.flag.field in tagged
    return kind.node(**fields)


@v_args(meta=True)
class _ToAst(Transformer[Token, Any]):
    def __init__(self, path: str) -> None:
        # no method is named after a terminal: tokens kept as they are, not looked up each
        super().__init__(visit_tokens=False)
        self.path = path
        # each rule's method bound once, not a new v_args wrapper at every node (Lark's)
        for name, member in vars(_ToAst).items():
            if getattr(member, "visit_wrapper", None) is not None:
                setattr(self, name, getattr(self, name))

    def _s(self, meta: Any) -> ast.Span | None:
        return _span(self.path, meta)

    # ---------------------------------------------------------- shared pieces
    def name_list(self, meta: Any, children: list[Any]) -> Any:
        return tuple(str(c) for c in children)

    def field_path(self, meta: Any, children: list[Any]) -> Any:
        return ast.FieldRef(".".join(str(c) for c in children), span=self._s(meta))

    def int_lit(self, meta: Any, children: list[Any]) -> Any:
        span = self._s(meta)
        return ast.IntLit(_int(children[0], span), span=span)

    def true_lit(self, meta: Any, children: list[Any]) -> Any:
        return ast.BoolLit(True, span=self._s(meta))

    def false_lit(self, meta: Any, children: list[Any]) -> Any:
        return ast.BoolLit(False, span=self._s(meta))

    def name_lit(self, meta: Any, children: list[Any]) -> Any:
        return ast.NameLit(str(children[0]), span=self._s(meta))

    def string_lit(self, meta: Any, children: list[Any]) -> Any:
        return ast.StrLit(_unquote(children[0]), span=self._s(meta))

    # ---------------------------------------------------------- conditions
    def or_expr(self, meta: Any, children: list[Any]) -> Any:
        return ast.Or(tuple(children), span=self._s(meta))

    def and_expr(self, meta: Any, children: list[Any]) -> Any:
        return ast.And(tuple(children), span=self._s(meta))

    def negation(self, meta: Any, children: list[Any]) -> Any:
        return ast.Not(children[0], span=self._s(meta))

    def compare(self, meta: Any, children: list[Any]) -> Any:
        f, op, lit = children
        return ast.Compare(f, str(op), lit, span=self._s(meta))

    def member(self, meta: Any, children: list[Any]) -> Any:
        return ast.Member(children[0], tuple(children[1:]), False, span=self._s(meta))

    def non_member(self, meta: Any, children: list[Any]) -> Any:
        return ast.Member(children[0], tuple(children[1:]), True, span=self._s(meta))

    def reading_ref(self, meta: Any, children: list[Any]) -> Any:
        return ast.ReadingRef(str(children[0]), span=self._s(meta))

    def derivative_ref(self, meta: Any, children: list[Any]) -> Any:
        return ast.DerivativeRef(span=self._s(meta))

    def true_const(self, meta: Any, children: list[Any]) -> Any:
        return ast.Const(True, span=self._s(meta))

    def false_const(self, meta: Any, children: list[Any]) -> Any:
        return ast.Const(False, span=self._s(meta))

    def bool_field(self, meta: Any, children: list[Any]) -> Any:
        return ast.BoolField(children[0], span=self._s(meta))

    # ---------------------------------------------------------- clause parts
    def acts(self, meta: Any, children: list[Any]) -> Any:
        c = children[0]
        return _Tag("acts", None if isinstance(c, Token) and c.type == "ANY" else c)

    def on(self, meta: Any, children: list[Any]) -> Any:
        return _Tag("on", children[0])

    def when(self, meta: Any, children: list[Any]) -> Any:
        return _Tag("when", children[0])

    def unless(self, meta: Any, children: list[Any]) -> Any:
        return _Tag("unless", children[0])

    def cite(self, meta: Any, children: list[Any]) -> Any:
        plain, tagged = _parts(children)
        quote = _unquote(plain[1]) if len(plain) > 1 else None
        return _Tag("cite", ast.Cite(_unquote(plain[0]), quote, span=self._s(meta),
                                     paraphrase="paraphrase" in tagged))

    def paraphrase(self, meta: Any, children: list[Any]) -> Any:
        return _Tag("paraphrase", True)

    def keeping(self, meta: Any, children: list[Any]) -> Any:
        return _Tag("keeps_terms", True)

    def duty(self, meta: Any, children: list[Any]) -> Any:
        text = _unquote(children[1]) if len(children) > 1 else None
        return ast.Duty(str(children[0]), text, span=self._s(meta))

    def choice(self, meta: Any, children: list[Any]) -> Any:
        return ast.Duty.choice(tuple(children), span=self._s(meta))

    def option(self, meta: Any, children: list[Any]) -> Any:
        plain, tagged = _parts(children)
        text = _unquote(plain[1]) if len(plain) > 1 else None
        span = self._s(meta)
        return ast.Option(ast.Duty(str(plain[0]), text, span=span), tagged.get("when"),
                          tagged.get("cite"), span=span)

    # ---------------------------------------------------------- clauses
    def __default__(self, data: Any, children: list[Any], meta: Any) -> Any:
        kind = BY_KEYWORD.get(str(data))
        if kind is None:
            return super().__default__(data, children, meta)  # type: ignore[no-untyped-call]
        return _clause(kind, children, self._s(meta))

    # ---------------------------------------------------------- expectations
    def verdict(self, meta: Any, children: list[Any]) -> Any:
        return _Tag("verdict", str(children[0]))

    def criterion(self, meta: Any, children: list[Any]) -> Any:
        span = self._s(meta)
        return _Tag("criterion", _int(children[0], span))

    def fixed_reading(self, meta: Any, children: list[Any]) -> Any:
        switch, name = children
        return _Tag("reading", (str(name), switch.type == "WITH"))

    def source(self, meta: Any, children: list[Any]) -> Any:
        return _Tag("source", _unquote(children[0]))

    def expect_compat(self, meta: Any, children: list[Any]) -> Any:
        plain, t = _parts(children)
        reverse = len(plain) > 1  # `from` before the id
        return {"question": "compat_from" if reverse else "compat",
                "other": _unquote(plain[-1]), "verdict": t["verdict"]}

    def expect_osd(self, meta: Any, children: list[Any]) -> Any:
        _, t = _parts(children)
        return {"question": "osd", "verdict": t["verdict"], "criterion": t.get("criterion")}

    def expect_permits(self, meta: Any, children: list[Any]) -> Any:
        _, t = _parts(children)
        return {"question": "permits", "verdict": t["verdict"], "acts": t["acts"],
                "relations": t.get("on"), "when": t.get("when")}

    def expect(self, meta: Any, children: list[Any]) -> Any:
        question = children[0]
        readings = tuple(c.value for c in children[1:] if c.kind == "reading")
        source = next((c.value for c in children[1:] if c.kind == "source"), None)
        return ast.Expect(**question, readings=readings, source=source, span=self._s(meta))

    def meta(self, meta: Any, children: list[Any]) -> Any:
        key = str(children[0])
        if key == "kind":
            values: tuple[str, ...] = (str(children[1]),)
        else:
            values = tuple(_unquote(c) for c in children[1:])
        return ast.Meta(key, values, span=self._s(meta))

    def license(self, meta: Any, children: list[Any]) -> Any:
        return ast.License(_unquote(children[0]), tuple(children[1:]), span=self._s(meta))

    # ---------------------------------------------------------- vocabulary
    def doc(self, meta: Any, children: list[Any]) -> Any:
        return _Tag("doc", _unquote(children[0]))

    def default(self, meta: Any, children: list[Any]) -> Any:
        return _Tag("default", children[0])

    def group(self, meta: Any, children: list[Any]) -> Any:
        return _Tag("group", str(children[0]))

    def duty_params(self, meta: Any, children: list[Any]) -> Any:
        return _Tag("takes_text", True)

    def label(self, meta: Any, children: list[Any]) -> Any:
        return _Tag("label", _unquote(children[0]))

    def enum_value(self, meta: Any, children: list[Any]) -> Any:
        (name,), t = _parts(children)
        gloss = ast.Gloss(t.get("label"), t.get("doc")) if t else None
        return str(name), gloss

    def enum_values(self, meta: Any, children: list[Any]) -> Any:
        values = tuple(n for n, _ in children)
        glosses = tuple(g for _, g in children)
        return values, (glosses if any(g is not None for g in glosses) else ())

    def enum_decl(self, meta: Any, children: list[Any]) -> Any:
        (name, (values, glosses)), t = _parts(children)
        return ast.EnumDecl(str(name), values, t.get("doc"), span=self._s(meta),
                            glosses=glosses)

    def extend_decl(self, meta: Any, children: list[Any]) -> Any:
        name, (values, glosses) = children
        return ast.ExtendDecl(str(name), values, span=self._s(meta), glosses=glosses)

    def field_decl(self, meta: Any, children: list[Any]) -> Any:
        (path, typ), t = _parts(children)
        return ast.FieldDecl(path.path, str(typ), t.get("default"), t.get("group"), t.get("doc"),
                             t.get("label"), span=self._s(meta))

    def duty_decl(self, meta: Any, children: list[Any]) -> Any:
        (name,), t = _parts(children)
        return ast.DutyDecl(str(name), t.get("takes_text", False), t.get("doc"),
                            t.get("label"), span=self._s(meta))

    def term_decl(self, meta: Any, children: list[Any]) -> Any:
        (name,), t = _parts(children)
        return ast.TermDecl(str(name), t.get("doc"), t.get("label"), span=self._s(meta))

    def reading_decl(self, meta: Any, children: list[Any]) -> Any:
        (name,), t = _parts(children)
        return ast.ReadingDecl(str(name), t.get("doc"), t.get("label"), span=self._s(meta))

    def tag_decl(self, meta: Any, children: list[Any]) -> Any:
        (name, members), t = _parts(children)
        return ast.TagDecl(str(name), members, t.get("doc"), span=self._s(meta))

    def vocabulary(self, meta: Any, children: list[Any]) -> Any:
        return ast.Vocabulary(_unquote(children[0]), tuple(children[1:]), span=self._s(meta))

    def start(self, meta: Any, children: list[Any]) -> Any:
        return list(children)


# ------------------------------------------------------------------ entry points


def parse_text(text: str, path: str = "<string>", deadline: Deadline | None = None
               ) -> ast.SpecFile:
    """Parse DSL source. Raises ``SpecError`` (with file:line:col and a hint) on bad syntax,
    ``DeadlineExceeded`` when ``deadline`` passes first."""
    try:
        tree = spec_parser().parse(text, deadline)
    except UnexpectedInput as exc:
        raise syntax_error(exc, text, path) from None
    except KeywordRunOn as exc:
        raise run_on_error(exc, text, path) from None
    too_deep(tree, text, path)  # the transformer (and every walker after it) recurses
    try:
        items = _transformer(path).transform(tree)
    except VisitError as exc:  # Lark wraps what a transformer method raises
        if isinstance(exc.orig_exc, SpecError):
            raise exc.orig_exc.with_sources({path: text}) from None
        raise
    # Lark drops ignored COMMENT tokens; a small scan finds them so the formatter keeps them.
    items, trailing = attach_comments(items, comment_tokens(text))
    return ast.SpecFile(path, tuple(items), trailing_comments=tuple(trailing), source=text)


_TRANSFORMERS = threading.local()


def _transformer(path: str) -> _ToAst:
    """This thread's transformer (its methods bound once, not per file), set to ``path``."""
    t: _ToAst | None = getattr(_TRANSFORMERS, "t", None)
    if t is None:
        t = _TRANSFORMERS.t = _ToAst(path)
    t.path = path
    return t


# parse-tree levels around a condition (start, license, clause, when) beyond its own nesting
_TREE_LEVELS = 6


def too_deep(tree: Any, text: str, path: str) -> None:
    """A ``SpecError`` at the first node nested more than ``MAX_EXPR_DEPTH`` levels deep (a
    condition of a thousand ``not``s or parentheses): measured without recursion, before
    anything recursive walks the tree."""
    stack: list[tuple[Any, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_EXPR_DEPTH + _TREE_LEVELS:
            meta = node.meta
            span = ast.Span(path, meta.line, meta.column, meta.line, meta.column + 1) \
                if not getattr(meta, "empty", True) else None
            raise SpecError(f"a condition nested more than {MAX_EXPR_DEPTH} levels deep",
                            span, hint="write it flatter: a or b or c instead of "
                                       "(a or (b or c)), not x once").with_sources({path: text})
        stack.extend((c, depth + 1) for c in node.children if hasattr(c, "children"))


def parse_file(path: str | Path, display: str | None = None, deadline: Deadline | None = None
               ) -> ast.SpecFile:
    from liclogic.errors import LiclogicError
    from liclogic.limits import read_spec_text

    try:
        text = read_spec_text(path)  # a regular file, bounded in size, UTF-8
    except LiclogicError as exc:
        message = exc.message.replace("no such file:", "no such spec file:")
        raise SpecError(message, None, hint=exc.hint) from None
    return parse_text(text, display or str(path), deadline)


def parse_expr(text: str, path: str = "<expr>") -> ast.Expr:
    """Parse a lone condition (tests and tools build conditions this way)."""
    f = parse_text(f'license "X" {{ permit any when {text} }}', path)
    lic = f.items[0]
    assert isinstance(lic, ast.License)
    clause = lic.clauses[0]
    assert isinstance(clause, ast.Permit) and clause.when is not None
    return clause.when
