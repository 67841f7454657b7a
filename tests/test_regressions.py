"""Engine bugs the property suites found, one regression test each (the suites find them again
if they come back; these say what they were)."""

from __future__ import annotations

import pytest
from liclogic.errors import SpecErrors
from liclogic.lang.format import format_file
from liclogic.lang.library import build_library
from liclogic.lang.parse import parse_text


def test_comments_with_the_same_text_all_survive_formatting():
    # test_format_laws: two comments reading "#" — the parser matched comment tokens by text,
    # so the second was taken for the first and dropped (fmt --write lost it).
    src = 'license "X" {\n  kind software\n  #\n}\n\n#\n'
    assert format_file(parse_text(src, "x.lic")) == src
    twice = '# same\nlicense "X" {\n  # same\n  kind software\n  # same\n}\n# same\n'
    out = format_file(parse_text(twice, "x.lic"))
    assert out.count("# same") == 4


@pytest.mark.parametrize("src", [
    'vocabulary "v" {\n  duty d ""\n}\n',
    'license "X" {\n  kind software\n\n  permit use cite "§1" ""\n}\n',
])
def test_empty_doc_and_quote_strings_survive_formatting(src):
    # test_format_laws: an empty doc string or citation quote was dropped by the formatter,
    # so the tree did not read back the same.
    tree = parse_text(src, "x.lic")
    assert format_file(tree) == src
    assert parse_text(format_file(tree), "x.lic") == tree


def test_a_library_without_any_vocabulary_reports_where():
    # test_robustness: with no vocabulary block at all, "the vocabulary must declare …"
    # errors had no location.
    with pytest.raises(SpecErrors) as info:
        build_library([parse_text("", "empty.lic")])
    for e in info.value.errors:
        assert e.span is not None and e.span.file == "empty.lic"
    assert "empty.lic:1:1" in info.value.render()
