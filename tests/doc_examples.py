"""The ``$ liclogic …`` examples of README.md and docs/: found, run, compared, regenerated.

In a fenced block, a line ``$ liclogic ARGS`` is a command and the lines after it, up to the
next ``$`` line or the end of the block, are what it prints. A line that is only ``…`` or
``...``, or a ``…`` / ``...`` within a line, stands for output left out: each part between
them must be printed, in order. A shell comment (``# …``) ends the command, and so
does a redirection (``>``, ``>>``, ``|``): what is shown is what the command prints. A bare
``liclogic ARGS`` line (a command shown without its output) is run too, and must answer (exit
0, 1, 3, 4 or 5), never fail as a usage or input error (2).

Each command runs as a process of its own, as a reader would run it (an explained answer
does not depend on what the process asked before: tests/test_history.py), from a scratch
folder that sees the repository's top level (``examples/``, ``specs/``, …), with
``COLUMNS=100`` and the cache off.
Output is compared with runs of whitespace made one space (a reader's terminal wraps
differently), durations (``0.4 s``, ``92 ms``) made ``<time>`` and counts of solver calls
``<n>`` (in one process, an earlier example may have answered some already).

``python -m tests.doc_examples --update [FILE …]`` writes what the commands print now into
the docs (every doc by default). Where an example leaves output out, the lines before the
first ``…`` and after the last one are regenerated, as many as the doc shows, and the lines
between are kept if they are still printed (and reported if not).
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
ELLIPSIS = ("…", "...")
ENV = {"COLUMNS": "100", "LICLOGIC_NO_CACHE": "1", "NO_COLOR": "1", "TERM": "dumb"}
ANSWERS = {0, 1, 3, 4, 5}  # verdict exit codes; 2 is a usage or input error
_FENCE = re.compile(r"^(\s*)(```+|~~~+)")
_TIME = re.compile(r"\b\d+(?:\.\d+)?\s?(?:ms|s)\b")
_CALLS = re.compile(r"\b\d+ solver calls\b")  # fewer when an earlier example warmed a cache


@dataclass
class Example:
    doc: Path
    line: int  # 1-based line of the command in the doc
    args: list[str]
    expected: list[str] | None  # None: a command shown without its output
    output_lines: tuple[int, int] = (0, 0)  # [start, end) of the output in the doc's lines
    indent: str = ""

    @property
    def id(self) -> str:
        return f"{self.doc.relative_to(ROOT)}:{self.line}"


def command_args(text: str) -> list[str]:
    """The arguments of ``liclogic ARGS`` as a shell splits them, up to a comment or a
    redirection."""
    lexer = shlex.shlex(text, posix=True, punctuation_chars="|&;<>")
    lexer.whitespace_split = True
    lexer.commenters = "#"
    out = []
    for token in lexer:
        if token and set(token) <= set("|&;<>"):
            break
        out.append(token)
    return out[1:]  # without "liclogic"


def examples(doc: Path) -> Iterator[Example]:
    lines = doc.read_text(encoding="utf-8").splitlines()
    i, fence = 0, None
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if fence is None:
            if m:
                fence = m.group(2)[0] * 3
            i += 1
            continue
        if m and lines[i].strip().startswith(fence):
            fence = None
            i += 1
            continue
        stripped = lines[i].strip()
        indent = lines[i][:len(lines[i]) - len(lines[i].lstrip())]
        if stripped.startswith("$ liclogic ") or stripped == "$ liclogic":
            start = i + 1
            j = start
            while j < len(lines) and not lines[j].strip().startswith("$ ") and not (
                    _FENCE.match(lines[j]) and lines[j].strip().startswith(fence)):
                j += 1
            body = [x[len(indent):] if x.startswith(indent) else x.lstrip()
                    for x in lines[start:j]]
            while body and not body[-1].strip():  # a blank line before the next command
                body.pop()
            yield Example(doc, i + 1, command_args(stripped[2:]), body,
                          (start, start + len(body)), indent)
            i = j
            continue
        if stripped.startswith("liclogic "):
            yield Example(doc, i + 1, command_args(stripped), None)
        i += 1


def all_examples(docs: list[Path] | None = None) -> list[Example]:
    return [e for d in docs or DOCS for e in examples(d)]


@dataclass
class Run:
    exit_code: int
    output: str
    lines: list[str] = field(default_factory=list)


def run(example: Example, scratch: Path) -> Run:
    """The command run as ``liclogic`` runs it, from ``scratch`` (a folder with the
    repository's top-level entries linked into it)."""
    import subprocess

    for entry in ROOT.iterdir():
        link = scratch / entry.name
        if not entry.name.startswith(".") and not link.exists():
            link.symlink_to(entry)
    done = subprocess.run([sys.executable, "-m", "liclogic", *example.args], cwd=scratch,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, **ENV})
    output = done.stdout + done.stderr
    return Run(done.returncode, output, output.rstrip("\n").splitlines())


