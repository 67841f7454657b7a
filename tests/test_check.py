"""Type checker: unknown names, type mismatches, missing citations, duplicates."""

from __future__ import annotations

import pytest
from liclogic.lang.check import check_license
from liclogic.lang.parse import parse_text


def errors_of(body: str, lib) -> list:
    lic = parse_text(f'license "X" {{\n  kind software\n{body}\n}}', "t.lic").items[0]
    return check_license(lic, lib.vocab)


@pytest.mark.parametrize(("body", "message", "hint"), [
    ('  permit use when purpose == militray cite "a"', "not a Purpose value", "military"),
    ('  permit use when licensee.monthly_users > 5 cite "a"', "unknown field",
     "licensee.monthly_active_users"),
    ('  permit uses cite "a"', "unknown act", "use"),
    ('  require notise cite "a"', "unknown duty", "notice"),
    ('  require display cite "a"', "needs its text", 'display("'),
    ('  permit use when purpose > research cite "a"', "compares numbers", None),
    ('  permit use when licensee.monthly_active_users == research cite "a"', "is an integer",
     None),
    ('  permit use when reading(strict-os) cite "a"', "unknown reading", "strict-osd"),
    ('  permit use', "has no citation", "cite"),
    ('  carries patent_retalation cite "a"', "unknown term", "patent_retaliation"),
    ('  derivative modified when derivative cite "a"', "cannot depend", None),
])
def test_type_errors(lib, body, message, hint):
    errs = errors_of(body, lib)
    assert errs, body
    assert any(message in e.message for e in errs), [e.message for e in errs]
    if hint:
        assert any(hint in (e.hint or "") for e in errs), [e.hint for e in errs]
    assert all(e.span is not None for e in errs)


def test_duplicate_clause_is_reported_even_with_another_citation(lib):
    errs = errors_of('  permit use cite "a"\n  permit use cite "b"', lib)
    assert [e.message for e in errs] == ["duplicate permit clause (same as line 3)"]


def test_kind_is_required(lib):
    lic = parse_text('license "X" { permit use cite "a" }', "t.lic").items[0]
    assert any("kind" in e.message for e in check_license(lic, lib.vocab))


def test_bundled_specs_type_check(lib):
    # the trees of the spec files; ``L WITH E`` models that other tests compose into the shared
    # library have a generated tree (no span) whose id is an expression, not a license id
    trees = [lic.tree for lic in lib.licenses.values() if lic.tree.span is not None]
    assert len(trees) >= 133
    for tree in trees:
        assert check_license(tree, lib.vocab) == [], tree.id
