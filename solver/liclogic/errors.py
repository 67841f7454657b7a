"""Errors a user can cause, one hierarchy (``LiclogicError``): the CLI prints them — never a
traceback — and exits with status 2. ``InternalError`` is liclogic's own bug (exit 70)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # for the type checker only: at run time nothing here needs the class
    from typing import Protocol

    class Span(Protocol):
        """A place in a source file (``liclogic.lang.ast.Span`` is one): all an error needs."""

        @property
        def file(self) -> str: ...
        @property
        def line(self) -> int: ...
        @property
        def column(self) -> int: ...
        @property
        def end_line(self) -> int: ...
        @property
        def end_column(self) -> int: ...


Sources = Mapping[str, str]  # file (as spans name it) → its text


def source_line(path: str, line: int, sources: Sources | None = None) -> str | None:
    """Line ``line`` of the file a span names: from ``sources`` when given, else read."""
    text = sources.get(path) if sources else None
    if text is None:
        import os

        try:  # a regular file of sane size only: this is for showing a line, nothing more
            if not os.path.isfile(path) or os.path.getsize(path) > 64 << 20:
                return None
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
        except (OSError, UnicodeDecodeError):
            return None
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else None


SHOWN_LINE = 120  # characters of a source line an error shows around its column


def clip_line(text: str, column: int, width: int) -> tuple[str, int, int]:
    """A long line cut to a window around ``column`` (… where it is cut), with the column and
    caret width in the window."""
    if len(text) <= SHOWN_LINE:
        return text, column, width
    start = max(0, column - 1 - SHOWN_LINE // 3)
    end = start + SHOWN_LINE
    head = "…" if start else ""
    shown = head + text[start:end] + ("…" if end < len(text) else "")
    column = column - start + len(head)
    return shown, column, max(1, min(width, len(shown) - column + 1))


def nearest(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The closest names to ``word``: case-insensitive fuzzy match, exact-prefix hits first."""
    pool = list(dict.fromkeys(candidates))
    by_lower: dict[str, str] = {}
    for c in pool:
        by_lower.setdefault(c.lower(), c)
    w = word.lower()
    import difflib  # only when a name is not found

    hits = [by_lower[m] for m in difflib.get_close_matches(w, list(by_lower), n=n, cutoff=0.6)]
    prefix = [c for c in pool if c.lower().startswith(w) and c not in hits] if len(w) >= 3 else []
    return (hits + prefix)[:n]


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    close = nearest(word, candidates)
    if not close:
        return None
    return "did you mean " + " or ".join(close) + "?"


class InternalError(Exception):
    """A bug in liclogic itself, never the user's input: the CLI says so and exits 70."""


class WitnessError(InternalError):
    """A solver witness that the reference evaluator does not confirm: the encoding and the
    evaluator disagree."""


