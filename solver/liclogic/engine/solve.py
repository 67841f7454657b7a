"""Solver queries: explicit timeout and seed, three-valued answers, unsat cores mapped back
to spec clauses and minimised, and the replay of every witness.

A ``Query`` holds the clause definitions of the licenses it is about, each license's as one
assertion (under tracking literals when cores are wanted); formulas are asserted once under
guard literals and assumed by the checks that need them, and ``frame`` scopes what a
question adds, so that a solver holding one license's side serves many questions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import z3

from liclogic.engine.compile import CompiledLicense
from liclogic.engine.encoding import ScenarioVars
from liclogic.engine.settings import DEFAULT_SETTINGS, SolverSettings
from liclogic.engine.z3ops import And, Implies, Not, Or, substitute
from liclogic.errors import WitnessError
from liclogic.lang import ast
from liclogic.lang.clause_kinds import all_conditions
from liclogic.lang.library import SpecClause
from liclogic.lang.vocabulary import ACT, OUTBOUND, RELATION

__all__ = ["DEFAULT_SETTINGS", "Query", "SolverSettings", "Status", "project", "replay"]



def replay(ok: bool, what: str) -> None:
    """Every witness is replayed through the reference evaluator before it is used; one that
    does not replay is an engine bug, never output."""
    if not ok:
        raise WitnessError(f"internal error: witness does not replay ({what}); please report")


class Status(StrEnum):
    SAT = "sat"
    UNSAT = "unsat"
    UNKNOWN = "unknown"


def new_solver(settings: SolverSettings) -> z3.Solver:
    # The plain SMT core: every query is incremental (push/pop, assumptions), and for these
    # small QF_LIA problems it beats the tactic-based SolverFor("QF_LIA") by about a third.
    # The timeout is set before each check: what is left of the question's deadline.
    s = z3.SimpleSolver()
    s.set("timeout", settings.timeout_ms)
    s.set("random_seed", settings.seed)
    return s


def check_assumptions(s: z3.Solver, literals: list[z3.BoolRef]) -> z3.CheckSatResult:
    """``s.check(*literals)`` without z3's per-assumption sort cast (a Python round trip of a
    few Z3 calls for each of them, most of a check's cost for these small problems): every
    literal here is a Boolean term of the solver's context, and one that is not is refused
    by Z3 itself."""
    ctx = s.ctx
    for x in literals:
        if not isinstance(x, z3.BoolRef) or x.ctx is not ctx:
            return s.check(*literals)  # anything unusual: z3's own checks and errors
    arr = (z3.Ast * len(literals))(*(x.as_ast() for x in literals))
    return z3.CheckSatResult(z3.Z3_solver_check_assumptions(ctx.ref(), s.solver,
                                                             len(literals), arr))


@dataclass(frozen=True, eq=False)  # identity: fields are Z3 terms, never compared by value
class Tracked:
    """A clause definition asserted under a tracking literal."""

    literal: z3.BoolRef
    compiled: CompiledLicense
    index: int

    @property
    def clause(self) -> SpecClause[ast.Clause]:
        return self.compiled.clause(self.index)


def _preference(t: Tracked) -> tuple[int, str, int]:
    """The order in which a cited core prefers clauses: bans (forbid, reserve), then duties
    (require, carries), then the rest (grants, reach, relicensing); then license and index."""
    clause = t.clause.clause
    kind = 0 if isinstance(clause, ast.Forbid | ast.Reserve) else \
        1 if isinstance(clause, ast.Require | ast.Carries) else 2
    return kind, t.compiled.lic.id, t.index


def tracked_defs(c: CompiledLicense) -> list[Tracked]:
    """The clause definitions of a compiled license under tracking literals, built once (with
    their conjunction: one assertion instead of one per clause)."""
    if c.tracked is None:
        c.tracked = [Tracked(z3.Bool(f"track|{c.sv.name}|{c.lic.fingerprint}|{i}"), c, i)
                     for i in c.defs]
        c.implications = And([Implies(t.literal, c.defs[t.index]) for t in c.tracked])
    return c.tracked


def plain_defs(c: CompiledLicense) -> z3.BoolRef:
    """The clause definitions of a compiled license as one conjunction, untracked."""
    if c.plain is None:
        c.plain = And(list(c.defs.values()))
    return c.plain


def domain_of(sv: ScenarioVars) -> list[z3.BoolRef]:
    if sv.domain_formula is None:
        sv.domain_formula = [And(sv.domain())]  # one assertion
    return sv.domain_formula


class Query:
    """Constraints about some licenses, in a solver of their own: it holds only the
    definitions of the licenses tracked (kept small, so checks and models stay cheap).

    With ``cores=False`` the definitions are asserted plainly, without tracking literals:
    cheaper checks, for queries that never ask which clauses conflict."""

    def __init__(self, settings: SolverSettings = DEFAULT_SETTINGS, cores: bool = True
                 ) -> None:
        self.settings = settings
        self.solver = new_solver(self.settings)
        self.cores = cores
        self.tracked: list[Tracked] = []
        self.compiled: list[CompiledLicense] = []  # every license tracked, in order
        self._seen: set[int] = set()
        self._domains: set[str] = set()
        self._guards: dict[int, tuple[z3.BoolRef, z3.BoolRef]] = {}  # formula id → (literal, it)
        self._literals: dict[int, z3.BoolRef] = {}  # formulas that are literals, by id
        self._timeout = settings.timeout_ms

    def use(self, settings: SolverSettings) -> Query:
        """A query kept between questions answers the next one under its settings (equal but
        for the deadline, which is the new question's)."""
        self.settings = settings
        return self

    def add(self, *constraints: z3.BoolRef) -> Query:
        """``solver.add`` without z3's per-argument cast (as ``check_assumptions``): Boolean
        terms of the solver's context go to Z3 as they are, anything else through z3."""
        s = self.solver
        ctx = s.ctx
        for c in constraints:
            if type(c) is z3.BoolRef and c.ctx is ctx:
                z3.Z3_solver_assert(ctx.ref(), s.solver, c.as_ast())
            else:
                s.add(c)
        return self

    def track(self, *compiled: CompiledLicense) -> Query:
        for c in compiled:
            if id(c) in self._seen:
                continue
            self._seen.add(id(c))
            self.compiled.append(c)
            if c.sv.name not in self._domains:
                self._domains.add(c.sv.name)
                self.add(*domain_of(c.sv))
            if self.cores:
                self.tracked += tracked_defs(c)
                self.add(c.implications)
            else:
                self.add(plain_defs(c))
        return self

    @contextmanager
    def frame(self) -> Iterator[Query]:
        """A push / pop frame: what is tracked, added or checked inside it is gone after, while
        what was asserted before stays internalised in the solver (so a query about A and
        each of many Bs pays for A once)."""
        saved = (list(self.tracked), list(self.compiled), set(self._seen), set(self._domains),
                 dict(self._guards), dict(self._literals))
        self.solver.push()
        try:
            yield self
        finally:
            self.solver.pop()
            (self.tracked, self.compiled, self._seen, self._domains, self._guards,
             self._literals) = saved

    def _guard(self, formula: z3.BoolRef) -> z3.BoolRef:
        """A literal that switches the formula on. Each formula is asserted (and internalised
        by the solver) once, under its literal, and then assumed by every check that needs
        it — cheaper than push / assert / pop, which would internalise it on every check.
        A formula seen before is looked up by its id first (a literal maps to itself), so a
        check that repeats a witness search's growing list of constraints does not ask Z3
        about each one again."""
        key = formula.get_id()
        hit = self._guards.get(key)
        if hit is not None:
            return hit[0]
        if key in self._literals:
            return formula
        if z3.is_const(formula) or (z3.is_not(formula) and z3.is_const(formula.arg(0))):
            self._literals[key] = formula  # kept alive here, so its id stays its own
            return formula  # already a literal
        hit = self._guards[key] = (z3.Bool(f"guard!{len(self._guards)}"), formula)
        self.add(Implies(hit[0], formula))
        return hit[0]

    def _run(self, formulas: tuple[z3.BoolRef, ...], literals: list[z3.BoolRef],
             model: bool = True, core: bool = False
             ) -> tuple[Any, z3.ModelRef | None, list[z3.BoolRef] | None]:
        s = self.solver
        ms = self.settings.call_timeout_ms()  # DeadlineExceeded when no time is left
        if ms != self._timeout:
            s.set("timeout", ms)
            self._timeout = ms
        r = check_assumptions(s, [*(self._guard(f) for f in formulas), *literals])
        if r == z3.unknown and self.settings.deadline.passed():
            self.settings.deadline.expired_once = True
        return r, (s.model() if model and r == z3.sat else None), (
            s.unsat_core() if core and r == z3.unsat else None)

    def status(self, *formulas: z3.BoolRef) -> Status:
        """``check`` without the model, for when only the answer matters."""
        r = self._run(formulas, [t.literal for t in self.tracked], model=False)[0]
        return Status.SAT if r == z3.sat else Status.UNSAT if r == z3.unsat else Status.UNKNOWN

    def check(self, *formulas: z3.BoolRef) -> tuple[Status, z3.ModelRef | None]:
        """Is (the frame) ∧ formulas satisfiable? Returns the model when it is."""
        r, model, _ = self._run(formulas, [t.literal for t in self.tracked])
        if r == z3.sat:
            return Status.SAT, model
        return (Status.UNSAT if r == z3.unsat else Status.UNKNOWN), None

    def unsat_with(self, formulas: Sequence[z3.BoolRef], literals: list[z3.BoolRef]
                   ) -> bool | None:
        """Is (the frame) ∧ formulas unsatisfiable with only these tracking literals on?
        None when the solver gives up."""
        r = self._run(tuple(formulas), literals, model=False)[0]
        return True if r == z3.unsat else False if r == z3.sat else None

    def core(self, *formulas: z3.BoolRef) -> list[Tracked] | None:
        """The preferred minimal set of tracked clauses that makes (the frame) ∧ formulas
        unsatisfiable; None when it is satisfiable or the solver gives up. Preferred in the
        fixed order (``_preference``: a ban before a duty before anything else, then license
        id and clause index), so that it is a function of the question, not of the solver's
        history (Z3's own core is not), and so that a license's explicit "no" is cited
        before the silence of its grants (CC-BY-NC-ND-4.0 refuses selling by its ``forbid
        sell`` of §1(h), not by what §2(a)(1) leaves out): the shortest unsatisfiable
        prefix of that order ends with a clause the preferred core holds; with it kept, the
        shortest prefix of what comes before it gives the next, until what is kept is
        unsatisfiable alone. Each clause kept costs a bisection over the prefixes."""
        assert self.cores, "a query without tracking literals has no cores"
        rest = sorted(self.tracked, key=_preference)
        if self.unsat_with(formulas, [t.literal for t in rest]) is not True:
            return None
        kept: list[Tracked] = []
        while True:
            lits = [t.literal for t in kept]
            done = self.unsat_with(formulas, lits)
            if done is None:
                return None
            if done:
                return sorted(kept, key=lambda t: (t.compiled.lic.id, t.index))
            lo, hi = 1, len(rest)  # the shortest unsatisfiable prefix is rest[:k], lo ≤ k ≤ hi
            while lo < hi:
                mid = (lo + hi) // 2
                got = self.unsat_with(formulas, lits + [t.literal for t in rest[:mid]])
                if got is None:
                    return None
                if got:
                    hi = mid
                else:
                    lo = mid + 1
            kept.append(rest[lo - 1])
            rest = rest[: lo - 1]


# ------------------------------------------------------------------ readings, symbolically


def project(q: Query, formula: z3.BoolRef, readings: dict[str, z3.BoolRef],
            compiled: list[CompiledLicense], replayed: Callable[[z3.ModelRef], bool] | None
            = None, limit: int = 64) -> tuple[Status, z3.BoolRef]:
    """For which assignments of the readings is ``formula`` satisfiable (in the frame)? The
    answer is a formula over the reading variables, found without enumerating assignments:
    each model fixes a scenario, and the formula at that scenario, with the readings left
    free (the clauses' definitions inlined), covers every assignment that scenario works
    for; the next model must lie outside what is covered, until none does. Usually one
    call (the first cube covers everything), never more than ``limit`` (then UNKNOWN).
    ``replayed(model)``: the reference evaluator's view of each model, which must agree."""
    if not readings and replayed is None:
        # nothing to project onto: satisfiable under the one assignment there is, or not
        # (no model, no cube: the formula at a model of it, with nothing free, is true)
        found = q.status(formula)
        return found, z3.BoolVal(found == Status.SAT)
    cubes: list[z3.BoolRef] = []
    for _ in range(limit):
        outside = Not(Or(cubes)) if cubes else z3.BoolVal(True)
        status, model = q.check(formula, outside)
        if status == Status.UNSAT:
            return Status.SAT if cubes else Status.UNSAT, Or(cubes) if cubes else \
                z3.BoolVal(False)
        if status != Status.SAT or model is None:
            return Status.UNKNOWN, z3.BoolVal(False)
        replay(replayed is None or replayed(model), "a solver witness under its readings")
        cube = _at_model(formula, model, readings, compiled)
        cubes.append(cube)
        if z3.is_true(cube):
            return Status.SAT, cube  # every assignment: nothing left to look for
    return Status.UNKNOWN, z3.BoolVal(False)


def _at_model(formula: z3.BoolRef, model: z3.ModelRef, readings: dict[str, z3.BoolRef],
              compiled: list[CompiledLicense]) -> z3.BoolRef:
    """``formula`` at the model's scenario with the open readings free: every clause's fire
    variable replaced by its definition (which the readings reach through), then every
    other variable — the scenario's fields, readings not open — by its value in the model.
    The result holds at the model's own assignment, so it covers at least that one."""
    for c in compiled:  # each fire variable and its condition, taken apart once per license
        if c.inlined is None:
            c.inlined = [(c.fire[i], d.arg(1)) for i, d in c.defs.items()]
    fires = [pair for c in compiled for pair in c.inlined or ()]
    out = formula
    for _ in range(2):  # a clause's condition may name `derivative`: one more level
        out = substitute(out, fires)
    open_ = {v.decl().name() for v in readings.values()}
    # the model's values of the scenario's fields the licenses' conditions name first (no
    # walk over the formula: it is large before it simplifies; not every constant of the
    # model: its fire variables and guard literals are most of them, and none is wanted),
    # then whatever constant is left — a reading not open, another field — at its value; a
    # fire variable is never a value to take from the model — one left here is a definition
    # missing
    named: dict[int, z3.ExprRef] = {}
    for c in compiled:  # the fields its conditions name, with act and relation (``on``)
        if c.named is None:
            paths = {ACT, RELATION} | {
                n.field.path for x in c.lic.clauses for e in all_conditions(x.clause)
                for n in ast.walk_expr(e) if isinstance(n, ast.Compare | ast.Member |
                                                        ast.BoolField)}
            c.named = [c.sv.outbound if p == OUTBOUND else c.sv[p] for p in sorted(paths)
                       if p == OUTBOUND or p in c.sv.fields]
        named.update((v.get_id(), v) for v in c.named)
    known = [(v, model.eval(v, model_completion=True)) for v in named.values()]
    out = z3.simplify(substitute(out, known)) if known else out
    rest = [c for c in _constants(out) if c.decl().name() not in open_]
    if any("|" in c.decl().name() for c in rest):  # a fire variable of a license not given
        raise WitnessError("internal error: a clause's definition is missing from the "
                           "projection onto the readings; please report")
    out = substitute(out, [(c, model.eval(c, model_completion=True)) for c in rest])
    return z3.simplify(out)


def _constants(e: z3.ExprRef) -> list[z3.ExprRef]:
    out, seen, stack = [], set(), [e]
    while stack:
        x = stack.pop()
        if x.get_id() in seen:
            continue
        seen.add(x.get_id())
        if z3.is_const(x) and x.decl().kind() == z3.Z3_OP_UNINTERPRETED:
            out.append(x)
        stack.extend(x.children())
    return out
