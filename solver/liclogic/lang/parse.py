"""Source text → syntax tree. Lark (LALR, contextual lexer) does the parsing; this module turns
its parse tree into ``liclogic.lang.ast`` nodes with spans, keeps comments, and turns Lark's errors
into ``SpecError`` with a location and a hint."""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path
from typing import Any

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from liclogic.errors import SpecError, did_you_mean, remember_source
from liclogic.lang import ast
from liclogic.lang.paths import grammar_path

CLAUSE_KEYWORDS = ("permit", "forbid", "require", "derivative", "carries", "accepts", "relicense",
                   "waive", "disclaims")
META_KEYWORDS = ("name", "kind", "version", "url", "aliases", "based_on")
VOCAB_KEYWORDS = ("enum", "extend", "field", "duty", "term", "reading", "tag")

_TERMINAL_NAMES = {
    "STRING": "a quoted string",
    "NAME": "a name",
    "INT": "an integer",
    "READING": "a reading name",
    "COMPARATOR": "a comparison (==, !=, <, <=, >, >=)",
    "LBRACE": "'{'",
    "RBRACE": "'}'",
    "LPAR": "'('",
    "RPAR": "')'",
    "COMMA": "','",
    "COLON": "':'",
    "DOT": "'.'",
    "EQUAL": "'='",
    "META_KEY": "a metadata key (name, version, url, aliases, based_on)",
    "KIND_KEY": "'kind'",
    "ANY": "'any'",
    "$END": "end of file",
}


_IDENT_CHAR = re.compile(r"[A-Za-z0-9_]")
_text: list[str] = [""]  # the source being lexed, for the keyword boundary check


class _KeywordRunOn(Exception):
    """A keyword immediately followed by name characters ('permits'): a misspelt keyword."""

    def __init__(self, token: Token, word: str) -> None:
        super().__init__(word)
        self.token = token
        self.word = word


def _keyword_boundary(tok: Token) -> Token:
    # The contextual lexer only tries the terminals a state accepts, so 'permits' would lex
    # as the keyword 'permit' and a name 's'. A keyword must end where the word ends.
    text = _text[0]
    end = tok.end_pos or 0
    if end < len(text) and _IDENT_CHAR.match(text[end]):
        m = re.match(r"[A-Za-z0-9_]*", text[tok.start_pos:])
        raise _KeywordRunOn(tok, m.group(0) if m else str(tok))
    return tok


@functools.cache
def _parser() -> Lark:
    grammar = grammar_path().read_text(encoding="utf-8")
    probe = Lark(grammar, parser="lalr", lexer="contextual", cache=True)
    keywords = {t.name: _keyword_boundary for t in probe.terminals
                if t.pattern.type == "str" and re.fullmatch(r"[a-z_]+", t.pattern.value)}
    keywords.update({"META_KEY": _keyword_boundary, "KIND_KEY": _keyword_boundary,
                     "ANY": _keyword_boundary, "BASE": _keyword_boundary})
    return Lark(
        grammar,
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        lexer_callbacks=keywords,
        cache=True,  # Lark caches the LALR tables in the temp dir, keyed by grammar hash
    )


def _span(path: str, meta: Any) -> ast.Span | None:
    if getattr(meta, "empty", False) or not hasattr(meta, "line"):
        return None
    return ast.Span(path, meta.line, meta.column, meta.end_line, meta.end_column)



def _unquote(tok: Token) -> str:
    body = str(tok)[1:-1]
    return re.sub(r"\\(.)", r"\1", body)


def _int(tok: Token) -> int:
    return int(str(tok).replace("_", ""))


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


