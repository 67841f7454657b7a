"""check --texts: every quote a license's own clauses cite, looked up in the license's text.

- Q001 a quote that is not in the text (and carries no ``paraphrase`` marker);
- Q002 a section marker the text does not bear out (the quote is found, but no section of
  that number starts before it);
- Q003 no text of the license at hand (nothing could be checked).

A ``paraphrase`` quote is counted apart and not looked up: a reviewer said it is not verbatim.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liclogic.errors import Diagnostic
from liclogic.lang import ast
from liclogic.lang.library import Library, LicenseModel
from liclogic.lang.quotes import Words, find_quote, headings, section_plausible
from liclogic.lang.texts import LicenseText, find_text


@dataclass
class QuoteCheck:
    """What was checked of one license's quotes."""

    license: str
    text: str | None  # where its text came from (None: no text at hand)
    quotes: int = 0  # quotes its own clauses cite
    verified: int = 0
    paraphrased: int = 0
    not_found: int = 0
    misplaced: int = 0  # found, but the section marker is not borne out
    unquoted: int = 0  # citations without a quote
    findings: list[Diagnostic] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"license": self.license, "text": self.text, "quotes": self.quotes,
                "verified": self.verified, "paraphrased": self.paraphrased,
                "not_found": self.not_found, "misplaced": self.misplaced,
                "unquoted": self.unquoted}


def own_cites(lic: LicenseModel) -> list[tuple[ast.Clause, ast.Cite]]:
    """The citations of the clauses written in this license's own spec (inherited ones are
    checked against their own license's text)."""
    # the tree's, not lic.clauses: those also hold the relicensing a chain adds, whose
    # quotes are the chained licenses' words
    out: list[tuple[ast.Clause, ast.Cite]] = []
    for c in lic.tree.clauses:
        if c.cite is not None:
            out.append((c, c.cite))
        # each option of a duty alternative quotes its own clause of the text
        out += [(c, o.cite) for d in ast.choices(c) for o in d.options if o.cite is not None]
    return out


def check_license_quotes(lic: LicenseModel, text: LicenseText | None) -> QuoteCheck:
    result = QuoteCheck(lic.id, text.origin if text else None)
    cites = own_cites(lic)
    words = Words.of(text.text) if text else None
    marks = headings(text.text) if text else []
    for clause, cite in cites:
        if cite.quote is None:
            result.unquoted += 1
            continue
        result.quotes += 1
        if cite.paraphrase:
            result.paraphrased += 1
            continue
        if words is None:
            continue
        where = cite.span or clause.span
        spans = find_quote(words, cite.quote)
        if spans is None:
            result.not_found += 1
            result.findings.append(Diagnostic(
                "Q001", f"quote not in the text of {lic.id} ({text.origin if text else ''}): "
                f"{_short(cite.quote)!r} — correct it, or mark it: cite {_short(cite.section)!r}"
                " paraphrase \"…\"", where, lic.id))
            continue
        result.verified += 1
        if section_plausible(marks, cite.section, spans[0][0]) is False:
            result.misplaced += 1
            result.findings.append(Diagnostic(
                "Q002", f"{cite.section!r}: the text of {lic.id} has no section of that "
                "number before the quote", where, lic.id))
    if text is None and result.quotes:
        result.findings.append(Diagnostic(
            "Q003", f"no text of {lic.id} at hand: its {result.quotes} quote(s) are not checked"
            " (give one with --text, or install liclogic[texts])", lic.tree.span, lic.id))
    return result


def check_quotes(lib: Library, ids: list[str], given: Mapping[str, Path] | None = None,
                 use_licensedcode: bool = True) -> list[QuoteCheck]:
    """Each license's quotes against its text."""
    out = []
    for lid in ids:
        lic = lib.get(lid)
        out.append(check_license_quotes(lic, find_text(lic.id, given, use_licensedcode)))
    return out


def summary(checks: list[QuoteCheck]) -> dict[str, Any]:
    """Totals over licenses: the share of quotes that verify or carry the paraphrase marker,
    of those whose text was at hand."""
    with_text = [c for c in checks if c.text is not None]
    quotes = sum(c.quotes for c in with_text)
    ok = sum(c.verified + c.paraphrased for c in with_text)
    return {"licenses": len(checks), "with_text": len(with_text),
            "without_text": [c.license for c in checks if c.text is None and c.quotes],
            "quotes": quotes, "verified": sum(c.verified for c in with_text),
            "paraphrased": sum(c.paraphrased for c in with_text),
            "not_found": sum(c.not_found for c in with_text),
            "misplaced": sum(c.misplaced for c in with_text),
            "share_ok": round(100 * ok / quotes, 1) if quotes else 100.0}


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"
