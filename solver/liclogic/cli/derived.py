"""Commands whose answers are properties of one license derived from its clauses:
``classify`` (its category and flags) and ``terms`` (the LiDetector term vector)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from liclogic.cli.answer import Answers, console, emit_json
from liclogic.cli.options import handles_errors, library_option
from liclogic.cli.output import output_formats
from liclogic.errors import LiclogicError

if TYPE_CHECKING:
    from liclogic.queries.classify import Answer, Cited, Classification


def _names(licenses: tuple[str, ...], every: bool, lib_ids: list[str]) -> list[str]:
    if every:
        return lib_ids
    if not licenses:
        raise LiclogicError("name at least one license, or give --all",
                            hint="e.g. liclogic classify MIT GPL-3.0-only")
    return list(licenses)


@click.command()
@click.argument("licenses", nargs=-1)
@click.option("--all", "every", is_flag=True, help="Classify every license of the library.")
@library_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--verbose", "-v", is_flag=True,
              help="Also every property asked, with its answer and the witness scenarios.")
@output_formats("text", "json", "csv", fail_on=False)
@handles_errors
def classify(licenses: tuple[str, ...], every: bool, specs: tuple[Path, ...], as_json: bool,
             verbose: bool) -> int:
    """The category of each license — public domain, permissive, weak (file- or library-level)
    copyleft, strong copyleft, network copyleft, source-available, non-commercial,
    use-restricted, proprietary-free, other — and its flags (patent grant, patent
    retaliation, attribution, advertising clause, name change, a duty alternative, threshold
    duties, choice of law), derived from its clauses through the solver, with the clauses
    that decide each.
    An exception is classified with the license it is written for."""
    from liclogic.queries.classify import classify as derive

    lib = Answers(specs).library()
    ids = sorted(i for i in lib.licenses if " WITH " not in i)
    results = [derive(lib, n) for n in _names(licenses, every, ids)]
    if as_json:
        emit_json({"check": "classify", "licenses": [r.to_json() for r in results]})
        return 0
    out = console()
    for r in results:
        _render(out, r, verbose)
    return 0


def _cite(c: Cited) -> str:
    where = f"{c.license} {c.section}" if c.section else c.license
    return f"{where} “{c.quote}”" if c.quote else where


def negated(says: str) -> str:
    """"grants copies" → "does not grant copies" (the properties' phrases start with a verb)."""
    verb, _, rest = says.partition(" ")
    if verb.endswith("ies"):
        verb = verb[:-3] + "y"
    elif verb.endswith(("ches", "shes")):
        verb = verb[:-2]
    elif verb.endswith("s"):
        verb = verb[:-1]
    return f"does not {verb} {rest}"


def _answer(a: Answer) -> list[str]:
    if a.holds is None:
        return [f"  - unknown whether it {a.says} (the solver gave up)"]
    lines = [f"  - it {a.says}" if a.holds else f"  - it {negated(a.says)}"]
    lines += list(dict.fromkeys(f"      {_cite(c)}" for c in a.clauses))
    if not a.clauses and not a.holds:
        lines.append("      (no clause grants or imposes it: the text is silent)")
    return lines


def _render(out: object, r: Classification, verbose: bool) -> None:
    from rich.console import Console
    from rich.markup import escape

    assert isinstance(out, Console)
    via = f" (as {r.via})" if r.via else ""
    out.print(f"[bold]{escape(r.license)}[/bold]{escape(via)}: "
              f"[bold]{r.category}[/bold] — {escape(r.rule)}")
    for a in r.reasons:
        for line in _answer(a):
            out.print(escape(line))
    if r.relicensed:
        step = r.relicensed
        out.print(escape(f"  - it lets a modified version go under {step.target}, combined with "
                         "the licensee's own code under it (the relicensing step that decides)"))
        where = f"{r.license} {step.section}" if step.section else r.license
        out.print(escape(f"      {where} “{step.quote}”" if step.quote else f"      {where}"))
    if r.flags:
        out.print("  flags: " + ", ".join(a.name.replace("_", " ") for a in r.flags))
        for a in r.flags:
            out.print(escape(f"    {a.name.replace('_', ' ')}: "
                             + ("; ".join(_cite(c) for c in a.clauses) or a.says)))
    if verbose:
        out.print("  every property asked")
        for a in r.answers.values():
            state = {True: "yes", False: "no", None: "unknown"}[a.holds]
            witness = f"  (e.g. {a.witness})" if a.witness else ""
            out.print(escape(f"    {a.name}: {state}{witness}"))
    out.print("")


@click.command()
@click.argument("license")
@library_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@output_formats("text", "json", fail_on=False)
@handles_errors
def terms(license: str, specs: tuple[Path, ...], as_json: bool) -> int:
    """LICENSE's 23-term attitude vector as LiDetector uses it (Distribute, Modify, Commercial
    Use, … Pay Above Use Threshold): each term permitted, prohibited, required or not
    mentioned (not modelled where liclogic has no notion of it), derived from the clauses
    through the solver, with the clause behind each value. --json adds LiDetector's codes
    (0 not mentioned, 1 can, 2 cannot, 3 must)."""
    from rich.markup import escape

    from liclogic.queries.terms import term_vector

    lid, values = term_vector(Answers(specs).library(), license)
    if as_json:
        emit_json({"license": lid, "vector": [v.code for v in values],
                   "terms": [v.to_json() for v in values]})
        return 0
    out = console()
    out.print(f"[bold]{escape(lid)}[/bold]: LiDetector's 23 terms")
    for v in values:
        cites = "; ".join(dict.fromkeys(f"{c.license} {c.section}" for c in v.clauses
                                        if c.section))
        detail = f"{v.says}" + (f" — {cites}" if cites else "") + (
            f" ({v.note})" if v.note and v.value in ("not modelled", "not mentioned") else "")
        out.print(escape(f"  {v.term:<29} {v.value:<14} {detail}"))
    return 0
