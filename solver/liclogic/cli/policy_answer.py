"""``--policy NAME`` on compat and combine: an organisation's policy pack decides, by the rule
it names, and the licenses' own verdict (the law) is printed after it. The exit code is the
policy's."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from liclogic.cli.answer import Answers, console, emit_json, print_result
from liclogic.errors import LiclogicError

if TYPE_CHECKING:
    from liclogic.engine.result import CheckResult, Verdict
    from liclogic.lang.library import Library
    from liclogic.queries.policy_packs import PolicyAnswer

Command = Callable[..., Any]


def policy_option(fn: Command) -> Command:
    return click.option(
        "--policy", "policy", metavar="NAME",
        help="Also answer by an organisation's policy pack: asf (the ASF's Category A / B / X), "
             "google (Google's license types), osi-fsf (OSI-approved or FSF-free). A policy "
             "is not the law: the licenses' own verdict follows it.")(fn)


def policy_verdict(answers: list[PolicyAnswer]) -> Verdict:
    """All the licenses must pass: no if one is refused, else depends / unknown, else yes."""
    from liclogic.engine.result import Verdict

    got = {a.verdict for a in answers}
    for v in (Verdict.NO, Verdict.UNKNOWN, Verdict.DEPENDS):
        if v in got:
            return v
    return Verdict.YES


def answer_with_policy(answers: Answers, name: str, licenses: list[str], form: str | None,
                       question: tuple[Any, ...], compute: Callable[[Library], CheckResult],
                       as_json: bool, verbose: bool) -> int:
    from liclogic.lang.expression import leaves, parse_expression
    from liclogic.queries.policy_packs import load_pack, policy_answer

    pack = load_pack(name)
    lib = answers.library()
    ids = list(dict.fromkeys(leaf for text in licenses
                             for leaf in leaves(parse_expression(lib, text).expression)))
    decided = [policy_answer(lib, pack, lid, form) for lid in ids]
    verdict = policy_verdict(decided)
    law = answers.answer(question, compute)
    if as_json:
        emit_json({"policy": pack.name, "note": "a policy, not the law",
                   "verdict": verdict.value, "licenses": [a.to_json() for a in decided],
                   "law": law.to_json()})
        return verdict.exit_code
    from rich.markup import escape

    from liclogic.cli.exit_status import decided as decided_code

    decided_code(verdict.exit_code)  # the policy's verdict, whatever the law's printed below
    out = console()

    out.print(f"[bold]By policy {pack.name}: {verdict.value.upper()}[/bold] "
              f"— {escape(pack.title)}, a policy, not the law")
    out.print(escape(f"  {pack.question}"))
    for a in decided:
        out.print(escape(f"  - {a.headline}"))
        c = a.classification
        out.print(escape(f"      its category: {c.category} — {c.rule}"))
        for x in a.evidence[:3]:
            quote = f" “{x.quote}”" if x.quote else ""
            out.print(escape(f"      {x.license} {x.section or ''}{quote}"))
        for cond in a.conditions:
            out.print(escape(f"      on condition: {cond.what} (“{cond.quote}”)"))
        if a.outcome and a.outcome.when_form and form is None:
            out.print(escape(f"      in {' or '.join(a.outcome.when_form)} form only: "
                             "--form decides it"))
    out.print(escape(f"  Source: {pack.source}"))
    out.print("")
    out.print("[bold]The law[/bold] (what the licenses' own terms say):")
    print_result(law, False, verbose)
    return verdict.exit_code


def is_pack(value: object) -> bool:
    """Is a ``--policy`` value a bundled pack's name (rather than a policy file)?"""
    from pathlib import Path

    from liclogic.queries.policy_packs import pack_names

    return isinstance(value, Path) and not value.exists() and str(value) in pack_names()


def scan_by_policy(lib: Library, name: str, expressions: list[str], form: str | None
                   ) -> tuple[Verdict, dict[str, PolicyAnswer]]:
    """The pack's answer for every library license the scanned components name (an OR: the
    best alternative the policy allows), and the scan's policy verdict."""
    from liclogic.engine.result import Verdict, best_of
    from liclogic.lang.expression import alternatives, parse_expression
    from liclogic.queries.policy_packs import load_pack, policy_answer

    pack = load_pack(name)
    decided: dict[str, PolicyAnswer] = {}
    per_component: list[Verdict] = []
    for text in expressions:
        if not text:
            continue
        try:
            alts = alternatives(parse_expression(lib, text).expression)
        except LiclogicError:  # unrecognised: the law's scan reports it
            continue
        options = []
        for alt in alts:
            for lid in alt:
                if lid not in decided and lid in lib:
                    decided[lid] = policy_answer(lib, pack, lid, form)
            options.append(policy_verdict([decided[x] for x in alt if x in decided]))
        per_component.append(best_of(options) if options else Verdict.UNKNOWN)
    return policy_verdict_of(per_component), decided


def policy_verdict_of(verdicts: list[Verdict]) -> Verdict:
    from liclogic.engine.result import Verdict

    for v in (Verdict.NO, Verdict.UNKNOWN, Verdict.DEPENDS):
        if v in verdicts:
            return v
    return Verdict.YES


def render_scan_policy(name: str, verdict: Verdict, decided: dict[str, PolicyAnswer]) -> None:
    from rich.markup import escape

    from liclogic.queries.policy_packs import load_pack

    pack = load_pack(name)
    out = console()
    out.print("")
    out.print(f"[bold]By policy {pack.name}: {verdict.value.upper()}[/bold] "
              f"— {escape(pack.title)}, a policy, not the law")
    for lid, a in sorted(decided.items()):
        outcome = a.outcome.name if a.outcome else "no rule"
        rule = a.rule.id if a.rule else "-"
        out.print(escape(f"  {lid}: {outcome} ({a.verdict.value}; rule {rule}, "
                         f"{a.classification.category})"))
    out.print(escape(f"  Source: {pack.source}"))
