"""The explanations corpus: questions a license lawyer would ask, with what an authority
(the FSF list, OSI statements, the ASF's third-party policy, Creative Commons' compatibility
list and AI guidance, the license texts themselves) says the answer is, the section(s) the
answer must cite, the duties a yes must list and the phrases it must not say. Used by
tests/test_explanations.py; ``python -m tests.explanations`` measures the library against it
and writes docs/explanations.md.

Each entry is asked as the command line asks it (``liclogic compat …``, ``combine``, ``osd``,
``diff``, ``show``, ``workflow``), once with ``--json`` and once as people read it, on a
terminal wide enough that no sentence is wrapped. Measured:

- the verdict (``yes`` / ``no`` / ``depends``; ``show`` has none);
- the deciding clause: every section in ``cites`` appears in the answer's headline (compat,
  combine: the first paragraph; the others: anywhere in the text people read);
- the duties: every duty in ``duties`` is in the answer's checklist (JSON ``duties``);
- presentation: the text people read has no raw DSL, no machine field or value names, no
  reading's machine name, and none of the entry's ``must_not`` phrases (a list in
  ``must_not`` is a set of words that must not share one line); every ``must`` phrase is in it.

An entry marked ``known`` is a known difference: the authority and liclogic still disagree,
for the reason given; it counts against the figures and must keep disagreeing (a known
difference that no longer occurs is stale).
"""

from __future__ import annotations

import json
import re
import shlex
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from liclogic.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "explanations.yml"
REPORT = ROOT / "docs" / "explanations.md"
THRESHOLDS = {"verdict": 0.97, "cited": 0.95}

# what the text people read must not contain (outside quotes of the license texts)
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
_ASSIGN = re.compile(r"\b[a-z][\w.]*=\S")
_DSL = re.compile(r"^(?:- )?(?:permit|forbid|reserve|require|carries|accepts|relicense|waive|"
                  r"derivative|disclaims)\s+(?:any\b|[a-z_]+(?:,|\s+(?:on|when|cite)\b))|[{}]")
_QUOTE = re.compile(r"“[^”]*”|https?://\S+")


SHARED = ROOT.parent / "shared" / "licenses"  # the license texts, where this checkout has them


def entries() -> list[dict[str, Any]]:
    out = list(yaml.safe_load(CORPUS.read_text(encoding="utf-8")))
    for e in out:  # YAML reads a bare yes / no as a boolean
        if isinstance(e.get("verdict"), bool):
            e["verdict"] = "yes" if e["verdict"] else "no"
    return out


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("“", '"').replace("”", '"')
                  .replace("’", "'")).strip().lower()


def unquoted(entry: dict[str, Any]) -> str | None:
    """The entry's quote is not in the license text it names (None: it is, or the text is
    not in this checkout: ../shared/licenses is not part of a user's clone)."""
    path = entry.get("text")
    if not path or not entry.get("quote") or not (SHARED / path).is_file():
        return None
    if _flat(entry["quote"]) in _flat((SHARED / path).read_text(encoding="utf-8")):
        return None
    return f"{entry['id']}: the quote is not in {path}"


@dataclass
class Outcome:
    entry: dict[str, Any]
    verdict: str
    human: str
    data: Any
    problems: list[str] = field(default_factory=list)  # presentation errors
    missing_cites: list[str] = field(default_factory=list)
    missing_duties: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.entry["id"])

    @property
    def verdict_ok(self) -> bool:
        return self.entry.get("verdict") in (None, self.verdict)

    @property
    def cited_ok(self) -> bool:
        return not self.missing_cites

    @property
    def ok(self) -> bool:
        return (self.verdict_ok and self.cited_ok and not self.missing_duties
                and not self.problems)


def _run(runner: CliRunner, args: list[str]) -> tuple[int, str]:
    result = runner.invoke(main, args, catch_exceptions=False)
    return result.exit_code, result.output


def _verdict(kind: str, data: Any) -> str:
    if kind == "show":
        return "n/a"
    if isinstance(data, dict) and "verdict" in data:
        return str(data["verdict"])
    return "?"


def _headline(kind: str, data: Any, human: str) -> str:
    if kind in ("compat", "combine") and isinstance(data, dict):
        return str(data.get("headline") or data.get("summary") or "")
    return human


def presentation(human: str, vocab_names: set[str]) -> list[str]:
    """Raw DSL, machine names and reading names in the text people read (quotes of the
    license texts and the title line aside)."""
    out = []
    for line in human.splitlines()[1:]:
        text = _QUOTE.sub("", line).strip()
        for rx, what in ((_SNAKE, "machine name"), (_ASSIGN, "field=value"), (_DSL, "DSL")):
            m = rx.search(text)
            if m:
                out.append(f"{what}: {m.group(0)!r} in {line.strip()[:120]!r}")
        for name in vocab_names:
            if name in text:
                out.append(f"reading name {name!r} in {line.strip()[:120]!r}")
    return out


