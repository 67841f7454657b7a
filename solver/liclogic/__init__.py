"""liclogic: a formal license logic.

License specs in a small DSL are parsed, checked, compiled to Z3 and queried for
compatibility, combinability and Open Source Definition conformance; every verdict comes with
the clauses that decide it and a scenario the reference evaluator has replayed.

The pipeline is the package's tree: ``lang`` (spec text → checked license models) →
``engine`` (the reference evaluator and its Z3 twin, solver queries, witnesses) →
``queries`` (one module per analysis) → ``audit`` (checks over real inputs, which ``inputs``
reads) → ``cli``. ``strategies`` and ``testing`` help test licenses and policies.

What a user calls is exported here (docs/api.md); everything else is private by convention::

    >>> import liclogic
    >>> lib = liclogic.bundled_library()
    >>> liclogic.compat(lib, "MIT", "GPL-3.0-only").verdict
    <Verdict.YES: 'yes'>

Names are imported on first use, so ``import liclogic`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from liclogic.version import __version__

if TYPE_CHECKING:
    from liclogic.engine.context import Context
    from liclogic.engine.result import Because, CheckResult, Verdict, Witness
    from liclogic.engine.settings import SolverSettings
    from liclogic.errors import LiclogicError, SpecError, SpecErrors, UnknownLicenseError
    from liclogic.lang.library import Library, LicenseModel, bundled_library, load_library
    from liclogic.queries.combine import combine
    from liclogic.queries.compat import compat, compat_verdict
    from liclogic.queries.diff import diff
    from liclogic.queries.lint import lint_library
    from liclogic.queries.matrix import matrix
    from liclogic.queries.osd import osd
    from liclogic.queries.show import describe_license

_EXPORTS = {
    "Library": "liclogic.lang.library",
    "LicenseModel": "liclogic.lang.library",
    "bundled_library": "liclogic.lang.library",
    "load_library": "liclogic.lang.library",
    "compat": "liclogic.queries.compat",
    "compat_verdict": "liclogic.queries.compat",
    "combine": "liclogic.queries.combine",
    "osd": "liclogic.queries.osd",
    "diff": "liclogic.queries.diff",
    "matrix": "liclogic.queries.matrix",
    "lint_library": "liclogic.queries.lint",
    "describe_license": "liclogic.queries.show",
    "Context": "liclogic.engine.context",
    "SolverSettings": "liclogic.engine.settings",
    "CheckResult": "liclogic.engine.result",
    "Verdict": "liclogic.engine.result",
    "Because": "liclogic.engine.result",
    "Witness": "liclogic.engine.result",
    "LiclogicError": "liclogic.errors",
    "SpecError": "liclogic.errors",
    "SpecErrors": "liclogic.errors",
    "UnknownLicenseError": "liclogic.errors",
}

__all__ = [  # spelled out for static checkers; tests/test_api.py keeps it equal to _EXPORTS
    "Because", "CheckResult", "Context", "Library", "LicenseModel", "LiclogicError",
    "SolverSettings", "SpecError", "SpecErrors", "UnknownLicenseError", "Verdict", "Witness",
    "__version__", "bundled_library", "combine", "compat", "compat_verdict", "describe_license",
    "diff", "lint_library", "load_library", "matrix", "osd",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'liclogic' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
