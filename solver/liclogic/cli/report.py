"""Human output: results rendered for a terminal with rich. Plain English first, then detail."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Union

from liclogic.cli.report_plain import PlainConsole, escape

if TYPE_CHECKING:  # rich only where it renders: a compat answer printed plainly needs none
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

from liclogic.engine.result import Because, CheckResult, Verdict, Witness, value_text

AnyConsole = Union["Console", PlainConsole]  # what the compat renderers print on

STYLE = {"yes": "bold green", "no": "bold red", "depends": "bold yellow",
         "unknown": "bold magenta"}


def verdict_text(v: Verdict | str) -> Text:
    from rich.text import Text

    v = str(v)
    return Text(v.upper(), style=STYLE.get(v, "bold"))


def say(console: AnyConsole, markup: str | Text, indent: int = 0,
        hang: int | None = None) -> None:
    """Print ``markup`` wrapped at spaces to the console's width, never inside an id or a
    ``key=value``, its first line indented by ``indent`` and the lines after it by ``hang``
    (default: the same), so a wrapped quote or scenario stays under its own heading."""
    if isinstance(console, PlainConsole):
        if not isinstance(markup, str):
            raise TypeError("a plain console prints markup text, not rich Text")
        console.say(markup, indent, indent if hang is None else hang)
        return
    for line in said(console, markup, indent, hang):
        console.print(line, soft_wrap=True)


def said(console: Console, markup: str | Text, indent: int = 0, hang: int | None = None
         ) -> list[Text]:
    """The lines ``say`` prints, for a caller that prints many at once (a print costs rich
    ~0.3 ms; a scan of 100,000 components has 300,000 lines)."""
    from rich.text import Text

    text = Text.from_markup(markup) if isinstance(markup, str) else markup
    hang = indent if hang is None else hang
    lines = text.wrap(console, max(console.width - max(indent, hang), 20), overflow="fold")
    out = []
    for i, line in enumerate(lines):
        line.rstrip()
        out.append(Text(" " * (indent if i == 0 else hang)) + line)
    return out


def counted(n: int, noun: str) -> str:
    """``1 component``, ``2 components``."""
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _scenario(d: dict[str, Any]) -> str:
    return "  ".join(f"{k}={value_text(v)}" for k, v in d.items())


def _name(names: dict[str, str], lid: str) -> str:
    return names.get(lid, lid)


def render_because(console: AnyConsole, items: list[Because], title: str = "Because",
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
        say(console, f"[cyan]{escape(_name(names, b.license))} {escape(b.cite)}[/]{role}{at}",
            2, 4)
        if verbose:
            say(console, f"[dim]{escape(b.clause)}[/]", 4, 6)
        if b.quote:
            say(console, f"[italic]“{escape(b.quote)}”[/]", 4, 5)


WITNESS_WORDS = {"yes": "holds", "no": "fails", "recipient": "a recipient could",
                 "pair": "pair", "violation": "violation"}


def _witness_label(label: str) -> str:
    head, _, rest = label.partition(" ")
    return WITNESS_WORDS.get(head, head) + (f" {rest}" if rest else "")


def _hang(label: str) -> int:
    """Where a witness's wrapped lines start: under the text after a short label ("holds: "),
    four columns in after a long one ("holds (with the reading that …): "), which would
    otherwise leave the scenario a narrow column at the right edge."""
    return len(label) + 4 if len(label) <= 20 else 4


def render_witnesses(console: AnyConsole, items: list[Witness], verbose: bool = False) -> None:
    if not items:
        return
    console.print()
    say(console, "[bold]Evidence[/] [dim](scenarios replayed through the reference "
                  "evaluator)[/]")
    for w in items:
        readings = ("  [dim]readings: " + ", ".join(f"{k}={'on' if v else 'off'}"
                                                     for k, v in w.readings.items()) + "[/]"
                    if w.readings and verbose else "")
        label = w.label if verbose else _witness_label(w.label)
        hang = _hang(label)
        if w.text and not verbose:
            say(console, f"{escape(label)}: {escape(w.text)}", 2, hang)
            continue
        say(console, f"{escape(label)}: {escape(_scenario(w.scenario))}{readings}", 2, hang)
        if w.pair is not None:
            say(console, f"vs {escape(_scenario(w.pair))}", hang, hang + 3)


def render_readings(console: AnyConsole, result: CheckResult, verbose: bool = False) -> None:
    def name(n: str, info: Any) -> str:
        return n if verbose or not info.label else f"that {info.label}"

    shown = {n: i for n, i in result.readings.items() if i.assumed is not None or i.decisive}
    if not shown:
        if result.readings and verbose:
            console.print()
            say(console, f"[dim]No reading changes this verdict "
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
        say(console, f"{escape(name(n, info))}: {state}{doc}", 2, 4)


def render_duties(console: AnyConsole, items: list[dict[str, Any]], names: dict[str, str],
                  verbose: bool = False) -> None:
    """A yes's checklist: each duty in plain words, when it applies, and its citations."""
    if not items:
        return
    console.print("\n[bold]What you must do[/]")
    for d in items:
        when = f" — {escape(d['when'])}" if d.get("when") else ""
        cites = ", ".join(dict.fromkeys(f"{_name(names, c['license'])} {c['cite']}"
                                        for c in d.get("because", [])))
        say(console, f"- {escape(d['text'])}{when}  [cyan]({escape(cites)})[/]", 2, 4)
        if verbose:
            say(console, f"[dim]{escape(d['duty'])}[/]", 4)
        quotes = [c["quote"] for c in d.get("because", []) if c.get("quote")]
        if quotes:
            say(console, f"[italic]“{escape(quotes[0])}”[/]", 4, 5)


