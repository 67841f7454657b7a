"""The language server end to end: ``liclogic lsp`` started as a process and driven over stdio
by a real LSP client (pytest-lsp), as an editor drives it."""

from __future__ import annotations

import sys

import pytest
import pytest_lsp
from liclogic.lang.format import format_file
from liclogic.lang.parse import parse_text
from liclogic.lang.paths import specs_dir
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

pytestmark = pytest.mark.asyncio(loop_scope="module")

MIT = specs_dir() / "software" / "MIT.lic"
KIMI = specs_dir() / "models" / "Kimi-K2.lic"


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(
    server_command=[sys.executable, "-m", "liclogic", "lsp"]))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(lsp.InitializeParams(
        capabilities=client_capabilities("visual-studio-code")))
    yield
    await lsp_client.shutdown_session()


def _id(uri: str) -> lsp.TextDocumentIdentifier:
    return lsp.TextDocumentIdentifier(uri=uri)


async def _published(client: LanguageClient, uri: str) -> list[lsp.Diagnostic]:
    """The next diagnostics published for ``uri`` (other documents' lint may come between)."""
    while True:
        params = await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if params.uri == uri:
            return list(params.diagnostics)


async def _open(client: LanguageClient, uri: str, text: str) -> list[lsp.Diagnostic]:
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(
        lsp.TextDocumentItem(uri=uri, language_id="liclogic", version=1, text=text)))
    return await _published(client, uri)


async def _change(client: LanguageClient, uri: str, text: str, version: int
                  ) -> list[lsp.Diagnostic]:
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
        [lsp.TextDocumentContentChangeWholeDocument(text=text)]))
    return await _published(client, uri)


BAD = '''license "LicenseRef-Mine" {
  kind software
  based_on "MIT"
  forbid sel when licensee.monthly_active_users > 700_000_000 cite "§2" "you may not sell"
}
'''


async def test_diagnostics_locate_the_name_and_offer_the_did_you_mean(client):
    uri = "file:///tmp/liclogic-lsp/mine.lic"
    diags = await _open(client, uri, BAD)
    assert len(diags) == 1
    d = diags[0]
    assert d.message.startswith("unknown act 'sel'") and "did you mean sell" in d.message
    assert (d.range.start.line, d.range.start.character, d.range.end.character) == (3, 9, 12)
    actions = await client.text_document_code_action_async(lsp.CodeActionParams(
        _id(uri), d.range, lsp.CodeActionContext(diagnostics=[d])))
    assert actions[0].title == "Replace with sell" and actions[0].is_preferred
    edit = actions[0].edit.changes[uri][0]
    fixed = BAD.replace("forbid sel ", f"forbid {edit.new_text} ")
    assert await _change(client, uri, fixed, 2) == []


async def test_a_syntax_error_is_a_located_diagnostic(client):
    uri = "file:///tmp/liclogic-lsp/broken.lic"
    text = 'license "LicenseRef-B" {\n  kind software\n  permit use cite\n}\n'
    diags = await _open(client, uri, text)
    assert len(diags) == 1 and diags[0].range.start.line == 3
    assert diags[0].severity == lsp.DiagnosticSeverity.Error


async def test_hover_on_a_clause_shows_its_meaning_citation_and_the_text(client):
    uri = MIT.as_uri()
    await _open(client, uri, MIT.read_text())
    line = next(n for n, t in enumerate(MIT.read_text().split("\n")) if t.startswith("  permit"))
    h = await client.text_document_hover_async(lsp.HoverParams(_id(uri), lsp.Position(line, 3)))
    body = h.contents.value
    # plain words, as `show` says it (MIT ¶1: "to use, copy, modify, merge, publish,
    # distribute, sublicense, and/or sell copies of the Software")
    assert body.startswith("Grants using, copying, modifying, distributing, sublicensing")
    assert "Cites **¶1**" in body
    # the license's own words around the quote, the quote in bold (texts/MIT.txt)
    assert "In the text:" in body and "**to deal in the Software without restriction" in body
    assert "Permission is hereby granted" in body


async def test_hover_on_a_name_shows_its_gloss(client):
    uri = "file:///tmp/liclogic-lsp/gloss.lic"
    await _open(client, uri, MIT.read_text())
    text = MIT.read_text().split("\n")
    line = next(n for n, t in enumerate(text) if t.startswith("  require notice"))
    h = await client.text_document_hover_async(lsp.HoverParams(
        _id(uri), lsp.Position(line, text[line].index("notice") + 2)))
    assert h.contents.value.startswith("duty `notice`")
    assert h.range.start.character == text[line].index("notice")


