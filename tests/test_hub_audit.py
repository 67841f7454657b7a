"""liclogic audit: the DuckDB pipeline against lineage (a differential test), bad rows, the
statistics of a hand-checkable graph, and the table readers."""

from __future__ import annotations

import json

import duckdb
import pytest
from click.testing import CliRunner
from liclogic.audit.hub import pipeline, tables
from liclogic.audit.lineage import check_lineage
from liclogic.cli.main import main
from liclogic.inputs.models import read_models

from .conftest import REALWORLD, write

TREE = REALWORLD / "hf_models" / "hf_model_tree_mistral-small-24b-base-2501.csv"
MOT = REALWORLD / "hf_models" / "lfai_mot_models.jsonl.gz"


def decided(lib, decide=None):
    """The audit of the Mistral tree and the MOT records, its questions decided by ``decide``
    (default: DuckDB's local pipeline): the run, its per-edge results and its answers, sorted
    (what the Ray and Spark adapters must give alike)."""
    con = duckdb.connect()
    tables.create(con)
    tables.add_model_sources(con, [TREE, MOT], lib)
    run = pipeline.run(con, lib, 1, decide=decide)
    rows = con.execute("SELECT child, parent, relation, verdict, status, clause, duties, "
                       "readings, reason FROM results ORDER BY ALL").fetchall()
    answers = con.execute("SELECT * FROM answers ORDER BY ALL").fetchall()
    return run, rows, answers

MODELS = """id,license,license_name,license_link
org/base,llama2,,
org/ft-mit,mit,,
org/quant,llama2,,
org/self,apache-2.0,,
org/cyc-a,apache-2.0,,
org/cyc-b,apache-2.0,,
org/orphan,apache-2.0,,
org/nolic,,,
org/weird,not a license at all,,
org/base,mit,,
"""
LINKS = """child,parent,relation
org/ft-mit,org/base,finetune
org/quant,org/base,quantized
org/self,org/self,finetune
org/cyc-a,org/cyc-b,merge
org/cyc-b,org/cyc-a,merge
org/orphan,org/missing,finetune
org/nolic,org/base,adapter
org/weird,org/base,finetune
"""


def audited(con, lib, jobs=1):
    run = pipeline.run(con, lib, jobs)
    rows = con.execute("SELECT child, parent, relation, verdict, status FROM results "
                       "ORDER BY ALL").fetchall()
    return run, {(c, p): (rel, v, s) for c, p, rel, v, s in rows}


@pytest.mark.parametrize("source", [TREE, MOT])
def test_same_verdicts_as_lineage(lib, source):
    """Every edge: the hub audit's verdict and status are lineage's on the same tree."""
    con = duckdb.connect()
    tables.create(con)
    tables.add_model_sources(con, [source], lib)
    _, hub = audited(con, lib)
    models, _ = read_models([source], lib)
    ref = check_lineage(lib, models, explain=False)
    # lineage keys models by their first spelling; duplicate ids are one model in both
    expected = {(x.child, x.parent): (x.verdict.value, x.status) for x in ref.links}
    assert len(hub) == len({(x.child, x.parent) for x in ref.links})
    got = {k: (v, s) for k, (_, v, s) in hub.items()}
    assert got == expected