def render_result(console: AnyConsole, result: CheckResult, verbose: bool = False
                  ) -> None:
    """A result in text; on a ``PlainConsole`` (``report_plain``) a compat answer only."""
    head = {
        "compat": lambda: f"{result.subject['inbound']} → {result.subject['outbound']}",
        "osd": lambda: f"Open Source Definition: {result.subject['license']}",
        "combine": lambda: "combine " + " + ".join(result.subject["licenses"]),
        "diff": lambda: "diff " + " vs ".join(result.subject["licenses"]),
    }.get(result.check, lambda: result.check)()
    names = result.extra.get("names") or {}
    if isinstance(console, PlainConsole):
        console.print(f"{head}: {str(result.verdict).upper()}", plain=True)
    else:
        from rich.text import Text

        line = Text(head + ": ", style="bold")
        line.append(verdict_text(result.verdict))
        console.print(line)
    for w in result.warnings:
        console.print(f"[yellow]warning:[/] {escape(w)}")
    if result.check == "diff" and result.extra["differences"]:
        for d in result.extra["differences"]:
            say(console, f"- {escape(d['summary'])}", 2, 4)
    else:
        say(console, escape(result.extra.get("headline") or result.summary))
        also = result.extra.get("also") or []
        if also:
            console.print("\n[bold]Also[/]")
            for text in also[:8]:
                say(console, f"- {escape(text[:1].upper() + text[1:])}", 2, 4)
            if len(also) > 8:
                console.print(f"  [dim]… and {len(also) - 8} more (--json lists every one)[/]")
    if result.check in ("osd", "combine") and isinstance(console, PlainConsole):
        raise TypeError("a plain console renders a compat answer only")
    if result.check == "osd":
        _render_criteria(console, result)  # type: ignore[arg-type]
    if result.check == "combine":
        _render_combine(console, result)  # type: ignore[arg-type]
    render_duties(console, result.extra.get("duties") or [], names, verbose)
    render_because(console, result.because, names=names, verbose=verbose)
    if verbose or not result.extra.get("evidence_inline"):
        render_witnesses(console, result.witnesses, verbose)
    render_readings(console, result, verbose)
    if result.extra.get("asked") and not verbose:
        console.print()
        say(console, f"[dim]Asked about: {escape(result.extra['asked'])}[/]", 0, 4)
    elif result.context:
        ctx = "  ".join(f"{k}={'|'.join(map(str, v)) if isinstance(v, list) else v}"
                        for k, v in result.context.items())
        console.print()
        say(console, f"[dim]Context: {escape(ctx)}[/]", 0, 9)


