"""Hypothesis strategies for liclogic: conditions, clauses, whole licenses, scenarios, query
contexts, SPDX expressions, and spec text (for the formatter and robustness).

Licenses are generated as syntax trees typed by a vocabulary (``bundled_library().vocab`` or
your own), so they pass the type checker and say something: thresholds, fields of endeavor,
copyleft, carried terms, relicensing, exceptions. ``Specs`` groups a few of them, resolves
them into a library and prints as DSL text, which is what a failing example shows.

    from hypothesis import given
    from liclogic import strategies as lst
    from liclogic.lang.library import bundled_library

    VOCAB = bundled_library().vocab

    @given(lst.license_sets(VOCAB, max_size=1))
    def test_my_property(specs):
        lib = specs.library()
        ...

Needs hypothesis (``pip install 'liclogic[testing]'``). See docs/testing.md.
"""

from __future__ import annotations

from liclogic.strategies.conditions import (
    THRESHOLDS,
    conditions,
    field_atoms,
    outbound_atoms,
    thresholds,
)
from liclogic.strategies.expressions import expression_trees, spdx_expressions, spell, spellings
from liclogic.strategies.licenses import (
    CLAUSE_KINDS,
    accepts,
    acts,
    carries,
    cited,
    clauses,
    derivatives,
    disclaims,
    duties,
    exceptions,
    forbids,
    licenses,
    permits,
    relations,
    relicenses,
    renamed,
    requires,
    terms,
    waives,
    with_clause,
    without_clause,
)
from liclogic.strategies.scenarios import (
    contexts,
    int_values,
    mentioned,
    outbound_candidates,
    scenario_text,
    scenarios,
)
from liclogic.strategies.specs import Specs, bundled_files, letter_ids, license_sets, prelude
from liclogic.strategies.text import mutated_texts, random_texts, spec_files

__all__ = [
    "CLAUSE_KINDS",
    "THRESHOLDS",
    "Specs",
    "accepts",
    "acts",
    "bundled_files",
    "carries",
    "cited",
    "clauses",
    "conditions",
    "contexts",
    "derivatives",
    "disclaims",
    "duties",
    "exceptions",
    "expression_trees",
    "field_atoms",
    "forbids",
    "int_values",
    "letter_ids",
    "license_sets",
    "licenses",
    "mentioned",
    "mutated_texts",
    "outbound_atoms",
    "outbound_candidates",
    "permits",
    "prelude",
    "random_texts",
    "relations",
    "relicenses",
    "renamed",
    "requires",
    "scenario_text",
    "scenarios",
    "spdx_expressions",
    "spec_files",
    "spell",
    "spellings",
    "terms",
    "thresholds",
    "waives",
    "with_clause",
    "without_clause",
]
