"""Text output without loading rich's console: where rich would print plain text (standard
output is not a terminal, no FORCE_COLOR / TTY_COMPATIBLE, not Jupyter), ``PlainConsole``
prints what rich prints — the same markup read the same way (``markup``, as rich.markup
renders it, styles dropped), wrapped by rich's own line breaker (``rich._wrap.divide_line``,
cell widths from ``rich.cells``), trimmed as rich trims — for the renderers of
``cli.report`` that take it (a compat answer). Importing rich.console, rich.text and the
style tables is ~20 ms of a new question.

Anything it does not reproduce exactly raises ``Unusual`` before a byte is written (the
output is kept until ``text``): a tab, a control character rich strips, a possible
``:emoji:`` code, a tag other than plain styles, a line that would need cropping. The caller
then renders with rich. tests/test_report_plain.py compares the two on many answers.
"""

from __future__ import annotations

import builtins
import itertools
import os
import re
import sys
from collections.abc import Iterator

# rich.markup's patterns (rich 13-15): a tag, and what escape() escapes
RE_TAGS = re.compile(r"""((\\*)\[([a-z#/@][^[]*?)])""", re.VERBOSE)
_ESCAPE = re.compile(r"(\\*)(\[[a-z#/@][^[]*?])").sub
_EMOJI = re.compile(r":\S*?:").search  # where rich's emoji codes could be
_UNUSUAL = re.compile("[\t\x07\x08\x0b\x0c\r]").search  # tabs; the codes rich.text strips
_TRAILING_SPACE = re.compile(r"\s+$")
# the style words the renderers use: anything else (a link, a handler) goes to rich
STYLES = frozenset({"bold", "dim", "italic", "cyan", "yellow", "green", "red", "magenta",
                    "bold green", "bold red", "bold yellow", "bold magenta"})


class Unusual(Exception):
    """Something the plain console does not reproduce exactly: render with rich."""


def escape(markup: str) -> str:
    """``rich.markup.escape``: text that is never read as markup."""

    def backslashes(match: re.Match[str]) -> str:
        slashes, text = match.groups()
        return f"{slashes}{slashes}\\{text}"

    markup = _ESCAPE(backslashes, markup)
    if markup.endswith("\\") and not markup.endswith("\\\\"):
        return markup + "\\"
    return markup


def _parse(markup: str) -> Iterator[tuple[str | None, str | None]]:
    """rich.markup._parse: (plain text, None) and (None, tag) in order."""
    position = 0
    for match in RE_TAGS.finditer(markup):
        full_text, escapes, tag_text = match.groups()
        start, end = match.span()
        if start > position:
            yield markup[position:start], None
        if escapes:
            slashes, escaped = divmod(len(escapes), 2)
            if slashes:
                yield "\\" * slashes, None
            if escaped:
                yield full_text[len(escapes):], None
                position = end
                continue
        yield None, tag_text
        position = end
    if position < len(markup):
        yield markup[position:], None


def markup(text: str) -> str:
    """The plain text rich shows for console markup (emoji codes, styles and escapes as
    ``rich.markup.render`` reads them); ``Unusual`` where it cannot be sure."""
    out: list[str] = []
    open_: list[str] = []
    for plain, tag in _parse(text):
        if plain is not None:
            plain = plain.replace("\\[", "[")
            if _EMOJI(plain):
                raise Unusual("a possible emoji code")
            out.append(plain)
        elif tag is not None:
            if tag.startswith("/"):
                name = tag[1:].strip()
                if not open_ or (name and name not in open_):
                    raise Unusual("a closing tag that closes nothing")
                if name:
                    del open_[len(open_) - 1 - open_[::-1].index(name)]
                else:
                    open_.pop()
            elif tag in STYLES:
                open_.append(tag)
            else:
                raise Unusual(f"the tag [{tag}]")
    return literal("".join(out))


def literal(text: str) -> str:
    """Text as rich.text.Text holds it, or ``Unusual`` where it would change it."""
    if _UNUSUAL(text):
        raise Unusual("a tab or a control character")
    return text


def wrap(text: str, width: int) -> list[str]:
    """``Text.wrap(console, width, overflow="fold")`` of plain text: rich's breaks, the
    spaces past the width dropped from each line as rich drops them."""
    from rich._wrap import divide_line
    from rich.cells import cell_len

    lines: list[str] = []
    for line in text.split("\n"):
        cuts = [0, *divide_line(line, width, fold=True), len(line)]
        for start, end in itertools.pairwise(cuts):
            piece = line[start:end]
            if len(piece) > width:
                space = _TRAILING_SPACE.search(piece)
                if space is not None:
                    piece = piece[:len(piece) - min(len(space.group(0)), len(piece) - width)]
            if cell_len(piece) > width:
                raise Unusual("a line rich would crop")
            lines.append(piece)
    return lines


class PlainConsole:
    """What ``cli.report``'s compat renderers ask of a rich console, for plain output."""

    def __init__(self, width: int) -> None:
        self.width = width
        self._out: list[str] = []

    def print(self, text: str = "", *, soft_wrap: bool = False, plain: bool = False) -> None:
        """``console.print(markup)`` (or of literal text, ``plain``): wrapped at the width."""
        shown = literal(text) if plain else markup(text)
        lines = [shown] if soft_wrap else wrap(shown, self.width)
        self._out.append("".join(f"{line}\n" for line in lines))

    def said(self, text: str, indent: int, hang: int) -> list[str]:
        """``report.said``: markup wrapped to the width less the indent, indented, and each
        line's trailing spaces dropped."""
        lines = wrap(markup(text), max(self.width - max(indent, hang), 20))
        return [" " * (indent if i == 0 else hang) + line.rstrip()
                for i, line in enumerate(lines)]

    def say(self, text: str, indent: int, hang: int) -> None:
        self._out.append("".join(f"{line}\n" for line in self.said(text, indent, hang)))

    def text(self) -> str:
        """What was printed (nothing is written: ``Unusual`` may still come)."""
        return "".join(self._out)


def plain_console() -> PlainConsole | None:
    """A plain console where rich's console for standard output would print no colour and
    no control codes (as rich decides it: ``Console.is_terminal``, ``Console.size``), else
    None."""
    env = os.environ
    if os.name != "posix" or hasattr(builtins, "get_ipython") or \
            "FORCE_COLOR" in env or "TTY_COMPATIBLE" in env:
        return None
    out = sys.stdout
    if out is None or hasattr(out, "rich_proxied_file"):
        return None
    try:
        if out.isatty():
            return None
    except ValueError:
        pass  # a closed stream: rich calls that no terminal too
    columns = env.get("COLUMNS")
    if columns is not None and columns.isdigit():
        width = int(columns)
    else:
        width = 0
        for fd in (0, 1, 2):
            try:
                width = os.get_terminal_size(fd).columns
            except (AttributeError, ValueError, OSError):
                continue
            break
        width = width or 80
    return PlainConsole(width) if 30 <= width <= 10_000 else None
