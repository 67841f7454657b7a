"""Lark's syntax errors → ``SpecError``: the place (file:line:col, the line and a caret) and a
hint in the DSL's own words — the keyword meant (``permits`` → did you mean permit?), a
missing ``cite``, curly quotes, an unclosed block.
"""

from __future__ import annotations

import re

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from liclogic.errors import SpecError, did_you_mean
from liclogic.lang import ast
from liclogic.lang.clause_kinds import KEYWORDS as CLAUSE_KEYWORDS

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


class KeywordRunOn(Exception):
    """A keyword immediately followed by name characters ('permits'): a misspelt keyword."""

    def __init__(self, token: Token, word: str) -> None:
        super().__init__(word)
        self.token = token
        self.word = word


def _line(text: str, line: int) -> str | None:
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else None


def run_on_error(exc: KeywordRunOn, text: str, path: str) -> SpecError:
    tok = exc.token
    line, col = tok.line or 1, tok.column or 1
    span = ast.Span(path, line, col, line, col + len(exc.word))
    hint = did_you_mean(exc.word, CLAUSE_KEYWORDS + META_KEYWORDS + VOCAB_KEYWORDS)
    return SpecError(f"unexpected {exc.word!r}", span,
                     hint=hint or f"'{tok}' is a keyword; names cannot start with it",
                     line_text=_line(text, line))


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


def syntax_error(exc: UnexpectedInput, text: str, path: str) -> SpecError:
    line, col = exc.line, exc.column
    at_end = isinstance(exc, UnexpectedEOF) or line is None or line < 0 or (
        isinstance(exc, UnexpectedToken) and exc.token.type == "$END")
    if at_end:
        lines = text.rstrip().split("\n")  # point just after the last thing written
        line, col = len(lines), len(lines[-1]) + 1
        return SpecError("unexpected end of file", ast.Span(path, line, col, line, col + 1),
                         hint="a block is not closed: check that every '{' has its '}'",
                         line_text=_line(text, line))
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
        return SpecError(f"unexpected {word!r}", span, hint=hint, line_text=_line(text, line))
    if isinstance(exc, UnexpectedCharacters):
        pos = exc.pos_in_stream or 0
        ch = text[pos] if pos < len(text) else ""
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
        return SpecError(f"unexpected character {ch!r}", span, hint=hint,
                         line_text=_line(text, line))
    return SpecError(str(exc).splitlines()[0], ast.Span(path, line, col, line, col + 1),
                     line_text=_line(text, line))
