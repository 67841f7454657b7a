"""``--help`` text that never breaks an id at a hyphen: click's formatter wraps with
textwrap's default ``break_on_hyphens``, which prints ``strict-`` / ``osd`` and ``GPL-3.0-`` /
``only`` on two lines. Words are kept whole; paragraphs (blank-line separated) are kept."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable

import click


def wrap(text: str, width: int, indent: str = "", hang: str | None = None) -> str:
    hang = indent if hang is None else hang
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "\n\n".join(textwrap.fill(p, max(width, 10), initial_indent=indent,
                                     subsequent_indent=hang, break_on_hyphens=False,
                                     break_long_words=False) for p in paragraphs)


class HelpFormatter(click.HelpFormatter):
    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        self.write(wrap(text, self.width, indent) + "\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30,
                 col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((len(r[0]) for r in rows), default=0), col_max) + col_spacing
        pad = " " * (first_col + self.current_indent)
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if len(first) <= first_col - col_spacing:
                self.write(" " * (first_col - len(first)))
            else:
                self.write("\n" + pad)
            lines = wrap(second, self.width - first_col - 2).splitlines() or [""]
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write((pad + line if line else "") + "\n")


class Context(click.Context):
    formatter_class = HelpFormatter


def use_for(command: click.Command) -> None:
    """``command`` and its subcommands print their help with ``HelpFormatter``."""
    command.context_class = Context
    for sub in getattr(command, "commands", {}).values():
        use_for(sub)
