"""Human output: results rendered for a terminal with rich. Plain English first, then detail."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from liclogic.engine.result import Because, CheckResult, Verdict, Witness, value_text

STYLE = {"yes": "bold green", "no": "bold red", "depends": "bold yellow",
         "unknown": "bold magenta"}


def verdict_text(v: Verdict | str) -> Text:
    v = str(v)
    return Text(v.upper(), style=STYLE.get(v, "bold"))


def _scenario(d: dict[str, Any]) -> str:
    return "  ".join(f"{k}={value_text(v)}" for k, v in d.items())


def _name(names: dict[str, str], lid: str) -> str:
    return names.get(lid, lid)


def render_because(console: Console, items: list[Because], title: str = "Because",
                   names: dict[str, str] | None = None, verbose: bool = False) -> None:
    """The clauses an answer rests on: citation, what the clause does here, its quote; the
    DSL and the spec's file:line with ``verbose``."""
    if not items:
        return
    names = names or {}
    console.print(f"\n[bold]{title}[/]")
    for b in items:
        role = f" — {escape(b.role)}" if b.role else ""
        at = f"  [dim]{escape(b.at)}[/]" if verbose else ""
        console.print(f"  [cyan]{escape(_name(names, b.license))} {escape(b.cite)}[/]{role}{at}")
        if verbose:
            console.print(f"    [dim]{escape(b.clause)}[/]")
        if b.quote:
            console.print(f"    [italic]“{escape(b.quote)}”[/]")


WITNESS_WORDS = {"yes": "holds", "no": "fails", "recipient": "a recipient could",
                 "pair": "pair", "violation": "violation"}


def _witness_label(label: str) -> str:
    head, _, rest = label.partition(" ")
    return WITNESS_WORDS.get(head, head) + (f" {rest}" if rest else "")


def render_witnesses(console: Console, items: list[Witness], verbose: bool = False) -> None:
    if not items:
        return
    console.print("\n[bold]Evidence[/] [dim](scenarios replayed through the reference "
                  "evaluator)[/]")
    for w in items:
        readings = ("  [dim]readings: " + ", ".join(f"{k}={'on' if v else 'off'}"
                                                     for k, v in w.readings.items()) + "[/]"
                    if w.readings and verbose else "")
        label = w.label if verbose else _witness_label(w.label)
        if w.text and not verbose:
            console.print(f"  {escape(label)}: {escape(w.text)}")
            continue
        console.print(f"  {escape(label)}: {escape(_scenario(w.scenario))}{readings}")
        if w.pair is not None:
            console.print(f"  {' ' * len(label)}  vs {escape(_scenario(w.pair))}")


def render_readings(console: Console, result: CheckResult, verbose: bool = False) -> None:
    def name(n: str, info: Any) -> str:
        return n if verbose or not info.label else f"that {info.label}"

    shown = {n: i for n, i in result.readings.items() if i.assumed is not None or i.decisive}
    if not shown:
        if result.readings and verbose:
            console.print(f"\n[dim]No reading changes this verdict "
                          f"({', '.join(result.readings)}).[/]")
        elif result.readings:
            console.print("\n[dim]No contested reading changes this verdict.[/]")
        return
    console.print("\n[bold]Readings[/]")
    for n, info in shown.items():
        if info.assumed is not None:
            state = f"assumed {'on' if info.assumed else 'off'}"
        else:
            state = (f"[yellow]decides it[/]: {info.verdicts['on'].value} with it, "
                     f"{info.verdicts['off'].value} without")
        doc = f"  [dim]{escape(info.doc)}[/]" if info.doc and verbose else ""
        console.print(f"  {escape(name(n, info))}: {state}{doc}")


def render_duties(console: Console, items: list[dict[str, Any]], names: dict[str, str],
                  verbose: bool = False) -> None:
    """A yes's checklist: each duty in plain words, when it applies, and its citations."""
    if not items:
        return
    console.print("\n[bold]What you must do[/]")
    for d in items:
        when = f" — {escape(d['when'])}" if d.get("when") else ""
        cites = ", ".join(dict.fromkeys(f"{_name(names, c['license'])} {c['cite']}"
                                        for c in d.get("because", [])))
        console.print(f"  - {escape(d['text'])}{when}  [cyan]({escape(cites)})[/]")
        if verbose:
            console.print(f"    [dim]{escape(d['duty'])}[/]")
        quotes = [c["quote"] for c in d.get("because", []) if c.get("quote")]
        if quotes:
            console.print(f"    [italic]“{escape(quotes[0])}”[/]")


def render_result(console: Console, result: CheckResult, verbose: bool = False) -> None:
    head = {
        "compat": lambda: f"{result.subject['inbound']} → {result.subject['outbound']}",
        "osd": lambda: f"Open Source Definition: {result.subject['license']}",
        "combine": lambda: "combine " + " + ".join(result.subject["licenses"]),
        "diff": lambda: "diff " + " vs ".join(result.subject["licenses"]),
    }.get(result.check, lambda: result.check)()
    names = result.extra.get("names") or {}
    line = Text(head + ": ", style="bold")
    line.append(verdict_text(result.verdict))
    console.print(line)
    for w in result.warnings:
        console.print(f"[yellow]warning:[/] {escape(w)}")
    if result.check == "diff":
        for d in result.extra["differences"]:
            console.print(f"  - {escape(d['summary'])}")
    else:
        console.print(escape(result.extra.get("headline") or result.summary))
        also = result.extra.get("also") or []
        if also:
            console.print("\n[bold]Also[/]")
            for text in also[:8]:
                console.print(f"  - {escape(text[:1].upper() + text[1:])}")
            if len(also) > 8:
                console.print(f"  [dim]… and {len(also) - 8} more (--json lists every one)[/]")
    if result.check == "osd":
        _render_criteria(console, result)
    if result.check == "combine":
        _render_combine(console, result)
    render_duties(console, result.extra.get("duties") or [], names, verbose)
    render_because(console, result.because, names=names, verbose=verbose)
    if verbose or not result.extra.get("evidence_inline"):
        render_witnesses(console, result.witnesses, verbose)
    render_readings(console, result, verbose)
    if result.extra.get("asked") and not verbose:
        console.print(f"\n[dim]Asked about: {escape(result.extra['asked'])}[/]")
    elif result.context:
        ctx = "  ".join(f"{k}={'|'.join(map(str, v)) if isinstance(v, list) else v}"
                        for k, v in result.context.items())
        console.print(f"\n[dim]Context: {escape(ctx)}[/]")


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


