"""A decided compat(A, B) put into words: the headline names the deciding clause (the first
reason in the legal order of ``reasons``), the other reasons follow as "also", a yes carries
its checklist of duties (``compat_duties``), a depends names both sides with their clauses and
what separates them, and the witnesses follow as evidence.

The result keeps the parts apart for the renderers (``extra``: ``headline``, ``also``,
``reasons``, ``yes``, ``duties``, ``separating``); ``summary`` is the headline and the
"also" reasons in one paragraph.
"""

from __future__ import annotations

from typing import Any

from liclogic.engine.context import Context
from liclogic.engine.explain import witness
from liclogic.engine.result import Because, CheckResult, Verdict
from liclogic.engine.solve import SolverSettings
from liclogic.lang import words
from liclogic.lang.library import Library, LicenseModel
from liclogic.lang.vocabulary import ACT, RELATION
from liclogic.queries.compat_cases import Case
from liclogic.queries.compat_duties import checklist
from liclogic.queries.compat_reasons import Pair, View, no_reasons
from liclogic.queries.compat_yes import (
    because_all,
    reach_clauses,
    separating,
    yes_reason,
)
from liclogic.queries.reasons import Reason, ranked

ALSO_SHOWN = 6  # "also" reasons in the summary (JSON lists every one)


def explain(lib: Library, a: LicenseModel, b: LicenseModel, ctx: Context, cases: list[Case],
            result: CheckResult, settings: SolverSettings) -> None:
    pair = Pair(lib, a, b, ctx, settings)
    v = lib.vocab
    verdict = result.verdict
    if verdict == Verdict.UNKNOWN:
        result.summary = (f"Unknown: the solver gave up within {settings.timeout_ms} ms; "
                          "raise --timeout to try harder.")
        return
    decisive = [r for r, info in result.readings.items() if info.decisive]
    lines: list[str] = []
    also: list[Reason] = []
    every: list[Reason] = []
    clauses: list[Because] = []
    duties: list[dict[str, Any]] = []
    yes_json: dict[str, Any] | None = None
    split: dict[str, Any] | None = None
    for case in _representatives(cases, verdict, decisive):
        label = _reading_label(v, case.readings, decisive)
        shown = {r: case.readings[r] for r in decisive}
        view = View(pair, case.readings, case.scope.ok)
        why = yes_reason(pair, case.holds) if case.holds is not None else None
        reasons = ranked(no_reasons(view)) if case.fails is not None else []
        for r in reasons:
            r.clauses += reach_clauses(pair, case.fails)
        if case.holds is not None:
            result.witnesses.append(witness(v, f"yes{label}", case.holds, readings=shown,
                                                name=lib.prose))
        if case.fails is not None:
            result.witnesses.append(witness(v, f"no{label}", case.fails, readings=shown,
                                                name=lib.prose))
            if case.scope.witness is not None and not case.scope.ok:
                result.witnesses.append(witness(v, f"recipient{label}", case.scope.witness,
                                                readings=shown, name=lib.prose))
        top = reasons[0] if reasons else None
        no_text = top.text if top else "the solver found no reason it could put in words."
        if case.verdict == Verdict.YES and why is not None:
            lines.append(f"Yes{label}. {_cap(why.text)}")
            clauses += why.clauses
            duties = duties or checklist(view)
            yes_json = yes_json or why.to_json()
        elif case.verdict == Verdict.NO:
            lines.append(f"No{label}. {_cap(no_text)}")
            also += reasons[1:]
        elif why is not None and case.holds is not None and case.fails is not None:
            fields, yes_only, no_only = separating(pair, case.holds, case.fails)
            yes_side = (words.join(words.clause_words(lib, c) for c in yes_only) if yes_only
                        else why.text.rstrip("."))
            head = (f"Depends{label} on {_fields_words(v, fields)}: yes "
                    f"{_side(v, case.holds, fields)} — {yes_side}; no "
                    f"{_side(v, case.fails, fields)} — {no_text}")
            lines.append(head)
            also += reasons[1:]
            clauses += because_all(pair, yes_only, "decides the yes side")
            clauses += why.clauses
            clauses += because_all(pair, no_only, "decides the no side")
            duties = duties or checklist(view)
            yes_json = yes_json or why.to_json()
            split = split or {f: [case.holds[f], case.fails[f]] for f in fields}
        every += _distinct(reasons, [])
        for r in reasons:
            clauses += r.clauses
    if decisive and verdict == Verdict.DEPENDS:
        lines.insert(0, "Depends on the reading that "
                     + words.join(words.reading_label(v, r) for r in decisive) + ".")
    headline = " ".join(lines)
    also = _distinct([r for r in ranked(also) if r.text not in headline], every[:1])
    result.summary = headline + ("" if not also else " Also: " + " ".join(
        _cap(r.text) for r in also[:ALSO_SHOWN]) + (
        f" (and {len(also) - ALSO_SHOWN} more)" if len(also) > ALSO_SHOWN else ""))
    result.extra.update({"headline": headline, "also": [r.text for r in also],
                         "reasons": [r.to_json() for r in ranked(every)],
                         "duties": duties, "names": _names(lib, result, a, b),
                         "asked": context_words(lib, ctx)})
    if yes_json is not None:
        result.extra["yes"] = yes_json
    if split is not None:
        result.extra["separating"] = split
    seen: set[tuple[str, str]] = set()
    for bc in clauses:
        if (bc.license, bc.at) not in seen:
            seen.add((bc.license, bc.at))
            result.because.append(bc)


