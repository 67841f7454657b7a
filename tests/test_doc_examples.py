"""Every ``liclogic`` example in README.md and docs/ runs, and prints what the doc shows
(tests/doc_examples.py says how examples are written, compared and regenerated):

    python -m tests.doc_examples --update
"""

from __future__ import annotations

import pytest

from .doc_examples import ANSWERS, all_examples, matches, normalize, run

EXAMPLES = all_examples()


def test_the_docs_have_examples_to_run():
    shown = [e for e in EXAMPLES if e.expected is not None]
    assert len(shown) >= 8 and len({e.doc for e in shown}) >= 3


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_doc_example(example, tmp_path):
    got = run(example, tmp_path)
    assert "Traceback" not in got.output, got.output
    if example.expected is None:
        assert got.exit_code in ANSWERS, f"{example.id}: exit {got.exit_code}\n{got.output}"
        return
    assert matches(example.expected, got.output), (
        f"{example.id}: `liclogic {' '.join(example.args)}` prints something else now "
        "(python -m tests.doc_examples --update rewrites it)\n"
        f"--- the doc\n{normalize(chr(10).join(example.expected))}\n"
        f"--- printed\n{normalize(got.output)}")


@pytest.mark.parametrize(("expected", "output", "ok"), [
    (["a b", "c"], "a\n  b c\n", True),
    (["a", "…", "d"], "a\nb\nc\nd\n", True),
    (["a", "…", "c", "…"], "a\nb\nc\nd\n", True),
    (["a", "…", "x"], "a\nb\nc\n", False),
    (["took 0.4 s"], "took 12 ms", True),
    (["a b"], "x a b c", True),  # parts in order, not anchored (as main's page test)
    (["a …", "c"], "a b c", True),
    (["c", "a"], "a c", False),
])
def test_the_comparison(expected, output, ok):
    assert matches(expected, output) is ok
