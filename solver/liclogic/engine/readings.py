"""Verdicts over every assignment of the open readings — without enumerating the 2^n
assignments. A reading is a Boolean variable of the encoding; a set of assignments is a few
literals over them (none: every assignment; one: those with that reading on, or off).

A check gives ``verdict_under(literals)``: its verdict merged over the assignments the
literals allow (``merge_verdicts``: yes when it is yes under each, no when no under each,
else depends) — for compat two solver calls, ∃ a scenario where it holds and ∃ one where it
fails, each with the literals assumed. From that:

- the verdict over every assignment: one call of the oracle;
- per open reading, the verdict with it on and with it off, and whether it is decisive
  (they differ): two calls each, so 2 + 2n, for at most ``MAX_OPEN_READINGS`` readings
  (the others are reported as left open, with a warning);
- the assignments an explanation shows: one per combination of the decisive readings
  (at most ``MAX_EXPLAINED_READINGS`` of them), every other open reading off — the first
  such assignment in the order the enumeration used to take.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping

import z3

from liclogic.engine.result import ReadingInfo, Verdict
from liclogic.lang.vocabulary import Vocabulary
from liclogic.limits import MAX_OPEN_READINGS

MAX_EXPLAINED_READINGS = 4  # decisive readings whose combinations an explanation shows

Literals = tuple[z3.BoolRef, ...]


def merged(holds: str, fails: str) -> Verdict:
    """The merged verdict from "∃ a scenario where it holds" and "∃ one where it fails"
    (each sat / unsat / unknown) over a set of assignments: yes when none fails (every
    assignment has a scenario, so each one holds somewhere), no when none holds."""
    if "unknown" in (holds, fails):
        return Verdict.UNKNOWN
    if fails == "unsat":
        return Verdict.YES
    if holds == "unsat":
        return Verdict.NO
    return Verdict.DEPENDS


def described(vocab: Vocabulary, r: str, assumed: bool | None, decisive: bool = False,
              verdicts: dict[str, Verdict] | None = None) -> ReadingInfo:
    """A reading's report, with the vocabulary's doc and plain-words label."""
    decl = vocab.readings.get(r)
    return ReadingInfo(r, assumed, decisive, verdicts or {}, decl.doc if decl else None,
                       decl.label if decl else None)


class ReadingSpace:
    """The open readings of one question, and its verdict under sets of their assignments."""

    def __init__(self, vocab: Vocabulary, variables: Mapping[str, z3.BoolRef],
                 relevant: Iterable[str], fixed: Mapping[str, bool],
                 verdict_under: Callable[[Literals], Verdict]) -> None:
        self.vocab = vocab
        self.variables = variables
        self.relevant = frozenset(relevant)
        self.fixed = dict(fixed)
        self.open = sorted(self.relevant - set(self.fixed))
        self._oracle = verdict_under
        self._memo: dict[frozenset[int], Verdict] = {}
        self.left_open: list[str] = []  # open readings past MAX_OPEN_READINGS, not reported

    def literals(self, rho: Mapping[str, bool]) -> Literals:
        """The literals of the open readings ``rho`` names."""
        return tuple(self.variables[r] if rho[r] else z3.Not(self.variables[r])
                     for r in self.open if r in rho)

    def verdict(self, rho: Mapping[str, bool] | None = None) -> Verdict:
        """The verdict merged over the assignments agreeing with ``rho`` (all: None)."""
        lits = self.literals(rho or {})
        key = frozenset(x.get_id() for x in lits)
        if key not in self._memo:
            self._memo[key] = self._oracle(lits)
        return self._memo[key]

    def report(self) -> dict[str, ReadingInfo]:
        """Per reading (fixed or open): assumed, decisive, the verdict on and off."""
        out: dict[str, ReadingInfo] = {}
        reported = set(self.open[:MAX_OPEN_READINGS])
        self.left_open = self.open[MAX_OPEN_READINGS:]
        for r in sorted(self.relevant | set(self.fixed)):
            if r in self.fixed:
                out[r] = described(self.vocab, r, self.fixed[r])
            elif r in reported:
                on, off = self.verdict({r: True}), self.verdict({r: False})
                out[r] = described(self.vocab, r, None, on != off, {"on": on, "off": off})
            else:
                out[r] = described(self.vocab, r, None)
        return out

    def warnings(self) -> list[str]:
        if not self.left_open:
            return []
        return [f"{len(self.open)} readings are open; the verdict covers every assignment of "
                f"them, but only {MAX_OPEN_READINGS} are reported one by one (not: "
                f"{', '.join(self.left_open[:5])}{', …' if len(self.left_open) > 5 else ''})"
                "; fix some with --reading / --no-reading"]

    def representatives(self, decisive: Iterable[str]) -> list[dict[str, bool]]:
        """One full assignment (fixed readings too) per combination of the decisive
        readings, every other open reading off; just all-off when none is decisive."""
        shown = [r for r in sorted(decisive) if r in self.open][:MAX_EXPLAINED_READINGS]
        out = []
        for bits in itertools.product((False, True), repeat=len(shown)):
            rho = {**self.fixed, **dict.fromkeys(self.open, False)}
            rho.update(zip(shown, bits, strict=True))
            out.append(rho)
        return out

    def each(self, rho: Mapping[str, bool]) -> Verdict:
        """The verdict under one full assignment."""
        return self.verdict({r: rho.get(r, False) for r in self.open})


def uniform_report(vocab: Vocabulary, relevant: Iterable[str], fixed: Mapping[str, bool],
                   verdict: Verdict) -> dict[str, ReadingInfo]:
    """The report of a verdict that is the same under every assignment (a fast path's)."""
    space = ReadingSpace(vocab, {}, relevant, fixed, lambda _: verdict)
    out: dict[str, ReadingInfo] = {}
    for r in sorted(space.relevant | set(fixed)):
        out[r] = (described(vocab, r, fixed[r]) if r in fixed
                  else described(vocab, r, None, False, {"on": verdict, "off": verdict}))
    return out


def propositional(yes: z3.BoolRef, known: bool = True) -> Callable[[Literals], Verdict]:
    """The oracle of a verdict that is yes under an assignment when ``yes`` (a formula over
    the readings alone) holds there and no otherwise: a small solver over the readings."""
    s = z3.SimpleSolver()

    def sat(*formulas: z3.BoolRef) -> str:
        s.push()
        s.add(*formulas)
        try:
            return str(s.check())
        finally:
            s.pop()

    def oracle(lits: Literals) -> Verdict:
        if not known:
            return Verdict.UNKNOWN
        return merged(sat(*lits, yes), sat(*lits, z3.Not(yes)))
    return oracle
