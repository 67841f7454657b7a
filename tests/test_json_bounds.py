"""load_json's bounds, checked against the plain definition they shortcut: a JSON document
is refused when a string (a key too) holds a lone surrogate, or when it nests more than
MAX_NESTING containers. The fast path skips the per-string check when the text has no
unpaired surrogate escape and walks containers a level at a time; these properties compare
it with the definition on generated documents."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from liclogic.errors import LiclogicError
from liclogic.inputs.read import load_json
from liclogic.limits import MAX_NESTING

# code points near the surrogate block, astral ones (written as pairs) and plain ASCII
chars = st.one_of(st.integers(0xD800, 0xDFFF), st.integers(0x1F600, 0x1F64F),
                  st.integers(0x20, 0x7E)).map(chr)
strings = st.text(alphabet=chars, max_size=6)
documents = st.recursive(st.one_of(strings, st.integers(), st.none()),
                         lambda inner: st.lists(inner, max_size=4)
                         | st.dictionaries(strings, inner, max_size=3), max_leaves=20)


def _lone(x: object) -> bool:
    def bad(s: str) -> bool:
        try:
            s.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(x, str):
        return bad(x)
    if isinstance(x, dict):
        return any(bad(k) or _lone(v) for k, v in x.items())
    if isinstance(x, list):
        return any(_lone(v) for v in x)
    return False


def _refused(text: str) -> bool:
    try:
        load_json("doc.json", text)
    except LiclogicError:
        return True
    return False


@settings(max_examples=300, derandomize=True, deadline=None)
@given(documents)
def test_refused_exactly_when_a_string_holds_a_lone_surrogate(doc):
    text = json.dumps(doc, ensure_ascii=True)  # surrogates as \\uXXXX escapes, pairs as pairs
    # the definition reads the decoded document: "\\ud800\\udc00" decodes to one character
    assert _refused(text) == _lone(json.loads(text))


@settings(max_examples=60, derandomize=True, deadline=None)
@given(st.integers(1, MAX_NESTING + 5), st.sampled_from(["[", '{"k":']))
def test_refused_exactly_when_nested_too_deep(depth, opener):
    close = "]" if opener == "[" else "}"
    text = opener * depth + "0" * (opener != "[") + close * depth
    assert _refused(text) == (depth > MAX_NESTING)
