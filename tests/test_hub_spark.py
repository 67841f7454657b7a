"""The Spark adapter (the ``spark`` extra) in local mode: the same per-batch function on
Spark answers every distinct question of the Mistral tree and the MOT records as DuckDB's
local pipeline does, and the per-edge results are the same."""

from __future__ import annotations

import os
import shutil
import sys

import pytest

from .test_hub_audit import decided

pytest.importorskip("pyspark", reason="the spark extra is not installed "
                                      "(pip install -e '.[spark]')")
pytest.importorskip("pandas", reason="the spark extra (pandas) is not installed")
pytest.importorskip("pyarrow", reason="the spark extra (pyarrow) is not installed")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java 17 (no java on PATH)", allow_module_level=True)


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    s = (SparkSession.builder.master("local[2]").appName("liclogic-test")
         .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
         .config("spark.driver.memory", "1g").getOrCreate())
    yield s
    s.stop()


def test_spark_equals_duckdb(spark, lib):
    from liclogic.audit.hub.spark import spark_decider

    local, rows, answers = decided(lib)
    on_spark, rows_s, answers_s = decided(lib, spark_decider(spark, partitions=3))
    assert local.questions == on_spark.questions >= 10
    assert answers_s == answers
    assert rows_s == rows
    assert local.stats["verdicts"] == on_spark.stats["verdicts"]
