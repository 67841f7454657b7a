"""``liclogic lsp``: the language server for spec files, over stdio (pygls).

Diagnostics as you type — the located errors of ``check`` (parse and type check, no solver),
each did-you-mean also a quick fix; hover (a clause in plain words with its citation and the
license's text around the quote; a vocabulary name's gloss); completion (vocabulary names,
license ids, clause keywords), go to definition (vocabulary declarations, licenses named by
``based_on`` / ``relicense`` / ``expect``, across files), formatting (``fmt``) and one document
symbol per clause.
"""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from liclogic.errors import SpecError
from liclogic.lang import ast, clause_kinds
from liclogic.lang.format import format_file
from liclogic.lsp import completion, hover
from liclogic.lsp.documents import Analysis, analyse, item_at, library, vocabulary, word_at
from liclogic.version import __version__

_SUGGESTED = re.compile(r"did you mean (.+)\?$")
_NAMED = re.compile(r"'([^']+)'")
_KINDS = {"keyword": lsp.CompletionItemKind.Keyword, "act": lsp.CompletionItemKind.Function,
          "relation": lsp.CompletionItemKind.EnumMember, "duty": lsp.CompletionItemKind.Method,
          "term": lsp.CompletionItemKind.Property, "field": lsp.CompletionItemKind.Field,
          "value": lsp.CompletionItemKind.EnumMember, "reading": lsp.CompletionItemKind.Constant,
          "license": lsp.CompletionItemKind.Module}


class SpecServer(LanguageServer):
    """The server and what it knows of each open document (its last analysis, and the last
    one that parsed, which hover and completion use while the text does not parse)."""

    def __init__(self) -> None:
        super().__init__("liclogic", __version__)
        self.analyses: dict[str, Analysis] = {}
        self.parsed: dict[str, Analysis] = {}
        self.linting: dict[str, asyncio.Task[None]] = {}
        # Z3's context is not thread-safe: every solver call runs on this one thread, in turn
        # (a cancelled lint's thread runs on to its end; with asyncio's pool, the next one ran
        # beside it and Z3 aborted the server: "ASSERTION VIOLATION … ast.cpp")
        self.solver_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="solver")

    def refresh(self, uri: str) -> Analysis:
        doc = self.workspace.get_text_document(uri)
        a = analyse(uri, doc.source)
        self.analyses[uri] = a
        if a.tree is not None:
            self.parsed[uri] = a
        errors = [diagnostic(e, a) for e in a.errors]
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
            uri=uri, version=doc.version, diagnostics=errors))
        self._lint_later(uri, a, doc.version)
        return a

    def _lint_later(self, uri: str, a: Analysis, version: int | None) -> None:
        """The solver's lint findings, published after the errors once typing pauses (a
        newer edit cancels the pending lint of the older text)."""
        pending = self.linting.pop(uri, None)
        if pending is not None:
            pending.cancel()
        if a.library is None or a.tree is None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self.linting[uri] = loop.create_task(self._lint(uri, a, version))

    async def _lint(self, uri: str, a: Analysis, version: int | None) -> None:
        await asyncio.sleep(LINT_DELAY_S)
        findings = await asyncio.get_running_loop().run_in_executor(self.solver_thread,
                                                                   lint_findings, a)
        if self.analyses.get(uri) is not a:  # the text changed meanwhile
            return
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
            uri=uri, version=version, diagnostics=[*(diagnostic(e, a) for e in a.errors),
                                                   *findings]))

    def best(self, uri: str) -> Analysis | None:
        return self.parsed.get(uri) or self.analyses.get(uri)


def _range(span: Any, a: Analysis) -> lsp.Range:
    """An LSP range (0-based) from a span (1-based, end exclusive)."""
    if span is None:
        return lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0))
    lines = a.lines
    end_line = max(span.end_line - 1, span.line - 1)
    end_col = span.end_column - 1 if span.end_line > span.line or \
        span.end_column > span.column else len(lines[span.line - 1]) if \
        span.line - 1 < len(lines) else span.column
    return lsp.Range(lsp.Position(span.line - 1, span.column - 1),
                     lsp.Position(end_line, end_col))


