"""With nothing cached and no pre-built library, ``compat`` parses only the spec files its
licenses reach (``lang.library_reached``): the index it finds them by, read off the files'
text, must say what the parsed library says, and each license it loads must be the one the
whole library has."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from liclogic.errors import UnknownLicenseError
from liclogic.lang.library import bundled_library
from liclogic.lang.library_reached import reached_library, spec_index
from liclogic.lang.paths import display_path, spec_paths


def _same(a, b) -> None:
    assert (a.id, a.path, a.parent, a.aliases, a.tree) == (b.id, b.path, b.parent, b.aliases,
                                                           b.tree)
    assert [(c.clause, c.origin, c.index) for c in a.clauses] == \
        [(c.clause, c.origin, c.index) for c in b.clauses]


def test_the_index_says_what_the_parsed_library_says():
    lib = bundled_library()
    base, _ = spec_paths(None, ())
    index = spec_index(base)
    assert index is not None
    by_name, vocabulary, order = index
    assert order == [lid for lid in lib.licenses if " WITH " not in lid]
    assert {display_path(p) for p in vocabulary} == {
        display_path(p) for p in base} - {m.path for m in lib.licenses.values()}
    for name, lid in lib._lookup.items():
        assert display_path(by_name[name]) == lib.licenses[lid].path, name
    assert set(by_name) == set(lib._lookup)


def test_each_license_reached_is_the_whole_librarys():
    whole = bundled_library()
    sizes = []
    for lid in [x for x in whole.ids() if " WITH " not in x]:  # composites: made on demand
        part = reached_library([lid])
        assert part is not None and lid in part.licenses
        sizes.append(len(part.licenses))
        for m in part.licenses.values():
            _same(m, whole.licenses[m.id])
        assert part.code_order() == whole.code_order()
    assert max(sizes) < len(whole.licenses) // 2 and sorted(sizes)[len(sizes) // 2] <= 8


def test_a_name_asked_later_is_loaded_then_and_a_typo_is_told_against_every_license():
    part = reached_library(["MIT"])
    assert part is not None and "Apache-2.0" not in part.licenses
    _same(part.get("apache-2.0"), bundled_library().get("Apache-2.0"))
    with pytest.raises(UnknownLicenseError) as typo:
        part.get("GPL-3.0-onlx")
    with pytest.raises(UnknownLicenseError) as whole:
        bundled_library().get("GPL-3.0-onlx")
    assert str(typo.value) == str(whole.value) and typo.value.hint == whole.value.hint
    assert len(part.licenses) >= len(bundled_library().licenses) - 1


def test_an_unknown_name_is_unknown_to_it_as_to_the_whole_library():
    part = reached_library(["MIT", "No-Such-License-1.0"])
    assert part is not None and part.find("No-Such-License-1.0") is None
    assert len(part.licenses) < 10  # looking it up loaded nothing more


@pytest.mark.parametrize("question", [
    ["MIT", "GPL-3.0-only"],
    ["llama3.1", "MIT"],                      # a scope witness with a free outbound
    ["EPL-2.0", "GPL-2.0-only"],              # a declaration loads more licenses
    ["EUPL-1.2", "GPL-3.0-only"],             # a relicensing chain
    ["GPL-2.0-only WITH Classpath-exception-2.0", "Apache-2.0"],
    ["MIT OR GPL-3.0-onlx", "Apache-2.0"],    # an error, with its hint
])
def test_compat_with_the_cache_off_answers_as_with_the_library_cached(question, tmp_path):
    # whole processes: within one, a second question's witnesses may differ from a first's
    # (the solver's state carries over), whichever way the library was loaded
    def run(env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable, "-m", "liclogic", "compat", *question, "--json",
                               "--verbose"], capture_output=True, timeout=120,
                              env={**{k: v for k, v in os.environ.items()
                                      if not k.startswith("LICLOGIC_")}, **env})

    off = run({"LICLOGIC_NO_CACHE": "1"})
    on = run({"LICLOGIC_CACHE_DIR": str(tmp_path)})
    assert (off.returncode, off.stdout, off.stderr) == (on.returncode, on.stdout, on.stderr)
