"""The hostile-input suite: every generated input of tests/hostile_inputs.py, run as a whole
process (``python -m liclogic``) under ``resource.setrlimit`` bounds — address space and CPU
time — with the behaviour it must show: its exit code, a text it must print, no traceback,
and a wall-clock and peak-memory bound. Before the hardening each of these hung (killed
after 120 s), grew past a gigabyte, or printed a Python traceback (docs/security.md has the
figures, benchmarks/hostile.py measures them).

The quick ones run with the default suite; the ones that are slow by nature (megabytes of
spec, thousands of clauses) run under ``-m slow``.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from .hostile_inputs import CASES


@dataclass(frozen=True)
class Expect:
    exit: int
    says: str  # printed on stdout or stderr
    seconds: float = 30.0  # wall-clock bound, generous for a loaded 2-core CI machine
    memory_mb: int = 400  # peak resident memory bound (the address-space bound is higher)
    slow: bool = False


EXPECT: dict[str, Expect] = {
    # bounded work: the deadline, readings, DAGs, lint, parsing
    "readings16": Expect(3, '"verdict": "depends"'),
    "readings16_timeout1": Expect(4, "time limit (1 ms) ran out"),
    "readings16_osd": Expect(3, '"verdict": "depends"', slow=True),
    "workflow_diamond30": Expect(0, '"verdict": "yes"'),
    "lint_2000_clauses": Expect(0, "clean", 60, slow=True),
    "check_3000_clauses": Expect(0, "clean", 60, slow=True),
    "comments_4mb": Expect(0, "clean", 60, slow=True),
    "long_name_3mb": Expect(0, "clean", 60, slow=True),
    "long_name_5mb": Expect(2, "larger than 4,194,304 bytes"),
    "spec_3mb_timeout3": Expect(4, "time limit (3,000 ms) ran out", 30, 600, slow=True),
    "errors_40000": Expect(2, "more errors", 90, 800, slow=True),
    "spec_5mb": Expect(2, "larger than 4,194,304 bytes"),
    # input limits
    "dev_zero_spec": Expect(2, "not a regular file (a character device)"),
    "dev_zero_sbom": Expect(2, "not a regular file (a character device)"),
    "fifo_sbom": Expect(2, "not a regular file (a FIFO)"),
    "gzip_bomb_256m": Expect(2, "once decompressed is larger than 67,108,864 bytes"),
    "yaml_laughs_workflow": Expect(2, "expands to more than 200,000 nodes"),
    "yaml_laughs_policy": Expect(2, "expands to more than 200,000 nodes"),
    "yaml_laughs_card": Expect(2, "expands to more than 200,000 nodes"),
    "deep_json_sbom": Expect(2, "nested more than 100 levels deep"),
    "csv_huge_field": Expect(2, "malformed CSV (field larger than field limit"),
    "int_10000_digits": Expect(2, "integer 999999999999…999999 (10000 digits) is too large"),
    "int_default_4000_digits": Expect(2, "(4000 digits) is too large"),
    "int_cli_10000_digits": Expect(2, "takes a whole number up to 1_000_000_000_000_000_000"),
    # located errors
    "nested_not_1000": Expect(2, "not.lic:3:427: error: a condition nested more than 100"),
    "nested_or_500": Expect(2, "a condition nested more than 100 levels deep"),
    "based_on_chain_2000": Expect(2, "based_on chain longer than 64 licenses"),
    "based_on_cycle": Expect(2, "based_on cycle: LicenseRef-A → LicenseRef-B → LicenseRef-A"),
    "compat_parens": Expect(2, "cannot read the license expression '()'"),
    "empty_license_id": Expect(2, "license id '' is empty"),
    "padded_license_id": Expect(2, "license id ' LicenseRef-Pad ' has spaces around it"),
    "expression_license_id": Expect(2, "license id 'MIT OR Apache-2.0' is not an SPDX id"),
    "workflow_bad_utf8": Expect(2, "not UTF-8 text (invalid start byte at byte 10, line 1)"),
    "workflow_lone_surrogate": Expect(2, "U+DC00, a lone surrogate"),
}
ADDRESS_SPACE_MB = 1536  # what the process may map at all: a blow-up fails here, loudly


@dataclass
class Ran:
    code: int | None  # None: killed at the wall-clock bound
    out: str
    wall: float
    peak_mb: float


# `python -m liclogic`, reporting the process's peak resident memory as it exits. Not the
# rusage of the child: Linux carries the forking process's high-water mark into a child
# across exec, so a pytest worker that has grown to 465 MB made every child "use" 465 MB.
_LAUNCH = """
import atexit, os, runpy, sys
def _peak():
    with open("/proc/self/status") as f:
        hwm = next((line.split()[1] for line in f if line.startswith("VmHWM:")), "")
    with open(os.environ["LICLOGIC_TEST_PEAK"], "w") as out:
        out.write(hwm)
