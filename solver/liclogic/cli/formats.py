"""Markdown, CSV and SARIF 2.1.0, each rendered from a command's JSON document (the stable
schema of docs/json.md), so every format says what the JSON says.

- Markdown: for a pull-request comment — the verdict, the summary, the deciding clauses with
  their citations and quotes, the duties; for ``scan`` a table of what is not yes.
- CSV: one row per component (``scan``), link (``lineage``), pair (``matrix``), license
  (``list``, ``osd --all``) or finding (``check``).
- SARIF 2.1.0 (OASIS): for ``scan``, a result per component located at its line in the SBOM
  (or the project file); for ``check``, a result per lint finding at its file:line:col, and
  for a spec error at its place. Levels: no → error, unknown / depends → warning, yes → none
  (kind pass).
"""

from __future__ import annotations

import csv
import functools
import io
from typing import Any

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/" \
               "sarif-schema-2.1.0.json"
INFO_URI = "https://github.com/liclogic/liclogic"
SCHEMA_VERSION = "2"  # docs/schema/*.schema.json: bumped when a JSON shape changes
MARK = {"yes": "✅", "no": "❌", "depends": "⚠️", "unknown": "❓", "unsupported": "❔"}


def _cell(text: Any) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


# ------------------------------------------------------------------ Markdown


def markdown(data: Any) -> str:
    check = data.get("check")
    if check == "list":
        return _table(["id", "name", "kind"], [[r.get("id"), r.get("name"), r.get("kind")]
                                               for r in data["licenses"]])
    if check == "scan":
        return _md_scan(data)
    if check == "matrix":
        ids = data["licenses"]
        rows = [[a, *[data["compat"][a][b] for b in ids]] for a in ids]
        return "### compat matrix (row: inbound, column: outbound)\n\n" + _table(
            ["inbound \\ outbound", *ids], rows)
    if check == "lineage":
        return _md_header("lineage", data) + _table(
            ["child", "parent", "relation", "verdict", "why"],
            [[x["child"], x["parent"], x["relation"], x["verdict"], "; ".join(x["reasons"])]
             for x in data["links"]])
    if check == "check":
        return f"### liclogic check: {len(data['findings'])} finding(s)\n\n" + _table(
            ["where", "code", "message"],
            [[f"{f.get('file')}:{f.get('line')}:{f.get('column')}", f["code"], f["message"]]
             for f in data["findings"]])
    if not check and "statements" in data and "clauses" in data:
        return _md_show(data)
    if check == "osd" and "licenses" in data and "criteria" not in data:
        return "### Open Source Definition\n\n" + _table(
            ["license", "verdict", "criteria not met", "readings"],
            [[r["license"], r["verdict"], ", ".join(f"{k} ({v})" for k, v in
                                                    r["criteria"].items()),
              ", ".join(r["readings"])] for r in data["licenses"]])
    return _md_result(data)


def _md_header(title: str, data: dict[str, Any]) -> str:
    v = str(data.get("verdict", ""))
    return f"### {MARK.get(v, '')} {title}: **{v.upper()}**\n\n"


def _md_result(data: dict[str, Any]) -> str:
    check = data.get("check", "")
    title = {"compat": lambda: f"{data.get('inbound')} → {data.get('outbound')}",
             "combine": lambda: "combine " + " + ".join(data.get("licenses", [])),
             "osd": lambda: f"Open Source Definition: {data.get('license')}",
             "diff": lambda: "diff " + " vs ".join(data.get("licenses", [])),
             "workflow": lambda: f"workflow {data.get('workflow')}",
             }.get(check, lambda: str(check or data.get("id", "")))()
    out = [_md_header(title, data).rstrip("\n"), ""]
    if data.get("summary"):
        out += [str(data["summary"]), ""]
    if check == "osd" and data.get("criteria"):
        out += [_table(["#", "criterion", "verdict", "why"],
                       [[c["number"], c["title"], c["verdict"], c["summary"]]
                        for c in data["criteria"]]), ""]
    if data.get("because"):
        out.append("**Because**\n")
        for b in data["because"]:
            role = f" — {b['role']}" if b.get("role") else ""
            out.append(f"- **{b['license']} {b['cite']}**{role} (`{b['at']}`): `{b['clause']}`")
            if b.get("quote"):
                out.append(f"  > {b['quote']}")
        out.append("")
    duties = data.get("duties") or []
    if duties:
        out.append("**Duties**\n")
        out += list(dict.fromkeys(_md_duty(d) for d in duties))
        out.append("")
    if data.get("witnesses"):
        out.append("<details><summary>Witnesses (replayed through the reference evaluator)"
                   "</summary>\n")
        for w in data["witnesses"]:
            scen = "  ".join(f"{k}={v}" for k, v in w["scenario"].items())
            out.append(f"- {w['label']}: `{scen}`")
        out.append("\n</details>\n")
    return "\n".join(out).rstrip("\n") + "\n"


