"""The Ray Data adapter (the ``ray`` extra, installed by .ci/run) on a local Ray: the same
per-batch function, held by stateful ``map_batches`` actors, answers every distinct question
of the Mistral tree and the MOT records as DuckDB's local pipeline does, and the per-edge
results and the statistics are the same."""

from __future__ import annotations

import importlib.util
import os

import pytest

from .test_hub_audit import decided

if os.environ.get("CI") and importlib.util.find_spec("ray") is None:  # .ci/run installs it
    pytest.fail("CI runs this test: the ray extra must be installed (.ci/run: '.[dev,ray]')",
                pytrace=False)
ray = pytest.importorskip("ray", reason="the ray extra is not installed "
                                        "(pip install -e '.[ray]')")
pytest.importorskip("pandas", reason="the ray extra (pandas) is not installed")


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             configure_logging=False)
    yield
    ray.shutdown()


def test_ray_equals_duckdb(local_ray, lib):
    from liclogic.audit.hub.ray import ray_decider

    local, rows, answers = decided(lib)
    on_ray, rows_r, answers_r = decided(lib, ray_decider(workers=2, batch_size=3))
    assert local.questions == on_ray.questions >= 10
    assert answers_r == answers
    assert rows_r == rows
    assert local.stats == on_ray.stats
    # the answers differ: a verdict of each kind, a deciding clause and duties came through
    assert {a[7] for a in answers} >= {"yes", "depends", "unknown"}
    assert any(a[9] for a in answers) and any(a[10] for a in answers)
