"""The hub audit's questions decided on Spark (the ``spark`` extra: pyspark, pandas, pyarrow).

The per-batch function is the DuckDB pipeline's own (``decide.BatchDecider``): a
``mapInPandas`` over the distinct questions, each Python worker keeping one decider (the
library and its judges) warm across the batches it is given. Only the distinct questions
travel to the cluster — a few thousand rows for the whole hub — and their answers come back
to the driver, where DuckDB joins them onto every edge as it does for answers decided in
local worker processes:

    from pyspark.sql import SparkSession
    spark = SparkSession.builder.master("spark://head:7077").getOrCreate()
    pipeline.run(con, lib, decide=spark_decider(spark))
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from liclogic.audit.hub.decide import OUT_COLUMNS, BatchDecider
from liclogic.audit.hub.pipeline import Q_COLUMNS

_decider: dict[str, BatchDecider] = {}


def _decide_frames(frames: Iterator[Any], readings: dict[str, bool]) -> Iterator[Any]:
    """mapInPandas: each pandas frame of questions → the same frame with the answers."""
    import pandas as pd

    if "d" not in _decider:  # once per Python worker: the library loaded, judges kept
        _decider["d"] = BatchDecider(readings=readings)
    for frame in frames:
        batch = {c: [None if pd.isna(v) else v for v in frame[c].tolist()] for c in Q_COLUMNS}
        out = _decider["d"](batch)
        yield pd.DataFrame({c: out[c] for c in (*Q_COLUMNS, *OUT_COLUMNS)})


def schema() -> str:
    arrays = ("duties", "readings")
    return ", ".join(f"{c} array<string>" if c in arrays else f"{c} string"
                     for c in (*Q_COLUMNS, *OUT_COLUMNS))


def spark_decider(spark: Any, partitions: int = 0
                  ) -> Callable[[list[tuple[Any, ...]], dict[str, bool]], list[dict[str, Any]]]:
    """A ``decide`` for ``pipeline.run``: the distinct questions as a Spark DataFrame of
    ``partitions`` parts (0: Spark's default parallelism), answered by ``mapInPandas``."""

    def decide(rows: list[tuple[Any, ...]], readings: dict[str, bool]) -> list[dict[str, Any]]:
        if not rows:
            return []
        df = spark.createDataFrame([tuple(r) for r in rows],
                                   ", ".join(f"{c} string" for c in Q_COLUMNS))
        n = partitions or spark.sparkContext.defaultParallelism
        fixed = dict(readings)
        answered = df.repartition(n).mapInPandas(
            lambda frames: _decide_frames(frames, fixed), schema())
        got = answered.collect()
        cols = (*Q_COLUMNS, *OUT_COLUMNS)
        return [{c: [list(r[c] or []) if c in ("duties", "readings") else r[c] for r in got]
                 for c in cols}]

    return decide
