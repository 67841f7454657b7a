"""Comments in spec files: Lark drops them (they are ignored tokens), so a small scan finds
them and each is attached to the node it precedes — the formatter keeps them, and they never
take part in equality (``parse(format(tree)) == tree``).
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from typing import Any

from lark import Token

from liclogic.lang import ast

# a string literal (skipped: it may contain '#') or a comment; the string part unrolled
# ("normal* (special normal*)*") so that a long literal costs no regex state per character
_COMMENT_RE = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"|(#|//)[^\n]*')


def comment_tokens(text: str) -> list[Token]:
    """Every comment outside string literals, as a token with its line and column (lines
    counted as the scan goes: linear in the text)."""
    out: list[Token] = []
    line, counted, line_start = 1, 0, 0
    for m in _COMMENT_RE.finditer(text):
        if m.group(1) is None:
            continue  # a string literal: skip it, it may contain '#'
        start = m.start()
        line += text.count("\n", counted, start)
        counted = start
        line_start = text.rfind("\n", line_start, start) + 1 or line_start
        out.append(Token("COMMENT", m.group(0), start, line, start - line_start + 1))
    return out


def attach_comments(items: list[Any], comments: list[Token]) -> tuple[list[Any], list[str]]:
    """Give each node the comments that precede it; comments after the last node of a block
    become the block's closing comments. End-of-line comments move above their line.

    Nodes come in source order and comments sorted by place, so each node takes the next run
    of comments: one pass over both (bisect finds where a run ends)."""

    def container(node: Any) -> bool:
        return isinstance(node, ast.License | ast.Vocabulary)

    def place(nodes: list[Any], pending: list[Token]) -> tuple[list[Any], list[Token]]:
        lines = [c.line for c in pending]
        out = []
        at = 0
        for node in nodes:
            span = node.span
            if span is None:  # a node without a place takes whatever precedes the rest
                mine, inner, at = pending[at:], [], len(pending)
            else:
                lead_end = bisect.bisect_right(lines, span.line, at)
                inner_end = bisect.bisect_right(lines, span.end_line, lead_end)
                mine, inner = pending[at:lead_end], pending[lead_end:inner_end]
                at = inner_end
            if not mine and not inner:  # nothing to attach (most nodes): keep it as it is
                out.append(node)
                continue
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
        return out, pending[at:]

    placed, rest = place(items, sorted(comments, key=lambda c: (c.line, c.column)))
    return placed, [str(c).rstrip() for c in rest]
