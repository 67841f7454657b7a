"""``matrix --format html``: one self-contained page, a cell per ordered pair coloured by the
pair's verdict (the same verdicts ``--json`` gives), each cell linking to its explanation with
the deciding clause, nothing fetched, and every string from a spec inert."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from click.testing import CliRunner
from liclogic.cli.main import main

SPECS = Path(__file__).resolve().parent.parent / "specs"


def run(*args: str) -> str:
    r = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert r.exit_code in (0, 1, 3, 4), r.output
    return r.output


def cells(page: str) -> dict[tuple[str, str], str]:
    return {(a, b): v for v, a, b in re.findall(
        r'<td class="v-\w+" data-column="[^"]*" data-verdict="(\w+)" '
        r'data-inbound="([^"]*)" data-outbound="([^"]*)"', page)}


def test_heatmap_has_a_cell_per_pair_with_the_verdicts_of_compat():
    page = run("matrix", "MIT", "GPL-3.0-only", "--format", "html")
    table = json.loads(run("matrix", "MIT", "GPL-3.0-only", "--json"))["compat"]
    got = cells(page)
    assert len(got) == 4
    assert got == {(a, b): table[a][b] for a in table for b in table[a]}
    # the FSF: GPLv3 code cannot go into an MIT-licensed work; MIT code can go into GPLv3
    assert got[("GPL-3.0-only", "MIT")] == "no" and got[("MIT", "GPL-3.0-only")] == "yes"
    # the cell links to its explanation, which quotes the deciding clause (GPL-3.0 §5(c))
    n = re.search(r'<section id="(pair-\d+-\d+)" data-inbound="GPL-3.0-only" '
                  r'data-outbound="MIT">(.*?)</section>', page, re.S)
    assert n and f'href="#{n.group(1)}"' in page
    assert "§5(c)" in n.group(2) and "You must license the entire work" in n.group(2)


def test_page_fetches_nothing_and_spec_strings_are_inert(tmp_path):
    spec = (SPECS / "software" / "MIT.lic").read_text(encoding="utf-8")
    spec = spec.replace('license "MIT"', 'license "LicenseRef-x"').replace(
        'name "MIT License"', 'name "<script>alert(1)</script>"').replace(
        'aliases "mit", "Expat", "MIT License"', 'aliases "x-evil"')
    (tmp_path / "x.lic").write_text(spec, encoding="utf-8")
    page = run("matrix", "LicenseRef-x", "MIT", "--spec", str(tmp_path / "x.lic"),
               "--format", "html")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<script>") == 1  # the report's own, allowed by its hash alone
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert policy and "default-src &#39;none&#39;" in policy.group(1)
    assert not re.search(r'(src|href)="(https?:)?//', page)


def test_scan_report_has_a_row_per_component_with_scan_verdicts(tmp_path):
    """``scan --format html``: a row per component with the verdict ``scan --json`` gives it
    (Keycloak's SBOM, 903 components), problems first; the page fetches nothing."""
    sbom = Path(__file__).resolve().parent.parent / "examples" / "realworld" / "sbom" / \
        "keycloak-10.0.2_bom.json.gz"
    page = run("scan", str(sbom), "--format", "html")
    doc = json.loads(run("scan", str(sbom), "--json"))
    rows = re.findall(r'<tr data-verdict="(\w+)">', page)
    assert len(rows) == len(doc["components"]) == 903
    assert sorted(rows) == sorted(c["verdict"] for c in doc["components"])
    assert rows[0] != "yes" and rows[-1] == "yes"  # problems first
    assert "default-src &#39;none&#39;" in page and "https://" not in page.split("<main>")[0]


def test_scan_report_component_names_are_inert(tmp_path):
    sbom = tmp_path / "bom.json"
    sbom.write_text(json.dumps({
        "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
        "metadata": {"component": {"type": "application", "name": "app",
                                   "licenses": [{"license": {"id": "MIT"}}]}},
        "components": [{"type": "library", "name": "<script>alert(1)</script>",
                        "version": "1\"><img src=x onerror=alert(2)>",
                        "licenses": [{"license": {"name": "<b onclick=alert(3)>x</b>"}}]}]}))
    page = run("scan", str(sbom), "--format", "html")
    body = page.split("<main>")[1].split("</main>")[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    for live in ("<script", "<img", "<b onclick"):
        assert live not in body


WORKFLOW = Path(__file__).resolve().parent.parent / "examples" / "workflows" / \
    "llama-finetune-service.yaml"
MISTRAL = Path(__file__).resolve().parent.parent / "examples" / "realworld" / "hf_models" / \
    "hf_model_tree_mistral-small-24b-base-2501.csv"


def test_workflow_graph_has_a_node_per_work_and_step_and_an_edge_per_use():
    """The workflow file has 4 works and 2 steps (tuned: fine_tune of llama on wiki and
    instruct; distilled: distill of tuned into student on instruct): 6 boxes, 6 arrows; the
    release's box has the workflow's verdict."""
    import yaml

    spec = yaml.safe_load(WORKFLOW.read_text())
    dot = run("workflow", str(WORKFLOW), "--format", "dot")
    doc = json.loads(run("workflow", str(WORKFLOW), "--json"))
    nodes = re.findall(r'^  "([^"]+)" \[label=', dot, re.M)
    edges = re.findall(r'^  "([^"]+)" -> "([^"]+)"', dot, re.M)
    assert set(nodes) == set(spec["works"]) | set(spec["steps"])
    want = {(src, step) for step, s in spec["steps"].items()
            for k, v in s.items() if k != "op" for src in ([v] if isinstance(v, str) else v)}
    assert set(edges) == want
    page = run("workflow", str(WORKFLOW), "--format", "html")
    release = re.search(r'<a href="#node-\d+" class="node" data-node="distilled" '
                        r'data-verdict="(\w+)">', page)
    assert release and release.group(1) == doc["verdict"]


def test_lineage_graph_has_an_arrow_per_link_with_its_verdict():
    page = run("lineage", str(MISTRAL), "--format", "html")
    doc = json.loads(run("lineage", str(MISTRAL), "--json"))
    arrows = re.findall(r'class="edge" data-source="([^"]*)" data-target="([^"]*)" '
                        r'data-verdict="(\w+)"', page)
    assert sorted(arrows) == sorted((x["parent"], x["child"], x["verdict"])
                                    for x in doc["links"])
    boxes = set(re.findall(r'class="node" data-node="([^"]*)"', page))
    assert boxes == {x["parent"] for x in doc["links"]} | {x["child"] for x in doc["links"]}


def test_graph_strings_are_inert(tmp_path):
    tree = tmp_path / "tree.csv"
    tree.write_text('model_id,license_tags,base_models,base_model_relations\n'
                    'base/m,"[\'mit\']",,\n'
                    '"<script>alert(1)</script>","[\'<img src=x onerror=alert(2)>\']",'
                    '"[\'base/m\']","[\'finetune\']"\n')
    body = run("lineage", str(tree), "--format", "html").split("<main>")[1]
    assert "<script>alert" not in body and "<img" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    # in DOT the name is a quoted string (never an HTML-like <label>), quotes escaped
    dot = run("lineage", str(tree), "--format", "dot")
    assert '"<script>alert(1)</script>" [label="<script>alert(1)</script>"' in dot


def test_combine_report_lists_outbound_licenses_duties_and_conflicts():
    """``combine --format html``: the outbound licenses and the duties of combine --json (the
    FSF: MIT, Apache-2.0 and GPLv3 code combine under GPLv3), and for Apache-2.0 + GPL-2.0
    (incompatible, the FSF) the conflict, explained with its clauses."""
    page = run("combine", "MIT", "Apache-2.0", "GPL-3.0-only", "--format", "html")
    doc = json.loads(run("combine", "MIT", "Apache-2.0", "GPL-3.0-only", "--json"))
    assert re.findall(r'<li data-outbound="([^"]+)">', page) == doc["outbound"]
    assert "GPL-3.0-only" in doc["outbound"]
    shown = html.unescape(page)  # the page escapes what it prints (work's → work&#39;s)
    for d in doc["duties"]:
        assert d["text"] in shown
    page = run("combine", "Apache-2.0", "GPL-2.0-only", "--format", "html")
    assert "None in the library." in page and "Conflicts between the inputs" in page
    assert "Apache-2.0 §3" in page and "GPL-2.0-only §6" in page


def test_graph_layout_of_a_long_chain_and_a_cycle():
    """A lineage is untrusted: a chain of 20,000 models lays out column by column without
    recursion, and models on a cycle (bad input) stay in the first column, not in a loop."""
    from liclogic.cli.html.graph import Edge, Graph, Node, layout

    n = 20_000
    chain = Graph("chain", "yes", {f"m{i}": Node(f"m{i}", f"m{i}") for i in range(n)},
                  [Edge(f"m{i}", f"m{i + 1}", "finetune") for i in range(n - 1)])
    layout(chain)
    xs = [chain.nodes[f"m{i}"].x for i in range(n)]
    assert xs == sorted(xs) and len(set(xs)) == n  # one column per generation
    cycle = Graph("cycle", "unknown", {k: Node(k, k) for k in "abc"},
                  [Edge("a", "b", "merge"), Edge("b", "a", "merge"), Edge("b", "c", "merge")])
    layout(cycle)
    assert {cycle.nodes[k].x for k in "abc"} == {cycle.nodes["a"].x}


def test_dot_keeps_names_as_written():
    from liclogic.cli.html.graph import dot

    doc = {"check": "lineage", "verdict": "yes", "summary": {"models": 2},
           "links": [{"parent": "café/base", "child": 'x/"quoted"', "relation": "finetune",
                      "verdict": "yes", "status": "ok", "reasons": []}]}
    text = dot(doc)
    assert '"café/base" -> "x/\\"quoted\\""' in text