def _md_duty(d: Any) -> str:
    """A duty in words, when it applies and the clauses that ask it (its machine name only
    when the document has no words for it)."""
    if isinstance(d, str):
        return f"- {d}"
    when = d.get("when") or ""
    if isinstance(when, dict):  # a workflow's: the scenario fields it applies under
        when = "  ".join(f"{k}={v}" for k, v in when.items())
    when = f" — {when}" if when else ""
    because = d.get("because") or []
    works = [b for b in because if isinstance(b, str)]  # a workflow's: the works it is from
    whose = f" — from {', '.join(works)}" if works else ""
    return (f"- {d.get('text') or d.get('duty')}{when}{whose}"
            f"{_md_cites(d.get('cites') or because)}")


def _md_cites(because: list[Any]) -> str:
    cites = ", ".join(dict.fromkeys(f"{b['license']} {b['cite']}" for b in because
                                    if isinstance(b, dict) and b.get("cite")))
    return f" ({cites})" if cites else ""


def _md_show(data: dict[str, Any]) -> str:
    """``show``: what the license grants, forbids or leaves alone, its duties and the terms
    that stay, each with its clauses; the first quote of each, for the reader to check."""
    out = [f"### {data['id']} — {data['name']} ({data['kind']})", ""]
    if data.get("url"):
        out += [str(data["url"]), ""]
    sections = [("The work itself", [dict(g, text=f"{g['words']}: {g['text']}")
                                     for g in data.get("statements") or []]),
                ("Conditions and other relations", data.get("conditions") or []),
                ("Duties", data.get("duties") or []),
                ("Terms that stay with the work", data.get("carries") or []),
                ("May be relicensed", data.get("relicensing") or []),
                ("Lifts", data.get("waives") or []),
                ("What it counts as made from the work", [
                    dict(x, text=f"within: {x['text']}")
                    for x in (data.get("reach") or {}).get("within", [])])]
    for title, items in sections:
        if not items:
            continue
        out.append(f"**{title}**\n")
        for item in items:
            out.append(f"- {item['text']}{_md_cites(item.get('because') or [])}")
            quote = next((b["quote"] for b in item.get("because") or [] if b.get("quote")), None)
            if quote:
                out.append(f"  > {quote}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _md_scan(data: dict[str, Any]) -> str:
    s = data["summary"]
    from liclogic.cli.report import counted

    v = s["verdicts"]
    out = [_md_header(f"liclogic scan of `{data['source']}` ({data['format']}) against "
                      f"{data['outbound']}", data).rstrip("\n"), "",
           f"{counted(s['components'], 'component')}, "
           f"{counted(s['distinct_expressions'], 'distinct license expression')}: "
           f"{v['yes']} yes, {v['no']} no, {v['depends']} depends, {v['unknown']} unknown.", ""]
    problems = [c for c in data["components"] if c["verdict"] != "yes"]
    if problems:
        order = {"no": 0, "unknown": 1, "depends": 2}
        problems.sort(key=lambda c: (order.get(c["verdict"], 3), c["name"]))
        out += [_table(["component", "declared", "normalized", "verdict", "why"], [
            [c["name"] + (f"@{c['version']}" if c.get("version") else ""), c["declared"],
             c.get("normalized") or "—", f"{MARK.get(c['verdict'], '')} {c['verdict']} "
             f"({c['status']})", "; ".join(c["reasons"])[:300]] for c in problems]), ""]
    else:
        out += ["Every component's license allows the distribution.", ""]
    out += [f"- note: {n}" for n in data.get("notes", [])]
    return "\n".join(out).rstrip("\n") + "\n"


def _table(head: list[Any], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(_cell(h) for h in head) + " |",
             "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_cell(c) for c in r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ CSV


def csv_text(data: Any) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    check = data.get("check")
    if check == "classify":
        w.writerow(["license", "category", "rule", "flags"])
        w.writerows([r["license"], r["category"], r["rule"], ";".join(r["flags"])]
                    for r in data["licenses"])
        return buf.getvalue()
    if check == "list":
        w.writerow(["id", "name", "kind", "aliases"])
        w.writerows([r["id"], r["name"], r["kind"], ";".join(r["aliases"])]
                    for r in data["licenses"])
        return buf.getvalue()
    if check == "scan":
        w.writerow(["name", "version", "ref", "declared", "normalized", "verdict", "status",
                    "line", "reasons"])
        w.writerows([c["name"], c.get("version") or "", c.get("ref") or "", c["declared"],
                     c.get("normalized") or "", c["verdict"], c["status"], c.get("line") or "",
                     "; ".join(c["reasons"])] for c in data["components"])
    elif check == "matrix":
        w.writerow(["inbound", "outbound", "verdict"])
        w.writerows([a, b, data["compat"][a][b]] for a in data["licenses"]
                    for b in data["licenses"])
    elif check == "lineage":
        w.writerow(["child", "child_license", "parent", "parent_license", "relation", "verdict",
                    "status", "reasons"])
        w.writerows([x["child"], x["child_license"] or "", x["parent"],
                     x["parent_license"] or "", x["relation"], x["verdict"], x["status"],
                     "; ".join(x["reasons"])] for x in data["links"])
    elif check == "check":
        w.writerow(["file", "line", "column", "code", "license", "message"])
        w.writerows([f.get("file", ""), f.get("line", ""), f.get("column", ""), f["code"],
                     f.get("license") or "", f["message"]] for f in data["findings"])
    elif check == "osd" and "licenses" in data and "criteria" not in data:
        w.writerow(["license", "verdict", "criteria_not_met", "readings"])
        w.writerows([r["license"], r["verdict"], ";".join(r["criteria"]),
                     ";".join(r["readings"])] for r in data["licenses"])
    else:
        raise _no_csv(check)
    return buf.getvalue()


def _no_csv(check: Any) -> Exception:
    from liclogic.errors import LiclogicError

    return LiclogicError(f"--format csv has no rows for {check}",
                         hint="csv is for scan, lineage, matrix, list, osd --all and check")


# ------------------------------------------------------------------ SARIF 2.1.0

LEVEL = {"no": "error", "unknown": "warning", "depends": "warning", "yes": "none"}
RULES = {"no": ("license-incompatible",
                "A component's license does not allow the project's distribution"),
         "depends": ("license-depends",
                     "A component's license allows the distribution only in some scenarios"),
         "unknown": ("license-unknown",
                     "A component's license could not be decided (no license, unrecognised, "
                     "no spec, or the time ran out)"),
         "yes": ("license-compatible", "A component's license allows the distribution")}


@functools.cache
def versions() -> dict[str, str]:
    """liclogic's version, the digest of the bundled spec library, the JSON schema version."""
    import hashlib

    from liclogic.lang.paths import spec_files, specs_dir
    from liclogic.version import __version__

    h = hashlib.sha256()
    for f in spec_files(specs_dir()):
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return {"name": "liclogic", "version": __version__, "library": h.hexdigest()[:16],
            "schema": SCHEMA_VERSION}


def sarif(data: dict[str, Any]) -> str:
    import json

    check = data.get("check")
    if check == "scan":
        rules, results = _sarif_scan(data)
    elif check == "check":
        rules, results = _sarif_check(data)
    else:
        from liclogic.errors import LiclogicError

        raise LiclogicError(f"--format sarif is for scan and check, not {check}")
    run: dict[str, Any] = {"tool": {"driver": {"name": "liclogic", "version": versions()["version"],
                               "informationUri": INFO_URI, "rules": rules}},
           "results": results, "columnKind": "unicodeCodePoints",
           "properties": {"liclogic": versions()}}
    if check == "scan":
        run["properties"]["verdict"] = data["verdict"]
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _rule(rule_id: str, text: str) -> dict[str, Any]:
    return {"id": rule_id, "shortDescription": {"text": text}}


def _location(uri: str, line: int | None, column: int | None = None) -> dict[str, Any]:
    loc: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": _uri(uri)}}}
    if line:
        region: dict[str, Any] = {"startLine": int(line)}
        if column:
            region["startColumn"] = int(column)
        loc["physicalLocation"]["region"] = region
    return loc


def _uri(path: str) -> str:
    from urllib.parse import quote

    return quote(path.replace("\\", "/").removeprefix("./"), safe="/:@")


def _sarif_scan(data: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    order = ["no", "depends", "unknown", "yes"]
    rules = [_rule(*RULES[v]) for v in order]
    results = []
    for c in data["components"]:
        v = c["verdict"]
        label = c["name"] + (f"@{c['version']}" if c.get("version") else "")
        why = "; ".join(c["reasons"]) or f"{c.get('normalized')} allows it"
        r: dict[str, Any] = {
            "ruleId": RULES[v][0], "ruleIndex": order.index(v), "level": LEVEL[v],
            "message": {"text": f"{label}: {c.get('normalized') or c['declared'] or 'no license'}"
                                f" → {data['outbound']}: {v} ({c['status']}). {why}"[:2000]},
            "locations": [_location(data["source"], c.get("line"))],
            "properties": {"component": c["name"], "status": c["status"]}}
        if v == "yes":
            r["kind"] = "pass"
        if c.get("ref"):
            r["partialFingerprints"] = {"component/v1": c["ref"]}
        results.append(r)
    return rules, results


def _sarif_check(data: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    codes = sorted({f["code"] for f in data["findings"]})
    rules = [_rule(code, f"liclogic lint: {code}") for code in codes]
    results = [{"ruleId": f["code"], "ruleIndex": codes.index(f["code"]), "level": "warning",
                "message": {"text": f["message"]},
                "locations": [_location(f.get("file") or data["files"][0], f.get("line"),
                                        f.get("column"))]}
               for f in data["findings"]]
    return rules, results
