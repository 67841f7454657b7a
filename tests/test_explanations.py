"""The explanations corpus (tests/data/explanations.yml, tests/explanations.py): verdicts as
the authorities say, the deciding clause cited in the headline, every duty a yes must list,
no raw DSL or machine names in what people read; known differences stay different."""

from __future__ import annotations

import pytest

from tests import explanations

pytestmark = pytest.mark.slow  # about a minute: every question asked twice through the CLI


@pytest.fixture(scope="module")
def outcomes() -> list[explanations.Outcome]:
    return explanations.run_all()


def test_corpus_is_large_and_sourced():
    entries = explanations.entries()
    assert len(entries) >= 80
    kinds = {e["ask"].split()[0] for e in entries}
    assert {"compat", "combine", "osd", "diff", "show", "workflow"} <= kinds
    for e in entries:
        assert e.get("authority"), e["id"]
        assert explanations.unquoted(e) is None
    assert len({e["id"] for e in entries}) == len(entries)


def test_figures_meet_the_issue(outcomes):
    f = explanations.figures(outcomes)
    assert f["verdict"] >= explanations.THRESHOLDS["verdict"], f
    assert f["cited"] >= explanations.THRESHOLDS["cited"], f
    assert f["presentation_errors"] == 0, [o.problems for o in outcomes if o.problems]


def test_every_entry_passes_unless_a_known_difference(outcomes):
    failing = [(o.id, o.verdict, o.missing_cites, o.missing_duties, o.problems[:2])
               for o in outcomes if not o.ok and not o.entry.get("known")]
    assert failing == []
    stale = [o.id for o in outcomes if o.ok and o.entry.get("known")]
    assert stale == [], "known differences that no longer occur"
