"""Terminal output for the real-input commands: scan, lineage and workflow."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from liclogic.cli.report import STYLE, counted, said, say, verdict_text

if TYPE_CHECKING:
    from liclogic.audit.lineage import LineageResult
    from liclogic.audit.scan import ScanResult
    from liclogic.audit.workflow_result import WorkflowResult

ORDER = {"no": 0, "unknown": 1, "depends": 2, "yes": 3}


def _cut(text: str, n: int = 160) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def render_scan(console: Console, r: ScanResult, problems_only: bool = False) -> None:
    inv = r.inventory
    head = Text(f"scan {inv.source} ({inv.format}) against {r.outbound}: ", style="bold")
    head.append(verdict_text(r.verdict))
    console.print(head)
    say(console, f"[dim]outbound from {escape(r.outbound_source)}; policy: "
                 f"{escape(r.policy)}[/]")
    entries = sorted(r.entries, key=lambda e: (ORDER[e.verdict.value], e.component.name))
    if problems_only:
        entries = [e for e in entries if e.verdict.value != "yes"]
    if console.width >= 150:
        table = Table(show_header=True, header_style="bold", expand=False)
        for col, kw in (("component", {"overflow": "fold", "ratio": 3}),
                        ("version", {"overflow": "fold"}),
                        ("declared", {"overflow": "fold", "ratio": 2}),
                        ("normalized", {"overflow": "fold", "ratio": 2}),
                        ("verdict", {}), ("why", {"overflow": "fold", "ratio": 4})):
            table.add_column(col, **kw)
        for e in entries:
            c = e.component
            verdict = verdict_text(e.verdict)
            if e.status != "ok":
                verdict.append(f"\n{e.status}", style="dim")
            table.add_row(escape(c.name), escape(c.version or ""),
                          escape(_cut(c.declared_text, 80) or "—"), escape(e.expression or "—"),
                          verdict, escape(_cut("; ".join(e.reasons))))
        if entries:
            console.print(table)
    else:  # one line per component, the reason indented below; printed at once (fast)
        lines = [line for e in entries for line in _status_lines(
            console, e.verdict.value, e.status,
            [(f"{e.component.label}  ", "bold"), (e.expression or "(no license)", ""),
             *_replaced(e.component.replaced), *_evidence(e.component.evidence)],
            e.reasons, 240)]
        if lines:
            console.print(Text("\n").join(lines), soft_wrap=True)
    counts = r.counts()
    console.print()
    say(console, f"[bold]{counted(len(r.entries), 'component')}[/], "
                 f"{counted(r.distinct_expressions, 'distinct license expression')}: "
                 f"{_tally(counts)} [dim]({counted(r.solver_calls, 'solver call')}, "
                 f"{r.seconds:.2f} s)[/]")
    st = r.statuses()
    detail = ", ".join(f"{v} {k}" for k, v in sorted(st.items()) if k != "ok")
    if detail:
        say(console, f"of which: {escape(detail)}", 2, 4)
    for title, found in (("[bold]Unrecognised license strings[/] (listed, not dropped; map "
                          "them in a policy file's licenses: section)", r.unrecognised()),
                         ("[bold]Licenses without a spec in the library[/]", r.no_spec())):
        if found:
            console.print()
            say(console, title)
            for raw, n in found.items():
                say(console, f"{n:>4} × {escape(raw)}", 2, 9)
    _notes(console, r.inventory.notes + r.notes)


def _status_line(console: Console, verdict: str, status: str, parts: list[tuple[str, str]],
                 reasons: list[str], width: int) -> None:
    """One entry of a scan or a lineage: the verdict, what it is about, its status when not ok,
    and its reasons (dim, cut to ``width``) below."""
    for line in _status_lines(console, verdict, status, parts, reasons, width):
        console.print(line, soft_wrap=True)


def _status_lines(console: Console, verdict: str, status: str, parts: list[tuple[str, str]],
                  reasons: list[str], width: int) -> list[Text]:
    line = Text()
    line.append(f"{verdict.upper():<8}", style=STYLE.get(verdict, ""))
    for text, style in parts:
        line.append(text, style=style)
    if status != "ok":
        line.append(f"  [{status}]", style="dim")
    out = said(console, line, 0, 8)
    if reasons:
        out += said(console, Text(_cut("; ".join(reasons), width), style="dim"), 8)
    return out


def _replaced(declared: list[str]) -> list[tuple[str, str]]:
    """A concluded license judged instead of the declared ones: say which were declared."""
    if not declared:
        return []
    return [(f"  (concluded; declared: {', '.join(dict.fromkeys(declared))})", "dim")]


def _evidence(found: list[str]) -> list[tuple[str, str]]:
    """Evidence (what an analysis found) that differs from the licenses judged: say it."""
    if not found:
        return []
    return [(f"  (evidence found: {', '.join(dict.fromkeys(found))})", "dim")]


def _tally(counts: dict[str, int]) -> str:
    return (f"[green]{counts['yes']} yes[/], [red]{counts['no']} no[/], "
            f"[yellow]{counts['depends']} depends[/], [magenta]{counts['unknown']} unknown[/]")


def render_lineage(console: Console, r: LineageResult) -> None:
    head = Text(f"lineage of {len(r.models)} models, {len(r.links)} links: ", style="bold")
    head.append(verdict_text(r.verdict))
    console.print(head)
    for link in sorted(r.links, key=lambda x: (ORDER[x.verdict.value], x.child)):
        _status_line(console, link.verdict.value, link.status, [
            (link.child, "bold"),
            (f" ({link.child_license or 'no license'}) ← {link.relation} ← ", ""),
            (link.parent, "bold"), (f" ({link.parent_license or '?'})", "")], link.reasons, 300)
    c = r.counts()
    console.print(f"\n{len(r.links)} links: {_tally(c)}")
    _notes(console, r.notes)


def render_workflow(console: Console, r: WorkflowResult) -> None:
    d = r.to_json()
    head = Text(f"workflow {d['workflow']}: release {d['release']['work']} "
                f"({d['release']['as']}, {d['release']['form']}"
                + (f", under {d['release']['license']}" if d['release'].get('license') else "")
                + "): ", style="bold")
    head.append(verdict_text(r.verdict))
    console.print(head)
    say(console, escape(d["summary"]))
    _section(console, "Violations", [
        f"[red]✗[/] {escape(v['text'])}" + _cites(v, d["names"]) for v in d["violations"]])
    _section(console, "Pending (the library cannot decide these)", [
        f"[magenta]?[/] {escape(p)}" for p in d["pending"]])
    _section(console, "Conditional (a reading decides)", [
        f"[yellow]~[/] {escape(v['text'])}" + _cites(v, d["names"])
        + (f"  [yellow](fails if {escape(_when(v['when'], d['readings']))})[/]"
           if v.get("when") else "")
        for v in d["conditional"]])
    _section(console, "Duties", [
        f"- {escape(x.get('text') or x['duty'])}  [dim]({escape(', '.join(x['because']))})[/]"
        + (f"  [yellow]if {escape(_when(x['when'], d['readings']))}[/]" if x.get("when") else "")
        for x in d["duties"]])
    lic = d["licenses"]
    if lic.get("possible") is not None:
        names = ", ".join(lic["possible"][:12]) + (
            f" and {len(lic['possible']) - 12} more" if len(lic["possible"]) > 12 else "")
        _section(console, "Licenses the released work may carry", [escape(names or "none")])
        if lic.get("depends"):
            say(console, f"[yellow]depending on readings:[/] "
                         f"{escape(', '.join(lic['depends'][:12]))}", 2, 4)
    _section(console, "Inputs and how they reach the release", [
        f"{escape(w['work'])} [dim]({escape(w['license'])})[/]: "
        f"{escape(w.get('relation_text') or w['relation'])}"
        f"  [dim]via {escape(' → '.join(f'“{x}”' for x in w['path']))}[/]" for w in d["inputs"]])
    # a reading can decide a finding without deciding the answer (other violations stand)
    decides = ("decides the answer" if d["verdict"] == "depends"
               else "decides the findings marked 'if' above")
    readings = [f"the reading that {v.get('label') or k}: "
                + (f"assumed {'on' if v['assumed'] else 'off'}"
                   if v["assumed"] is not None else decides)
                for k, v in d["readings"].items()]
    _section(console, "Readings", [escape(x) for x in readings])
    _notes(console, d["notes"])


def _notes(console: Console, notes: list[str]) -> None:
    for note in notes:
        say(console, f"[dim]note: {escape(note)}[/]", 0, 6)


def _when(when: dict[str, bool], labels: dict[str, Any] | None = None) -> str:
    def name(r: str) -> str:
        info = (labels or {}).get(r) or {}
        return f"the reading that {info['label']}" if info.get("label") else r

    return " and ".join(name(r) if v else f"not {name(r)}" for r, v in when.items())


def _cites(v: dict[str, Any], names: dict[str, str]) -> str:
    cites = list(dict.fromkeys(f"{names.get(b['license'], b['license'])} {b['cite']}"
                               for b in v.get("because", [])))[:4]
    return f"  [cyan]{escape('; '.join(cites))}[/]" if cites else ""


def _section(console: Console, title: str, lines: list[str]) -> None:
    if not lines:
        return
    console.print(f"\n[bold]{title}[/]")
    for line in lines:
        say(console, line, 2, 4)
