"""A pytest plugin: every ``expect …`` in your ``.lic`` files is a test.

Enable it with ``pytest -p liclogic.testing.pytest_plugin`` (or, in your top ``conftest.py``,
``pytest_plugins = ["liclogic.testing.pytest_plugin"]``); pytest then collects the spec
files under its paths (the bundled library plus each file is what they are checked against)
and reports each expectation at its line, a failure with the answer and its deciding
clauses — what ``liclogic test`` prints.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from liclogic.lang import ast
from liclogic.lang.library import Library, load_library
from liclogic.queries.expect import Outcome, run_expectation


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.File | None:
    if file_path.suffix == ".lic":
        return SpecFile.from_parent(parent, path=file_path)
    return None


class SpecFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        from liclogic.lang.parse import parse_file

        tree = parse_file(self.path)
        licenses = [i for i in tree.items if isinstance(i, ast.License)]
        if not any(lic.expectations for lic in licenses):
            return
        lib = load_library(extra=[self.path])
        for lic in licenses:
            for e in lic.expectations:
                line = e.span.line if e.span else 0
                yield ExpectationItem.from_parent(self, name=f"{lic.id}:{line}", lib=lib,
                                                  license_id=lic.id, expect=e)


class ExpectationFailed(Exception):
    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.text)
        self.outcome = outcome


class ExpectationItem(pytest.Item):
    def __init__(self, *, lib: Library, license_id: str, expect: ast.Expect,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lib, self.license_id, self.expect = lib, license_id, expect
        # pytest-lsp's runtest wrapper fails on an item without funcargs (it returns before
        # yielding): an expectation takes no fixtures
        self.funcargs: dict[str, Any] = {}

    def runtest(self) -> None:
        outcome = run_expectation(self.lib, self.lib.get(self.license_id), self.expect)
        if not outcome.passed:
            raise ExpectationFailed(outcome)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str:
        if isinstance(excinfo.value, ExpectationFailed):
            o = excinfo.value.outcome
            source = f" (source: {o.expect.source})" if o.expect.source else ""
            return f"{o.where}: {o.text}{source}\ngot {o.got.value}: {o.explain()}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        line = self.expect.span.line - 1 if self.expect.span else 0
        return self.path, line, f"{self.license_id}: expect {self.expect.question}"