async def test_completion_lists_what_the_place_takes(client):
    uri = "file:///tmp/liclogic-lsp/complete.lic"
    text = 'license "LicenseRef-C" {\n  kind software\n  based_on "\n  permit \n  require \n'
    await _open(client, uri, text)  # it does not parse: completion works from the text

    async def labels(line: int, col: int) -> list[str]:
        r = await client.text_document_completion_async(lsp.CompletionParams(
            _id(uri), lsp.Position(line, col)))
        return [i.label for i in r.items]

    assert {"MIT", "GPL-3.0-only", "LicenseRef-Kimi-K2-Modified-MIT"} <= set(await labels(2, 12))
    assert {"any", "use", "distribute", "fine_tune"} - {"fine_tune"} <= set(await labels(3, 9))
    assert {"notice", "license_copy", "same_license"} <= set(await labels(4, 10))
    assert {"permit", "forbid", "require", "expect", "kind"} <= set(await labels(5, 2))


async def test_completion_of_values_after_a_field(client):
    uri = "file:///tmp/liclogic-lsp/values.lic"
    text = 'license "LicenseRef-V" {\n  kind software\n  permit use when purpose == \n}\n'
    await _open(client, uri, text)
    r = await client.text_document_completion_async(lsp.CompletionParams(
        _id(uri), lsp.Position(2, 29)))
    assert {"research", "military", "medical"} <= {i.label for i in r.items}


async def test_definition_goes_to_the_parent_license_and_the_vocabulary(client):
    uri = KIMI.as_uri()
    text = KIMI.read_text()
    await _open(client, uri, text)
    lines = text.split("\n")
    n = next(i for i, t in enumerate(lines) if "based_on" in t)
    loc = await client.text_document_definition_async(lsp.DefinitionParams(
        _id(uri), lsp.Position(n, lines[n].index("MIT") + 1)))
    assert loc.uri == MIT.resolve().as_uri()
    assert MIT.read_text().split("\n")[loc.range.start.line].startswith('license "MIT"')
    n = next(i for i, t in enumerate(lines) if "require display" in t)
    loc = await client.text_document_definition_async(lsp.DefinitionParams(
        _id(uri), lsp.Position(n, lines[n].index("display") + 1)))
    assert loc.uri.endswith("/prelude.lic")


async def test_formatting_is_fmt(client):
    uri = "file:///tmp/liclogic-lsp/fmt.lic"
    text = 'license "LicenseRef-F" {   kind software\npermit use    cite "§1" "x" }\n'
    await _open(client, uri, text)
    edits = await client.text_document_formatting_async(lsp.DocumentFormattingParams(
        _id(uri), lsp.FormattingOptions(tab_size=2, insert_spaces=True)))
    assert len(edits) == 1 and edits[0].new_text == format_file(parse_text(text))


async def test_document_symbols_one_per_clause(client):
    uri = "file:///tmp/liclogic-lsp/symbols.lic"
    await _open(client, uri, MIT.read_text())
    syms = await client.text_document_document_symbol_async(lsp.DocumentSymbolParams(_id(uri)))
    assert [s.name for s in syms] == ["MIT"]
    tree = parse_text(MIT.read_text())
    lic = tree.items[0]
    assert len(syms[0].children) == len(lic.clauses) + len(lic.expectations)
    assert syms[0].children[0].name.startswith("permit use, reproduce")



async def test_lint_findings_follow_the_errors(client):
    """The solver's findings (here L001: a condition that never holds) come after the parse
    and type errors, once typing pauses."""
    uri = "file:///tmp/liclogic-lsp/lint.lic"
    text = ('license "LicenseRef-L" {\n  kind software\n  permit use\n'
            '    when licensee.monthly_active_users > 5 and licensee.monthly_active_users < 3\n'
            '    cite "§1" "x"\n}\n')
    assert await _open(client, uri, text) == []  # it checks: no error
    found = await _published(client, uri)
    assert [d.code for d in found] == ["L001"]
    assert found[0].severity == lsp.DiagnosticSeverity.Warning and found[0].range.start.line == 2


async def test_lints_of_several_documents_run_in_turn(client):
    """Documents opened together are linted together once typing pauses; Z3's context is not
    thread-safe, so the server must still be alive and answer each of them."""
    uris = [f"file:///tmp/liclogic-lsp/turn{i}.lic" for i in range(4)]
    for i, uri in enumerate(uris):
        text = (f'license "LicenseRef-T{i}" {{\n  kind software\n  permit use\n'
                f'    when licensee.monthly_active_users > {i + 5} and '
                f'licensee.monthly_active_users < 3\n    cite "§1" "x"\n}}\n')
        assert await _open(client, uri, text) == []
    linted: dict[str, list[str | int | None]] = {}
    while len(linted) < len(uris):
        params = await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if params.uri in uris:
            linted[params.uri] = [d.code for d in params.diagnostics]
    assert linted == {uri: ["L001"] for uri in uris}


async def test_a_document_past_the_spec_bound_is_refused(client):
    uri = "file:///tmp/liclogic-lsp/huge.lic"
    diags = await _open(client, uri, "# " + "x" * (4 << 20) + "\n")
    assert len(diags) == 1 and "larger than" in diags[0].message
