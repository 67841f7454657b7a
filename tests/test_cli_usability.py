"""What a new user trips over: --help lists the values an option takes, the same option on
every command where it means the same, unknown values are errors, text output never splits
an id and keeps wrapped lines under their heading, the matrix shows ids."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from liclogic.cli.main import main

from .conftest import write


def run(*args, columns=100):
    result = CliRunner(env={"COLUMNS": str(columns)}).invoke(main, list(args),
                                                             catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def help_words(command: str, columns: int = 100) -> str:
    return " ".join(run(command, "--help", columns=columns).output.split())


@pytest.mark.parametrize(("option", "listing"), [
    ("--relation", "relations"), ("--act", "acts"), ("--purpose", "Purpose"),
    ("--form", "Form"), ("--reading", "readings")])
def test_help_lists_every_allowed_value(lib, option, listing):
    values = {"relations": lib.vocab.relations, "acts": lib.vocab.acts,
              "readings": tuple(lib.vocab.readings)}.get(listing) or lib.vocab.enums[listing]
    text = help_words("compat")
    listed = re.search(re.escape(option) + r" \S+ .*?One of: ([^.]*)\.", text)
    assert listed, text
    assert [v.strip() for v in listed.group(1).split(",")] == list(values)


@pytest.mark.parametrize("columns", [60, 80, 100])
def test_help_never_breaks_an_id_at_its_hyphen(lib, columns):
    out = run("compat", "--help", columns=columns).output
    for line in out.splitlines():
        assert not re.search(r"[\w.]-$", line.rstrip()), line
    for reading in lib.vocab.readings:
        assert reading in out


READING_COMMANDS = ["compat", "combine", "osd", "matrix", "diff", "show", "scan", "workflow",
                    "lineage"]


@pytest.mark.parametrize("command", READING_COMMANDS)
def test_reading_options_on_every_command_that_answers(command):
    text = help_words(command)
    assert "--reading NAME" in text and "--no-reading NAME" in text


def test_scan_help_says_its_own_default_relation():
    assert "default: static_link: each component shipped unmodified" in help_words("scan")
    assert "default: static_link and modified" in help_words("compat")


@pytest.mark.parametrize("command", ["list", "matrix"])
def test_an_unknown_kind_is_an_error_with_the_kinds(command):
    r = run(command, "--kind", "nonsense")
    assert r.exit_code == 2
    assert "unknown license kind 'nonsense'" in r.output and "software, content" in r.output


def test_an_unknown_reading_is_an_error_on_diff_show_lineage(tmp_path):
    for args in (["diff", "MIT", "0BSD"], ["show", "MIT"]):
        r = run(*args, "--reading", "nonsense")
        assert r.exit_code == 2 and "unknown reading 'nonsense'" in r.output


def _twins(tmp_path):
    """Two licenses that differ only in whether dynamic linking makes a derivative, and only
    under the reading linking-is-derivative."""
    body = ('  permit use, reproduce, modify, distribute cite "1" "q"\n'
            '  derivative modified, static_link cite "2" "q"\n')
    a = 'license "LicenseRef-A" {\n  kind software\n' + body + "}\n"
    b = ('license "LicenseRef-B" {\n  kind software\n' + body
         + '  derivative dynamic_link when reading(linking-is-derivative) cite "3" "q"\n}\n')
    return write(tmp_path, "a.lic", a), write(tmp_path, "b.lic", b)


def test_diff_honours_the_readings_given(tmp_path):
    a, b = _twins(tmp_path)
    spec = ["--spec", str(a), "--spec", str(b)]
    d = json.loads(run("diff", "LicenseRef-A", "LicenseRef-B", *spec, "--json").output)
    assert ("reach", "dynamic_link") in [(x["aspect"], x["subject"]) for x in d["differences"]]
    # every difference needs the reading: each witness has it on
    assert all(x["scenario"]["readings"] == ["linking-is-derivative"]
               for x in d["differences"] if x.get("scenario"))
    on = json.loads(run("diff", "LicenseRef-A", "LicenseRef-B", *spec, "--json",
                        "--reading", "linking-is-derivative").output)
    assert on["verdict"] == "no" and "linking-is-derivative on" in on["summary"]
    off = run("diff", "LicenseRef-A", "LicenseRef-B", *spec, "--no-reading",
              "linking-is-derivative")
    assert off.exit_code == 0 and "decide every scenario alike" in off.output


def test_show_marks_the_clauses_a_reading_rules_out(tmp_path):
    _, b = _twins(tmp_path)
    d = json.loads(run("show", "LicenseRef-B", "--spec", str(b), "--json", "--no-reading",
                       "linking-is-derivative").output)
    reach = d["clauses"][next(k for k in d["clauses"] if any(
        "dynamic_link" in c["clause"] for c in d["clauses"][k]))]
    gated = next(c for c in reach if "dynamic_link" in c["clause"])
    assert gated["readings"] == ["linking-is-derivative"] and gated["applies"] is False
    assert d["assumed_readings"] == {"linking-is-derivative": False}
    text = run("show", "LicenseRef-B", "--spec", str(b), "--no-reading",
               "linking-is-derivative").output
    assert "ruled out by the readings assumed" in text.lower()
    plain = json.loads(run("show", "LicenseRef-B", "--spec", str(b), "--json").output)
    assert "assumed_readings" not in plain


@pytest.mark.parametrize("columns", [50, 70, 100])
def test_text_output_never_splits_an_id(lib, columns):
    ids = ["LicenseRef-BigScience-BLOOM-RAIL-1.0", "LicenseRef-Llama-3.1-Community",
           "LicenseRef-Kimi-K2-Modified-MIT", "GPL-3.0-only"]
    for args in (["osd", *ids], ["list", "--kind", "model"]):
        out = run(*args, columns=columns).output
        for lid in ids if args[0] == "osd" else [m.id for m in lib.licenses.values()
                                                 if m.kind == "model"]:
            assert lid in out, (args, lid)


@pytest.mark.parametrize("columns", [60, 100])
def test_wrapped_quotes_and_witnesses_keep_their_indent(columns):
    out = run("compat", "Apache-2.0", "GPL-2.0-only", columns=columns).output
    section = out.split("\nBecause\n", 1)[1].split("\n\n", 1)[0]
    for line in section.splitlines():
        assert line.startswith("  "), line
        assert len(line) <= columns
    quotes = [ln for ln in section.splitlines() if "“" in ln or "”" in ln]
    assert quotes and all(q.startswith("    ") for q in quotes)
    witnesses = run("osd", "kimi-k2", columns=columns).output.split("\nEvidence", 1)[1]
    lines = witnesses.split("\n\n", 1)[0].splitlines()
    body = lines[next(i for i, x in enumerate(lines) if x.endswith(")")) + 1:]
    assert body
    for line in body:
        assert line.startswith("  "), line


@pytest.mark.parametrize("columns", [50, 60, 80])
def test_duty_checklists_and_cited_clauses_stay_under_their_heading(columns):
    """A duty, its quote and a clause's citation wrap under their own item (they once ran
    back to column 0 past the terminal's width)."""
    out = run("compat", "LGPL-2.1-or-later", "Apache-2.0", "--verbose", columns=columns).output
    duties = out.split("\nWhat you must do\n", 1)[1].split("\n\n", 1)[0].splitlines()
    shown = run("show", "LGPL-2.1-or-later", "--verbose", columns=columns).output
    work = shown.split("\nThe work itself\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(duties) > 10 and len(work) > 10
    for line in duties + work:
        assert line.startswith("  ") and len(line) <= columns, line
    assert all(ln.startswith("    ") for ln in duties if not ln.startswith("  - "))


def test_matrix_text_names_the_licenses():
    ids = ["MIT", "Apache-2.0", "GPL-3.0-only"]
    grid = run("matrix", *ids).output.splitlines()
    assert grid[0].split() == sorted(ids, key=str.lower)
    assert grid[1].split()[0] == "Apache-2.0" and "yes" in grid[1].split()
    lines = run("matrix", *ids, columns=30).output
    assert "MIT → yes: Apache-2.0" in " ".join(lines.split())


@pytest.mark.parametrize(("args", "said"), [
    (["compat", "NOASSERTION", "MIT"], "NOASSERTION is not a license: no license was stated"),
    (["compat", "MIT", "NONE"], "NONE is not a license: the work is stated to have no license"),
    (["combine", "MIT", "GPL-2.0-only OR NOASSERTION"], "NOASSERTION is not a license"),
])
def test_spdx_no_license_words_are_understood_not_looked_up(args, said):
    """SPDX 2.3 §7.13: NOASSERTION and NONE say no license was stated / there is none; they
    are not ids to suggest a near spelling for (the message once was "unknown license id")."""
    r = run(*args)
    assert r.exit_code == 2
    assert said in r.output and "unknown license id" not in r.output
    assert "did you mean" not in r.output


@pytest.mark.parametrize(("sbom", "said"), [
    ("gguf/apache-no-base.gguf", "1 component, 1 distinct license expression: "),
    ("sbom/cyclonedx/cyclonedx-py-1.6.cdx.json", "5 components, 4 distinct license "
                                                "expressions: ")])
def test_scan_counts_are_in_words_a_reader_would_write(sbom, said):
    from .conftest import DATA

    for fmt in ("text", "markdown"):
        out = run("scan", str(DATA / sbom), "--outbound", "MIT", "--format", fmt).output
        assert said in " ".join(out.split()), (fmt, out)


@pytest.mark.parametrize(("args", "named"), [
    (["show", "MIT OR Apache-2.0"], "MIT, Apache-2.0"),
    (["show", "GPL-2.0-only WITH Classpath-exception-2.0"],
     "GPL-2.0-only, Classpath-exception-2.0"),
    (["show", "(MIT AND BSD-3-Clause)"], "MIT, BSD-3-Clause"),
])
def test_an_expression_where_one_license_is_asked_for_says_so(args, named):
    """A command that takes one license id, given an SPDX expression, says it got an
    expression and names its licenses; it does not suggest the id nearest to the whole text
    (once: "unknown license id 'MIT OR Apache-2.0'", did you mean Apache-2.0?)."""
    r = run(*args)
    assert r.exit_code == 2
    assert "is a license expression; this command takes one license id" in r.output
    assert f"ask about each license on its own: {named}" in r.output
    assert "did you mean" not in r.output


def test_evidence_names_licenses_in_words_and_wraps_under_its_label():
    """The scenarios shown as evidence name the outbound license as the rest of the answer
    does ('Llama 3.1', not its LicenseRef id; JSON keeps the id in the scenario), and a long
    label (a decisive reading's) does not push the scenario into a narrow column at the right
    edge: it went on 64 columns in, 16 wide, on an 80-column terminal."""
    r = run("compat", "CC-BY-NC-4.0", "llama3.1", "--relation", "train", columns=80)
    evidence = r.output.split("\nEvidence")[1].split("\n\n")[0].splitlines()[1:]
    assert len(evidence) >= 3
    assert all(len(line) - len(line.lstrip()) <= 8 for line in evidence), evidence
    said = " ".join(line.strip() for line in evidence)
    assert "LicenseRef-" not in said and "under Llama 3.1" in said
    data = json.loads(run("compat", "CC-BY-NC-4.0", "llama3.1", "--relation", "train",
                          "--json").output)
    shown = [w for w in data["witnesses"] if w["scenario"].get("outbound")]
    assert shown and all(w["scenario"]["outbound"] == "LicenseRef-Llama-3.1-Community"
                         and w["text"].endswith("under Llama 3.1") for w in shown)


def test_osd_names_the_license_of_a_clause_in_words():
    """The clauses an osd answer rests on are named as compat names them ('Kimi K2
    modification clause', not LicenseRef-Kimi-K2-Modified-MIT); JSON maps each id to that
    name and keeps the ids in ``because``."""
    r = run("osd", "LicenseRef-Kimi-K2-Modified-MIT", columns=100)
    because = r.output.split("\nBecause")[1].split("\n\n")[0]
    assert "Kimi K2 modification clause" in because and "LicenseRef-" not in because
    data = json.loads(run("osd", "LicenseRef-Kimi-K2-Modified-MIT", "--json").output)
    assert data["names"]["LicenseRef-Kimi-K2-Modified-MIT"] == "Kimi K2"
    assert {b["license"] for b in data["because"]} == {"LicenseRef-Kimi-K2-Modified-MIT"}
    either = run("osd", "MIT OR LicenseRef-Kimi-K2-Modified-MIT", columns=100).output
    assert "Yes: MIT: yes; Kimi K2: depends. Choosing MIT." in either


@pytest.mark.parametrize("lid", ["LicenseRef-Kimi-K2-Modified-MIT", "GPL-2.0-only",
                                 "llama3.1", "MPL-2.0", "CC-BY-NC-4.0"])
def test_show_wraps_at_spaces_and_under_its_heading(lid):
    """No line of `show` ends in a space (a line wrapped by the terminal's own rules did),
    and the readings line, when it wraps, goes on indented under its heading."""
    out = run("show", lid, columns=80).output
    assert all(line == line.rstrip() for line in out.splitlines()), out
    tail = out.split("Contested readings it touches")[-1].split("\n\n")[0].splitlines()
    assert all(line.startswith("  ") for line in tail[1:]), tail
