"""Comments in spec files: Lark drops them (they are ignored tokens), so a small scan finds
them and each is attached to the node it precedes — the formatter keeps them, and they never
take part in equality (``parse(format(tree)) == tree``).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from lark import Token

from liclogic.lang import ast

_COMMENT_RE = re.compile(r'"(?:[^"\\\n]|\\.)*"|(#|//)[^\n]*')


def comment_tokens(text: str) -> list[Token]:
    """Every comment outside string literals, as a token with its line and column."""
    out: list[Token] = []
    for m in _COMMENT_RE.finditer(text):
        if m.group(1) is None:
            continue  # a string literal: skip it, it may contain '#'
        line = text.count("\n", 0, m.start()) + 1
        col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        out.append(Token("COMMENT", m.group(0), m.start(), line, col))
    return out


def attach_comments(items: list[Any], comments: list[Token]) -> tuple[list[Any], list[str]]:
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
