"""The hub audit's questions decided on Ray Data (the ``ray`` extra: ``ray[data]``).

The per-batch function is the DuckDB pipeline's own (``decide.BatchDecider``), held by a
stateful ``map_batches`` class: each Ray actor loads the library once and keeps its judges
warm across the batches it is given. Only the distinct questions travel to the cluster — a
few thousand rows for the whole hub — and their answers come back to the driver, where DuckDB
joins them onto every edge as it does for answers decided in local worker processes:

    import ray
    ray.init(address="auto")  # the cluster's head; without it, Ray starts a local one
    pipeline.run(con, lib, decide=ray_decider(workers=16))
"""

from __future__ import annotations

from typing import Any

from liclogic.audit.hub.decide import OUT_COLUMNS, BatchDecider
from liclogic.audit.hub.pipeline import Q_COLUMNS, Decide, _solver_key

LISTS = ("duties", "readings")


class RayDecider:
    """A ``map_batches`` worker: one decider per actor, the library loaded once."""

    def __init__(self, readings: dict[str, bool]) -> None:
        self.decider = BatchDecider(readings=readings)

    def __call__(self, frame: Any) -> Any:
        import pandas as pd

        batch = {c: [None if _missing(v) else v for v in frame[c].tolist()] for c in Q_COLUMNS}
        out = self.decider(batch)
        return pd.DataFrame({c: out[c] for c in (*Q_COLUMNS, *OUT_COLUMNS)})


def _missing(v: Any) -> bool:
    import pandas as pd

    return v is None or (not isinstance(v, str) and bool(pd.isna(v)))


def ray_decider(workers: int = 0, batch_size: int = 16) -> Decide:
    """A ``decide`` for ``pipeline.run``: the distinct questions as a Ray Dataset, answered
    by ``workers`` actors (0: one per CPU Ray sees) in batches of ``batch_size``; questions
    the solver sees alike (``pipeline._solver_key``) kept next to each other, so one actor's
    judges solve them once."""

    def decide(rows: list[tuple[Any, ...]], readings: dict[str, bool]) -> list[dict[str, Any]]:
        import ray

        if not rows:
            return []
        if not ray.is_initialized():
            ray.init(include_dashboard=False, log_to_driver=False)
        n = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        ordered = sorted(rows, key=lambda r: (_solver_key(r), tuple(str(x) for x in r)))
        ds = ray.data.from_items([dict(zip(Q_COLUMNS, r, strict=True)) for r in ordered])
        got = ds.map_batches(RayDecider, fn_constructor_kwargs={"readings": dict(readings)},
                             batch_size=batch_size, batch_format="pandas",
                             concurrency=n).take_all()
        cols = (*Q_COLUMNS, *OUT_COLUMNS)
        return [{c: [_value(c, r[c]) for r in got] for c in cols}]

    return decide


def _value(column: str, v: Any) -> Any:
    if column in LISTS:
        return [str(x) for x in (v if v is not None else [])]
    return None if _missing(v) else v
