"""The DuckDB pipeline: normalise each distinct declaration once, find the bad rows, deduplicate
the (parent, child, relation) questions, decide each distinct one (``decide.BatchDecider``, over
worker processes), join the verdicts back onto every edge, and write ``edges.parquet``,
``bad_rows.parquet`` and the statistics.

Bad rows are never dropped silently and never fatal: each is a row of ``bad_rows`` with its
reason (self-link, cycle, unknown parent, unknown child, duplicate id, unparseable license), and
an edge that cannot be judged is still an edge of the output, with verdict unknown and a status.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liclogic.audit.hub.decide import OUT_COLUMNS, BatchDecider
from liclogic.audit.hub.tables import insert_many
from liclogic.inputs.modelcard import license_of
from liclogic.inputs.resolve import known_names
from liclogic.lang.library import Library

Q_COLUMNS = ("parent_raw", "parent_expression", "parent_how", "child_raw", "child_expression",
             "child_how", "relation")


@dataclass
class AuditRun:
    con: Any
    questions: int = 0
    stats: dict[str, Any] = field(default_factory=dict)


def normalise(con: Any, lib: Library) -> int:
    """``decl``: each distinct declaration with its expression (normalised once)."""
    known = known_names(lib)
    rows = con.execute("SELECT DISTINCT license, license_name, license_link, expression, how "
                       "FROM models WHERE license IS NOT NULL").fetchall()
    out = []
    for lic, name, link, in_expr, in_how in rows:
        raw, expr, how = lic, in_expr, in_how
        if in_how is None:
            n = license_of({"license": lic, "license_name": name, "license_link": link}, known)
            raw, expr, how = (n.raw, n.expression, n.how) if n else (lic, None, "unrecognised")
        out.append((lic, name, link, in_expr, in_how, raw, expr, how))
    con.execute("CREATE TABLE decl (license VARCHAR, license_name VARCHAR, license_link VARCHAR,"
                " in_expression VARCHAR, in_how VARCHAR, raw VARCHAR, expression VARCHAR, "
                "how VARCHAR)")
    insert_many(con, "INSERT INTO decl VALUES (?, ?, ?, ?, ?, ?, ?, ?)", out)
    return len(out)


def _cycle_edges(con: Any) -> list[tuple[str, str]]:
    """Edges inside a cycle: prune leaves from both ends in SQL (the residue holds every cycle
    and is small), then strongly connected components in Python over the residue."""
    con.execute("CREATE TEMP TABLE r AS SELECT DISTINCT lower(child) c, lower(parent) p "
                "FROM links WHERE child IS NOT NULL AND parent IS NOT NULL "
                "AND lower(child) <> lower(parent)")
    while True:
        before = con.execute("SELECT count(*) FROM r").fetchone()[0]
        con.execute("DELETE FROM r WHERE p NOT IN (SELECT c FROM r) OR c NOT IN "
                    "(SELECT p FROM r)")
        if con.execute("SELECT count(*) FROM r").fetchone()[0] in (before, 0):
            break
    edges = con.execute("SELECT c, p FROM r").fetchall()
    con.execute("DROP TABLE r")
    comp = _scc(edges)
    return [(c, p) for c, p in edges if comp[c] == comp[p]]


def _scc(edges: list[tuple[str, str]]) -> dict[str, int]:
    """Tarjan's strongly connected components, iterative."""
    succ: dict[str, list[str]] = {}
    for c, p in edges:
        succ.setdefault(c, []).append(p)
        succ.setdefault(p, [])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    comp: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    for root in succ:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = len(index)
                stack.append(v)
                on.add(v)
            if i < len(succ[v]):
                work.append((v, i + 1))
                w = succ[v][i]
                if w not in index:
                    work.append((w, 0))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            if low[v] == index[v]:
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp[w] = index[v]
                    if w == v:
                        break
            if work:
                u = work[-1][0]
                low[u] = min(low[u], low[v])
    return comp


