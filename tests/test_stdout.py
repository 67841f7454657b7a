"""The ``liclogic`` executable's stdout, as a shell pipeline meets it: output cut off by the
reader (``liclogic list | head``) ends quietly with the exit code it had decided (0 for
a listing; a matrix's "no" stays 1), and a stdout that cannot encode
"→" (``PYTHONIOENCODING=ascii``, ``LANG=C``) escapes it instead of crashing. Run as a real
process: CliRunner has no pipe to close."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import ROOT

EXE = [sys.executable, "-m", "liclogic"]


def closed_early(*args: str, env: dict[str, str] | None = None
                 ) -> subprocess.CompletedProcess[bytes]:
    """Run liclogic with its stdout a pipe the reader closes after the first line."""
    p = subprocess.Popen([*EXE, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env=env)
    assert p.stdout is not None and p.stderr is not None
    first = p.stdout.readline()
    p.stdout.close()
    err = p.stderr.read()
    p.wait(timeout=120)
    return subprocess.CompletedProcess(p.args, p.returncode, first, err)


@pytest.mark.parametrize("args", [
    ("classify", "--all"),                       # 120 kB of text; it decides no verdict
    ("scan", str(ROOT / "examples" / "realworld" / "sbom" /   # 230 kB through the JSON writer
                 "juice-shop_v11.1.2_bom.json.gz"), "--json", "--fail-on", "no"),
    ("matrix",),                                 # a "no" among its pairs: exit 1
    ("matrix", "--fail-on", "unknown"),          # ... which --fail-on unknown lets pass
])
def test_a_reader_that_goes_away_ends_it_quietly_with_the_verdict(args, tmp_path):
    env = {**os.environ, "LICLOGIC_CACHE_DIR": str(tmp_path)}
    whole = subprocess.run([*EXE, *args], capture_output=True, env=env, timeout=300)
    assert len(whole.stdout) > 1 << 16, "more than a pipe buffer: the reader's close is felt"
    r = closed_early(*args, env=env)
    assert r.stdout, "the first line was printed"
    assert r.stderr == b"", r.stderr.decode()
    # what was decided is the exit code, as a run read to the end gives it: a "no" piped
    # into head still fails under pipefail; classify decides none and exits 0
    assert r.returncode == whole.returncode, (r.returncode, whole.returncode)


@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "ascii"},
                                 {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0"}])
def test_a_stdout_that_cannot_encode_the_arrow_escapes_it(env):
    r = subprocess.run([*EXE, "compat", "GPL-3.0-only", "MIT"], capture_output=True,
                       env={**os.environ, **env}, timeout=120)
    assert r.returncode == 1, r.stderr.decode()  # the verdict, no
    assert b"Traceback" not in r.stderr
    assert b"GPL-3.0-only \\u2192 MIT: NO" in r.stdout


BROKEN_PIPE_AT_OUTPUT = """
import sys
import click
import liclogic.cli.obligations as obligations
from liclogic.cli.main import run

def gone(*args, **kwargs):
    raise BrokenPipeError  # the reader left before the first byte
obligations._render = gone
click.echo = gone  # review prints its report with click.echo
sys.argv = ["liclogic", *sys.argv[1:]]
run()
"""


@pytest.mark.parametrize(("args", "code"), [
    (("obligations", str(ROOT / "tests" / "data" / "model_repos" / "llama31-gaps")), 1),
    (("review", str(ROOT / "specs" / "models" / "Kimi-K2.lic")), 3),   # OSD: depends
])
def test_a_reader_gone_before_the_report_still_gets_its_verdict(args, code, tmp_path):
    """obligations and review decide their exit code before printing a word of the report:
    a reader that leaves at once (| head -0, a closed pipe) still fails the step."""
    env = {**os.environ, "LICLOGIC_CACHE_DIR": str(tmp_path)}
    whole = subprocess.run([*EXE, *args], capture_output=True, env=env, timeout=300)
    assert whole.returncode == code, whole.stderr.decode()
    r = subprocess.run([sys.executable, "-c", BROKEN_PIPE_AT_OUTPUT, *args],
                       capture_output=True, env=env, timeout=300)
    assert r.stderr == b"", r.stderr.decode()
    assert r.returncode == code