def _named_range(e: SpecError, a: Analysis) -> lsp.Range:
    """The misspelt name inside the error's span, when the message quotes it."""
    r = _range(e.span, a)
    m = _NAMED.search(e.message)
    if m is None or e.span is None:
        return r
    for n in range(r.start.line, min(r.end.line, len(a.lines) - 1) + 1):
        line = a.lines[n]
        lo = r.start.character if n == r.start.line else 0
        at = re.search(rf"(?<![A-Za-z0-9_.\-]){re.escape(m.group(1))}(?![A-Za-z0-9_.\-])",
                       line[lo:])
        if at:
            return lsp.Range(lsp.Position(n, lo + at.start()), lsp.Position(n, lo + at.end()))
    return r


def diagnostic(e: SpecError, a: Analysis) -> lsp.Diagnostic:
    data: dict[str, Any] | None = None
    m = _SUGGESTED.search(e.hint or "")
    if m:
        data = {"replacements": [s.strip() for s in m.group(1).split(" or ")]}
    return lsp.Diagnostic(range=_named_range(e, a), message=e.message + (
        f"\nhint: {e.hint}" if e.hint else ""), severity=lsp.DiagnosticSeverity.Error,
        source="liclogic", data=data)


LINT_DELAY_S = 0.4  # typing pauses this long before the solver lints
LINT_TIMEOUT_MS = 5_000


def lint_findings(a: Analysis) -> list[lsp.Diagnostic]:
    """``check``'s solver-backed lint findings for the document's licenses, as warnings."""
    from liclogic.engine.settings import SolverSettings
    from liclogic.limits import Deadline
    from liclogic.queries.lint import lint_until

    assert a.library is not None and a.tree is not None
    ids = [b.id for b in a.tree.items if isinstance(b, ast.License)]
    settings = SolverSettings(deadline=Deadline(LINT_TIMEOUT_MS / 1000))
    findings, _ = lint_until(a.library, ids, settings)
    out = []
    for f in findings:
        if f.span is not None and f.span.file != a.tree.path:
            continue
        out.append(lsp.Diagnostic(range=_range(f.span, a), message=f.message,
                                  severity=lsp.DiagnosticSeverity.Warning, code=f.code,
                                  source="liclogic lint"))
    return out


server = SpecServer()


@server.feature(lsp.INITIALIZED)
def initialized(ls: SpecServer, params: lsp.InitializedParams) -> None:
    """Read the bundled library now, not at the first keystroke."""
    library(None)


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: SpecServer, params: lsp.DidOpenTextDocumentParams) -> None:
    ls.refresh(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: SpecServer, params: lsp.DidChangeTextDocumentParams) -> None:
    ls.refresh(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: SpecServer, params: lsp.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.analyses.pop(uri, None)
    ls.parsed.pop(uri, None)
    ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION)
def code_action(ls: SpecServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    """Each did-you-mean of a diagnostic as a quick fix replacing the misspelt name."""
    out: list[lsp.CodeAction] = []
    for d in params.context.diagnostics:
        for name in (d.data or {}).get("replacements", []) if isinstance(d.data, dict) else []:
            edit = lsp.WorkspaceEdit(changes={params.text_document.uri: [
                lsp.TextEdit(range=d.range, new_text=name)]})
            out.append(lsp.CodeAction(title=f"Replace with {name}",
                                      kind=lsp.CodeActionKind.QuickFix, diagnostics=[d],
                                      edit=edit, is_preferred=len(out) == 0))
    return out


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def on_hover(ls: SpecServer, params: lsp.HoverParams) -> lsp.Hover | None:
    uri, pos = params.text_document.uri, params.position
    text = ls.workspace.get_text_document(uri).source
    lines = text.split("\n")
    a = ls.best(uri)
    vocab, lib = vocabulary(a), library(a)
    line = lines[pos.line] if pos.line < len(lines) else ""
    found = word_at(line, pos.character)
    body = hover.hover_name(found[0], vocab, lib) if found else None
    if body is None and found is not None and a is not None and a.tree is not None:
        block, item = item_at(a.tree, pos.line, pos.character)
        if isinstance(block, ast.License) and item is not None and \
                not isinstance(item, ast.Meta | ast.Expect):
            body = hover.hover_clause(item, block.id, vocab, lib)  # type: ignore[arg-type]
    if body is None:
        return None
    rng = lsp.Range(lsp.Position(pos.line, found[1]), lsp.Position(pos.line, found[2])) \
        if found else None
    return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=body),
                     range=rng)


@server.feature(lsp.TEXT_DOCUMENT_COMPLETION,
                lsp.CompletionOptions(trigger_characters=[" ", '"', "(", "{", ",", "."]))
