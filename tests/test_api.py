"""The public API: what ``liclogic`` exports resolves, stays cheap to import, and the examples
in docs/api.md and the package docstring run as written."""

from __future__ import annotations

import doctest
import re
import subprocess
import sys
from pathlib import Path

import liclogic
import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_all_lists_exactly_what_is_exported():
    assert set(liclogic.__all__) == {"__version__", *liclogic._EXPORTS}


@pytest.mark.parametrize("name", sorted(liclogic._EXPORTS))
def test_every_export_resolves(name):
    assert getattr(liclogic, name) is not None


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError):
        liclogic.no_such_thing  # noqa: B018


def test_importing_the_package_loads_neither_the_solver_nor_the_parser():
    code = ("import sys, liclogic; "
            "print(any(m in sys.modules for m in ('z3', 'lark', 'liclogic.lang.library')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_docs_api_examples_run():
    failures, tried = doctest.testfile(str(DOCS / "api.md"), module_relative=False,
                                       optionflags=doctest.ELLIPSIS)
    assert tried >= 20 and failures == 0


def test_package_docstring_example_runs():
    failures, tried = doctest.testmod(liclogic)
    assert tried >= 3 and failures == 0


# ------------------------------------------------------------------ arguments are checked

BAD_CALLS = [
    ("compat", lambda lib: liclogic.compat(lib, ["MIT"], "GPL-3.0-only"), "inbound must be"),
    ("compat", lambda lib: liclogic.compat("lib", "MIT", "GPL-3.0-only"), "liclogic.Library"),
    ("compat", lambda lib: liclogic.compat(lib, " ", "MIT"), "inbound is empty"),
    ("compat", lambda lib: liclogic.compat(lib, "MIT", "MIT", ctx={"acts": ["use"]}),
     "ctx must be"),
    ("compat_verdict", lambda lib: liclogic.compat_verdict(lib, "MIT", 3), "outbound must be"),
    ("combine", lambda lib: liclogic.combine(lib, "MIT"), "names must be a list"),
    ("combine", lambda lib: liclogic.combine(lib, []), "at least 1"),
    ("osd", lambda lib: liclogic.osd(lib, "MIT", readings=["strict-osd"]), "readings must map"),
    ("osd", lambda lib: liclogic.osd(lib, "MIT", readings={"strict-osd": "yes"}),
     "readings must map"),
    ("diff", lambda lib: liclogic.diff(lib, "MIT", None), "right must be"),
    ("matrix", lambda lib: liclogic.matrix(lib, "MIT"), "ids must be a list"),
    ("matrix", lambda lib: liclogic.matrix(lib, ["MIT"], jobs=0), "jobs is a number"),
    ("lint_library", lambda lib: liclogic.lint_library(lib, "MIT"), "ids must be a list"),
    ("describe_license", lambda lib: liclogic.describe_license(lib, "MIT"),
     "one of its licenses"),
    ("load_library", lambda lib: liclogic.load_library(extra="my.lic"), "list of paths"),
    ("Context", lambda lib: liclogic.Context(acts="distribute"), "tuple of names"),
    ("Context", lambda lib: liclogic.Context(readings={"strict-osd": 1}), "True/False"),
    ("SolverSettings", lambda lib: liclogic.SolverSettings(timeout_ms=0), "≥ 1"),
    ("SolverSettings", lambda lib: liclogic.SolverSettings(deadline=5), "Deadline"),
]


@pytest.mark.parametrize("name, call, says", BAD_CALLS, ids=[f"{n}-{i}" for i, (n, _, _)
                                                            in enumerate(BAD_CALLS)])
def test_public_functions_check_their_arguments(lib, name, call, says):
    assert name in liclogic.__all__
    with pytest.raises(liclogic.LiclogicError, match=re.escape(says)):
        call(lib)


def test_every_public_function_is_covered_by_an_argument_check():
    functions = {n for n in liclogic.__all__ if callable(getattr(liclogic, n))
                 and not isinstance(getattr(liclogic, n), type)} - {"bundled_library"}
    checked = {n for n, _, _ in BAD_CALLS}
    assert functions <= checked, functions - checked


def test_testing_scenario_rejects_a_misspelt_field_with_the_nearest_name(lib):
    """A misspelt field used to be dropped silently: the policy test passed, testing nothing."""
    from liclogic.testing import scenario

    with pytest.raises(liclogic.LiclogicError, match="unknown field") as info:
        scenario(lib, licensee__monthly_active_user=800_000_000)
    assert "licensee.monthly_active_users" in (info.value.hint or "")
    with pytest.raises(liclogic.LiclogicError, match="takes a whole number"):
        scenario(lib, licensee__monthly_active_users="many")
    with pytest.raises(liclogic.LiclogicError, match="not a value of act"):
        scenario(lib, act="distrbute")
    with pytest.raises(liclogic.LiclogicError, match="unknown duty"):
        scenario(lib, performed=["notise"])
    with pytest.raises(liclogic.LiclogicError, match="unknown license"):
        scenario(lib, outbound="GPL-3")
    with pytest.raises(liclogic.LiclogicError, match="unknown reading"):
        scenario(lib, readings={"strict": True})
    s = scenario(lib, licensee__monthly_active_users=5, act="distribute")
    assert s["licensee.monthly_active_users"] == 5 and s["act"] == "distribute"


def test_testing_assertions_check_what_they_are_given(lib):
    from liclogic.testing import assert_compat, assert_osd, assert_permits, scenario

    with pytest.raises(liclogic.LiclogicError, match="not one of yes, no"):
        assert_compat(lib, "MIT", "GPL-3.0-only", "yess")
    with pytest.raises(liclogic.LiclogicError, match="criterion 11 does not exist"):
        assert_osd(lib, "MIT", criteria=[11])
    with pytest.raises(liclogic.LiclogicError, match="expected a scenario"):
        assert_permits(lib, "MIT", {"act": "use"})
    with pytest.raises(liclogic.LiclogicError, match="True or False"):
        assert_permits(lib, "MIT", scenario(lib), expected="yes")
