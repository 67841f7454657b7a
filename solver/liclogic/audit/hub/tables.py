"""Readers → the audit's two DuckDB tables.

``models(id, license, license_name, license_link, expression, how, source)``: one row per model,
dataset or package with its declared license (a Hub id, an SPDX expression, or ``other`` with
``license_name`` / ``license_link``); ``expression`` / ``how`` are filled when a reader already
normalised the declaration (model cards, GGUF, model-tree CSV, MOT records: through
``inputs.models``), else the pipeline normalises each distinct declaration once.
``links(child, parent, relation, source)``: finetune / adapter / merge / quantized / distill
(from ``base_model`` / ``base_model_relation``), ``train`` for a dataset → model edge, a
dependency edge for software.

Table files are Parquet, CSV or JSON Lines (``.gz`` too), read by DuckDB; column names may be
the Hub's (``model_id``, ``base_model``, ``base_model_relation``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from liclogic.errors import LiclogicError
from liclogic.lang.library import Library

MODEL_COLUMNS = ("id", "license", "license_name", "license_link", "expression", "how", "source")
LINK_COLUMNS = ("child", "parent", "relation", "source")
# accepted spellings of each column, first found wins
MODEL_NAMES = {"id": ("id", "model_id", "name", "dataset_id", "package"),
               "license": ("license", "license_id", "declared_license", "hf_model_license"),
               "license_name": ("license_name",), "license_link": ("license_link",)}
LINK_NAMES = {"child": ("child", "model_id", "model", "dependent"),
              "parent": ("parent", "base_model", "dataset", "dependency"),
              "relation": ("relation", "base_model_relation", "kind")}


@contextmanager
def connect(memory_limit: str = "2GB", threads: int = 0) -> Iterator[Any]:
    """An in-memory DuckDB bounded in memory (``memory_limit``: past it, joins and sorts
    spill), in threads (0: DuckDB's default, one per core) and in where it spills: a private
    folder (mode 0700, made for this run and removed after it), never a shared one."""
    import shutil
    import tempfile

    import duckdb

    spill = tempfile.mkdtemp(prefix="liclogic-audit-")
    config: dict[str, Any] = {"memory_limit": memory_limit, "temp_directory": spill,
                              "preserve_insertion_order": False}
    if threads:
        config["threads"] = threads
    try:
        con = duckdb.connect(config=config)
    except duckdb.Error as exc:
        shutil.rmtree(spill, ignore_errors=True)
        raise LiclogicError(f"DuckDB refused the settings: {exc}",
                            hint="--memory-limit takes a size such as 2GB or 500MB") from exc
    try:
        yield con
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)


def create(con: Any) -> None:
    con.execute("CREATE TABLE models (" + ", ".join(f"{c} VARCHAR" for c in MODEL_COLUMNS)
                + ")")
    con.execute("CREATE TABLE links (" + ", ".join(f"{c} VARCHAR" for c in LINK_COLUMNS) + ")")


def _reader(path: Path) -> str:
    name = path.name.lower().removesuffix(".gz")
    quoted = "'" + str(path).replace("'", "''") + "'"
    if name.endswith(".parquet"):
        return f"read_parquet({quoted})"
    if name.endswith(".csv") or name.endswith(".tsv"):
        return f"read_csv({quoted}, all_varchar=true, header=true)"
    if name.endswith(".jsonl") or name.endswith(".ndjson") or name.endswith(".json"):
        return f"read_json({quoted}, format='newline_delimited')"
    raise LiclogicError(f"{path}: not a Parquet, CSV or JSON Lines table",
                        hint="give a .parquet, .csv or .jsonl file (.gz too)")


def _select(con: Any, path: Path, names: dict[str, tuple[str, ...]], want: tuple[str, ...]
            ) -> str:
    if not path.is_file():
        raise LiclogicError(f"no such file: {path}")
    src = _reader(path)
    have = {c.lower(): c for c in con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()
            for c in [c[0]]}
    cols = []
    for col in want:
        found = next((have[n] for n in names.get(col, ()) if n in have), None)
        if col == "source":
            cols.append("'" + str(path).replace("'", "''") + "' AS source")
        elif found is None:
            if col in ("id", "child", "parent"):
                raise LiclogicError(f"{path}: no {col} column",
                                    hint="columns: " + ", ".join(names[col]))
            cols.append(f"NULL::VARCHAR AS {col}")
        else:
            cols.append(f'CAST("{found}" AS VARCHAR) AS {col}')
    return f"SELECT {', '.join(cols)} FROM {src}"


def add_models_table(con: Any, path: Path) -> None:
    con.execute("INSERT INTO models " + _select(con, path, MODEL_NAMES, MODEL_COLUMNS))


def add_links_table(con: Any, path: Path) -> None:
    con.execute("INSERT INTO links " + _select(con, path, LINK_NAMES, LINK_COLUMNS))


def add_model_sources(con: Any, paths: list[Path], lib: Library) -> list[str]:
    """Model cards (folders of them), GGUF files, model-tree CSVs and MOT records, read by
    ``inputs.models``: their models and base_model links."""
    from liclogic.inputs.models import read_models

    models, notes = read_models(paths, lib)
    insert_many(con, "INSERT INTO models VALUES (?, ?, NULL, NULL, ?, ?, ?)",
                    [(m.id, m.license.raw if m.license else None,
                      m.license.expression if m.license else None,
                      m.license.how if m.license else None, m.source) for m in models])
    insert_many(con, "INSERT INTO links VALUES (?, ?, ?, ?)",
                    [(m.id, parent, rel, m.source) for m in models for parent, rel in m.bases])
    return notes


def insert_many(con: Any, sql: str, rows: list[Any], per_statement: int = 256) -> None:
    """Rows loaded with ``sql`` (``INSERT INTO t VALUES (?, …)``), ``per_statement`` rows to a
    statement of many VALUES groups: DuckDB's executemany runs one statement per row
    (2,016 answers took 29 s at load 8). Nothing is done for no rows."""
    if not rows:
        return
    head, _, group = sql.rpartition("VALUES")
    group = group.strip()
    for i in range(0, len(rows), per_statement):
        part = rows[i:i + per_statement]
        con.execute(f"{head}VALUES " + ", ".join([group] * len(part)),
                    [v for r in part for v in r])
