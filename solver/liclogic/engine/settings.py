"""Solver settings: explicit, so every run is reproducible (kept free of Z3 imports, so the
command line can build them before deciding whether the solver is needed at all)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SolverSettings:
    """Every query runs with these; nothing is left to Z3's defaults."""

    timeout_ms: int = 10_000
    seed: int = 0
    fast_paths: bool = True  # settle verdicts from per-license profiles where they suffice


DEFAULT_SETTINGS = SolverSettings()
