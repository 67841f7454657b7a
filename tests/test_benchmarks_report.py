"""benchmarks/run.py's report: the figures of the run before it side by side with this run's,
and the sections other scripts wrote (a baseline comparison, the hub audit) kept as they were."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from benchmarks.compare import kept_sections, lookup, section
from benchmarks.run import report

ROOT = Path(__file__).parent.parent


def test_lookup_reads_dicts_and_growth_rows():
    r = {"scan": {"growth": [{"components": 100_000, "seconds": 4.1}]}, "m": {"s": 2}}
    assert lookup(r, "scan/growth/100000/seconds") == 4.1
    assert lookup(r, "m/s") == 2.0
    assert lookup(r, "scan/growth/7/seconds") is None and lookup(r, "x/y") is None


def test_the_previous_run_is_set_beside_this_one(tmp_path):
    old = json.loads((ROOT / "benchmarks" / "results.json").read_text())
    new = copy.deepcopy(old)
    new["matrix"]["median_s"] = old["matrix"]["median_s"] / 2
    lines = section(new, old)
    row = next(x for x in lines if x.startswith("| `matrix --json`"))
    assert "| 0.50 |" in row and "≤ 5 s" in row
    assert section(new, None) == []


def test_marked_sections_of_other_scripts_survive_a_rerun(tmp_path):
    out = tmp_path / "BENCHMARKS.md"
    out.write_text((ROOT / "BENCHMARKS.md").read_text(encoding="utf-8"), encoding="utf-8")
    before = kept_sections(out, "")
    assert any(s.startswith("<!-- hub-audit -->") for s in before)
    results = json.loads((ROOT / "benchmarks" / "results.json").read_text())
    report(results, out, "test", results)
    text = out.read_text(encoding="utf-8")
    for s in before:
        assert s in text
    assert text.index("## Against the previous run") < text.index("## One query")


def test_a_wheel_that_cannot_be_built_is_a_clear_reason_not_a_traceback(tmp_path, monkeypatch):
    import importlib.util
    import sys

    import pytest

    from benchmarks import one_query as oq

    with pytest.raises(oq.WheelUnavailable, match=r"step failed \(exit 3\): ERROR: no index"):
        oq._run([sys.executable, "-c", "import sys; print('noise', file=sys.stderr); "
                 "print('ERROR: no index', file=sys.stderr); sys.exit(3)"], "step")
    if importlib.util.find_spec("hatchling") is not None:
        pytest.skip("hatchling is installed here: the wheel builds without the index")
    monkeypatch.setenv("PIP_NO_INDEX", "1")  # as on a machine without network
    monkeypatch.setenv("PIP_FIND_LINKS", str(tmp_path / "no-wheels-here"))
    with pytest.raises(oq.WheelUnavailable, match="hatchling"):
        oq.install(tmp_path)
