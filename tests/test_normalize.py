"""Messy license strings → SPDX expressions, and what cannot be read stays visible."""

from __future__ import annotations

import pytest
from liclogic.inputs.normalize import name_key, normalize, table, url_key
from liclogic.inputs.resolve import (
    NO_SPEC,
    UNRECOGNISED,
    Missing,
    resolve_declared,
    resolve_expression,
)


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({"id": "Apache-2.0"}, "Apache-2.0"),
    ({"name": "Apache 2.0"}, "Apache-2.0"),
    ({"name": "The Apache Software License, Version 2.0"}, "Apache-2.0"),
    ({"name": "  the apache software license,  version 2.0. "}, "Apache-2.0"),
    ({"url": "https://www.apache.org/licenses/LICENSE-2.0"}, "Apache-2.0"),
    ({"url": "http://www.apache.org/licenses/LICENSE-2.0.txt"}, "Apache-2.0"),
    ({"name": "GPL-2.0 with classpath exception"}, "GPL-2.0-only WITH Classpath-exception-2.0"),
    ({"id": "GPL-2.0-with-classpath-exception"}, "GPL-2.0-only WITH Classpath-exception-2.0"),
    ({"name": "(MIT OR Apache-2.0)"}, "MIT OR Apache-2.0"),
    ({"name": "MIT/X11"}, "MIT"),
    ({"name": "Public Domain", "url": "http://repository.jboss.org/licenses/cc0-1.0.txt"},
     "CC0-1.0"),
    ({"name": "lgpl", "url": "http://repository.jboss.org/licenses/lgpl-2.1.txt"},
     "LGPL-2.1-only"),
    ({"name": "gpl", "url": "http://openjdk.java.net/legal/gplv2+ce.html"},
     "GPL-2.0-only WITH Classpath-exception-2.0"),
    ({"url": "https://spdx.org/licenses/BSD-3-Clause.html"}, "BSD-3-Clause"),
    ({"name": "MPL 2.0 or EPL 1.0"}, "MPL-2.0 OR EPL-1.0"),
    ({"name": "Eclipse Distribution License - v 1.0"}, "BSD-3-Clause"),
    ({"name": "GNU General Public License v3 or later (GPLv3+)"}, "GPL-3.0-or-later"),
])
def test_messy_strings_normalize(kwargs, expected):
    n = normalize(**kwargs)
    assert n.expression == expected, n


@pytest.mark.parametrize("raw", ["BSD-like", "Public Domain", "BSD License", "lgpl", "gpl",
                                 "GooglePatentClause", "see LICENSE file"])
def test_ambiguous_names_are_unrecognised_with_their_text(raw):
    n = normalize(name=raw)
    assert n.expression is None and n.how == "unrecognised" and n.raw == raw


def test_table_is_well_formed_and_every_mapping_parses():
    names, urls = table()
    assert len(names) > 150 and len(urls) > 40
    for m in [*names.values(), *urls.values()]:
        assert m.source, m
        from license_expression import Licensing

        Licensing().parse(m.expression)  # every target is a valid expression


def test_keys_ignore_noise():
    assert name_key('"(MIT License)."') == "mit license"
    assert url_key("HTTPS://www.Example.org/a/LICENSE.txt/") == "example.org/a/license"


def test_resolution_keeps_what_the_library_lacks(lib):
    r = resolve_expression(lib, "MIT OR Xerox")  # an SPDX id the library has no spec for
    assert r.alternatives == (("MIT",), (Missing("Xerox", NO_SPEC),))
    r = resolve_declared(lib, [normalize(name="BSD-like"), normalize(id="MIT")], "AND")
    assert r.alternatives == ((Missing("BSD-like", UNRECOGNISED), "MIT"),)
    assert r.unrecognised == ["BSD-like"] and 'UNRECOGNISED("BSD-like")' in r.text
    r = resolve_expression(lib, "GPL-3.0")  # a deprecated id: read as -only, with a warning
    assert r.alternatives == (("GPL-3.0-only",),)