@v_args(meta=True)
class _ToAst(Transformer):
    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def _s(self, meta: Any) -> ast.Span | None:
        return _span(self.path, meta)

    # ---------------------------------------------------------- shared pieces
    def name_list(self, meta, children):
        return tuple(str(c) for c in children)

    def field_path(self, meta, children):
        return ast.FieldRef(".".join(str(c) for c in children), span=self._s(meta))

    def int_lit(self, meta, children):
        return ast.IntLit(_int(children[0]), span=self._s(meta))

    def true_lit(self, meta, children):
        return ast.BoolLit(True, span=self._s(meta))

    def false_lit(self, meta, children):
        return ast.BoolLit(False, span=self._s(meta))

    def name_lit(self, meta, children):
        return ast.NameLit(str(children[0]), span=self._s(meta))

    def string_lit(self, meta, children):
        return ast.StrLit(_unquote(children[0]), span=self._s(meta))

    # ---------------------------------------------------------- conditions
    def or_expr(self, meta, children):
        return ast.Or(tuple(children), span=self._s(meta))

    def and_expr(self, meta, children):
        return ast.And(tuple(children), span=self._s(meta))

    def negation(self, meta, children):
        return ast.Not(children[0], span=self._s(meta))

    def compare(self, meta, children):
        f, op, lit = children
        return ast.Compare(f, str(op), lit, span=self._s(meta))

    def member(self, meta, children):
        return ast.Member(children[0], tuple(children[1:]), False, span=self._s(meta))

    def non_member(self, meta, children):
        return ast.Member(children[0], tuple(children[1:]), True, span=self._s(meta))

    def reading_ref(self, meta, children):
        return ast.ReadingRef(str(children[0]), span=self._s(meta))

    def derivative_ref(self, meta, children):
        return ast.DerivativeRef(span=self._s(meta))

    def true_const(self, meta, children):
        return ast.Const(True, span=self._s(meta))

    def false_const(self, meta, children):
        return ast.Const(False, span=self._s(meta))

    def bool_field(self, meta, children):
        return ast.BoolField(children[0], span=self._s(meta))

    # ---------------------------------------------------------- clause parts
    def acts(self, meta, children):
        c = children[0]
        return _Tag("acts", None if isinstance(c, Token) and c.type == "ANY" else c)

    def on(self, meta, children):
        return _Tag("on", children[0])

    def when(self, meta, children):
        return _Tag("when", children[0])

    def unless(self, meta, children):
        return _Tag("unless", children[0])

    def cite(self, meta, children):
        quote = _unquote(children[1]) if len(children) > 1 else None
        return _Tag("cite", ast.Cite(_unquote(children[0]), quote, span=self._s(meta)))

    def duty(self, meta, children):
        text = _unquote(children[1]) if len(children) > 1 else None
        return ast.Duty(str(children[0]), text, span=self._s(meta))

    # ---------------------------------------------------------- clauses
    def permit(self, meta, children):
        _, t = _parts(children)
        return ast.Permit(t["acts"], t.get("on"), t.get("when"), t.get("cite"), span=self._s(meta))

    def forbid(self, meta, children):
        _, t = _parts(children)
        return ast.Forbid(
            t["acts"], t.get("on"), t.get("when"), t.get("unless"), t.get("cite"),
            span=self._s(meta),
        )

    def require(self, meta, children):
        duties, t = _parts(children)
        return ast.Require(tuple(duties), t.get("on"), t.get("when"), t.get("cite"),
                           span=self._s(meta))

    def derivative(self, meta, children):
        (rels,), t = _parts(children)
        return ast.Derivative(rels, t.get("when"), t.get("cite"), span=self._s(meta))

    def carries(self, meta, children):
        (terms,), t = _parts(children)
        return ast.Carries(terms, t.get("on"), t.get("when"), t.get("cite"), span=self._s(meta))

    def accepts(self, meta, children):
        plain, t = _parts(children)
        return ast.Accepts(plain[0] if plain else (), t.get("cite"), span=self._s(meta))

    def relicense(self, meta, children):
        plain, t = _parts(children)
        targets = tuple(ast.BASE if c.type == "BASE" else _unquote(c) for c in plain)
        return ast.Relicense(targets, t.get("on"), t.get("when"), t.get("cite"),
                             span=self._s(meta))

    def waive(self, meta, children):
        (terms,), t = _parts(children)
        return ast.Waive(terms, t.get("on"), t.get("when"), t.get("cite"), span=self._s(meta))

    def disclaims(self, meta, children):
        (terms,), t = _parts(children)
        return ast.Disclaims(terms, t.get("cite"), span=self._s(meta))

    def meta(self, meta, children):
        key = str(children[0])
        if key == "kind":
            values: tuple[str, ...] = (str(children[1]),)
        else:
            values = tuple(_unquote(c) for c in children[1:])
        return ast.Meta(key, values, span=self._s(meta))

    def license(self, meta, children):
        return ast.License(_unquote(children[0]), tuple(children[1:]), span=self._s(meta))

    # ---------------------------------------------------------- vocabulary
    def doc(self, meta, children):
        return _Tag("doc", _unquote(children[0]))

    def default(self, meta, children):
        return _Tag("default", children[0])

    def group(self, meta, children):
        return _Tag("group", str(children[0]))

    def duty_params(self, meta, children):
        return _Tag("takes_text", True)

    def enum_decl(self, meta, children):
        (name, values), t = _parts(children)
        return ast.EnumDecl(str(name), values, t.get("doc"), span=self._s(meta))

    def extend_decl(self, meta, children):
        name, values = children
        return ast.ExtendDecl(str(name), values, span=self._s(meta))

    def field_decl(self, meta, children):
        (path, typ), t = _parts(children)
        return ast.FieldDecl(path.path, str(typ), t.get("default"), t.get("group"), t.get("doc"),
                             span=self._s(meta))

    def duty_decl(self, meta, children):
        (name,), t = _parts(children)
        return ast.DutyDecl(str(name), t.get("takes_text", False), t.get("doc"),
                            span=self._s(meta))

    def term_decl(self, meta, children):
        (name,), t = _parts(children)
        return ast.TermDecl(str(name), t.get("doc"), span=self._s(meta))

    def reading_decl(self, meta, children):
        (name,), t = _parts(children)
        return ast.ReadingDecl(str(name), t.get("doc"), span=self._s(meta))

    def tag_decl(self, meta, children):
        (name, members), t = _parts(children)
        return ast.TagDecl(str(name), members, t.get("doc"), span=self._s(meta))

    def vocabulary(self, meta, children):
        return ast.Vocabulary(_unquote(children[0]), tuple(children[1:]), span=self._s(meta))

    def start(self, meta, children):
        return list(children)