def _names(lib: Library, result: CheckResult, *lics: LicenseModel) -> dict[str, str]:
    """How the renderers name each license the answer mentions."""
    ids = {x.id for x in lics} | {b.license for b in result.because}
    return {i: lib.prose(i) for i in sorted(ids)}


def context_words(lib: Library, ctx: Context) -> str:
    """The question's scenarios in words: 'distribute a program statically linked with it or
    a modified version; purpose: no restricted purpose (assumed: no --purpose given)'."""
    from liclogic.engine.context import COMPAT_ACTS, COMPAT_RELATIONS

    v = lib.vocab
    acts = words.join((words.act(v, x) for x in ctx.acts or COMPAT_ACTS), "or")
    rels = words.join((words.relation(v, x) for x in ctx.relations or COMPAT_RELATIONS), "or")
    said = [f"{acts} {rels}"]
    for path, value in ctx.facts.items():
        text = words.field_phrase(v, path, value)
        if path in ctx.assumed:
            text += " (assumed, as the question names no purpose)"
        said.append(text)
    if ctx.readings:
        said.append(", ".join(f"{'with' if on else 'without'} the reading that "
                              f"{words.reading_label(v, r)}" for r, on in ctx.readings.items()))
    return "; ".join(said)


def _distinct(reasons: list[Reason], shown: list[Reason]) -> list[Reason]:
    """Each reason once: a clause that is a reason in several scenarios (the distribution,
    the work's own part, what recipients may do) is told once, where it ranks first."""
    keys = {r.key for r in shown if r.key}
    out = []
    for r in reasons:
        if r.key and r.key in keys:
            continue
        keys.add(r.key)
        out.append(r)
    return out


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fields_words(vocab: Any, fields: list[str]) -> str:
    names = ["what is done" if f == ACT else "what it is done with" if f == RELATION
             else _field_noun(vocab, f) for f in fields]
    return words.join(names) or "the scenario"


def _field_noun(vocab: Any, f: str) -> str:
    # a yes/no field's label is a predicate ("commercial"): "the commercial" is no noun
    ft = vocab.fields.get(f)
    label = words.field_label(vocab, f)
    return f"whether it is {label}" if ft is not None and ft.kind == "bool" else f"the {label}"


def _side(vocab: Any, s: Any, fields: list[str]) -> str:
    parts = []
    for f in fields:
        if f == ACT:
            parts.append(f"to {words.act(vocab, str(s[f]))}")
        elif f == RELATION:
            parts.append(f"for {words.relation(vocab, str(s[f]))}")
        else:
            parts.append(words.field_phrase(vocab, f, s[f]))
    return ("(" + ", ".join(parts) + ")") if parts else ""


def _representatives(cases: list[Case], verdict: Verdict, decisive: list[str]) -> list[Case]:
    if decisive:
        out, seen = [], set()
        for c in cases:
            key = tuple(c.readings.get(r) for r in decisive)
            if key not in seen:
                seen.add(key)
                out.append(c)
        return out
    for c in cases:
        if c.verdict == verdict:
            return [c]
    return cases[:1]


def _reading_label(vocab: Any, readings: dict[str, bool], decisive: list[str]) -> str:
    if not decisive:
        return ""
    return " (" + ", ".join(f"{'with' if readings.get(r) else 'without'} the reading that "
                            f"{words.reading_label(vocab, r)}" for r in decisive) + ")"