def render_matrix(console: Console, ids: list[str], table: dict[str, dict[str, str]]) -> None:
    mark = {"yes": "[green]Y[/]", "no": "[red]·[/]", "depends": "[yellow]D[/]",
            "unknown": "[magenta]?[/]"}
    label = max(len(a) for a in ids) + 5
    if label + 2 * len(ids) <= console.width:  # a grid when it fits, else one line per row
        console.print(" " * label + " ".join(f"{i % 10}" for i in range(1, len(ids) + 1)))
        for i, a in enumerate(ids, 1):
            cells = " ".join(mark.get(table[a][b], "?") for b in ids)
            console.print(f"{i:>3} {escape(a):<{label - 4}}{cells}")
        console.print("[dim]Y yes   · no   D depends   ? unknown  (row: inbound; columns in "
                      "the same order, numbered mod 10)[/]")
        return
    for a in ids:
        yes = [b for b in ids if table[a][b] == "yes"]
        dep = [b for b in ids if table[a][b] == "depends"]
        line = f"[bold]{escape(a)}[/] → [green]yes[/]: {escape(', '.join(yes)) or '—'}"
        if dep:
            line += f";  [yellow]depends[/]: {escape(', '.join(dep))}"
        console.print(line)
    console.print("[dim](every other outbound license: no)[/]")


def render_osd_rows(console: Console, rows: list[dict[str, Any]]) -> None:
    colour = {"yes": "green", "no": "red", "depends": "yellow", "unknown": "magenta"}
    table = Table(show_header=True, header_style="bold")
    for col in ("license", "open source", "criteria not met", "decided by the reading"):
        table.add_column(col, overflow="fold")
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
    table = Table(show_header=True, header_style="bold")
    for col in ("id", "name", "kind", "aliases"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r["id"], r["name"], r["kind"], ", ".join(r["aliases"]))
    console.print(table)
    console.print(f"[dim]{len(rows)} licenses[/]")


def _evidence(console: Console, items: list[dict[str, Any]], verbose: bool) -> None:
    for b in items:
        at = f" [dim]{escape(b['at'])}[/]" if verbose else ""
        quote = f" “{escape(b['quote'])}”" if b.get("quote") else ""
        note = f" [dim]({escape(b['open'])})[/]" if b.get("open") else ""
        console.print(f"      [cyan]{escape(b.get('name', b['license']))} {escape(b['cite'])}[/]"
                      f"[italic]{quote}[/]{note}{at}")
        if verbose:
            console.print(f"        [dim]{escape(b['clause'])}[/]")


def render_show(console: Console, info: dict[str, Any], verbose: bool = False) -> None:
    """What a license says, in words: each act on the work itself granted, forbidden, not
    granted or left alone, then its conditions, duties, reach and the terms that stay."""
    console.print(f"[bold]{escape(info['id'])}[/] — {escape(info['name'])}  "
                  f"[dim]({info['kind']})[/]")
    for key in ("version", "url", "based_on", "path"):
        if info.get(key):
            console.print(f"  {key}: {escape(str(info[key]))}")
    if info["aliases"]:
        console.print(f"  aliases: {escape(', '.join(info['aliases']))}")
    console.print("\n[bold]The work itself[/]")
    for g in info["statements"]:
        console.print(f"  {escape(g['words'])}: {escape(g['text'])}")
        _evidence(console, g["because"], verbose)
    for title, key in (("Conditions and other relations", "conditions"),
                       ("Duties", "duties"), ("Terms that stay with the work", "carries"),
                       ("May be relicensed", "relicensing"), ("Lifts", "waives")):
        items = info.get(key) or []
        if items:
            console.print(f"\n[bold]{title}[/]")
            for item in items:
                console.print(f"  - {escape(item['text'])}")
                _evidence(console, item["because"], verbose)
    reach = info["reach"]
    console.print("\n[bold]What it counts as made from the work (its reach)[/]")
    for item in reach["within"]:
        console.print(f"  within: {escape(item['text'])}")
        _evidence(console, item["because"], verbose)
    for item in reach["by_reading"]:
        console.print(f"  only under the reading that {escape(item['reading_text'])}: "
                      f"{escape(item['text'])} [dim](the text leaves it open)[/]")
    if reach["outside"]:
        outside = ", ".join(x["text"] for x in reach["outside"])
        console.print(f"  outside it: {escape(outside)} [dim](the license neither grants nor "
                      "withholds these: copyright law decides whether they need permission)[/]")
    for a in info.get("accepts") or []:
        console.print(f"\n[bold]Forbids further restrictions[/], except: {escape(a['text'])}")
        _evidence(console, a["because"], verbose)
    if info.get("disclaims"):
        console.print(f"\n[bold]Disclaims[/]: {escape(', '.join(info['disclaims']))}")
    if info["readings"]:
        names = info["readings"] if verbose else info.get("reading_labels", info["readings"])
        console.print(f"\n[bold]Contested readings it touches[/]: {escape('; '.join(names))}")