def on_completion(ls: SpecServer, params: lsp.CompletionParams) -> lsp.CompletionList:
    uri, pos = params.text_document.uri, params.position
    text = ls.workspace.get_text_document(uri).source
    lines = text.split("\n")
    before = "\n".join([*lines[:pos.line], lines[pos.line][:pos.character]
                        if pos.line < len(lines) else ""])
    a = ls.best(uri)
    items = completion.complete(before, _block_kind(before), vocabulary(a), library(a))
    return lsp.CompletionList(is_incomplete=False, items=[
        lsp.CompletionItem(label=i.label, kind=_KINDS.get(i.kind), detail=i.detail or i.kind)
        for i in items])


def _block_kind(before: str) -> str | None:
    """Inside a license or a vocabulary block? (Braces counted, so it works unparsed.)"""
    depth, kind = 0, None
    for m in re.finditer(r'"(?:[^"\\\n]|\\.)*"|#[^\n]*|//[^\n]*|\b(license|vocabulary)\b|[{}]',
                         before):
        tok = m.group(0)
        if m.group(1) and depth == 0:
            kind = m.group(1)
        elif tok == "{":
            depth += 1
        elif tok == "}":
            depth = max(0, depth - 1)
            kind = kind if depth else None
    return kind if depth else None


@server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
def on_definition(ls: SpecServer, params: lsp.DefinitionParams) -> lsp.Location | None:
    uri, pos = params.text_document.uri, params.position
    lines = ls.workspace.get_text_document(uri).source.split("\n")
    found = word_at(lines[pos.line] if pos.line < len(lines) else "", pos.character)
    if found is None:
        return None
    a = ls.best(uri)
    span = hover.definition(found[0], vocabulary(a), library(a))
    if span is None:
        return None
    from pygls.uris import from_fs_path

    target = from_fs_path(span.file) or span.file
    start = lsp.Position(span.line - 1, span.column - 1)
    return lsp.Location(uri=target, range=lsp.Range(start, start))


@server.feature(lsp.TEXT_DOCUMENT_FORMATTING)
def on_formatting(ls: SpecServer, params: lsp.DocumentFormattingParams
                  ) -> list[lsp.TextEdit] | None:
    """The whole document as ``liclogic fmt`` prints it (nothing when it does not parse)."""
    doc = ls.workspace.get_text_document(params.text_document.uri)
    a = analyse(params.text_document.uri, doc.source)
    if a.tree is None:
        return None
    new = format_file(a.tree)
    if new == doc.source:
        return []
    lines = doc.source.split("\n")
    end = lsp.Position(len(lines) - 1, len(lines[-1]))
    return [lsp.TextEdit(range=lsp.Range(lsp.Position(0, 0), end), new_text=new)]


@server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def on_symbols(ls: SpecServer, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol]:
    """A symbol per license and vocabulary block, one per clause or declaration inside."""
    a = ls.best(params.text_document.uri)
    if a is None or a.tree is None:
        return []
    out = []
    for block in a.tree.items:
        children = [_symbol(item, a) for item in block.items if not isinstance(item, ast.Meta)]
        kind = lsp.SymbolKind.Class if isinstance(block, ast.License) else \
            lsp.SymbolKind.Namespace
        name = block.id if isinstance(block, ast.License) else f"vocabulary {block.name}"
        r = _range(block.span, a)
        out.append(lsp.DocumentSymbol(name=name, kind=kind, range=r, selection_range=r,
                                      children=children))
    return out


def _symbol(item: Any, a: Analysis) -> lsp.DocumentSymbol:
    from liclogic.lang.format import clause_text, format_expect

    r = _range(item.span, a)
    if isinstance(item, ast.Expect):
        name, kind = format_expect(item)[0].strip(), lsp.SymbolKind.Event
    elif type(item) in clause_kinds.BY_NODE:
        cite = f" ({item.cite.section})" if item.cite else ""
        name, kind = clause_text(item) + cite, lsp.SymbolKind.Property
    else:
        name = f"{type(item).__name__.removesuffix('Decl').lower()} " + \
            str(getattr(item, "name", getattr(item, "path", "")))
        kind = lsp.SymbolKind.Field
    return lsp.DocumentSymbol(name=name[:120], kind=kind, range=r, selection_range=r)


def main() -> None:
    server.start_io()
