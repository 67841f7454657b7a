"""Quotes checked against license texts (check --texts) and coverage (what of the text no
clause cites). The texts are the licenses' own (texts/, bundled verbatim with provenance)."""

from __future__ import annotations

import json
from html.parser import HTMLParser

from click.testing import CliRunner
from liclogic.cli.main import main
from liclogic.lang.library import bundled_library
from liclogic.lang.quotes import Words, find_quote, headings, section_plausible
from liclogic.lang.texts import bundled_text_path, find_text
from liclogic.queries.coverage import coverage, render_html
from liclogic.queries.quotes import check_license_quotes

from .conftest import write

TEXT = """1. Definitions.
   "Work" means the work.
2. Grant of “Rights”.
   You may copy, modify and
   distribute the Work, provided that you keep this notice.
3. Termination.
   This license terminates if you sue.
"""


def _run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_quotes_match_across_whitespace_case_and_quote_marks():
    w = Words.of(TEXT)
    assert find_quote(w, 'GRANT of "rights"')  # curly vs straight quotes, case
    assert find_quote(w, "You may copy, modify and distribute the Work")  # a line break
    assert find_quote(w, "You may copy ... provided that you keep this notice")
    assert find_quote(w, "You may copy … terminates if you sue")
    assert find_quote(w, "terminates if you sue ... You may copy") is None  # out of order
    assert find_quote(w, "You may sell") is None


def test_an_apostrophe_inside_a_word_is_no_break():
    w = Words.of("the recipients rights and the Licensor’s marks")
    assert find_quote(w, "the recipient's rights") and find_quote(w, "the Licensor's marks")
    assert find_quote(w, "the recipient s rights") is None


def test_every_bundled_quote_is_in_its_text_or_marked_paraphrase():
    """What CI holds the library to: each quote of each spec with a bundled text is found
    there (or carries a reviewed paraphrase marker), each section marker borne out."""
    from liclogic.queries.quotes import check_quotes, summary

    lib = bundled_library()
    ids = [i for i in lib.licenses if " WITH " not in i]
    checks = check_quotes(lib, ids, use_licensedcode=False)
    problems = [f.render() for c in checks for f in c.findings if f.code in ("Q001", "Q002")]
    assert problems == []
    figures = summary(checks)
    assert figures["share_ok"] == 100.0 and figures["quotes"] >= 1_600
    assert len(figures["without_text"]) <= 8


def test_a_found_quote_maps_back_to_the_text():
    w = Words.of(TEXT)
    spans = find_quote(w, "modify and distribute")
    assert spans is not None
    (start, end), = spans
    assert " ".join(TEXT[start:end].split()) == "modify and distribute"


def test_section_markers_against_the_numbered_sections():
    marks = headings(TEXT)
    at = TEXT.index("You may copy")  # in section 2
    assert section_plausible(marks, "§2", at) is True
    assert section_plausible(marks, "Section 2(a)", at) is True
    assert section_plausible(marks, "§3", at) is False  # §3 starts after the quote
    assert section_plausible(marks, "§9", at) is False
    assert section_plausible(marks, "preamble", at) is None  # names no number


SPEC = """license "LicenseRef-Q" {
  kind software
  permit reproduce, modify, distribute cite "§2" "you may copy, modify and distribute the Work"
  require notice when act == distribute cite "§3" "provided that you keep this notice"
  forbid use when licensee.monthly_active_users > 5 cite "§3" "you may not sue"
  forbid sell cite "§2" paraphrase "selling is not among the grants"
}
"""


def test_check_texts_reports_quotes_not_in_the_text(tmp_path):
    spec, text = write(tmp_path, "q.lic", SPEC), write(tmp_path, "q.txt", TEXT)
    r = _run("check", "--json", "--text", f"LicenseRef-Q={text}", str(spec))
    data = json.loads(r.output)
    codes = [(f["code"], f["line"]) for f in data["findings"] if f["code"].startswith("Q")]
    assert ("Q001", 5) in codes  # "you may not sue" is not the text's
    assert ("Q002", 4) in codes  # the notice proviso is in §2, not §3
    q = data["quotes"]
    assert (q["quotes"], q["verified"], q["paraphrased"], q["not_found"]) == (4, 2, 1, 1)
    assert r.exit_code == 1


