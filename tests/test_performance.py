"""Guards against large performance regressions (BENCHMARKS.md has the real figures, from
`python benchmarks/run.py`). Deterministic counts where they exist — how many pairs the
profiles settle, how many solver checks a matrix takes — and wall-clock bounds only with a wide
margin (about 10× the measured time), so a loaded CI machine does not fail them."""

from __future__ import annotations

import random
import time

import pytest
from liclogic.engine.context import Context
from liclogic.engine.encoding import encoding_for
from liclogic.engine.solve import DEFAULT_SETTINGS, Query
from liclogic.queries.compat import compat_pair
from liclogic.queries.matrix import matrix
from liclogic.queries.profile import fast_verdict, warm


@pytest.fixture(scope="module")
def sample(lib):
    ids = sorted(i for i, m in lib.licenses.items() if m.kind != "exception" and " " not in i)
    return sorted(random.Random(6).sample(ids, 40))


def test_profiles_settle_most_pairs(lib, sample):
    # measured 2026-11-23: 88.5% of this sample, 90.9% of all library pairs (default context)
    enc, ctx = encoding_for(lib), Context().validate(lib.vocab)
    settled = sum(fast_verdict(enc, lib.get(a), lib.get(b), ctx, DEFAULT_SETTINGS) is not None
                  for a in sample for b in sample)
    assert settled / len(sample) ** 2 >= 0.8


def test_matrix_solver_checks_stay_few(lib, sample, monkeypatch):
    checks = 0
    run = Query._run

    def counting(self, *args, **kwargs):
        nonlocal checks
        checks += 1
        return run(self, *args, **kwargs)

    monkeypatch.setattr(Query, "_run", counting)
    start = time.perf_counter()
    matrix(lib, sample, jobs=1)
    elapsed = time.perf_counter() - start
    # measured: about 2,000 checks (profiles included) and 2 s for these 1,600 pairs
    assert checks <= 5_000
    assert elapsed < 30


def test_warm_queries_are_quick(lib, sample):
    warm(lib, Context())
    pairs = random.Random(7).sample([(a, b) for a in sample for b in sample], 100)
    start = time.perf_counter()
    for a, b in pairs:
        compat_pair(lib, a, b, explain=False)
    # measured: about 0.1 s (BENCHMARKS.md, 100 queries over the whole library)
    assert time.perf_counter() - start < 2.0


def test_a_question_imports_only_its_own_command(tmp_path):
    """The command table is lazy (cli/main.py COMMANDS): `compat` loads neither the scanners,
    the workbench nor the language server, and a cached answer not even the solver."""
    import subprocess
    import sys

    probe = ("import sys\nfrom liclogic.cli.main import main\n"
             "try:\n    main(['compat', 'MIT', 'BSD-3-Clause'])\nexcept SystemExit:\n    pass\n"
             "print(' '.join(sorted(m for m in sys.modules if m.startswith(('liclogic.', 'z3')))))")
    env = {"LICLOGIC_CACHE_DIR": str(tmp_path / "c"), "PATH": "/usr/bin:/bin"}
    runs = [subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                           env=env, check=True).stdout.splitlines()[-1].split()
            for _ in range(2)]
    for loaded in runs:
        assert "liclogic.cli.questions" in loaded
        assert not {"liclogic.cli.audits", "liclogic.cli.workbench", "liclogic.cli.hub_audit",
                    "liclogic.cli.notices", "liclogic.lsp"} & set(loaded)
    assert "z3" in runs[0] and "z3" not in runs[1]  # the second one is a cached answer


def _combine_checks(lib, names) -> int:
    """Solver checks of one explained combine, in a fresh encoding (nothing memoised)."""
    import subprocess
    import sys

    probe = ("import sys\nfrom liclogic.lang.library import bundled_library\n"
             "from liclogic.engine.solve import Query\n"
             "from liclogic.queries.combine import combine\n"
             "n = 0\nrun = Query._run\n"
             "def counting(self, *a, **k):\n    global n\n    n += 1\n"
             "    return run(self, *a, **k)\n"
             "Query._run = counting\ncombine(bundled_library(), sys.argv[1:])\nprint(n)")
    out = subprocess.run([sys.executable, "-c", probe, *names], capture_output=True, text=True,
                         check=True, env={"LICLOGIC_NO_CACHE": "1", "PATH": "/usr/bin:/bin"})
    return int(out.stdout.split()[-1])


def test_combine_solver_checks_grow_at_most_quadratically(lib):
    """combine of N inputs that cannot be combined: the outbound search asks the input that
    refused the last outbound first, and the conflicts are found on the verdict-only path
    (B into A only where A into B is not yes), so the checks grow like the pairs, not faster.
    Measured 2026-12-06 (this sample): 20 inputs 2,182 checks (4,913 before), 40 inputs
    3,381 (5,662 before)."""
    ids = sorted(i for i, m in lib.licenses.items() if m.kind != "exception" and " " not in i)
    sample = random.Random(17).sample(ids, 40)
    small, large = _combine_checks(lib, sample[:20]), _combine_checks(lib, sample)
    assert large <= 8_000
    assert large / small <= 4.5  # pairs grow 4.1×: well under n^2.2


def test_or_choices_are_not_enumerated(lib):
    """3^6 = 729 choices of OR alternatives (refused before, past 256): answered in a time
    that grows with the alternatives, not their product (combine_choices)."""
    from liclogic.queries.combine import combine

    ids = sorted(i for i, m in lib.licenses.items() if m.kind != "exception" and " " not in i)
    rng = random.Random(4)
    names = [" OR ".join(rng.sample(ids, 3)) for _ in range(6)]
    start = time.perf_counter()
    combine(lib, names, explain=False)
    # measured: about 3 s of CPU at load 10 (81 choices took 18 s by enumeration)
    assert time.perf_counter() - start < 60