class LiclogicError(Exception):
    """Base class of every error caused by input; ``render`` gives the text shown to the user."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def render(self) -> str:
        out = f"error: {self.message}"
        if self.hint:
            out += f"\n  hint: {self.hint}"
        return out

    def to_json(self) -> dict[str, Any]:
        return {"error": self.message, "hint": self.hint}


class SpecError(LiclogicError):
    """An error at a place in a spec file: shown as file:line:col, the line, and a caret."""

    def __init__(self, message: str, span: Span | None, *, hint: str | None = None,
                 line_text: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.span = span
        self.line_text = line_text  # the line the span is on, when whoever raises it has it

    def with_sources(self, sources: Sources) -> SpecError:
        """This error with its line read from ``sources`` (the parsed files' texts)."""
        if self.line_text is None and self.span is not None:
            self.line_text = source_line(self.span.file, self.span.line, sources)
        return self

    def render(self) -> str:
        if self.span is None:
            return super().render()
        s = self.span
        out = [f"{s.file}:{s.line}:{s.column}: error: {self.message}"]
        text = self.line_text if self.line_text is not None else source_line(s.file, s.line)
        if text is not None:
            width = (s.end_column - s.column) if s.end_line == s.line else len(text) - s.column + 1
            shown, column, width = clip_line(text, s.column, width)
            out.append(f"  {s.line:>4} | {shown}")
            out.append("       | " + " " * (column - 1) + "^" * max(1, width))
        if self.hint:
            out.append(f"  hint: {self.hint}")
        return "\n".join(out)

    def to_json(self) -> dict[str, Any]:
        d = super().to_json()
        if self.span is not None:
            d.update(file=self.span.file, line=self.span.line, column=self.span.column)
        return d


SHOWN_ERRORS = 50  # spec errors printed (all of them are counted)
LISTED_ERRORS = 1_000  # … and listed in --json


class SpecErrors(LiclogicError):
    """Several spec errors found in one pass (the checker reports all it finds)."""

    def __init__(self, errors: list[SpecError]) -> None:
        super().__init__(f"{len(errors)} error(s) in license specs")
        self.errors = errors

    def with_sources(self, sources: Sources) -> SpecErrors:
        """Each error with its line, every source split into lines once (not once per
        error: a file with 40,000 errors would be split 40,000 times)."""
        split: dict[str, list[str]] = {}
        for e in self.errors:
            if e.line_text is not None or e.span is None or e.span.file not in sources:
                continue
            lines = split.get(e.span.file)
            if lines is None:
                lines = split[e.span.file] = sources[e.span.file].splitlines()
            n = e.span.line
            e.line_text = lines[n - 1] if 0 < n <= len(lines) else None
        for e in self.errors:
            e.with_sources(sources)  # the rest: read from their files
        return self

    def render(self) -> str:
        shown = [e.render() for e in self.errors[:SHOWN_ERRORS]]
        if len(self.errors) > SHOWN_ERRORS:
            shown.append(f"… and {len(self.errors) - SHOWN_ERRORS:,} more errors "
                         "(--json lists them)")
        return "\n".join(shown)

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"error": self.message,
                             "errors": [e.to_json() for e in self.errors[:LISTED_ERRORS]]}
        if len(self.errors) > LISTED_ERRORS:
            d["more_errors"] = len(self.errors) - LISTED_ERRORS
        return d


# SPDX's two words for "no license here" (SPDX 2.3 §7.13): not ids of licenses to look up
NO_LICENSE_WORDS = {
    "NOASSERTION": "no license was stated, so there are no terms to check; find the work's "
                   "license (its LICENSE file, its package metadata)",
    "NONE": "the work is stated to have no license, so nobody has been granted anything in "
            "it; ask its authors for one",
}


class UnknownLicenseError(LiclogicError):
    def __init__(self, license_id: str, suggestions: list[str]) -> None:
        hint = ("did you mean " + " or ".join(suggestions) + "?") if suggestions else (
            "run `liclogic list` to see the licenses in the library"
        )
        said = NO_LICENSE_WORDS.get(license_id.strip().upper())
        words = license_id.replace("(", " ").replace(")", " ").split()
        operators = {"AND", "OR", "WITH"}
        if said is None and len(words) > 1 and operators & {w.upper() for w in words}:
            # an SPDX expression where one license is asked for (show, osd, classify, ...)
            named = [w for w in words if w.upper() not in operators]
            super().__init__(f"{license_id!r} is a license expression; this command takes "
                             f"one license id",
                             hint="ask about each license on its own: " + ", ".join(
                                 dict.fromkeys(named)))
        elif said is not None:
            super().__init__(f"{license_id} is not a license: {said}",
                             hint="scan reads NOASSERTION and NONE in SBOMs as 'no license "
                                  "declared' and 'no license', and says which")
        else:
            super().__init__(f"unknown license id {license_id!r}", hint=hint)
        self.license_id = license_id
        self.suggestions = suggestions


@dataclass(frozen=True)
class Diagnostic:
    """A lint finding: not an error, but something a spec author should look at."""

    code: str
    message: str
    span: Span | None
    license: str | None = None

    def render(self, sources: Sources | None = None) -> str:
        where = f"{self.span}: " if self.span else ""
        out = f"{where}warning[{self.code}]: {self.message}"
        if self.span is not None:
            text = source_line(self.span.file, self.span.line, sources)
            if text is not None:
                out += f"\n  {self.span.line:>4} | {clip_line(text, self.span.column, 1)[0]}"
        return out

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"code": self.code, "message": self.message, "license": self.license}
        if self.span is not None:
            d.update(file=self.span.file, line=self.span.line, column=self.span.column)
        return d
