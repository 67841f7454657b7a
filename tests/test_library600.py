"""benchmarks/library600.py draws the same synthetic library for the same seed and bundled
library: twice in one process, once in another process with another PYTHONHASHSEED and with
the test suite's hypothesis profile not loaded; and the digest it reports names what was
written (another seed, another digest; one byte more, another digest)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from benchmarks import library600

ROOT = Path(__file__).parent.parent
N = 20


def drawn(folder: Path, seed: int = library600.SEED) -> str:
    ids = library600.write_specs(library600.generate(N, seed), folder)
    assert ids == [f"LicenseRef-Synth-{i:04d}" for i in range(N)]
    return library600.digest(folder)


def test_the_same_seed_draws_the_same_library(tmp_path):
    first, second = drawn(tmp_path / "a"), drawn(tmp_path / "b")
    assert len(first) == 12 and int(first, 16) >= 0
    assert first == second
    texts = sorted(p.name for p in (tmp_path / "a").glob("*.lic"))
    assert texts and all((tmp_path / "a" / t).read_bytes() == (tmp_path / "b" / t).read_bytes()
                         for t in texts)
    # another process: another hash seed (set and dict iteration of strings), and hypothesis
    # with its default profile (tests/conftest.py loads the ci one here)
    script = ("import sys, tempfile; from pathlib import Path; sys.path.insert(0, sys.argv[1]); "
              "from benchmarks import library600 as m; d = Path(tempfile.mkdtemp()); "
              f"m.write_specs(m.generate({N}), d); print(m.digest(d))")
    seed = "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"
    out = subprocess.run([sys.executable, "-c", script, str(ROOT)], capture_output=True,
                         text=True, timeout=300, check=True,
                         env={**os.environ, "PYTHONHASHSEED": seed, "LICLOGIC_NO_CACHE": "1"})
    assert out.stdout.strip() == first


def test_the_digest_names_what_was_drawn(tmp_path):
    first = drawn(tmp_path / "a")
    assert drawn(tmp_path / "b", library600.SEED + 1) != first
    one = sorted((tmp_path / "a").glob("*.lic"))[0]
    one.write_text(one.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert library600.digest(tmp_path / "a") != first


def test_the_section_shows_the_digest():
    r = {"licenses": N, "pairs": N * N, "jobs": 2, "seed": library600.SEED,
         "digest": "0123456789ab", "hypothesis": "6.0.0", "verdicts": {"no": 3, "yes": 1},
         "clauses": {"generated_mean": 1.0, "bundled_mean": 2.0}, "wall_s": 1.0, "cpu_s": 1.0,
         "peak_mb": 10.0, "runs": [{"load_before": 0.1, "load_after": 0.2}]}
    (text,) = library600.section(r)
    assert "library digest `0123456789ab`" in text and "hypothesis 6.0.0" in text