def test_the_paraphrase_marker_is_not_looked_up(tmp_path):
    spec = write(tmp_path, "q.lic", SPEC.replace('"§3" "you may not sue"',
                                                 '"§3" paraphrase "you may not sue"'))
    text = write(tmp_path, "q.txt", TEXT)
    r = _run("check", "--json", "--text", str(text), str(spec))
    assert not [f for f in json.loads(r.output)["findings"] if f["code"] == "Q001"]


def test_a_license_without_a_text_says_so(tmp_path):
    spec = write(tmp_path, "q.lic", SPEC)
    r = _run("check", "--texts", str(spec))
    assert "Q003" in r.output and "no text of LicenseRef-Q at hand" in r.output


def test_inherited_clauses_are_checked_against_their_own_text():
    lib = bundled_library()
    kimi = lib.get("LicenseRef-Kimi-K2-Modified-MIT")
    q = check_license_quotes(kimi, find_text("MIT"))
    assert q.quotes == len([c for c in kimi.clauses if c.origin == kimi.id and
                            c.clause.cite and c.clause.cite.quote])


def test_every_bundled_spec_has_a_bundled_text_or_is_listed_without_one():
    lib = bundled_library()
    provenance = (bundled_text_path("MIT").parent / "PROVENANCE.md").read_text()
    for lid in lib.licenses:
        if " WITH " in lid:
            continue
        assert bundled_text_path(lid) is not None or lid in provenance.split(
            "without a bundled text")[1].split("|")[0], lid
        if bundled_text_path(lid):
            assert f"| {lid} |" in provenance, f"{lid}: no provenance row"


# ---------------------------------------------------------------- coverage

def test_coverage_lists_the_operative_sentences_no_clause_cites():
    lib = bundled_library()
    cov = coverage(lib.get("MIT"), find_text("MIT"))
    cited = [s.text[:30] for s in cov.operative if s.cited_by]
    assert any(t.startswith("Permission is hereby granted") for t in cited)
    assert any(t.startswith("The above copyright notice") for t in cited)
    todo = [s.text for s in cov.uncited]
    # MIT's spec quotes the warranty disclaimer; the liability sentence after it is uncited
    assert len(todo) == 1 and todo[0].startswith("IN NO EVENT SHALL THE AUTHORS")
    assert cov.text.split("\n")[cov.uncited[0].line - 1].startswith("IN NO EVENT")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.marks = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("mark", "span"):
            self.stack.append(tag)
            self.marks += tag == "mark"

    def handle_endtag(self, tag):
        if tag in ("mark", "span"):
            assert self.stack and self.stack.pop() == tag, f"</{tag}> does not nest"


def test_coverage_html_highlights_the_cited_spans():
    lib = bundled_library()
    lic = lib.get("LicenseRef-Llama-3.1-Community")
    cov = coverage(lic, find_text(lic.id))
    page = render_html(cov)
    tags = _Tags()
    tags.feed(page)
    assert tags.stack == [] and tags.marks >= 5
    assert page.count('class="todo"') >= len(cov.uncited)
    assert f'<li id="c{len(cov.clauses) - 1}">' in page


def test_coverage_command(tmp_path):
    out = tmp_path / "mit.html"
    r = _run("coverage", "MIT", "--html", str(out))
    assert r.exit_code == 1 and "2 of 3 operative sentences cited" in r.output
    assert out.read_text().startswith("<!doctype html>")
    r = _run("coverage", "--json", "MIT")
    assert json.loads(r.output)["licenses"][0]["uncited"][0]["line"] == 15


def test_docs_library_coverage_table_is_current():
    from pathlib import Path

    doc = (Path(__file__).parent.parent / "docs" / "library.md").read_text()
    r = _run("coverage", "--all", "--markdown")
    assert r.output.strip() in doc