def ask(entry: dict[str, Any], runner: CliRunner, readings: set[str]) -> Outcome:
    args = shlex.split(entry["ask"])
    kind = args[0]
    _, raw = _run(runner, [*args, "--json"])
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        data = {"error": raw}
    _, human = _run(runner, args)
    out = Outcome(entry, _verdict(kind, data), human, data)
    headline = _headline(kind, data, human)
    out.missing_cites = [c for c in entry.get("cites", []) if c not in headline]
    listed = {d.get("duty") for d in (data.get("duties") or []) if isinstance(d, dict)} \
        if isinstance(data, dict) else set()
    out.missing_duties = [d for d in entry.get("duties", []) if d not in listed]
    out.problems = presentation(human, readings)
    lines = human.splitlines()
    for bad in entry.get("must_not", []):
        if isinstance(bad, list):
            hit = [ln for ln in lines if all(w in ln for w in bad)]
            if hit:
                out.problems.append(f"must not say {bad} on one line: {hit[0].strip()[:120]!r}")
        elif bad in human:
            out.problems.append(f"must not say {bad!r}")
    for good in entry.get("must", []):
        if good not in human:
            out.problems.append(f"must say {good!r}")
    return out


def run_all() -> list[Outcome]:
    from liclogic.lang.library import bundled_library

    readings = set(bundled_library().vocab.readings)
    with tempfile.TemporaryDirectory(prefix="liclogic-explanations-") as cache:
        runner = CliRunner(env={"COLUMNS": "100000", "LICLOGIC_CACHE_DIR": cache,
                                "NO_COLOR": "1", "TERM": "dumb"})
        return [ask(e, runner, readings) for e in entries()]


def figures(outcomes: list[Outcome]) -> dict[str, Any]:
    judged = [o for o in outcomes if o.entry.get("verdict") is not None]
    cited = [o for o in outcomes if o.entry.get("cites")]
    return {
        "entries": len(outcomes),
        "verdict": sum(o.verdict_ok for o in judged) / max(1, len(judged)),
        "verdicts_judged": len(judged),
        "cited": sum(o.cited_ok for o in cited) / max(1, len(cited)),
        "cites_judged": len(cited),
        "duties_missing": sum(bool(o.missing_duties) for o in outcomes),
        "presentation_errors": sum(bool(o.problems) for o in outcomes),
        "known": sum(bool(o.entry.get("known")) for o in outcomes),
    }


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def write_report(outcomes: list[Outcome], path: Path = REPORT) -> dict[str, Any]:
    f = figures(outcomes)
    kinds: dict[str, int] = {}
    for o in outcomes:
        k = shlex.split(o.entry["ask"])[0]
        kinds[k] = kinds.get(k, 0) + 1
    lines = [
        "# Explanations measured against authorities", "",
        "Generated by `python -m tests.explanations` from `tests/data/explanations.yml`; "
        "checked by `tests/test_explanations.py`. Each question is asked as the command line "
        "asks it; the authority for every expected answer is given in the corpus (a URL or "
        "a document and section, with the license's own words).", "",
        "| measure | figure |", "|---|---|",
        f"| questions | {f['entries']} ("
        + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) + ") |",
        f"| verdict as the authority says | {f['verdict']:.1%} of {f['verdicts_judged']} |",
        f"| deciding clause cited in the headline | {f['cited']:.1%} of {f['cites_judged']} |",
        f"| answers missing a duty the authority lists | {f['duties_missing']} |",
        f"| presentation errors (raw DSL, machine names, forbidden phrases) | "
        f"{f['presentation_errors']} |",
        f"| known differences | {f['known']} |", "",
        "## Known differences", "",
        "Where an authority and liclogic still disagree, the entry stays, with the reason.", "",
        "| question | authority says | liclogic | reason |", "|---|---|---|---|",
    ]
    for o in outcomes:
        if o.entry.get("known"):
            lines.append(f"| `{_cell(o.entry['ask'])}` | {o.entry.get('verdict', '—')} | "
                         f"{o.verdict} | {_cell(str(o.entry['known']))} |")
    lines += ["", "## Every question", "",
              "| id | question | expected | liclogic | cites | result |",
              "|---|---|---|---|---|---|"]
    for o in outcomes:
        result = "ok" if o.ok else "; ".join(
            (["verdict"] if not o.verdict_ok else []) + [f"not cited: {c}"
                                                         for c in o.missing_cites]
            + [f"duty missing: {d}" for d in o.missing_duties] + o.problems[:2])
        lines.append(f"| {o.id} | `{_cell(o.entry['ask'])}` | {o.entry.get('verdict', '—')} | "
                     f"{o.verdict} | {_cell(', '.join(o.entry.get('cites', [])))} | "
                     f"{_cell(result)} |")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f


def main_() -> int:
    bad = [x for x in (unquoted(e) for e in entries()) if x]
    for x in bad:
        print(x, file=sys.stderr)
    outcomes = run_all()
    f = write_report(outcomes)
    print(json.dumps(f, indent=2))
    for o in outcomes:
        if not o.ok:
            print(f"- {o.id} ({'known' if o.entry.get('known') else 'FAIL'}): verdict {o.verdict}"
                  f" (expected {o.entry.get('verdict')}); missing cites {o.missing_cites}; "
                  f"duties {o.missing_duties}; {o.problems[:3]}", file=sys.stderr)
    print(f"wrote {REPORT.relative_to(ROOT)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main_())