atexit.register(_peak)
sys.argv[0] = "liclogic"
runpy.run_module("liclogic", run_name="__main__", alter_sys=True)
"""


def run_bounded(argv: list[str], cwd: Path, seconds: float) -> Ran:
    """``python -m liclogic ARGV`` under an address-space and CPU-time bound; its exit code,
    output, wall time and peak resident memory (its own, not the forking process's)."""
    def bounds() -> None:
        limit = ADDRESS_SPACE_MB << 20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        cpu = int(seconds) + 5
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))

    peak_path = cwd / "peak.txt"
    env = {**os.environ, "LICLOGIC_NO_CACHE": "1", "COLUMNS": "100",
           "LICLOGIC_TEST_PEAK": str(peak_path)}
    out_path = cwd / "output.txt"
    start = time.monotonic()
    with open(out_path, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-c", _LAUNCH, *argv], stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                preexec_fn=bounds, env=env, cwd=cwd)
        status = usage = None
        while time.monotonic() - start < seconds:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.02)
        else:
            proc.kill()
            _, status, usage = os.wait4(proc.pid, 0)
            status = None
    wall = time.monotonic() - start
    proc.returncode = 0  # reaped above: keep Popen from waiting again
    code = os.waitstatus_to_exitcode(status) if status is not None else None
    try:  # the child's own high-water mark (kB), written as it exits
        peak = int(peak_path.read_text()) / 1024
    except (OSError, ValueError):  # killed or crashed: rusage, an upper bound (below)
        peak = usage.ru_maxrss / 1024 if usage is not None else 0.0
    return Ran(code, out_path.read_text(encoding="utf-8", errors="replace"), wall, peak)


def cases(slow: bool) -> list:
    return [pytest.param(n, marks=[pytest.mark.slow] if e.slow else [], id=n)
            for n, e in EXPECT.items() if e.slow == slow]


@pytest.mark.parametrize("name", cases(False) + cases(True))
def test_hostile_input(name, tmp_path):
    expect = EXPECT[name]
    argv = CASES[name](tmp_path)
    ran = run_bounded(argv, tmp_path, expect.seconds)
    shown = ran.out[-1500:]
    assert ran.code is not None, f"killed after {expect.seconds} s:\n{shown}"
    assert "Traceback" not in ran.out, shown
    assert ran.code == expect.exit, shown
    assert expect.says in ran.out, shown
    assert ran.peak_mb <= expect.memory_mb, f"peak {ran.peak_mb:.0f} MB"


def test_every_generated_input_has_its_expectation():
    """benchmarks/hostile.py measures a few more (the 4 GiB gzip bomb, the 3 MB spec without
    a short timeout): too slow to make or to run in every test run."""
    measured_only = {"gzip_bomb", "spec_3mb"}
    assert set(CASES) - measured_only == set(EXPECT)


def test_the_peak_measured_is_the_childs_own(tmp_path):
    """A test process that has grown large must not make a small child look large."""
    ballast = bytearray(600 << 20)
    ballast[:: 4096] = b"x" * len(ballast[:: 4096])  # touch every page: resident
    ran = run_bounded(["--version"], tmp_path, 30)
    assert ran.code == 0 and 0 < ran.peak_mb < 300, ran
    del ballast