# ------------------------------------------------------------------ comments


def _attach_comments(items: list[Any], comments: list[Token]) -> tuple[list[Any], list[str]]:
    """Give each node the comments that precede it; comments after the last node of a block
    become the block's closing comments. End-of-line comments move above their line."""

    def container(node: Any) -> bool:
        return isinstance(node, ast.License | ast.Vocabulary)

    def place(nodes: list[Any], pending: list[Token]) -> tuple[list[Any], list[Token]]:
        out = []
        for node in nodes:
            span = node.span
            mine = [c for c in pending if span is None or c.line <= span.line]
            inner = [c for c in pending if span is not None and span.line < c.line <= span.end_line]
            # by identity: tokens compare by text, and two comments may read the same
            taken = {id(c) for c in mine} | {id(c) for c in inner}
            pending = [c for c in pending if id(c) not in taken]
            # a comment on the node's own first line after its start (trailing) belongs to it
            lead = tuple(str(c).rstrip() for c in mine)
            if container(node):
                kids, rest = place(list(node.items), inner)
                node = dataclasses.replace(
                    node, items=tuple(kids), comments=lead,
                    closing_comments=tuple(str(c).rstrip() for c in rest),
                )
            else:
                lead = lead + tuple(str(c).rstrip() for c in inner)
                node = dataclasses.replace(node, comments=lead)
            out.append(node)
        return out, pending

    placed, rest = place(items, sorted(comments, key=lambda c: (c.line, c.column)))
    return placed, [str(c).rstrip() for c in rest]


# ------------------------------------------------------------------ entry points


def parse_text(text: str, path: str = "<string>") -> ast.SpecFile:
    """Parse DSL source. Raises ``SpecError`` (with file:line:col and a hint) on bad syntax."""
    remember_source(path, text)
    _text[0] = text
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as exc:
        raise _syntax_error(exc, text, path) from None
    except _KeywordRunOn as exc:
        tok = exc.token
        span = ast.Span(path, tok.line, tok.column, tok.line, tok.column + len(exc.word))
        hint = did_you_mean(exc.word, CLAUSE_KEYWORDS + META_KEYWORDS + VOCAB_KEYWORDS)
        raise SpecError(f"unexpected {exc.word!r}", span,
                        hint=hint or f"'{tok}' is a keyword; names cannot start with it"
                        ) from None
    items = _ToAst(path).transform(tree)
    # Lark drops ignored COMMENT tokens; a small scan finds them so the formatter keeps them.
    items, trailing = _attach_comments(items, _comment_tokens(text))
    return ast.SpecFile(path, tuple(items), trailing_comments=tuple(trailing))


