"""Human output: results rendered for a terminal with rich. Plain English first, then detail."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from liclogic.engine.result import Because, CheckResult, Verdict, Witness, value_text
from liclogic.lang.clause_kinds import CLAUSE_KINDS

STYLE = {"yes": "bold green", "no": "bold red", "depends": "bold yellow",
         "unknown": "bold magenta"}


def verdict_text(v: Verdict | str) -> Text:
    v = str(v)
    return Text(v.upper(), style=STYLE.get(v, "bold"))


def say(console: Console, markup: str | Text, indent: int = 0, hang: int | None = None
        ) -> None:
    """Print ``markup`` wrapped at spaces to the console's width, never inside an id or a
    ``key=value``, its first line indented by ``indent`` and the lines after it by ``hang``
    (default: the same), so a wrapped quote or scenario stays under its own heading."""
    text = Text.from_markup(markup) if isinstance(markup, str) else markup
    hang = indent if hang is None else hang
    lines = text.wrap(console, max(console.width - max(indent, hang), 20), overflow="fold")
    for i, line in enumerate(lines):
        line.rstrip()
        console.print(Text(" " * (indent if i == 0 else hang)) + line, soft_wrap=True)


def _scenario(d: dict[str, Any]) -> str:
    return "  ".join(f"{k}={value_text(v)}" for k, v in d.items())


def render_because(console: Console, items: list[Because], title: str = "Because") -> None:
    if not items:
        return
    console.print(f"\n[bold]{title}[/]")
    for b in items:
        role = f"  [dim]({escape(b.role)})[/]" if b.role else ""
        say(console, f"[cyan]{escape(b.license)} {escape(b.cite)}[/]{role}  "
                     f"[dim]{escape(b.at)}[/]", 2, 4)
        say(console, escape(b.clause), 4, 6)
        if b.quote:
            say(console, f"[italic]“{escape(b.quote)}”[/]", 4, 5)


def render_witnesses(console: Console, items: list[Witness]) -> None:
    if not items:
        return
    console.print("\n[bold]Witnesses[/] [dim](replayed through the reference evaluator)[/]")
    for w in items:
        readings = ("  [dim]readings: " + ", ".join(f"{k}={'on' if v else 'off'}"
                                                     for k, v in w.readings.items()) + "[/]"
                    if w.readings else "")
        say(console, f"{escape(w.label)}: {escape(_scenario(w.scenario))}{readings}", 2,
            len(w.label) + 4)
        if w.pair is not None:
            say(console, f"vs {escape(_scenario(w.pair))}", len(w.label) + 4,
                len(w.label) + 7)


def render_readings(console: Console, result: CheckResult) -> None:
    shown = {n: i for n, i in result.readings.items() if i.assumed is not None or i.decisive}
    if not shown:
        if result.readings:
            console.print()
            say(console, f"[dim]No reading changes this verdict "
                         f"({', '.join(result.readings)}).[/]")
        return
    console.print("\n[bold]Readings[/]")
    for name, info in shown.items():
        if info.assumed is not None:
            state = f"assumed {'on' if info.assumed else 'off'}"
        else:
            state = (f"[yellow]decisive[/]: {info.verdicts['on'].value} if on, "
                     f"{info.verdicts['off'].value} if off")
        say(console, f"{name}: {state}" + (f"  [dim]{escape(info.doc)}[/]" if info.doc else ""),
            2, 4)


def render_result(console: Console, result: CheckResult) -> None:
    head = {
        "compat": lambda: f"{result.subject['inbound']} → {result.subject['outbound']}",
        "osd": lambda: f"Open Source Definition: {result.subject['license']}",
        "combine": lambda: "combine " + " + ".join(result.subject["licenses"]),
        "diff": lambda: "diff " + " vs ".join(result.subject["licenses"]),
    }.get(result.check, lambda: result.check)()
    line = Text(head + ": ", style="bold")
    line.append(verdict_text(result.verdict))
    console.print(line)
    for w in result.warnings:
        console.print(f"[yellow]warning:[/] {escape(w)}")
    if result.check == "diff" and result.extra["differences"]:
        for d in result.extra["differences"]:
            say(console, f"- {escape(d['summary'])}", 2, 4)
    else:
        say(console, escape(result.summary))
    if result.check == "osd":
        _render_criteria(console, result)
    if result.check == "combine":
        _render_combine(console, result)
    render_because(console, result.because)
    render_witnesses(console, result.witnesses)
    render_readings(console, result)
    if result.context:
        ctx = "  ".join(f"{k}={'|'.join(map(str, v)) if isinstance(v, list) else v}"
                        for k, v in result.context.items())
        console.print()
        say(console, f"[dim]Context: {escape(ctx)}[/]", 0, 9)


def _render_criteria(console: Console, result: CheckResult) -> None:
    table = Table(show_header=True, header_style="bold", expand=False)
    table.add_column("#", justify="right")
    table.add_column("criterion")
    table.add_column("verdict")
    table.add_column("why", overflow="fold")
    for c in result.extra["criteria"]:
        table.add_row(str(c["number"]), c["title"], verdict_text(c["verdict"]),
                      escape(c["summary"]))
    console.print(table)


def _render_combine(console: Console, result: CheckResult) -> None:
    works = result.extra.get("outbound") or []
    if works:
        console.print("\n[bold]Outbound licenses that work[/] (least restrictive first)")
        console.print("  " + escape(", ".join(works)))
    duties = result.extra.get("duties") or []
    if duties:
        console.print("\n[bold]Duties of the combination[/]")
        for d in duties:
            console.print(f"  - {escape(d)}")


def render_matrix(console: Console, ids: list[str], table: dict[str, dict[str, str]]) -> None:
    """A grid with the ids as column headings when it fits the terminal, else one line per
    inbound license listing its outbound licenses by verdict."""
    mark = {"yes": "[green]yes[/]", "no": "[red]no[/]", "depends": "[yellow]dep[/]",
            "unknown": "[magenta]?[/]"}
    label = max(len(a) for a in ids) + 2
    widths = [max(len(b), 3) for b in ids]
    if label + sum(w + 1 for w in widths) <= console.width:
        console.print(" " * label + " ".join(escape(b).ljust(w)
                                             for b, w in zip(ids, widths, strict=True)).rstrip())
        for a in ids:
            cells = " ".join(mark.get(table[a][b], "?") + " " * (w - _width(table[a][b]))
                             for b, w in zip(ids, widths, strict=True))
            console.print(f"[bold]{escape(a):<{label}}[/]{cells.rstrip()}")
        say(console, "[dim]rows: inbound; columns: outbound (can the row's work go into a work "
                     "under the column's license?); dep: depends[/]")
        return
    for a in ids:
        parts = [f"[bold]{escape(a)}[/] →"]
        for verdict, word in (("yes", "[green]yes[/]"), ("depends", "[yellow]depends[/]"),
                              ("unknown", "[magenta]unknown[/]")):
            outs = [b for b in ids if table[a][b] == verdict]
            if outs:
                parts.append(f"{word}: {escape(', '.join(outs))};")
        say(console, " ".join(parts).rstrip(";"), 0, 4)
    console.print("[dim](every outbound license not listed: no)[/]")


def _width(verdict: str) -> int:
    return {"yes": 3, "no": 2, "depends": 3, "unknown": 1}.get(verdict, 1)


def _id_column(table: Table, title: str, ids: list[str]) -> None:
    """A column of license ids, as wide as the longest: an id is never split."""
    table.add_column(title, no_wrap=True, min_width=max((len(i) for i in ids), default=0))


def render_osd_rows(console: Console, rows: list[dict[str, Any]]) -> None:
    colour = {"yes": "green", "no": "red", "depends": "yellow", "unknown": "magenta"}
    table = Table(show_header=True, header_style="bold")
    _id_column(table, "license", [r["license"] for r in rows])
    for col in ("open source", "criteria not met", "decided by the reading"):
        table.add_column(col)
    for r in rows:
        v = r["verdict"]
        table.add_row(escape(r["license"]), f"[{colour[v]}]{v}[/]",
                      ", ".join(f"{n} ({x})" for n, x in r["criteria"].items()) or "—",
                      escape(", ".join(r["readings"])) or "—")
    console.print(table)
    counts = {v: sum(r["verdict"] == v for r in rows) for v in colour}
    console.print("[dim]" + f"{len(rows)} licenses: " + ", ".join(
        f"{n} {v}" for v, n in counts.items() if n) + "[/]")


def render_list(console: Console, rows: list[dict[str, Any]]) -> None:
    """One license a line (id, name, kind), its aliases below: no id is ever split, whatever
    the terminal's width."""
    for r in rows:
        say(console, f"[bold]{escape(r['id'])}[/]  {escape(r['name'])}  [dim]({r['kind']})[/]",
            0, 4)
        if r["aliases"]:
            say(console, f"[dim]aliases:[/] {escape(', '.join(r['aliases']))}", 4, 13)
    console.print(f"[dim]{len(rows)} licenses[/]")


def render_show(console: Console, info: dict[str, Any]) -> None:
    console.print(f"[bold]{escape(info['id'])}[/] — {escape(info['name'])}  "
                  f"[dim]({info['kind']})[/]")
    for key in ("version", "url", "based_on", "path"):
        if info.get(key):
            console.print(f"  {key}: {escape(str(info[key]))}")
    if info["aliases"]:
        console.print(f"  aliases: {escape(', '.join(info['aliases']))}")
    for kind in CLAUSE_KINDS:
        items = info["clauses"].get(kind.section) or []
        if not items:
            continue
        console.print(f"\n[bold]{kind.title}[/]")
        for c in items:
            off = ("  [dim](ruled out by the readings assumed)[/]"
                   if c.get("applies") is False else "")
            console.print(f"  {escape(c['clause'])}{off}")
            quote = f" “{escape(c['quote'])}”" if c.get("quote") else ""
            console.print(f"    [cyan]{escape(c['cite'])}[/][italic]{quote}[/] "
                          f"[dim]{escape(c['at'])}[/]")
    if info["readings"]:
        console.print(f"\n[bold]Readings it touches[/]: {escape(', '.join(info['readings']))}")
