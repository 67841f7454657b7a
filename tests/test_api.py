"""The public API: what ``liclogic`` exports resolves, stays cheap to import, and the examples
in docs/api.md and the package docstring run as written."""

from __future__ import annotations

import doctest
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