def test_hand_checked_graph(tmp_path, lib):
    m = write(tmp_path, "models.csv", MODELS)
    links = write(tmp_path, "links.csv", LINKS)
    con = duckdb.connect()
    tables.create(con)
    tables.add_models_table(con, m)
    tables.add_links_table(con, links)
    run, by = audited(con, lib)
    # Llama 2's terms do not fit under MIT; a quantized Llama 2 model under Llama 2 depends on
    # the 700M monthly-active-users threshold (Llama 2 §2); tests/test_lineage.py has both
    assert by[("org/ft-mit", "org/base")][1:] == ("no", "ok")
    assert by[("org/quant", "org/base")][1:] == ("depends", "ok")
    assert by[("org/self", "org/self")][1:] == ("unknown", "self-link")
    assert by[("org/cyc-a", "org/cyc-b")][1:] == ("unknown", "cycle")
    assert by[("org/orphan", "org/missing")][1:] == ("unknown", "parent unknown")
    assert by[("org/nolic", "org/base")][1:] == ("unknown", "no license")
    assert by[("org/weird", "org/base")][1:] == ("unknown", "unrecognised")
    bad = con.execute("SELECT tbl, row_id, reason FROM bad_rows ORDER BY ALL").fetchall()
    assert ("links", "org/self -> org/self", "self-link") in bad
    assert ("links", "org/cyc-a -> org/cyc-b", "cycle in base_model links") in bad
    assert ("links", "org/cyc-b -> org/cyc-a", "cycle in base_model links") in bad
    assert ("links", "org/orphan -> org/missing", "unknown parent id (not in the models)") in bad
    assert ("models", "org/base", "duplicate id (the first row is used)") in bad
    assert ("models", "org/weird", "unparseable license: not a license at all") in bad
    s = run.stats
    assert s["models"] == 9 and s["edges"] == 8
    assert s["verdicts"] == {"depends": 1, "no": 1, "unknown": 6}
    # two questions reach the solver: (llama2 → mit, finetune) and (llama2 → llama2, quantized);
    # the unrecognised child is a question too (decided without the solver)
    assert s["distinct_questions"] == 3
    assert s["by_relation"]["merge"]["unknown_share"] == 1.0
    assert s["missing_licenses"] == {"models_without_license": 1, "share": round(1 / 9, 4),
                                     "adapters": 1, "adapters_without_license": 1,
                                     "adapters_share": 1.0}
    # drift among fine-tunes whose licenses both read: only ft-mit (orphan's parent is not in
    # the input, weird's license is unrecognised), and it drifted to an incompatible license
    assert s["license_drift"]["derivatives_with_both_licenses"] == 1
    assert s["license_drift"]["drifted"] == 1
    assert s["license_drift"]["drifted_and_incompatible"] == 1
    assert s["bad_rows"]["cycle in base_model links"] == 2


def test_parquet_and_jsonl_tables_and_cli(tmp_path, lib):
    con = duckdb.connect()
    m = write(tmp_path, "models.csv", MODELS)
    lk = write(tmp_path, "links.csv", LINKS)
    con.execute(f"COPY (SELECT * FROM read_csv('{m}', all_varchar=true)) TO "
                f"'{tmp_path / 'models.parquet'}' (FORMAT parquet)")
    con.execute(f"COPY (SELECT child AS model_id, parent AS base_model, relation AS "
                f"base_model_relation FROM read_csv('{lk}')) TO '{tmp_path / 'links.jsonl'}' "
                "(FORMAT json)")
    out = tmp_path / "out"
    out.mkdir()
    (out / "edges.parquet").write_text("an old run's half-written file")  # replaced whole
    r = CliRunner().invoke(main, ["audit", "--models", str(tmp_path / "models.parquet"),
                                  "--links", str(tmp_path / "links.jsonl"), "--out", str(out),
                                  "--json", "--jobs", "1"], catch_exceptions=False)
    assert r.exit_code == 1, r.output  # an edge is no
    stats = json.loads(r.output)
    assert stats["verdicts"] == {"depends": 1, "no": 1, "unknown": 6}
    # per category liclogic classify derives for the parent's license: the four links from
    # org/base (Llama 2: its acceptable use policy) and the three from Apache-2.0 parents;
    # org/missing is not in the input
    cats = stats["by_parent_category"]
    assert {k: v["edges"] for k, v in cats.items()} == {
        "use-restricted": 4, "permissive": 3, "none or unrecognised": 1}
    assert cats["use-restricted"]["no"] == 1
    edges = duckdb.sql(f"SELECT * FROM read_parquet('{out / 'edges.parquet'}') "
                       "WHERE verdict = 'no'").fetchall()
    cols = [c[0] for c in duckdb.sql(f"DESCRIBE SELECT * FROM '{out / 'edges.parquet'}'")
            .fetchall()]
    row = dict(zip(cols, edges[0], strict=True))
    assert row["child"] == "org/ft-mit" and "Llama" in row["clause"]
    assert row["status"] == "ok" and row["reason"]
    assert (out / "bad_rows.parquet").exists() and (out / "stats.json").exists()
    assert not [f for f in out.iterdir() if f.name.endswith(".tmp")]  # no temporary left


