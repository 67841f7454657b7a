"""SPDX expressions, WITH exceptions and diff, checked against the license texts' intent."""

from __future__ import annotations

import pytest
from liclogic.engine.context import Context
from liclogic.engine.result import Verdict
from liclogic.errors import LiclogicError, UnknownLicenseError
from liclogic.lang.expression import alternatives, parse_expression
from liclogic.queries.combine import combine
from liclogic.queries.compat import compat
from liclogic.queries.diff import diff
from liclogic.queries.osd import osd


def test_parse_or_and_with_and_plus(lib):
    p = parse_expression(lib, "MIT AND (GPL-2.0-only OR Apache-2.0)")
    assert alternatives(p.expression) == [("MIT", "GPL-2.0-only"), ("MIT", "Apache-2.0")]
    assert parse_expression(lib, "GPL-2.0+").expression.id == "GPL-2.0-or-later"
    w = parse_expression(lib, "GPL-2.0-only WITH Classpath-exception-2.0").expression
    assert w.id == "GPL-2.0-only WITH Classpath-exception-2.0"
    assert parse_expression(lib, "Apache 2.0").expression.id == "Apache-2.0"  # an alias


def test_deprecated_ids_warn(lib):
    p = parse_expression(lib, "GPL-2.0")
    assert p.expression.id == "GPL-2.0-only"
    assert p.warnings and "deprecated" in p.warnings[0]


def test_unknown_ids_are_errors_with_suggestions(lib):
    with pytest.raises(UnknownLicenseError) as info:
        parse_expression(lib, "MIT OR GPL-3.0-onyl")
    assert "GPL-3.0-only" in info.value.suggestions
    with pytest.raises(LiclogicError):
        parse_expression(lib, "MIT AND (")
    with pytest.raises(LiclogicError):
        parse_expression(lib, "MIT WITH Apache-2.0")  # not an exception


def test_or_is_the_licensees_choice(lib):
    r = compat(lib, "MIT AND (GPL-2.0-only OR Apache-2.0)", "Apache-2.0")
    assert r.verdict == Verdict.YES and "choosing MIT AND Apache-2.0" in r.summary
    assert compat(lib, "GPL-2.0-only AND MIT", "Apache-2.0").verdict == Verdict.NO
    # every license of an outbound expression must work
    assert compat(lib, "MIT", "Apache-2.0 OR GPL-2.0-only").verdict == Verdict.YES
    assert compat(lib, "Apache-2.0", "MIT OR GPL-2.0-only").verdict == Verdict.NO
    assert osd(lib, "MIT OR CC-BY-NC-4.0").verdict == Verdict.YES
    assert osd(lib, "MIT AND CC-BY-NC-4.0").verdict == Verdict.NO
    assert combine(lib, ["GPL-2.0-only OR Apache-2.0", "GPL-3.0-only"]).verdict == Verdict.YES


def test_classpath_exception_frees_linking_even_under_the_fsf_reading(lib):
    fsf = Context(relations=("dynamic_link",), readings={"linking-is-derivative": True})
    assert compat(lib, "GPL-2.0-only", "Apache-2.0", fsf).verdict == Verdict.NO
    r = compat(lib, "GPL-2.0-only WITH Classpath-exception-2.0", "Apache-2.0", fsf)
    assert r.verdict == Verdict.YES
    # an additional permission may be removed: back to plain GPL-2.0-only
    assert compat(lib, "GPL-2.0-only WITH Classpath-exception-2.0",
                  "GPL-2.0-only").verdict == Verdict.YES
    assert compat(lib, "GPL-2.0-only", "GPL-2.0-only WITH Classpath-exception-2.0"
                  ).verdict == Verdict.NO


def test_llvm_exception_makes_apache_code_gplv2_compatible(lib):
    assert compat(lib, "Apache-2.0", "GPL-2.0-only").verdict == Verdict.NO
    assert compat(lib, "Apache-2.0 WITH LLVM-exception", "GPL-2.0-only").verdict == Verdict.YES


def test_exceptions_alone_are_not_licenses(lib):
    with pytest.raises(LiclogicError):
        compat(lib, "Classpath-exception-2.0", "MIT")


def test_diff_llama2_llama31_names_the_changes(lib):
    r = diff(lib, "llama2", "llama3.1")
    assert r.verdict == Verdict.NO
    subjects = {d["subject"] for d in r.extra["differences"]}
    assert {'display("Built with Llama")', 'name_prefix("Llama")'} <= subjects
    cites = {(b.license, b.cite) for b in r.because}
    assert ("LicenseRef-Llama-2-Community", "§1.b.v") in cites
    assert diff(lib, "MIT", "mit").verdict == Verdict.YES