BAD_ROWS = """
CREATE TABLE bad_rows AS
SELECT 'models' AS tbl, id AS row_id, source, 'empty id' AS reason FROM models
  WHERE id IS NULL OR trim(id) = ''
UNION ALL
SELECT 'models', id, source, 'duplicate id (the first row is used)' FROM m_ranked WHERE rn > 1
UNION ALL
SELECT 'models', m.id, m.source, 'unparseable license: ' || d.raw FROM m_first m
  JOIN decl d ON m.license = d.license AND m.license_name IS NOT DISTINCT FROM d.license_name
   AND m.license_link IS NOT DISTINCT FROM d.license_link
   AND m.expression IS NOT DISTINCT FROM d.in_expression AND m.how IS NOT DISTINCT FROM d.in_how
  WHERE d.how = 'unrecognised'
UNION ALL
SELECT 'links', child || ' -> ' || parent, source, 'self-link' FROM links
  WHERE lower(child) = lower(parent)
UNION ALL
SELECT 'links', l.child || ' -> ' || l.parent, l.source, 'cycle in base_model links' FROM links l
  JOIN cycle_edges y ON lower(l.child) = y.c AND lower(l.parent) = y.p
UNION ALL
SELECT 'links', l.child || ' -> ' || coalesce(l.parent, ''), l.source,
  CASE WHEN l.parent IS NULL OR trim(l.parent) = '' THEN 'empty parent id'
       ELSE 'unknown parent id (not in the models)' END FROM links l
  LEFT JOIN m_first p ON lower(l.parent) = p.key WHERE p.key IS NULL
UNION ALL
SELECT 'links', coalesce(l.child, '') || ' -> ' || l.parent, l.source,
  'unknown child id (not in the models)' FROM links l
  LEFT JOIN m_first c ON lower(l.child) = c.key WHERE c.key IS NULL
"""

EDGES = """
CREATE TABLE edges AS
SELECT l.child, l.parent, coalesce(l.relation, 'unspecified') AS relation,
  c.raw AS child_license, p.raw AS parent_license, c.expression AS child_expression,
  p.expression AS parent_expression, c.how AS child_how, p.how AS parent_how,
  c.key IS NULL AS child_unknown, p.key IS NULL AS parent_unknown,
  lower(l.child) = lower(l.parent) AS self_link, y.c IS NOT NULL AS in_cycle
FROM links l
LEFT JOIN m_decl c ON lower(l.child) = c.key
LEFT JOIN m_decl p ON lower(l.parent) = p.key
LEFT JOIN cycle_edges y ON lower(l.child) = y.c AND lower(l.parent) = y.p
"""

JUDGED = "(NOT self_link AND NOT in_cycle AND NOT child_unknown AND NOT parent_unknown " \
         "AND child_license IS NOT NULL AND parent_license IS NOT NULL)"

RESULTS = f"""
CREATE TABLE results AS
SELECT e.child, e.parent, e.relation, e.child_license, e.parent_license,
  e.child_expression, e.parent_expression,
  CASE WHEN {JUDGED} THEN a.verdict ELSE 'unknown' END AS verdict,
  CASE WHEN e.self_link THEN 'self-link' WHEN e.in_cycle THEN 'cycle'
       WHEN e.parent_unknown THEN 'parent unknown' WHEN e.child_unknown THEN 'child unknown'
       WHEN e.child_license IS NULL THEN 'no license'
       WHEN e.parent_license IS NULL THEN 'parent unknown' ELSE a.status END AS status,
  CASE WHEN {JUDGED} THEN a.clause ELSE '' END AS clause,
  CASE WHEN {JUDGED} THEN a.duties ELSE []::VARCHAR[] END AS duties,
  CASE WHEN {JUDGED} THEN a.readings ELSE []::VARCHAR[] END AS readings,
  CASE WHEN e.self_link THEN e.child || ' names itself as its base model'
       WHEN e.in_cycle THEN e.child || ' -> ' || e.parent || ' is part of a base_model cycle'
       WHEN e.parent_unknown THEN e.parent || ' is not in the input; its license is unknown'
       WHEN e.child_unknown THEN e.child || ' is not in the models table'
       WHEN e.child_license IS NULL THEN e.child || ' declares no license: recipients get no '
         || 'license to the model, and ' || e.parent || '''s terms cannot be passed on'
       WHEN e.parent_license IS NULL THEN e.parent || ' declares no license'
       ELSE a.reason END AS reason
FROM edges e LEFT JOIN answers a
  ON a.parent_raw IS NOT DISTINCT FROM e.parent_license
 AND a.parent_expression IS NOT DISTINCT FROM e.parent_expression
 AND a.parent_how IS NOT DISTINCT FROM e.parent_how
 AND a.child_raw IS NOT DISTINCT FROM e.child_license
 AND a.child_expression IS NOT DISTINCT FROM e.child_expression
 AND a.child_how IS NOT DISTINCT FROM e.child_how
 AND a.relation IS NOT DISTINCT FROM lower(e.relation)
"""


