"""The language server's latency over the protocol, as an editor sees it.

    python benchmarks/lsp.py [--edits N] [--out BENCHMARKS.md]

Starts ``liclogic lsp`` as a process and drives it over stdio with pygls's client. The
document: a 500-line spec file (bundled model licenses under new ids, one after another).
An edit is a ``didChange`` with the whole text (one character changed; every third edit
introduces a misspelt act and the next one removes it); its latency is the time until the
``publishDiagnostics`` of that version arrives. Hover (on a clause, with the license's text
looked up, and on a vocabulary name) and completion (acts after ``permit``, license ids in a
``based_on`` string) are timed as request → response. Writes benchmarks/lsp.json and the
"Language server" section of BENCHMARKS.md (benchmarks/run.py includes it too).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Language server"


def document(lines: int = 500) -> str:
    """Whole bundled model specs until the next would pass ``lines`` lines, then comment lines
    up to exactly ``lines``. The first keeps its id (Llama 3.1: its text is bundled, so a
    hover on its clauses looks the quote up); the others get new ids and no aliases."""
    import re

    first = ROOT / "specs" / "models" / "Llama-3.1.lic"
    sources = [first, *sorted(p for p in (ROOT / "specs" / "models").glob("*.lic")
                              if p != first and "vocabulary" not in p.name)]
    parts: list[str] = []
    total, n = 0, 0
    while True:
        src = sources[n % len(sources)].read_text()
        if n:
            src = re.sub(r'license "[^"]+"', f'license "LicenseRef-Bench-{n}"', src, count=1)
            src = re.sub(r"\n  aliases [^\n]*", "", src)
            if "based_on" not in src:
                src = src.replace("\n  kind model", '\n  kind model\n  based_on "MIT"', 1)
        n += 1
        if total + src.count("\n") > lines - 1:
            break
        parts.append(src)
        total += src.count("\n")
    pad = "".join(f"# padding line {k}\n" for k in range(lines - 1 - total))
    return "".join(parts) + pad


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


async def measure(edits: int, requests: int) -> dict:
    from lsprotocol import types as lsp
    from pygls.lsp.client import LanguageClient

    client = LanguageClient("liclogic-bench", "1")
    published: dict[int, float] = {}
    waiting: dict[int, asyncio.Future] = {}

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: lsp.PublishDiagnosticsParams) -> None:
        v = params.version or 0
        published[v] = time.perf_counter()
        if v in waiting and not waiting[v].done():
            waiting[v].set_result(len(params.diagnostics))

    await client.start_io(sys.executable, "-m", "liclogic", "lsp")
    await client.initialize_async(lsp.InitializeParams(capabilities=lsp.ClientCapabilities()))
    client.initialized(lsp.InitializedParams())
    uri = (Path("/tmp") / "liclogic-bench-500.lic").as_uri()
    text = document()
    doc_id = lsp.TextDocumentIdentifier(uri=uri)

    async def publish(version: int, send) -> tuple[float, int]:
        waiting[version] = asyncio.get_running_loop().create_future()
        start = time.perf_counter()
        send()
        n = await waiting[version]
        return published[version] - start, n

    t_open, _ = await publish(1, lambda: client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri, "liclogic", 1, text))))
    lines = text.split("\n")
    permit_line = next(i for i, t in enumerate(lines) if t.startswith("  permit "))
    edit_times, errors_seen = [], 0
    current = text
    for k in range(edits):
        version = k + 2
        broken = k % 3 == 0
        new_lines = list(lines)
        new_lines[permit_line] = lines[permit_line].replace("permit ", "permit sel, " if broken
                                                            else "permit ", 1)
        new_lines[0] = lines[0] + f" edit {k}"  # the header comment: text changes every time
        current = "\n".join(new_lines)
        elapsed, n = await publish(version, lambda v=version, c=current: (
            client.text_document_did_change(lsp.DidChangeTextDocumentParams(
                lsp.VersionedTextDocumentIdentifier(uri=uri, version=v),
                [lsp.TextDocumentContentChangeWholeDocument(text=c)]))))
        edit_times.append(elapsed)
        errors_seen += bool(n)
    clause_line = next(i for i, t in enumerate(lines) if t.startswith("  require "))
    name_line = permit_line

    async def timed(coro_fn) -> float:
        start = time.perf_counter()
        await coro_fn()
        return time.perf_counter() - start

    hover_clause, hover_name, complete_acts, complete_ids = [], [], [], []
    based_on_line = next((i for i, t in enumerate(lines) if "based_on" in t), None)
    for _ in range(requests):
        hover_clause.append(await timed(lambda: client.text_document_hover_async(
            lsp.HoverParams(doc_id, lsp.Position(clause_line, 3)))))
        hover_name.append(await timed(lambda: client.text_document_hover_async(
            lsp.HoverParams(doc_id, lsp.Position(name_line, 10)))))
        complete_acts.append(await timed(lambda: client.text_document_completion_async(
            lsp.CompletionParams(doc_id, lsp.Position(permit_line, 9)))))
        if based_on_line is not None:
            col = lines[based_on_line].index('"') + 1
            complete_ids.append(await timed(lambda c=col: client.text_document_completion_async(
                lsp.CompletionParams(doc_id, lsp.Position(based_on_line, c)))))
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()

    def stats(xs: list[float]) -> dict:
        ms = [x * 1000 for x in xs]
        return {"median_ms": statistics.median(ms), "p95_ms": _pct(ms, 0.95),
                "max_ms": max(ms), "n": len(ms)}

    return {"lines": text.count("\n") + 1, "licenses": text.count('license "'),
            "open_ms": t_open * 1000, "edit": stats(edit_times),
            "edits_with_errors": errors_seen, "hover_clause": stats(hover_clause),
            "hover_name": stats(hover_name), "complete_acts": stats(complete_acts),
            "complete_ids": stats(complete_ids) if complete_ids else None}


def lsp_figures(edits: int = 60, requests: int = 40) -> dict:
    return asyncio.run(measure(edits, requests))


def section(r: dict, command: str) -> list[str]:
    def row(name: str, s: dict | None, bound: str) -> str:
        if s is None:
            return f"| {name} | – | – | – | {bound} |"
        return (f"| {name} | {s['median_ms']:.1f} ms | {s['p95_ms']:.1f} ms | "
                f"{s['max_ms']:.1f} ms | {bound} |")

    return [SECTION, "",
            f"`liclogic lsp` driven over stdio by pygls's client (`{command}`): a "
            f"{r['lines']}-line spec file ({r['licenses']} licenses), opened "
            f"({r['open_ms']:.0f} ms to the first diagnostics, the bundled library read at "
            f"`initialized`), then {r['edit']['n']} edits, each a `didChange` of the whole "
            f"text timed until its `publishDiagnostics` arrives (parse and type check; "
            f"{r['edits_with_errors']} of them carried an error); hover and completion "
            f"{r['hover_clause']['n']} times each, request to response.", "",
            "| request | median | p95 | max | target |", "|---|---|---|---|---|",
            row("edit → diagnostics", r["edit"], "300 ms"),
            row("hover on a clause (text looked up)", r["hover_clause"], "100 ms"),
            row("hover on a vocabulary name", r["hover_name"], "100 ms"),
            row("completion: acts after `permit`", r["complete_acts"], "100 ms"),
            row("completion: license ids in `based_on \"…\"`", r["complete_ids"], "100 ms"),
            ""]


def write_section(path: Path, lines: list[str]) -> None:
    """Replace (or add, before "Guards in CI") the section in BENCHMARKS.md."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    body = "\n".join(lines)
    if SECTION in text:
        head, rest = text.split(SECTION, 1)
        nxt = rest.find("\n## ")
        text = head + body + ("\n" + rest[nxt + 1:] if nxt >= 0 else "\n")
    elif "## Guards in CI" in text:
        text = text.replace("## Guards in CI", body + "\n## Guards in CI", 1)
    else:
        text = text.rstrip("\n") + "\n\n" + body + "\n"
    path.write_text(text, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--edits", type=int, default=60)
    ap.add_argument("--requests", type=int, default=40)
    ap.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    args = ap.parse_args()
    r = lsp_figures(args.edits, args.requests)
    (ROOT / "benchmarks" / "lsp.json").write_text(json.dumps(r, indent=1) + "\n")
    write_section(args.out, section(r, "python benchmarks/lsp.py"))
    print(json.dumps(r, indent=1))


if __name__ == "__main__":
    main()