def normalize(text: str) -> str:
    return " ".join(_CALLS.sub("<n> solver calls", _TIME.sub("<time>", text)).split())


_INLINE_GAP = re.compile(r"\s(?:…|\.\.\.)(?=\s|$)")


def _is_gap(line: str) -> bool:
    return line.strip() in ELLIPSIS


def _parts(lines: list[str]) -> list[list[str]]:
    """``lines`` cut at each ``…`` line."""
    parts: list[list[str]] = [[]]
    for line in lines:
        if _is_gap(line):
            parts.append([])
        else:
            parts[-1].append(line)
    return parts


def matches(expected: list[str], output: str) -> bool:
    """Whether ``output`` shows what ``expected`` shows: each part between elisions (a ``…``
    line, or `` …`` within a line) printed, in order, word for word, whitespace aside."""
    printed, at = normalize(output), 0
    for block in _parts(expected):
        for part in _INLINE_GAP.split("\n".join(block)):
            part = normalize(part)
            if not part:
                continue
            found = printed.find(part, at)
            if found < 0:
                return False
            at = found + len(part)
    return True


def updated(example: Example, got: Run) -> tuple[list[str], list[str]]:
    """The output lines to write into the doc for ``example``, and what could not be kept."""
    expected = example.expected or []
    lines = [x.rstrip() for x in got.lines]
    gaps = [k for k, x in enumerate(expected) if _is_gap(x)]
    if not gaps:
        return lines, []
    head, tail = gaps[0], len(expected) - gaps[-1] - 1
    gap = expected[gaps[0]].strip()
    out, lost = [*lines[:head], gap], []
    rest = normalize("\n".join(lines[head:len(lines) - tail]))
    for block in _parts(expected[gaps[0] + 1:gaps[-1]]) if len(gaps) > 1 else []:
        if not block:
            continue
        if normalize("\n".join(block)) in rest:
            out += [*block, gap]
        else:
            lost.append("\n".join(block))
    return out + (lines[len(lines) - tail:] if tail else []), lost


def update(docs: list[Path] | None = None) -> int:
    import tempfile

    lost_any = 0
    for doc in docs or DOCS:
        shown = [e for e in examples(doc) if e.expected is not None]
        if not shown:
            continue
        lines = doc.read_text(encoding="utf-8").splitlines()
        with tempfile.TemporaryDirectory() as scratch:
            for e in reversed(shown):  # from the end: earlier line numbers stay valid
                new, lost = updated(e, run(e, Path(scratch)))
                lines[e.output_lines[0]:e.output_lines[1]] = [
                    (e.indent + x) if x else "" for x in new]
                for block in lost:
                    lost_any += 1
                    print(f"{e.id}: no longer printed, dropped:\n{block}", file=sys.stderr)
        doc.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{doc.relative_to(ROOT)}: {len(shown)} example(s) written")
    return 1 if lost_any else 0


if __name__ == "__main__":
    argv = sys.argv[1:]
    if not argv or argv[0] != "--update":
        sys.exit("usage: python -m tests.doc_examples --update [FILE …]")
    sys.exit(update([Path(a).resolve() for a in argv[1:]] or None))