_COMMENT_RE = re.compile(r'"(?:[^"\\\n]|\\.)*"|(#|//)[^\n]*')


def _comment_tokens(text: str) -> list[Token]:
    out = []
    for m in _COMMENT_RE.finditer(text):
        if m.group(1) is None:
            continue  # a string literal: skip it, it may contain '#'
        line = text.count("\n", 0, m.start()) + 1
        col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        out.append(Token("COMMENT", m.group(0), m.start(), line, col))
    return out


def parse_file(path: str | Path, display: str | None = None) -> ast.SpecFile:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError(f"no such spec file: {path}", None) from None
    except UnicodeDecodeError as exc:
        raise SpecError(f"{path} is not UTF-8 text ({exc.reason})", None) from None
    except OSError as exc:
        raise SpecError(f"cannot read {path}: {exc.strerror}", None) from None
    return parse_text(text, display or str(path))


def parse_expr(text: str, path: str = "<expr>") -> ast.Expr:
    """Parse a lone condition (used by tests and the --when option of queries)."""
    f = parse_text(f'license "X" {{ permit any when {text} }}', path)
    clause = f.items[0].clauses[0]
    assert isinstance(clause, ast.Permit) and clause.when is not None
    return clause.when


# ------------------------------------------------------------------ errors


def _expected_text(expected: set[str]) -> str:
    names = sorted({_TERMINAL_NAMES.get(e, repr(e.strip('"').lower()) if e.isupper() else e)
                    for e in expected if not e.startswith("__")})
    if len(names) > 8:
        names = [*names[:8], "…"]
    return ", ".join(names)


def _keywords_for(expected: set[str]) -> list[str]:
    words: list[str] = []
    if "PERMIT" in expected or "FORBID" in expected:
        words += list(CLAUSE_KEYWORDS)
    if "META_KEY" in expected:
        words += list(META_KEYWORDS)
    if "ENUM" in expected or "FIELD" in expected:
        words += list(VOCAB_KEYWORDS)
    if "WHEN" in expected or "CITE" in expected:
        words += ["when", "unless", "cite", "on"]
    return words


def _syntax_error(exc: UnexpectedInput, text: str, path: str) -> SpecError:
    line, col = exc.line, exc.column
    at_end = isinstance(exc, UnexpectedEOF) or line is None or line < 0 or (
        isinstance(exc, UnexpectedToken) and exc.token.type == "$END")
    if at_end:
        lines = text.rstrip().split("\n")  # point just after the last thing written
        line, col = len(lines), len(lines[-1]) + 1
        return SpecError("unexpected end of file", ast.Span(path, line, col, line, col + 1),
                         hint="a block is not closed: check that every '{' has its '}'")
    if isinstance(exc, UnexpectedToken):
        tok = exc.token
        width = max(1, len(str(tok)))
        span = ast.Span(path, line, col, line, col + width)
        expected = set(exc.expected) | set(getattr(exc, "accepts", set()) or ())
        word = str(tok)
        hint = None
        keywords = _keywords_for(expected)
        if keywords and re.fullmatch(r"[A-Za-z_]+", word):
            hint = did_you_mean(word, keywords)
        if hint is None:
            hint = f"expected {_expected_text(expected)}"
        if word.startswith('"') and "STRING" not in expected and "CITE" in expected:
            hint = 'a citation needs the keyword: cite "§3" "quoted phrase"'
        return SpecError(f"unexpected {word!r}", span, hint=hint)
    if isinstance(exc, UnexpectedCharacters):
        ch = text[exc.pos_in_stream] if exc.pos_in_stream < len(text) else ""
        span = ast.Span(path, line, col, line, col + 1)
        hint = None
        if ch in "“”":
            hint = 'use straight double quotes (") around strings'
        elif ch == "'":
            hint = 'strings use double quotes: "like this"'
        elif ch == "-":
            hint = ('reading names with hyphens only appear as reading(name); '
                    'license ids are quoted strings: "GPL-3.0-only"')
        elif exc.allowed:
            hint = f"expected {_expected_text(set(exc.allowed))}"
        return SpecError(f"unexpected character {ch!r}", span, hint=hint)
    return SpecError(str(exc).splitlines()[0], ast.Span(path, line, col, line, col + 1))
