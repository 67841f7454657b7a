"""liclogic audit: the HTML summary (what the statistics say, the worst edges with their
reasons, the bad rows), the committed example, the progress bar (a terminal only), an
interrupted or terminated run (its private DuckDB folder removed), and the bad rows of every
kind counted and listed."""

from __future__ import annotations

import html
import json
import os
import pty
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from liclogic.audit.hub import pipeline, tables
from liclogic.cli.main import main

from .conftest import ROOT, write
from .test_hub_audit import LINKS, MODELS, MOT

EXAMPLE = ROOT / "docs" / "examples" / "audit-mot.html"


def audit(*args: str) -> tuple[int, str]:
    r = CliRunner().invoke(main, ["audit", *args], catch_exceptions=False)
    return r.exit_code, r.output


def test_html_summary_says_what_the_json_says(tmp_path):
    m = write(tmp_path, "models.csv", MODELS)
    lk = write(tmp_path, "links.csv", LINKS)
    args = ["--models", str(m), "--links", str(lk), "--jobs", "1"]
    code, out = audit(*args, "--out", str(tmp_path / "a"), "--json")
    assert code == 1
    stats = json.loads(out)
    code, _ = audit(*args, "--out", str(tmp_path / "b"), "--format", "html", "--output",
                    str(tmp_path / "r.html"))
    assert code == 1  # an edge is no, as with --json
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert page.startswith("<!doctype html") and "default-src &#39;none&#39;" in page
    # the worst edges: every edge that is not yes (all 8), no first, each with its reason
    rows = re.findall(r'<tr data-verdict="(\w+)">\s*<td>([^<]*)</td><td>([^<]*)</td>', page)
    assert [v for v, _, _ in rows] == ["no", "depends"] + ["unknown"] * 6
    assert rows[0][1:] == ("org/ft-mit", "org/base")
    assert html.escape("org/self names itself as its base model") in page
    assert html.escape("org/missing is not in the input; its license is unknown") in page
    # per relation: the shares of the JSON, one row each
    for rel, v in stats["by_relation"].items():
        row = re.search(rf'<tr data-key="{rel}">(.*?)</tr>', page, re.S)
        assert row and f"{100 * v['unknown_share']:.1f}%" in row.group(1)
    assert set(re.findall(r'<tr data-key="([^"]+)">', page)) == \
        set(stats["by_relation"]) | set(stats["by_parent_category"])
    # the deciding clause of the no edge (Llama 2's), and every bad row with its reason
    assert stats["top_clauses"][0]["no"] == 1 and "Llama" in stats["top_clauses"][0]["clause"]
    assert html.escape(stats["top_clauses"][0]["clause"]) in page
    bad = con_bad_rows(tmp_path / "a" / "bad_rows.parquet")
    assert len(bad) == stats["bad_rows_total"] == len(stats["bad_row_list"])
    for reason in {r for _, r in bad}:
        assert html.escape(reason) in page


def con_bad_rows(path: Path) -> list[tuple[str, str]]:
    return duckdb.sql(f"SELECT row_id, reason FROM '{path}' ORDER BY ALL").fetchall()


def test_model_names_in_the_summary_are_inert(tmp_path):
    m = write(tmp_path, "m.csv", "id,license\n<script>alert(1)</script>,mit\norg/b,mit\n")
    lk = write(tmp_path, "l.csv", "child,parent,relation\n<script>alert(1)</script>,"
                                  "org/nope,finetune\n")
    code, page = audit("--models", str(m), "--links", str(lk), "--jobs", "1", "--out",
                       str(tmp_path / "o"), "--format", "html")
    assert code == 0, page
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert page.count("<script>") == 1


def test_committed_example_is_todays_mot_audit(tmp_path):
    """docs/examples/audit-mot.html is what the command makes from the MOT records now."""
    code, page = audit(str(MOT.relative_to(ROOT)), "--out", str(tmp_path / "o"), "--jobs",
                       "1", "--format", "html")
    committed = EXAMPLE.read_text(encoding="utf-8")

    def body(p: str) -> str:  # the tool's version line aside
        return re.sub(r'<meta name="generator"[^>]*>|<footer>.*?</footer>', "", p, flags=re.S)

    assert code == 0
    assert body(page) == body(committed)
    assert "docs/examples/audit-mot.html" in (ROOT / "docs" / "audit.md").read_text()


def test_every_kind_of_bad_row_is_counted_listed_and_not_fatal(tmp_path, lib):
    """An unparseable license, a cycle, a self-link, an unknown parent and an unknown child:
    each a row of bad_rows with its reason, each link still an edge of the output."""
    m = write(tmp_path, "m.csv", "id,license\na,mit\nb,mit\nc,mit\nd,what license\ne,mit\n")
    lk = write(tmp_path, "l.csv", "child,parent,relation\na,b,finetune\nb,a,finetune\n"
                                  "c,c,finetune\nd,e,finetune\nghost,e,finetune\n"
                                  "e,nowhere,finetune\n")
    con = duckdb.connect()
    tables.create(con)
    tables.add_models_table(con, m)
    tables.add_links_table(con, lk)
    run = pipeline.run(con, lib, 1)
    bad = set(con.execute("SELECT row_id, reason FROM bad_rows").fetchall())
    assert bad == {("a -> b", "cycle in base_model links"),
                   ("b -> a", "cycle in base_model links"), ("c -> c", "self-link"),
                   ("d", "unparseable license: what license"),
                   ("ghost -> e", "unknown child id (not in the models)"),
                   ("e -> nowhere", "unknown parent id (not in the models)")}
    status = dict(((c, p), s) for c, p, s in con.execute(
        "SELECT child, parent, status FROM results").fetchall())
    assert status == {("a", "b"): "cycle", ("b", "a"): "cycle", ("c", "c"): "self-link",
                      ("d", "e"): "unrecognised", ("ghost", "e"): "child unknown",
                      ("e", "nowhere"): "parent unknown"}
    assert run.stats["bad_rows"] == {"cycle in base_model links": 2, "self-link": 1,
                                     "unparseable license": 1,
                                     "unknown child id (not in the models)": 1,
                                     "unknown parent id (not in the models)": 1}
    assert run.stats["verdicts"] == {"unknown": 6}


