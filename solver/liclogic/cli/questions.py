"""The questions about licenses: ``compat``, ``combine``, ``osd``, ``diff`` and ``matrix``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from liclogic.cli.answer import Answers, console, emit_json, one_question
from liclogic.cli.exit_status import decided
from liclogic.cli.options import (
    ContextArgs,
    context_options,
    deadline,
    detail_options,
    handles_errors,
    kind_option,
    library_option,
    license_kind,
    output_options,
    reading_options,
    readings,
    solver_settings,
)
from liclogic.cli.output import output_formats, requested_format
from liclogic.cli.policy_answer import answer_with_policy, policy_option

if TYPE_CHECKING:
    from liclogic.lang.library import Library


@click.command()
@click.argument("inbound")
@click.argument("outbound")
@context_options
@click.option("--declared", multiple=True, metavar="KEY=VALUE",
              help="A declaration the inbound work's notice makes: secondary_license=LICENSE "
                   "(EPL-2.0 Exhibit A), incompatible_with_secondary (MPL-2.0 Exhibit B), "
                   "or_later, proxy (GPL §14); =none: the notice makes none. Repeatable.")
@policy_option
@library_option
@output_options
@output_formats("text", "json", "markdown")
@detail_options
@handles_errors
def compat(inbound: str, outbound: str, context: ContextArgs, declared: tuple[str, ...],
           policy: str | None, specs: tuple[Path, ...], as_json: bool, timeout_ms: int,
           verbose: bool) -> int:
    """Can a work under INBOUND be part of a work distributed under OUTBOUND?

    Licenses are SPDX ids or aliases (Hugging Face ids such as llama3.1 work too). Where the
    work's notice may make a declaration that decides it (EPL-2.0's Secondary License) and
    --declared leaves it open, the answer depends on it.
    """
    def compute(lib: Library) -> Any:
        from liclogic.queries.declarations import compat_declared, parse_declared

        return compat_declared(lib, inbound, outbound, parse_declared(declared),
                               context.build(lib), solver_settings(timeout_ms))

    question = ("compat", inbound, outbound, context.key(), declared, timeout_ms)
    with one_question():
        if policy:
            return answer_with_policy(Answers(specs), policy, [inbound], context.form,
                                      question, compute, as_json, verbose)
        # with nothing cached, only the specs the two licenses reach are parsed
        return Answers(specs, reaches=(inbound, outbound)).print(question, compute, as_json,
                                                                 verbose)


@click.command()
@click.argument("licenses", nargs=-1, required=True)
@context_options
@click.option("--relation-of", "relation_of", multiple=True, metavar="INPUT=REL",
              help="How one input is combined, overriding --relation for it: INPUT as "
                   "written among LICENSES, REL a relation (e.g. "
                   "LGPL-2.1-only=dynamic_link). Repeatable.")
@policy_option
@library_option
@output_options
@output_formats("text", "json", "markdown", "html")
@detail_options
@handles_errors
def combine(licenses: tuple[str, ...], context: ContextArgs, relation_of: tuple[str, ...],
            policy: str | None, specs: tuple[Path, ...], as_json: bool, timeout_ms: int,
            verbose: bool) -> int:
    """Can works under LICENSES be combined and distributed, and under which licenses?

    Each input is combined as --relation says (default: statically linked or modified);
    --relation-of gives one input its own relation, e.g. a library dynamically linked
    beside files copied in and modified.
    """
    from liclogic.queries.combine_relations import parse_relation_of

    per_input = parse_relation_of(relation_of)

    def compute(lib: Library) -> Any:
        from liclogic.queries.combine import combine as run

        return run(lib, list(licenses), context.build(lib), solver_settings(timeout_ms),
                   relation_of=per_input)

    question = ("combine", licenses, context.key(), tuple(sorted(per_input.items())),
                timeout_ms)
    if policy:
        return answer_with_policy(Answers(specs), policy, list(licenses), context.form,
                                  question, compute, as_json, verbose)
    return Answers(specs).print(question, compute, as_json, verbose)


@click.command()
@click.argument("licenses", nargs=-1, metavar="LICENSE...")
@click.option("--all", "every", is_flag=True,
              help="Every license of the library (exceptions aside), one line each.")
@reading_options
@library_option
@output_options
@output_formats("text", "json", "markdown", "csv")
@detail_options
@handles_errors
def osd(licenses: tuple[str, ...], every: bool, on: tuple[str, ...], off: tuple[str, ...],
        specs: tuple[Path, ...], as_json: bool, timeout_ms: int, verbose: bool) -> int:
    """Check LICENSE against the ten criteria of the Open Source Definition.

    With several licenses (or --all): one line each, the verdict, the criteria not met and
    the readings that decide it; the exit code is that of "are all of them open source?".
    """
    if not licenses and not every:
        raise click.UsageError("name a license (or several), or use --all")
    answers = Answers(specs)
    if len(licenses) == 1 and not every:
        license = licenses[0]

        def compute(lib: Library) -> Any:
            from liclogic.queries.osd_practice import osd_with_practice as run

            return run(lib, license, readings(lib, on, off), solver_settings(timeout_ms))

        return answers.print(("osd", license, on, off, timeout_ms), compute, as_json, verbose)

    def compute_many(lib: Library) -> Any:
        from liclogic.queries.osd import osd_rows
        from liclogic.queries.workers import default_jobs

        ids = list(licenses) or sorted(
            (i for i, m in lib.licenses.items() if m.kind != "exception"), key=str.lower)
        return osd_rows(lib, ids, readings(lib, on, off), solver_settings(timeout_ms),
                        jobs=default_jobs(), extra_specs=[str(p) for p in specs])

    rows = answers.answer(("osd-rows", licenses, every, on, off, timeout_ms), compute_many,
                          list[dict[str, Any]])
    from liclogic.engine.result import Verdict, all_of

    code = all_of([Verdict(r["verdict"]) for r in rows]).exit_code
    if as_json:
        emit_json({"check": "osd", "licenses": rows})
    else:
        from liclogic.cli.report import render_osd_rows

        decided(code)
        render_osd_rows(console(), rows)
    return code


@click.command()
@click.argument("left")
@click.argument("right")
@reading_options
@library_option
@output_options
@output_formats("text", "json", "markdown", fail_on=False)
@detail_options
@handles_errors
def diff(left: str, right: str, on: tuple[str, ...], off: tuple[str, ...],
         specs: tuple[Path, ...], as_json: bool, timeout_ms: int, verbose: bool) -> int:
    """Where LEFT and RIGHT decide differently: permission per act, duties, carried terms,
    reach, relicensing. Exit 0 when they decide alike, 1 when they differ."""
    def compute(lib: Library) -> Any:
        from liclogic.queries.diff import diff as run

        return run(lib, left, right, solver_settings(timeout_ms), readings(lib, on, off))

    return Answers(specs).print(("diff", left, right, timeout_ms, on, off), compute, as_json,
                                verbose)


@click.command()
@click.argument("licenses", nargs=-1)
@context_options
@library_option
@output_options
@kind_option
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes that compute the matrix, this one included (default: one "
                   "per CPU core, at most 8).")
@output_formats("text", "json", "markdown", "csv", "html")
def matrix(licenses: tuple[str, ...], context: ContextArgs, specs: tuple[Path, ...],
           as_json: bool, timeout_ms: int, kind: str | None, jobs: int | None) -> None:
    """Compatibility verdicts for every ordered pair of LICENSES (default: the whole library,
    exceptions aside). Exit by the worst verdict: 1 when a pair is no, else 4 unknown,
    3 depends, 0 when every pair is yes.

    --format html: a heatmap filtered by kind and family (the license's category); up to
    144 pairs (12 licenses), each cell opens its explanation (the compat --json document).
    """
    deadline(timeout_ms)  # the command's time starts now

    @handles_errors
    def run(as_json: bool = as_json) -> int:
        def compute(lib: Library) -> Any:
            from liclogic.queries.matrix import matrix as run
            from liclogic.queries.workers import default_jobs

            ctx = context.build(lib)
            license_kind(lib, kind)
            chosen = [lib.get(x) for x in licenses] or list(lib.licenses.values())
            ids = sorted(dict.fromkeys(m.id for m in chosen if m.kind != "exception" and (
                kind is None or m.kind == kind)), key=str.lower)
            return ids, run(lib, ids, ctx, solver_settings(timeout_ms),
                            jobs=jobs or default_jobs(), extra_specs=[str(p) for p in specs])

        question = ("matrix", licenses, context.key(), timeout_ms, kind)
        ids, table = Answers(specs).answer(question, compute,
                                           tuple[list[str], dict[str, dict[str, str]]])
        from liclogic.engine.result import Verdict, all_of

        code = all_of([Verdict(v) for row in table.values() for v in row.values()]).exit_code
        if requested_format() == "html":
            emit_json(_matrix_report(Answers(specs).library(), ids, table, context,
                                     solver_settings(timeout_ms)))
        elif as_json:
            emit_json({"check": "matrix", "licenses": ids, "compat": table})
        else:
            from liclogic.cli.report import render_matrix

            decided(code)
            render_matrix(console(), ids, table)
        return code

    run()


def _matrix_report(lib: Library, ids: list[str], table: dict[str, dict[str, str]],
                   context: ContextArgs, settings: Any) -> dict[str, Any]:
    """What ``matrix --format html`` shows beyond the JSON: each license's name, kind and
    family (its category, ``classify``) and, up to ``MAX_EXPLAINED_PAIRS``, each pair's
    explanation — the document ``compat IN OUT --json`` prints."""
    from liclogic.cli.html.matrix import MAX_EXPLAINED_PAIRS
    from liclogic.engine.context import compat_context
    from liclogic.queries.classify import classify
    from liclogic.queries.declarations import compat_declared

    ctx = context.build(lib)
    asked = compat_context(ctx, lib.vocab)
    about = {}
    for x in ids:
        m = lib.get(x)
        about[x] = {"name": m.name, "kind": m.kind, "family": classify(lib, x).category}
    explanations: dict[str, dict[str, Any]] = {}
    if len(ids) ** 2 <= MAX_EXPLAINED_PAIRS:
        explanations = {a: {b: compat_declared(lib, a, b, {}, ctx, settings).to_json()
                            for b in ids} for a in ids}
    return {"check": "matrix", "licenses": ids, "compat": table, "about": about,
            "explanations": explanations, "explained_limit": MAX_EXPLAINED_PAIRS,
            "context": {"act": list(asked.acts or ()), "relation": list(asked.relations or ())}}
