"""Shared fixtures and the hypothesis profiles (explicit and reproducible: derandomized, no
deadline). Choose one with HYPOTHESIS_PROFILE=ci|dev|extended; CI uses ci."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from solver.library import bundled_library

settings.register_profile(
    "ci", max_examples=200, deadline=None, derandomize=True, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("dev", parent=settings.get_profile("ci"), max_examples=50)
settings.register_profile("extended", parent=settings.get_profile("ci"), max_examples=5_000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

DATA = Path(__file__).parent / "data"

# Tests exercise the real work; tests/test_cache.py turns the cache on in a temporary folder.
os.environ.setdefault("LICLOGIC_NO_CACHE", "1")


@pytest.fixture(scope="session")
def lib():
    return bundled_library()


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p