def _slow_graph(tmp_path: Path, lib) -> list[str]:
    """~2,000 distinct questions: every ordered pair of 26 licenses, three relations (13
    licenses, ~500 questions, were decided within the test's one second once the profiles
    settled more pairs)."""
    ids = [i for i in ("MIT", "Apache-2.0", "GPL-2.0-only", "GPL-3.0-only", "LGPL-2.1-only",
                       "MPL-2.0", "BSD-3-Clause", "CC-BY-4.0", "CC-BY-SA-4.0",
                       "CC-BY-NC-4.0", "AGPL-3.0-only", "EPL-2.0", "CC-BY-ND-4.0",
                       "BSD-2-Clause", "ISC", "Zlib", "Unlicense", "LGPL-3.0-only",
                       "GPL-2.0-or-later", "EUPL-1.2", "CDDL-1.0", "OSL-3.0", "EPL-1.0",
                       "CC-BY-NC-SA-4.0", "MPL-1.1", "Artistic-2.0")
           if lib.find(i)]
    models = ["id,license"] + [f"p/{a},{a}" for a in ids]
    links = ["child,parent,relation"]
    for rel in ("finetune", "merge", "quantized"):
        for a in ids:
            for b in ids:
                models.append(f"c/{rel}/{a}/{b},{b}")
                links.append(f"c/{rel}/{a}/{b},p/{a},{rel}")
    m = write(tmp_path, "m.csv", "\n".join(models) + "\n")
    lk = write(tmp_path, "l.csv", "\n".join(links) + "\n")
    return ["--models", str(m), "--links", str(lk)]


def _ctrl_c_default() -> None:
    # a command started in the background by a shell without job control inherits SIGINT
    # ignored, and Python then never raises KeyboardInterrupt: a terminal's Ctrl-C is not that
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_audit_removes_its_private_folder(tmp_path, lib, sig):
    """SIGTERM or Ctrl-C (SIGINT: KeyboardInterrupt) while the questions are decided: the
    process ends, its DuckDB spill folder is gone, and no edges.parquet is half written."""
    args = _slow_graph(tmp_path, lib)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    proc = subprocess.Popen([sys.executable, "-m", "liclogic", "audit", *args, "--jobs", "2",
                             "--out", str(tmp_path / "out")], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=_ctrl_c_default)
    deadline = time.monotonic() + 120
    while not list(tmp.glob("liclogic-audit-*")):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(1.0)  # into the deciding
    assert proc.poll() is None, "the audit ended before it was stopped: make the graph larger"
    proc.send_signal(sig)
    # promptly: the workers are stopped, not waited for (a batch can take a minute)
    _, err = proc.communicate(timeout=15)
    assert proc.returncode != 0
    assert b"Traceback" not in err, err.decode()
    assert not list(tmp.glob("liclogic-audit-*"))
    assert not (tmp_path / "out" / "edges.parquet").exists()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_during_a_duckdb_query_is_an_interrupt(sig):
    """DuckDB turns the KeyboardInterrupt of a signal that lands during a query into
    ``RuntimeError: Query interrupted`` (the test above met it under load, while the tables
    were loading): within the audit it is an interrupt again, which click reports as
    "Aborted!" with no traceback."""
    import threading

    import duckdb
    from liclogic.cli.hub_audit import _interruptible

    con = duckdb.connect()
    timer = threading.Timer(0.3, os.kill, (os.getpid(), sig))
    # Ctrl-C raises KeyboardInterrupt here as in a terminal (a test worker may ignore it)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt), _interruptible():
            timer.start()
            con.execute("SELECT count(*) FROM range(100000000000)").fetchall()  # minutes
    finally:
        timer.join()
        signal.signal(signal.SIGINT, previous)


def _on_pty(args: list[str]) -> bytes:
    """The audit with stdout and stderr on a pseudo-terminal; all it wrote there."""
    main_fd, sub = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "liclogic", "audit", *args],
                            stdout=sub, stderr=sub, stdin=subprocess.DEVNULL)
    os.close(sub)
    got = b""
    while True:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:  # the terminal closed
            break
        if not chunk:
            break
        got += chunk
    os.close(main_fd)
    proc.wait(timeout=60)
    return got


def test_progress_bar_on_a_terminal_only(tmp_path):
    args = [str(MOT), "--jobs", "1", "--out", str(tmp_path / "o")]
    assert b"deciding distinct questions" in _on_pty(args)
    piped = subprocess.run([sys.executable, "-m", "liclogic", "audit", *args],
                           capture_output=True, timeout=120)
    assert piped.returncode == 0
    assert b"deciding distinct questions" not in piped.stdout + piped.stderr
    assert b"\x1b[" not in piped.stderr
