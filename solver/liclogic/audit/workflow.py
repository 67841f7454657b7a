"""``liclogic workflow``: is a workflow's release allowed, under which licenses, with which
duties — decided from the license specs, through the reference evaluator (for the concrete
scenarios of the pipeline) and the solver (``compat`` for relicensing, under every open
reading). Nothing here knows a license by name.

For every licensed input and every path it takes to the released work:

1. *making*: each step must be permitted by the input's license — using the work itself
   (``use``, verbatim) and making what the step makes from it (``modify`` for relations that
   contain it, ``use`` for helper relations: a teacher, a generator, training data), with the
   release's commercial flag and purpose;
2. *release*: the released work relates to the input by the composed relation r; the input's
   license must permit the release act (``distribute``, ``sell``, ``host``) at r, and at the
   input's own part of it when the result contains it;
3. *relicensing*: when the release names its license O, ``compat(input, O)`` at r must hold
   (yes / no / depends on a reading); without O, every library license that all inputs allow
   is listed;
4. *duties*: the duties (notices, "Built with Llama", a name prefix, source offers) and the
   carried terms (acceptable-use policies, non-commercial terms) that apply at those scenarios.

A check that holds under some readings and fails under others is *conditional*, with the
reading named; a license the library lacks is *pending*, never skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from liclogic.audit.workflow_result import Duty, Finding, WorkflowResult
from liclogic.engine import evaluate as ev
from liclogic.engine.context import Context, TooManyReadings, assignments
from liclogic.engine.explain import because, plain
from liclogic.engine.result import Because, Verdict
from liclogic.engine.settings import DeadlineExceeded, unknown_summary
from liclogic.engine.solve import DEFAULT_SETTINGS, SolverSettings
from liclogic.engine.statements import Says, statement
from liclogic.inputs.resolve import resolve_expression
from liclogic.inputs.workflow import CONTAINED, Use, Workflow, uses_of
from liclogic.lang import ast, words
from liclogic.lang.library import Library, LicenseModel
from liclogic.lang.vocabulary import RELATION

# ------------------------------------------------------------------ the check


class _Checker:
    def __init__(self, lib: Library, wf: Workflow, settings: SolverSettings):
        self.lib, self.wf, self.settings = lib, wf, settings
        self.vocab = lib.vocab
        rel = wf.release
        self.fixed = dict(rel.readings)
        # one concrete scenario: every field the release does not set is at its default
        self.ctx_facts: dict[str, Any] = {
            **{k: v for k, v in self.vocab.defaults().items() if k not in ("act", RELATION)},
            "form": rel.form, "commercial": rel.commercial, **rel.facts}
        Context(facts=self.ctx_facts, readings=self.fixed).validate(self.vocab)
        self.violations: list[Finding] = []
        self.conditional: list[Finding] = []
        self.duties: dict[tuple[str, frozenset], Duty] = {}
        self.decisive: set[str] = set()
        self._here: dict[tuple[str, str, str, str], Verdict] = {}  # _compat_here's answers

    # scenarios ----------------------------------------------------------

    def scenario(self, act: str, relation: str, outbound: str | None = None,
                 rho: dict[str, bool] | None = None, form: str | None = None) -> ev.Scenario:
        facts = dict(self.ctx_facts)
        if form is not None:
            facts["form"] = form
        s = ev.default_scenario(self.vocab).with_fields({**facts, "act": act,
                                                        RELATION: relation})
        return replace(s, outbound=outbound, readings=rho or {})

    def rhos(self, *lics: LicenseModel) -> list[dict[str, bool]]:
        relevant: set[str] = set()
        for lic in lics:
            relevant |= lic.readings
        return assignments(relevant, self.fixed)

    # findings -----------------------------------------------------------

    def permission(self, use: Use, lic: LicenseModel, act: str, relation: str, what: str,
                   form: str | None = None) -> bool:
        """Record a violation (or a conditional one) when ``lic`` does not permit the act;
        True when it is permitted under every reading."""
        results = []
        for rho in self.rhos(lic):
            s = self.scenario(act, relation, rho=rho, form=form)
            ok = ev.permitted(lic, s) and (relation not in CONTAINED
                                           or ev.permitted(lic, ev.own_part(s)))
            results.append((rho, ok, s))
        if all(ok for _, ok, _ in results):
            return True
        rho, _, s = next(r for r in results if not r[1])
        bad = s if not ev.permitted(lic, s) else ev.own_part(s)
        clauses, why = _withheld(self.lib, lic, bad)
        text = (f"{use.work.name} ({lic.id}): {what} — {why} "
                f"{words.gerund(plain(self.vocab, bad))}.")
        when = self._when(results)
        finding = Finding("violation" if not when else "conditional", text, use.work.id,
                          lic.id, clauses, when)
        self._add(finding)
        return False

    def _when(self, results: list[tuple[dict[str, bool], bool, Any]]) -> dict[str, bool]:
        """The readings under which a check fails, when some pass: {} if it always fails."""
        if not any(ok for _, ok, _ in results):
            return {}
        return self._condition([rho for rho, ok, _ in results if not ok],
                               [rho for rho, _, _ in results])

    def _condition(self, matching: list[dict[str, bool]], every: list[dict[str, bool]]
                   ) -> dict[str, bool]:
        """Reading values shared by the ``matching`` assignments that others lack."""
        first = matching[0]
        when = {r: first[r] for r in sorted(first) if r not in self.fixed
                and all(rho[r] == first[r] for rho in matching)
                and any(rho[r] != first[r] for rho in every)}
        self.decisive |= set(when)
        return when

    def _add(self, f: Finding) -> None:
        target = self.violations if f.kind == "violation" else self.conditional
        if not any(x.text == f.text for x in target):
            target.append(f)

    def duties_at(self, use: Use, lic: LicenseModel, act: str, outbound: str | None) -> None:
        rel = use.relation
        at = [rel] if rel == use.part else [rel, use.part]
        out = self.lib.find(outbound) if outbound else None
        per_rho: list[tuple[dict[str, bool], dict[str, list[Because]]]] = []
        texts: dict[str, str] = {}  # duty → in plain words
        for rho in self.rhos(lic):
            found: dict[str, list[Because]] = {}
            for r in at:
                s = self.scenario(act, r, outbound, rho)
                part = ev.part_of(lic, out or lic, s, self.vocab)
                for x in (s, ev.own_part(s)) if part else (s,):
                    for sc in ev.firing(lic, ast.Require, x):
                        off = ev.waived(lic, x)
                        for d in sc.clause.duties:
                            if d.kind == "same_license" or d.kind in off:
                                continue
                            dk = ev.duty_text(ev.duty_key(d))
                            texts[dk] = words.duty_gloss(self.vocab, d.kind, d.text)
                            found.setdefault(dk, []).append(because(lic, sc, "requires it"))
                    for kc in ev.firing(lic, ast.Carries, x):
                        off = ev.waived(lic, x)
                        for t in kc.clause.terms:
                            if t not in off:
                                texts[f"carry {t}"] = ("the work stays subject to "
                                                       + words.term_gloss(self.vocab, t))
                                found.setdefault(f"carry {t}", []).append(
                                    because(lic, kc, "carries it"))
            per_rho.append((rho, found))
        keys = {k for _, f in per_rho for k in f}
        every = [rho for rho, _ in per_rho]
        for k in sorted(keys):
            holding = [rho for rho, f in per_rho if k in f]
            when = {} if len(holding) == len(every) else self._condition(holding, every)
            cites = next(f[k] for _, f in per_rho if k in f)
            key = (k, frozenset(when.items()))
            duty = self.duties.setdefault(key, Duty(k, [], [], when, texts.get(k, k)))
            who = f"{use.work.name} ({lic.id})"
            if who not in duty.who:
                duty.who.append(who)
            for c in cites:
                if c not in duty.because:
                    duty.because.append(c)

    # relicensing ---------------------------------------------------------

    def relicense(self, use: Use, lic: LicenseModel, out: LicenseModel, act: str) -> None:
        from liclogic.queries.compat import compat

        ctx = Context((act,), (use.relation,), self.ctx_facts, self.fixed)
        r = compat(self.lib, lic.id, out.id, ctx, self.settings, explain=False)
        if r.verdict == Verdict.YES:
            return
        r = compat(self.lib, lic.id, out.id, ctx, self.settings, explain=True)
        text = (f"{use.work.name} ({lic.id}) cannot be released under {out.id}: "
                f"{r.extra.get('headline') or r.summary}")
        if r.verdict == Verdict.NO:
            self._add(Finding("violation", text, use.work.id, lic.id, r.because[:6]))
        elif r.verdict == Verdict.DEPENDS:
            decisive = {n: i for n, i in r.readings.items() if i.decisive}
            self.decisive |= set(decisive)
            when = {n: i.verdicts["on"] == Verdict.NO for n, i in decisive.items()}
            self._add(Finding("conditional", text, use.work.id, lic.id, r.because[:6], when))
        else:
            self._add(Finding("pending", f"{use.work.name} ({lic.id}) under {out.id}: the "
                              "solver gave up; raise --timeout", use.work.id, lic.id))

    def candidates(self, uses: list[Use], act: str) -> tuple[list[str], list[str]]:
        """Library licenses every input allows for the release (yes; and depends). The release
        is one concrete scenario, so compat is decided there by the reference evaluator, under
        each reading, with the solver deciding the one part that ranges over other scenarios:
        whether the candidate grants recipients more than the input does (``check_scope``)."""
        from liclogic.queries.combine import restrictiveness

        lics = [self.lib.get(u.license) for u in uses]
        yes: list[str] = []
        maybe: list[str] = []
        cands = sorted({m.id: m for m in self.lib.licenses.values()
                        if m.kind != "exception" and " WITH " not in m.id}.values(),
                       key=restrictiveness)
        for out in cands:
            verdicts: list[Verdict] = []
            for u, lic in zip(uses, lics, strict=True):
                verdicts.append(self._compat_here(lic, out, u, act))
                if verdicts[-1] == Verdict.NO:
                    break
            if all(v == Verdict.YES for v in verdicts):
                yes.append(out.id)
            elif Verdict.NO not in verdicts and Verdict.UNKNOWN not in verdicts:
                maybe.append(out.id)
        return yes, maybe

    def _compat_here(self, lic: LicenseModel, out: LicenseModel, use: Use, act: str
                     ) -> Verdict:
        key = (lic.id, out.id, use.relation, act)
        if key not in self._here:
            self._here[key] = self._compat_at(lic, out, use, act)
        return self._here[key]

    def _compat_at(self, lic: LicenseModel, out: LicenseModel, use: Use, act: str) -> Verdict:
        canon = self.lib.canonical
        results = []
        rhos = self.rhos(lic, out)
        free = frozenset(r for rho in rhos for r in rho if r not in self.fixed)
        always_ok: bool | None = None  # the scope holds under every reading: one solver call
        for rho in rhos:
            s = self.scenario(act, use.relation, out.id, rho)
            if ev.compat_holds(lic, out, s, False, self.vocab, canon):
                results.append(True)
            elif not ev.compat_holds(lic, out, s, True, self.vocab, canon):
                results.append(False)
            else:
                if always_ok is None:
                    always_ok = bool(_scope_ok(self.lib, lic, out, dict(self.fixed),
                                               self.settings, free))
                ok = True if always_ok else _scope_ok(self.lib, lic, out, rho, self.settings)
                if ok is None:
                    return Verdict.UNKNOWN
                results.append(ok)
        if all(results):
            return Verdict.YES
        return Verdict.NO if not any(results) else Verdict.DEPENDS


def _scope_ok(lib: Library, a: LicenseModel, b: LicenseModel, rho: dict[str, bool],
              settings: SolverSettings, free: frozenset[str] = frozenset()) -> bool | None:
    """The solver's answer to "does B grant recipients nothing A withholds?" under the
    readings in rho, and for every value of those in ``free`` (None: it gave up)."""
    from liclogic.engine.encoding import encoding_for
    from liclogic.engine.solve import Status
    from liclogic.queries.compat_cases import check_scope

    sc = check_scope(encoding_for(lib), a, b, rho, settings, explain=False, free=free)
    return None if sc.status == Status.UNKNOWN else sc.ok


def _withheld(lib: Library, lic: LicenseModel, s: ev.Scenario) -> tuple[list[Because], str]:
    """Why the license does not permit s, in the words of ``engine.statements``: a ban, a
    reservation, or no grant that covers it."""
    st = statement(lic, s)
    if st.says in (Says.FORBIDDEN, Says.RESERVED):
        c = st.clauses[0]
        section = c.clause.cite.section if c.clause.cite else c.at
        verb = "forbids" if st.says == Says.FORBIDDEN else "does not grant (reserves)"
        role = "forbids it" if st.says == Says.FORBIDDEN else "does not grant it"
        return ([because(lic, f, role) for f in st.clauses],
                f"{lib.prose(c.origin)} {section} {verb}")
    acts = [c for c in lic.of(ast.Permit)
            if c.clause.acts is None or s["act"] in c.clause.acts]
    where = (f" ({lib.prose(acts[0].origin)} {acts[0].clause.cite.section} grants it only "
             "where its condition holds)" if acts and acts[0].clause.cite else "")
    return ([because(lic, c, "grants less") for c in acts[:3]],
            f"{lib.prose(lic.id)} does not grant (none of its grants covers it{where})")


def check_workflow(lib: Library, wf: Workflow, settings: SolverSettings = DEFAULT_SETTINGS
                   ) -> WorkflowResult:
    rel = wf.release
    pending: list[str] = []
    notes: list[str] = []
    ch = _Checker(lib, wf, settings)
    out: LicenseModel | None = None
    if rel.license:
        r = resolve_expression(lib, rel.license)
        ids = r.leaves
        if r.missing or len(r.alternatives) != 1 or len(ids) != 1:
            what = ", ".join(m.text for m in r.missing) or rel.license
            pending.append(f"release license {what}: the library has no spec for it"
                           if r.missing else f"release license {rel.license}: name one "
                           "license (the one the released work is distributed under)")
        else:
            out = lib.get(ids[0])
            final = wf.works[rel.work]
            want = {"model": ("model",), "data": ("content", "data"),
                    "software": ("software",)}.get(final.type)
            if want and out.kind not in want:
                notes.append(f"{out.id} is a {out.kind} license; the released work is a "
                             f"{final.type} (its terms may not fit what a {final.type} is)")
    uses = uses_of(lib, wf, pending, notes)
    releasing = rel.kind != "personal"
    blocked: list[str] = []  # an input whose license forbids the release act itself
    for u in uses:
        with _undecided(pending, f"{u.work.name} ({u.license})", settings):
            _check_use(ch, lib.get(u.license), u, out, blocked)
    if out is not None and releasing:
        own = Use(wf.works[rel.work], out.id, "verbatim", "verbatim", [rel.work], [])
        with _undecided(pending, f"{own.work.name} ({out.id})", settings):
            ch.duties_at(own, out, rel.act, out.id)
    possible: list[str] | None = None
    maybe: list[str] = []
    if releasing and out is None and not rel.license and uses and blocked:
        possible = []  # whatever the license, that input may not be released this way
        notes.append("no license can carry the release: an input's own license forbids the "
                     "release act (see the violations)")
    elif releasing and out is None and not rel.license and uses:
        with _undecided(pending, "the licenses the release may carry", settings):
            possible, maybe = ch.candidates(uses, rel.act)
        if possible is not None and not possible and not maybe:
            ch._add(Finding("violation", "no license in the library can carry every input "
                            "of the release"))
    verdict = (Verdict.NO if ch.violations else Verdict.UNKNOWN if pending
               else Verdict.DEPENDS if ch.conditional or (possible == [] and maybe)
               else Verdict.YES)
    readings = {r: {"assumed": rel.readings.get(r), "decisive": r in ch.decisive,
                    "label": words.reading_label(lib.vocab, r)}
                for r in sorted(ch.decisive | set(rel.readings))}
    result = WorkflowResult(wf, verdict, "", uses, ch.violations, ch.conditional, pending,
                            list(ch.duties.values()), possible, maybe, readings, notes,
                            {r: words.relation(lib.vocab, r) for r in lib.vocab.relations},
                            _names(lib, ch.violations + ch.conditional))
    result.summary = _summary(result)
    return result


def _names(lib: Library, findings: list[Finding]) -> dict[str, str]:
    """How people read each license a finding cites."""
    ids = {b.license for f in findings for b in f.because}
    return {i: lib.prose(i) for i in sorted(ids) if i in lib}


def _check_use(ch: _Checker, lic: LicenseModel, u: Use, out: LicenseModel | None,
               blocked: list[str]) -> None:
    """One licensed input's way into the release: every act the workflow performs with it,
    in order (the first its license withholds under every reading is the violation; the
    later ones follow from it), then relicensing and the duties."""
    rel = ch.wf.release
    releasing = rel.kind != "personal"
    acts = [("use", "verbatim", "using the work in the pipeline")]
    acts += [("modify" if r in CONTAINED else "use", r,
              f"making {words.relation(ch.vocab, r)}")
             for r in dict.fromkeys(u.steps) if r != "verbatim"]
    if releasing:
        acts.append((rel.act, u.relation, f"the release ({rel.kind})"))
        if u.part != u.relation:
            acts.append((rel.act, u.part, "the release of its part "
                         f"({words.relation(ch.vocab, u.part)})"))
    ok = True
    for act, r_k, what in acts:
        before = len(ch.violations)
        ok = ch.permission(u, lic, act, r_k, what) and ok
        if len(ch.violations) > before:
            if what.startswith("the release"):
                blocked.append(ch.violations[-1].text)
            break
    if releasing:
        if out is not None and ok:
            ch.relicense(u, lic, out, rel.act)
        ch.duties_at(u, lic, rel.act, out.id if out else None)


@contextmanager
def _undecided(pending: list[str], what: str, settings: SolverSettings) -> Iterator[None]:
    """A part of the check past a bound (too many open readings, the deadline) is pending:
    the verdict is unknown, and says which part and why."""
    try:
        yield
    except TooManyReadings as exc:
        pending.append(f"{what}: {exc.message}")
    except DeadlineExceeded:
        pending.append(f"{what}: {unknown_summary(settings, 'it').removeprefix('Unknown: ')}")


def _summary(r: WorkflowResult) -> str:
    rel = r.workflow.release
    what = {"personal": "Using it", "share": "Sharing it", "sell": "Selling it"}[rel.kind]
    n = len(r.violations)
    if r.verdict == Verdict.NO:
        first = r.violations[0].text
        return (f"No. {what} is not allowed: {n} violation{'s' * (n != 1)}. First: {first}")
    if r.verdict == Verdict.UNKNOWN:
        return (f"Unknown: {len(r.pending)} input(s) the library cannot decide yet "
                f"({'; '.join(r.pending[:3])}).")
    if r.verdict == Verdict.DEPENDS:
        names = words.join(f"the reading that {v.get('label', k)}"
                           for k, v in r.readings.items() if v["decisive"]) or "a reading"
        if r.conditional:
            return (f"Depends on {names}: {len(r.conditional)} check(s) fail under some "
                    f"readings. First: {r.conditional[0].text}")
        return (f"Depends on {names}: no library license can carry the release under every "
                f"reading; under some, {', '.join(r.possible_depends[:5])} can.")
    lic = (f" under {rel.license}" if rel.license else
           f"; it may carry {', '.join((r.possible or [])[:5])}" if r.possible else "")
    return f"Yes. {what}{lic} is allowed, with {len(r.duties)} duties."