def prepare(con: Any, lib: Library) -> int:
    """Declarations, bad rows and edges; returns the number of distinct declarations."""
    n = normalise(con, lib)
    con.execute("CREATE TABLE m_ranked AS SELECT *, lower(trim(id)) AS key, row_number() OVER "
                "(PARTITION BY lower(trim(id)) ORDER BY rowid) AS rn FROM models "
                "WHERE id IS NOT NULL AND trim(id) <> ''")
    con.execute("CREATE TABLE m_first AS SELECT * FROM m_ranked WHERE rn = 1")
    con.execute("CREATE TABLE m_decl AS SELECT m.key, m.id, d.raw, d.expression, d.how "
                "FROM m_first m LEFT JOIN decl d ON m.license = d.license "
                "AND m.license_name IS NOT DISTINCT FROM d.license_name "
                "AND m.license_link IS NOT DISTINCT FROM d.license_link "
                "AND m.expression IS NOT DISTINCT FROM d.in_expression "
                "AND m.how IS NOT DISTINCT FROM d.in_how")
    con.execute("CREATE TABLE cycle_edges (c VARCHAR, p VARCHAR)")
    insert_many(con, "INSERT INTO cycle_edges VALUES (?, ?)", _cycle_edges(con))
    con.execute(BAD_ROWS)
    con.execute(EDGES)
    return n


def questions(con: Any) -> list[tuple[Any, ...]]:
    return con.execute(
        "SELECT DISTINCT parent_license, parent_expression, parent_how, child_license, "
        f"child_expression, child_how, lower(relation) FROM edges WHERE {JUDGED} "
        "ORDER BY ALL").fetchall()


def _solver_key(row: tuple[Any, ...]) -> tuple[str, str, str]:
    """What the solver sees of a question, for batching: the two expressions and the
    relation as the vocabulary reads it (finetune and adapter are both fine_tune; raw
    spellings such as apache-2.0 and Apache-2.0 are one expression)."""
    from liclogic.audit.lineage import RELATION_MAP

    rel = (row[6] or "").lower()
    return (row[4] or "", row[1] or "", RELATION_MAP.get(rel, rel))


def _chunks(rows: list[tuple[Any, ...]], size: int) -> list[dict[str, list[Any]]]:
    """Batches of about ``size`` questions, the questions one solver question apart kept in
    one batch (a worker's judges then solve that question once, not once per worker)."""
    ordered = sorted(rows, key=lambda r: (_solver_key(r), tuple(str(x) for x in r)))
    groups: list[list[tuple[Any, ...]]] = []
    for r in ordered:
        if groups and _solver_key(groups[-1][-1]) == _solver_key(r):
            groups[-1].append(r)
        else:
            groups.append([r])
    out: list[dict[str, list[Any]]] = []
    part: list[tuple[Any, ...]] = []
    for g in groups:
        part += g
        if len(part) >= size:
            out.append({c: [r[k] for r in part] for k, c in enumerate(Q_COLUMNS)})
            part = []
    if part:
        out.append({c: [r[k] for r in part] for k, c in enumerate(Q_COLUMNS)})
    return out


_worker: dict[str, BatchDecider] = {}


def _decide_in_worker(batch: dict[str, list[Any]], readings: dict[str, bool]) -> dict[str, Any]:
    if "d" not in _worker:
        _worker["d"] = BatchDecider(readings=readings)
    return _worker["d"](batch)


