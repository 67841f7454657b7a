"""Helpers for testing licenses and policies (yours and ours).

- ``library_with(...)``: the bundled library plus your specs;
- ``assert_compatible`` / ``assert_incompatible`` / ``assert_compat``, ``assert_osd``,
  ``assert_permits``, ``assert_entails``: checks that fail with the explanation;
- ``assert_agrees`` / ``Probe``: the Z3 encoding against the reference evaluator at a scenario;
- ``entails``: is one license at least as strict as another;
- ``exhaustive_scenarios``: finitely many scenarios covering every behaviour of some licenses.

Property-based tests draw licenses and scenarios from ``liclogic.strategies``. See
docs/testing.md.
"""

from __future__ import annotations

from liclogic.testing.agree import Observed, Probe, evaluated
from liclogic.testing.asserts import (
    assert_agrees,
    assert_compat,
    assert_compatible,
    assert_entails,
    assert_incompatible,
    assert_osd,
    assert_permits,
    library_with,
    scenario,
)
from liclogic.testing.entail import Entailment, entails, violated
from liclogic.testing.show import scenario_text
from liclogic.testing.space import (
    exhaustive_scenarios,
    field_classes,
    int_values,
    reading_assignments,
    space_size,
)

__all__ = [
    "Entailment",
    "Observed",
    "Probe",
    "assert_agrees",
    "assert_compat",
    "assert_compatible",
    "assert_entails",
    "assert_incompatible",
    "assert_osd",
    "assert_permits",
    "entails",
    "evaluated",
    "exhaustive_scenarios",
    "field_classes",
    "int_values",
    "library_with",
    "reading_assignments",
    "scenario",
    "scenario_text",
    "space_size",
    "violated",
]
