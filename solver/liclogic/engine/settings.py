"""Solver settings: explicit, so every run is reproducible (kept free of Z3 imports, so the
command line can build them before deciding whether the solver is needed at all).

The deadline (``liclogic.limits.Deadline``) bounds a whole question, not one solver call: the
command line makes one per command from ``--timeout``; each solver call then runs for at most
``call_timeout_ms()`` — the per-call limit or what is left, whichever is less — and once the
time is up the next call raises ``DeadlineExceeded``, which the check that asked turns into
``unknown``, naming what it had not decided.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from liclogic.errors import LiclogicError
from liclogic.limits import NO_DEADLINE, SOLVER_CALL_MS, Deadline, DeadlineExceeded

__all__ = ["DEFAULT_SETTINGS", "Deadline", "DeadlineExceeded", "SolverSettings",
           "unknown_summary"]


@dataclass(frozen=True)
class SolverSettings:
    """Every query runs with these; nothing is left to Z3's defaults."""

    timeout_ms: int = SOLVER_CALL_MS  # one solver call at most
    seed: int = 0
    fast_paths: bool = True  # settle verdicts from per-license profiles where they suffice
    # the question's deadline: not part of what the settings are (caches key on them)
    deadline: Deadline = field(default=NO_DEADLINE, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.timeout_ms, int) or isinstance(self.timeout_ms, bool) or \
                self.timeout_ms < 1:
            raise LiclogicError(f"timeout_ms is a whole number of milliseconds ≥ 1, not "
                                f"{self.timeout_ms!r}")
        if not isinstance(self.seed, int) or isinstance(self.seed, bool):
            raise LiclogicError(f"seed is an integer, not {self.seed!r}")
        if not isinstance(self.deadline, Deadline):
            raise LiclogicError(f"deadline is a liclogic.limits.Deadline, not "
                                f"{type(self.deadline).__name__}")

    def call_timeout_ms(self, what: str = "") -> int:
        """The time the next solver call may take; ``DeadlineExceeded`` when none is left."""
        left = self.deadline.remaining_ms()
        if left <= 0:
            self.deadline.expired_once = True
            raise DeadlineExceeded(what)
        return min(self.timeout_ms, left)

    def check_deadline(self, what: str = "") -> None:
        """For loops that do work between solver calls."""
        self.deadline.check(what)


DEFAULT_SETTINGS = SolverSettings()


def unknown_summary(settings: SolverSettings, what: str) -> str:
    """What an ``unknown`` says: the deadline ran out, or a solver call gave up."""
    if settings.deadline.expired_once or settings.deadline.passed():
        return (f"Unknown: the time limit ({settings.deadline.describe()}) ran out before "
                f"{what} was decided; raise --timeout to give it longer.")
    return (f"Unknown: the solver gave up on {what} within {settings.timeout_ms:,} ms per "
            "call; raise --timeout to try harder.")