def test_bad_table_is_a_clear_error(tmp_path):
    p = write(tmp_path, "models.txt", "x")
    r = CliRunner().invoke(main, ["audit", "--models", str(p)], catch_exceptions=False)
    assert r.exit_code == 2 and "not a Parquet, CSV or JSON Lines table" in r.output
    p = write(tmp_path, "m.csv", "foo,bar\n1,2\n")
    r = CliRunner().invoke(main, ["audit", "--models", str(p)], catch_exceptions=False)
    assert r.exit_code == 2 and "no id column" in r.output


def test_parallel_equals_serial(lib):
    """The worker processes decide exactly what one process decides."""
    res = []
    for jobs in (1, 2):
        con = duckdb.connect()
        tables.create(con)
        tables.add_model_sources(con, [MOT, TREE], lib)
        pipeline.prepare(con, lib)
        rows = pipeline.questions(con)
        answers = pipeline.decide_all(rows, lib, jobs, parallel_from=0)
        flat = sorted(tuple(str(b[c][i]) for c in b) for b in answers
                      for i in range(len(b["relation"])))
        res.append(flat)
    assert res[0] == res[1]


def test_each_relation_is_judged_as_the_vocabulary_names_it(tmp_path, lib):
    """A dataset → model ``train`` edge, a ``distill`` edge and a software ``static_link``
    dependency get the verdict ``compat --relation`` gives that relation (they are not read
    as fine-tunes: CC-BY-SA-4.0 → Apache-2.0 is no as a fine-tune, depends as training); a
    relation the vocabulary does not name is read as fine_tune, and the reason says so."""
    m = write(tmp_path, "m.csv", "id,license\ndata/sa,CC-BY-SA-4.0\nm/trained,Apache-2.0\n"
                                 "m/tuned,Apache-2.0\nm/llama,llama3.1\nm/distilled,MIT\n"
                                 "lib/gpl,GPL-3.0-only\napp,MIT\nm/odd,Apache-2.0\n")
    lk = write(tmp_path, "l.csv", "child,parent,relation\nm/trained,data/sa,train\n"
                                  "m/tuned,data/sa,finetune\nm/distilled,m/llama,distill\n"
                                  "app,lib/gpl,static_link\nm/odd,data/sa,frobnicate\n")
    con = duckdb.connect()
    tables.create(con)
    tables.add_models_table(con, m)
    tables.add_links_table(con, lk)
    pipeline.run(con, lib, 1)
    got = {c: (v, r) for c, v, r in con.execute(
        "SELECT child, verdict, reason FROM results").fetchall()}
    for child, _parent, child_lic, parent_lic, rel in [
            ("m/trained", "data/sa", "Apache-2.0", "CC-BY-SA-4.0", "train"),
            ("m/tuned", "data/sa", "Apache-2.0", "CC-BY-SA-4.0", "fine_tune"),
            ("m/distilled", "m/llama", "MIT", "llama3.1", "distill"),
            ("app", "lib/gpl", "MIT", "GPL-3.0-only", "static_link"),
            ("m/odd", "data/sa", "Apache-2.0", "CC-BY-SA-4.0", "fine_tune")]:
        r = CliRunner().invoke(main, ["compat", parent_lic, child_lic, "--relation", rel,
                                      "--json"])
        assert got[child][0] == json.loads(r.output)["verdict"], (child, rel)
    assert got["m/trained"][0] != got["m/tuned"][0]
    assert "relation 'frobnicate' is not in the vocabulary: read as fine_tune" in \
        got["m/odd"][1]


def test_an_interrupt_stops_the_pools_workers_and_no_other_process(lib):
    """Interrupted (here by the progress callback), decide_all stops its own workers; a
    process the embedding program started before is left running."""
    import multiprocessing
    import time

    mine = multiprocessing.get_context("spawn").Process(target=time.sleep, args=(60,))
    mine.start()
    try:
        con = duckdb.connect()
        tables.create(con)
        tables.add_model_sources(con, [MOT, TREE], lib)
        pipeline.prepare(con, lib)
        rows = pipeline.questions(con)

        def interrupt(_: int) -> None:
            raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            pipeline.decide_all(rows, lib, 2, progress=interrupt, parallel_from=0)
        mine.join(timeout=2)  # time enough for a SIGTERM sent to it to end it
        assert mine.is_alive()
        for worker in [p for p in multiprocessing.active_children() if p is not mine]:
            worker.join(timeout=30)
            assert not worker.is_alive()
    finally:
        mine.terminate()
        mine.join()