def decide_all(rows: list[tuple[Any, ...]], lib: Library, jobs: int,
               readings: dict[str, bool] | None = None,
               progress: Callable[[int], None] | None = None, parallel_from: int = 32
               ) -> list[dict[str, Any]]:
    """Every distinct question decided: in this process (jobs 1, or fewer than
    ``parallel_from`` questions: starting workers costs more) or over ``jobs`` workers."""
    batches = _chunks(rows, 16 if jobs > 1 else 64)
    if jobs <= 1 or len(rows) < parallel_from:
        decider = BatchDecider(lib, readings=readings)
        out = []
        for b in batches:
            out.append(decider(b))
            if progress:
                progress(len(b["relation"]))
        return out
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    ctx = multiprocessing.get_context("spawn")
    results = []
    # the children this process had before the pool: an interrupt stops the pool's workers,
    # not processes an embedding program started
    before = {p.pid for p in multiprocessing.active_children()}
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx)
    try:
        futures = [pool.submit(_decide_in_worker, b, dict(readings or {})) for b in batches]
        for f in as_completed(futures):
            r = f.result()
            results.append(r)
            if progress:
                progress(len(r["relation"]))
    except BaseException:  # interrupted (KeyboardInterrupt, SIGTERM): drop the queued batches
        pool.shutdown(wait=False, cancel_futures=True)
        # and stop the running ones: the interpreter's exit would otherwise wait for each
        # worker to finish its batch (a signal sent to this process alone reaches no worker)
        for worker in multiprocessing.active_children():
            if worker.pid not in before:
                worker.terminate()
        raise
    pool.shutdown()
    return results


def store_answers(con: Any, answers: list[dict[str, Any]]) -> None:
    cols = (*Q_COLUMNS, *OUT_COLUMNS)
    con.execute("CREATE TABLE answers (" + ", ".join(
        f"{c} VARCHAR[]" if c in ("duties", "readings") else f"{c} VARCHAR" for c in cols) + ")")
    rows = [tuple(b[c][i] for c in cols) for b in answers for i in range(len(b["relation"]))]
    insert_many(con, f"INSERT INTO answers VALUES ({', '.join('?' * len(cols))})", rows)


Decide = Callable[[list[tuple[Any, ...]], dict[str, bool]], list[dict[str, Any]]]


def run(con: Any, lib: Library, jobs: int = 1, readings: dict[str, bool] | None = None,
        progress: Callable[[int, int], None] | None = None, decide: Decide | None = None
        ) -> AuditRun:
    """The whole pipeline over the ``models`` and ``links`` tables of ``con``; the distinct
    questions are decided over ``jobs`` local processes, or by ``decide`` (a cluster's: the
    Spark adapter, audit/hub/spark), which answers them in the same batch form."""
    from liclogic.audit.hub.stats import highlights, parent_categories, statistics

    declarations = prepare(con, lib)
    rows = questions(con)
    done = [0]

    def step(n: int) -> None:
        done[0] += n
        if progress:
            progress(done[0], len(rows))

    if decide is not None:
        answers = decide(rows, dict(readings or {}))
        step(len(rows))
    else:
        answers = decide_all(rows, lib, jobs, readings, step)
    store_answers(con, answers)
    con.execute(RESULTS)
    res = AuditRun(con, len(rows))
    parent_categories(con, lib)
    res.stats = statistics(con)
    res.stats["distinct_declarations"] = declarations
    res.stats["distinct_questions"] = len(rows)
    res.stats.update(highlights(con))
    return res


def write(con: Any, out: Path) -> list[Path]:
    """edges.parquet and bad_rows.parquet in ``out``, each written to a new temporary file in
    the same folder and renamed into place: a reader never sees half a file, and an
    interrupted run leaves the previous file whole."""
    import os
    import tempfile

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table, name in (("results", "edges.parquet"), ("bad_rows", "bad_rows.parquet")):
        path = out / name
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out)
        os.close(fd)
        try:
            con.execute(f"COPY {table} TO '{tmp.replace(chr(39), chr(39) * 2)}' "
                        "(FORMAT parquet)")
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        written.append(path)
    return written