def _render_criteria(console: Console, result: CheckResult) -> None:
    from rich.table import Table

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
    from rich.table import Table

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


def _evidence(console: Console, items: list[dict[str, Any]], verbose: bool) -> None:
    for b in items:
        at = f" [dim]{escape(b['at'])}[/]" if verbose else ""
        quote = f" “{escape(b['quote'])}”" if b.get("quote") else ""
        note = f" [dim]({escape(b['open'])})[/]" if b.get("open") else ""
        say(console, f"[cyan]{escape(b.get('name', b['license']))} {escape(b['cite'])}[/]"
                     f"[italic]{quote}[/]{note}{at}", 6, 8)
        if verbose:
            say(console, f"[dim]{escape(b['clause'])}[/]", 8)


def render_show(console: Console, info: dict[str, Any], verbose: bool = False) -> None:
    """What a license says, in words: each act on the work itself granted, forbidden, not
    granted or left alone, then its conditions, duties, reach and the terms that stay."""
    say(console, f"[bold]{escape(info['id'])}[/] — {escape(info['name'])}  "
                 f"[dim]({info['kind']})[/]", 0, 2)
    for key in ("version", "url", "based_on", "path"):
        if info.get(key):
            console.print(f"  {key}: {escape(str(info[key]))}")
    if info["aliases"]:
        console.print(f"  aliases: {escape(', '.join(info['aliases']))}")
    console.print("\n[bold]The work itself[/]")
    for g in info["statements"]:
        say(console, f"{escape(g['words'])}: {escape(g['text'])}", 2, 4)
        _evidence(console, g["because"], verbose)
    for title, key in (("Conditions and other relations", "conditions"),
                       ("Duties", "duties"), ("Terms that stay with the work", "carries"),
                       ("May be relicensed", "relicensing"), ("Lifts", "waives")):
        items = info.get(key) or []
        if items:
            console.print(f"\n[bold]{title}[/]")
            for item in items:
                say(console, f"- {escape(item['text'])}", 2, 4)
                _evidence(console, item["because"], verbose)
    reach = info["reach"]
    console.print("\n[bold]What it counts as made from the work (its reach)[/]")
    for item in reach["within"]:
        say(console, f"within: {escape(item['text'])}", 2, 4)
        _evidence(console, item["because"], verbose)
    for item in reach["by_reading"]:
        say(console, f"only under the reading that {escape(item['reading_text'])}: "
                     f"{escape(item['text'])} [dim](the text leaves it open)[/]", 2, 4)
    if reach["outside"]:
        outside = ", ".join(x["text"] for x in reach["outside"])
        say(console, f"outside it: {escape(outside)} [dim](the license neither grants nor "
                     "withholds these: copyright law decides whether they need permission)[/]",
            2, 4)
    ruled_out = [c for items in info["clauses"].values() for c in items
                 if c.get("applies") is False]
    if ruled_out:
        console.print("\n[bold]Ruled out by the readings assumed[/]")
        for c in ruled_out:
            say(console, f"- {escape(c['clause'])}  [cyan]{escape(c['cite'])}[/]", 2, 4)
    for a in info.get("accepts") or []:
        console.print(f"\n[bold]Forbids further restrictions[/], except: {escape(a['text'])}")
        _evidence(console, a["because"], verbose)
    if info.get("disclaims"):
        console.print(f"\n[bold]Disclaims[/]: {escape(', '.join(info['disclaims']))}")
    if info["readings"]:
        names = info["readings"] if verbose else info.get("reading_labels", info["readings"])
        console.print()
        say(console, f"[bold]Contested readings it touches[/]: {escape('; '.join(names))}", 0, 2)
