"""combine over OR choices without enumerating them (queries/combine_choices.py) against the
enumeration it replaces: for random inputs of a few alternatives each, the best verdict over
every choice (each choice's combine on the verdict-only path) and the first choice in product
order that reaches it are the ones combine reports. With a license brought under two sets of
relations, combine still enumerates (and still refuses past MAX_CHOICES)."""

from __future__ import annotations

import itertools
import random

import pytest
from liclogic.engine.result import Verdict, best_of
from liclogic.errors import LiclogicError
from liclogic.queries.combine import MAX_CHOICES, combine, combine_licenses
from liclogic.queries.combine_choices import RANK, choose


def enumerated(lib, names: list[str]):
    from liclogic.engine.context import compat_context
    from liclogic.lang.expression import alternatives, parse_expression

    ctx = compat_context(None, lib.vocab)
    options = [alternatives(parse_expression(lib, n).expression) for n in names]
    choices = list(itertools.product(*options))
    verdicts = [combine_licenses(lib, list(dict.fromkeys(i for alt in c for i in alt)), ctx,
                                 explain=False).verdict for c in choices]
    best = best_of(verdicts)
    chosen = choices[verdicts.index(best)]
    return best, list(dict.fromkeys(lib.get(i).id for alt in chosen for i in alt))


@pytest.fixture(scope="module")
def ids(lib):
    return sorted(i for i, m in lib.licenses.items() if m.kind != "exception" and " " not in i)


@pytest.mark.parametrize("seed", range(6))
def test_the_best_choice_is_the_enumerations(lib, ids, seed):
    rng = random.Random(seed)
    names = [" OR ".join(rng.sample(ids, rng.choice([1, 2, 3]))) for _ in range(rng.choice([2, 3]))]
    if all(" OR " not in n for n in names):
        names[0] += f" OR {rng.choice(ids)}"
    result = combine(lib, names, explain=False)
    best, chosen = enumerated(lib, names)
    assert result.verdict == best, names
    assert [lib.get(i).id for i in result.extra["choice"]] == chosen, names


def test_choose_on_a_made_up_table():
    """Against brute force on invented verdicts: every order of the four verdicts."""
    class Lib:
        def get(self, name):
            return type("M", (), {"id": name})()

    rng = random.Random(1)
    verdicts = list(RANK)
    for _ in range(300):
        options = [[tuple(rng.sample("abcdef", rng.choice([1, 2])))
                    for _ in range(rng.choice([1, 2, 3]))] for _ in range(rng.choice([1, 2, 3]))]
        outs = [type("O", (), {"id": f"o{k}"})() for k in range(rng.choice([1, 2, 4]))]
        table = {(lic, o.id): rng.choice(verdicts) for lic in "abcdef" for o in outs}
        best_seen, first = -1, None
        for picks in itertools.product(*(range(len(a)) for a in options)):
            lics = {lic for alts, j in zip(options, picks, strict=True) for lic in alts[j]}
            level = max(min(RANK[table[(lic, o.id)]] for lic in lics) for o in outs)
            if level > best_seen:
                best_seen, first = level, picks
        verdict, picks = choose(Lib(), options, outs,
                                lambda a, o, t=table: t[(a, o)])
        assert (RANK[verdict], picks) == (best_seen, first)


def test_many_choices_are_answered(lib, ids):
    # 3^6 = 729 choices: refused before (more than MAX_CHOICES)
    rng = random.Random(4)
    names = [" OR ".join(rng.sample(ids, 3)) for _ in range(6)]
    assert MAX_CHOICES < 3 ** 6
    result = combine(lib, names, explain=False)
    assert result.verdict in (Verdict.YES, Verdict.DEPENDS, Verdict.NO)
    chosen = result.extra["choice"]
    alone = combine(lib, chosen, explain=False)
    assert alone.verdict == result.verdict


def test_a_license_under_two_relations_still_enumerates(lib):
    # MIT comes from every input, from the first one dynamically linked: 2^9 choices
    names = [f"MIT OR {x}" for x in ("BSD-3-Clause", "ISC", "Zlib", "0BSD", "X11",
                                     "Apache-2.0", "BSD-2-Clause", "MIT-0", "Unlicense")]
    relation_of = {names[0]: ("dynamic_link",)}
    with pytest.raises(LiclogicError, match="combinations of OR alternatives"):
        combine(lib, names, explain=False, relation_of=relation_of)
    assert combine(lib, names[:3], explain=False, relation_of={names[0]: ("dynamic_link",)}
                   ).verdict == Verdict.YES
