"""What the server knows of an open spec: its text parsed and checked against the library
(the bundled specs, the edited file in place of its bundled copy), the errors as located
diagnostics, and the last tree that parsed — hover and completion fall back on it, and on
the text around the cursor, while the spec does not parse."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from liclogic.errors import SpecError, SpecErrors
from liclogic.lang import ast
from liclogic.lang.library import Library, build_library
from liclogic.lang.parse import parse_file, parse_text
from liclogic.lang.paths import spec_files, specs_dir
from liclogic.lang.vocabulary import Vocabulary
from liclogic.limits import Deadline

WORD = re.compile(r"[A-Za-z0-9_.\-]+")


@functools.cache
def bundled_files() -> tuple[ast.SpecFile, ...]:
    """The bundled library's spec files, parsed once per server."""
    return tuple(parse_file(p, str(p.resolve())) for p in spec_files(specs_dir()))


def path_of(uri: str) -> str:
    """The file a document URI names (an unsaved document: the URI itself)."""
    parsed = urlparse(uri)
    return str(Path(unquote(parsed.path)).resolve()) if parsed.scheme == "file" else uri


@dataclass
class Analysis:
    """One version of a document, analysed."""

    uri: str
    text: str
    tree: ast.SpecFile | None = None  # None: it does not parse
    errors: list[SpecError] = field(default_factory=list)
    library: Library | None = None  # the library with this document in it (it checks)

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def analyse(uri: str, text: str, base: Sequence[ast.SpecFile] | None = None,
            deadline: Deadline | None = None) -> Analysis:
    """Parse and check ``text`` as the spec file at ``uri`` (parse and type check only: no
    solver, so it is fast enough to run on every edit), in a library of its own: ``base``
    (default: the bundled files) and the document, which replaces a file of the same path and
    licenses of the same ids. Nothing shared is changed (the trees are frozen; the library is
    built anew), so ``liclogic serve``'s playground uses it too. ``deadline``: the parse's."""
    from liclogic.limits import MAX_SPEC_BYTES_ENV, max_spec_bytes

    path = path_of(uri)
    out = Analysis(uri, text)
    if len(text.encode("utf-8", "surrogatepass")) > max_spec_bytes():  # untrusted as a file is
        out.errors = [SpecError(f"the spec is larger than {max_spec_bytes():,} bytes: not read",
                                ast.Span(path, 1, 1, 1, 1),
                                hint=f"set {MAX_SPEC_BYTES_ENV} to read larger specs")]
        return out
    try:
        out.tree = parse_text(text, path, deadline)
    except SpecErrors as exc:
        out.errors = list(exc.errors)
        return out
    except SpecError as exc:
        out.errors = [exc]
        return out
    others = [f for f in (bundled_files() if base is None else base) if f.path != path]
    try:
        out.library = build_library([*others, out.tree], overriding={path})
    except SpecErrors as exc:
        out.errors = [e for e in exc.errors if e.span is None or e.span.file == path]
    except SpecError as exc:
        out.errors = [exc]
    return out


@functools.cache
def bundled_library_for_server() -> Library:
    return build_library(list(bundled_files()))


def vocabulary(a: Analysis | None) -> Vocabulary:
    """The vocabulary names are completed and explained from: the document's own library
    when it checks, else the bundled one."""
    if a is not None and a.library is not None:
        return a.library.vocab
    return bundled_library_for_server().vocab


def library(a: Analysis | None) -> Library:
    return a.library if a is not None and a.library is not None else \
        bundled_library_for_server()


def word_at(line: str, character: int) -> tuple[str, int, int] | None:
    """The name under the cursor (letters, digits, '_', '.', '-'), with its columns."""
    for m in WORD.finditer(line):
        if m.start() <= character <= m.end():
            return m.group(0), m.start(), m.end()
    return None


def contains(span: ast.Span | None, line: int, character: int) -> bool:
    """Is the 0-based position inside the 1-based, end-exclusive span?"""
    if span is None:
        return False
    pos = (line + 1, character + 1)
    return (span.line, span.column) <= pos <= (span.end_line, span.end_column)


def item_at(tree: ast.SpecFile | None, line: int, character: int
            ) -> tuple[ast.License | ast.Vocabulary | None, object | None]:
    """The block and the item (clause, metadata line, expectation, declaration) at a place."""
    if tree is None:
        return None, None
    for block in tree.items:
        if contains(block.span, line, character):
            for item in block.items:
                if contains(item.span, line, character):
                    return block, item
            return block, None
    return None, None
