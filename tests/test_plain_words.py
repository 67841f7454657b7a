"""Hover and the review report say clauses in plain words: the sentence `show` uses, the
vocabulary's glosses with their placeholders filled, 'either' where an alternative sits inside
a conjunction. Checked over every clause of the bundled library."""

from __future__ import annotations

import pytest
from liclogic.lang import ast, words
from liclogic.lang.library import SpecClause, bundled_library
from liclogic.lang.parse import parse_text
from liclogic.lsp import hover


@pytest.fixture(scope="module")
def lib():
    return bundled_library()


def test_every_clause_hover_is_words_without_placeholders(lib):
    seen = 0
    for lic in lib.licenses.values():
        for c in lic.tree.clauses:
            body = hover.hover_clause(c, lic.id, lib.vocab, lib)
            assert "{license}" not in body and "{text}" not in body, (lic.id, body)
            if isinstance(c, words.SENTENCE_CLAUSES):
                # the first paragraph is show's sentence for the clause, not DSL names
                said = words.clause_words(lib, SpecClause(c, lic.id, 0), cite=False)
                assert body.split("\n\n")[0].lower() == said.lower() + ".", (lic.id, body)
                assert "act in {" not in body.split("\n\n")[0]
                seen += 1
    assert seen > 1000  # the whole library, not a sample


def test_name_glosses_fill_their_placeholders(lib):
    for name in lib.vocab.duties:
        body = hover.hover_name(name, lib.vocab, lib)
        assert body is not None and "{" not in body, (name, body)


def _condition(text: str) -> str:
    tree = parse_text('license "LicenseRef-W" {\n  kind model\n'
                      f'  require notice when {text}\n}}\n', "<test>")
    lic = next(b for b in tree.items if isinstance(b, ast.License))
    clause = next(c for c in lic.clauses if isinstance(c, ast.Require))
    assert clause.when is not None
    return words.condition(bundled_library().vocab, clause.when)


def test_an_alternative_inside_a_conjunction_reads_either():
    said = _condition("commercial and (licensee.monthly_active_users > 100_000_000 "
                      "or licensee.monthly_revenue_usd > 20_000_000)")
    assert said.startswith("commercial and either at more than 100,000,000 ")
    assert " or at more than 20,000,000 " in said
    # without a conjunction around it, an alternative needs no 'either'
    assert not _condition("licensee.monthly_active_users > 1 or commercial").startswith("either")
