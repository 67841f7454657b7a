"""``liclogic serve``'s JSON API against the command line: each endpoint's answer is the
document the command prints with ``--json`` (compared whole, for several questions, errors
included); after playground specs that redefine MIT, add licenses and extend the vocabulary,
and after a ``WITH`` question (which composes a license into the library), combine and compat
still equal the command line's; bodies and time limits are bounded; the OpenAPI description
lists exactly the parameters the server takes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from liclogic.cli.main import main

pytest.importorskip("starlette")
pytest.importorskip("httpx")

ROOT = Path(__file__).resolve().parent.parent
SBOM = ROOT / "examples" / "realworld" / "sbom" / "laravel-7.12.0_bom.1.4.json"
WORKFLOW = ROOT / "examples" / "workflows" / "llama-finetune-service.yaml"


@pytest.fixture(scope="module")
def client() -> Any:
    from liclogic.cli.serve.app import create_app
    from liclogic.lang.library import load_library
    from starlette.testclient import TestClient

    with TestClient(create_app(load_library())) as c:
        yield c


def cli_json(*args: str) -> tuple[int, Any]:
    """The command's exit code and JSON, from the command line itself (a process of its own:
    Z3's models, and so the witness scenarios, may differ with what a process solved before)."""
    r = subprocess.run([sys.executable, "-m", "liclogic", *args, "--json"], capture_output=True,
                       text=True, timeout=600, env={**os.environ, "LICLOGIC_NO_CACHE": "1"})
    return r.returncode, json.loads(r.stdout)


def api(client: Any, path: str, **params: Any) -> tuple[int, Any]:
    r = client.get(f"/api/{path}", params=params)
    return int(r.headers["x-liclogic-exit"]), r.json()


QUESTIONS = [
    (("compat", "MIT", "GPL-3.0-only"), ("compat", {"inbound": "MIT", "outbound": "GPL-3.0-only"})),
    (("compat", "Apache-2.0", "GPL-2.0-only", "--relation", "dynamic_link"),
     ("compat", {"inbound": "Apache-2.0", "outbound": "GPL-2.0-only",
                 "relation": "dynamic_link"})),
    (("combine", "MIT", "Apache-2.0", "GPL-3.0-only"),
     ("combine", {"license": ["MIT", "Apache-2.0", "GPL-3.0-only"]})),
    (("osd", "kimi-k2"), ("osd", {"license": "kimi-k2"})),
    (("osd", "MIT", "GPL-3.0-only"), ("osd", {"license": ["MIT", "GPL-3.0-only"]})),
    (("diff", "MIT", "BSD-2-Clause"), ("diff", {"left": "MIT", "right": "BSD-2-Clause"})),
    (("show", "CC-BY-4.0"), ("show", {"license": "CC-BY-4.0"})),
    # errors: a misspelt id (exit 2), a real SPDX id without a spec (5), a bad reading (2)
    (("compat", "MITT", "GPL-3.0-only"), ("compat", {"inbound": "MITT",
                                                     "outbound": "GPL-3.0-only"})),
    (("compat", "Beerware", "MIT"), ("compat", {"inbound": "Beerware", "outbound": "MIT"})),
    (("osd", "MIT", "--reading", "no-such-reading"),
     ("osd", {"license": "MIT", "reading": "no-such-reading"})),
]


@pytest.mark.parametrize(("argv", "request_"), QUESTIONS, ids=[" ".join(q[0]) for q in QUESTIONS])
def test_api_answers_are_the_commands_json(client, argv, request_):
    expected = cli_json(*argv)
    path, params = request_
    assert api(client, path, **params) == expected


def test_an_answer_the_solver_words_from_a_model_keeps_its_verdict_and_clauses(client):
    """Where an explanation names examples from a model Z3 found (the acts and purposes of a
    witness), the model may differ with what the process solved before — in the server as in
    any one Python process asking several questions; the verdict, the deciding clauses, the
    duties and the readings do not."""
    for _ in range(2):  # the second time after other questions (and from the answer cache)
        code, doc = api(client, "compat", inbound="llama3.1", outbound="Apache-2.0",
                        relation="fine_tune")
        want_code, want = cli_json("compat", "llama3.1", "Apache-2.0", "--relation",
                                   "fine_tune")
        assert code == want_code
        for key in ("verdict", "inbound", "outbound", "because", "duties", "readings",
                    "context"):
            assert doc.get(key) == want.get(key), key
        assert [r["kind"] for r in doc["reasons"]] == [r["kind"] for r in want["reasons"]]
        api(client, "compat", inbound="MPL-2.0", outbound="Apache-2.0")
    # classify's witnesses too: everything else is the command's
    code, doc = api(client, "classify", license=["MIT", "GPL-3.0-only"])
    assert (code, without(doc, "witness")) == \
        (lambda c, d: (c, without(d, "witness")))(*cli_json("classify", "MIT", "GPL-3.0-only"))


def without(doc: Any, key: str) -> Any:
    """``doc`` with every ``key`` taken out, at any depth."""
    if isinstance(doc, dict):
        return {k: without(v, key) for k, v in doc.items() if k != key}
    if isinstance(doc, list):
        return [without(v, key) for v in doc]
    return doc


def test_scan_upload_and_workflow_are_the_commands_json(client):
    code, doc = cli_json("scan", str(SBOM), "--outbound", "MIT")
    r = client.post("/api/scan", params={"name": SBOM.name, "outbound": "MIT"},
                    content=SBOM.read_bytes())
    got = r.json()
    assert int(r.headers["x-liclogic-exit"]) == code
    # the upload is read from a private folder: only where it was read from differs
    assert got.pop("source") == SBOM.name
    doc.pop("source")
    assert got["summary"].pop("seconds") >= 0 and doc["summary"].pop("seconds") >= 0
    assert got == doc and len(doc["components"]) > 10
    code, doc = cli_json("workflow", str(WORKFLOW))
    r = client.post("/api/workflow", params={"name": str(WORKFLOW)},
                    content=WORKFLOW.read_bytes())
    assert (int(r.headers["x-liclogic-exit"]), r.json()) == (code, doc)


PLAYGROUND_SPECS = [
    # MIT redefined (an id the library has), a new license, a vocabulary extension
    'license "MIT" {\n  name "My MIT"\n  kind software\n'
    '  permit use, reproduce, distribute cite "1" "use, copy, distribute"\n}\n',
    'license "LicenseRef-Mine" {\n  name "Mine"\n  kind software\n'
    '  permit use, reproduce, modify, distribute cite "1" "use, copy, modify, distribute"\n'
    '  require notice when act in {distribute} cite "2" "keep the notice"\n}\n',
    'vocabulary "tele" {\n  extend Purpose { teleport }\n}\nlicense "LicenseRef-Tele" {\n'
    '  kind software\n  permit use when purpose == teleport cite "1" "teleport"\n}\n',
    'license "LicenseRef-Broken" {\n  kind software\n  frobnicate\n}\n'
]


def test_playground_specs_leave_the_library_as_the_command_line_loads_it(client):
    for spec in PLAYGROUND_SPECS:
        r = client.post("/api/playground", json={"spec": spec, "osd": True, "compat": "MIT",
                                                 "diff": "MIT"})
        assert r.status_code == 200, r.text
    # a WITH question composes a license into the library for its own answer
    assert api(client, "compat", inbound="GPL-2.0-only WITH Classpath-exception-2.0",
               outbound="MIT")[1]["verdict"] in ("yes", "no", "depends")
    code, combined = api(client, "combine", license=["MIT", "BSD-3-Clause"])
    expected = cli_json("combine", "MIT", "BSD-3-Clause")
    assert (code, combined) == expected
    assert "LicenseRef-Mine" not in combined["outbound"]
    assert not any(" WITH " in o for o in combined["outbound"])
    assert api(client, "compat", inbound="MIT", outbound="Apache-2.0") == \
        cli_json("compat", "MIT", "Apache-2.0")
    assert api(client, "show", license="MIT") == cli_json("show", "MIT")


def test_playground_reports_check_errors_at_their_line(client):
    r = client.post("/api/playground", json={"spec": PLAYGROUND_SPECS[3]})
    doc = r.json()
    assert r.headers["x-liclogic-exit"] == "2"
    errors = doc["spec"]["errors"]
    assert [(e["file"], e["line"]) for e in errors] == [("playground.lic", 3)]
    mine = client.post("/api/playground", json={"spec": PLAYGROUND_SPECS[1], "osd": True,
                                                "compat": "GPL-3.0-only"}).json()
    assert mine["licenses"] == ["LicenseRef-Mine"]
    assert mine["compat"]["inbound"] == "LicenseRef-Mine"
    assert mine["compat"]["verdict"] in ("yes", "no", "depends")
    assert mine["osd"]["license"] == "LicenseRef-Mine"


def test_requests_are_bounded(client, monkeypatch):
    assert client.post("/api/playground", json={"spec": "# empty\n"}).status_code == 200
    monkeypatch.setenv("LICLOGIC_MAX_INPUT_BYTES", "1K")
    r = client.post("/api/scan", params={"name": "bom.json"}, content=b"{" * 2000)
    assert r.status_code == 413 and "1,024 bytes" in r.json()["error"]
    monkeypatch.setenv("LICLOGIC_MAX_SPEC_BYTES", "1K")
    r = client.post("/api/playground", json={"spec": "#" * 10_000})
    assert r.status_code == 413
    r = client.post("/api/playground", json={"spec": "# c\n" * 300})
    assert r.status_code == 200
    assert "larger than 1,024" in r.json()["spec"]["errors"][0]["error"]
    r = client.post("/api/playground", content=b"[1, 2")
    assert r.status_code == 400 and "JSON object" in r.json()["error"]
    for bad in ({"inbound": "MIT"}, {"inbound": "MIT", "outbound": "MIT", "x": "1"},
                {"inbound": "MIT", "outbound": "MIT", "timeout": "-5"},
                {"inbound": "MIT", "outbound": "MIT", "commercial": "maybe"}):
        r = client.get("/api/compat", params=bad)
        assert r.status_code == 400 and r.json()["error"], bad
    assert client.get("/api/scan").status_code == 405
    assert client.get("/api/nothing").status_code == 400


def test_openapi_lists_every_endpoint_and_parameter_the_server_takes(client):
    from liclogic.cli.serve.questions import ENDPOINTS

    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) == {f"/api/{n}" for n in ENDPOINTS} | {"/api/playground"}
    for name, e in ENDPOINTS.items():
        (method, op), = spec["paths"][f"/api/{name}"].items()
        assert method == ("post" if e.body else "get")
        assert [p["name"] for p in op["parameters"]] == [p.name for p in e.params]
    # every parameter it lists is one the server takes (a timeout the server accepts)
    r = client.get("/api/compat", params={"inbound": "MIT", "outbound": "MIT",
                                          "timeout": "30000", "relation": "modified",
                                          "commercial": "true"})
    assert r.status_code == 200 and r.json()["verdict"] == "yes"


def test_serve_help_is_true():
    r = CliRunner().invoke(main, ["serve", "--help"])
    assert r.exit_code == 0
    assert "127.0.0.1" in r.output and "/api/openapi.json" in r.output


def test_pages_render_the_apis_answers(client):
    r = client.get("/", params={"inbound": "Apache-2.0", "outbound": "GPL-2.0-only"})
    assert r.status_code == 200 and "script-src 'self'" in r.headers["content-security-policy"]
    assert 'data-verdict="no"' in r.text and "Apache-2.0 §3" in r.text
    r = client.get("/matrix", params={"license": ["MIT", "GPL-3.0-only"]})
    assert r.status_code == 200 and r.text.count('data-verdict="') >= 4
    assert client.get("/license/NO-SUCH").status_code == 400
    assert client.get("/playground").status_code == 200
    assert client.get("/static/serve.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/../app.py").status_code == 404


def test_license_page_highlights_exactly_the_quotes_found_in_the_text():
    from liclogic.cli.serve.pages import highlighted

    text = "Permission is hereby granted, free of charge, to any person. The above notice..."
    entries = [{"quote": "free of charge"}, {"quote": "The above ... notice"},
               {"quote": "not in the text"}, {"quote": None}]
    segments = highlighted(text, entries)
    assert "".join(s["text"] for s in segments) == text  # nothing lost or added
    marked = [(s["text"], s["clauses"]) for s in segments if s["clauses"]]
    # a quote's parts (split at the ellipsis) are highlighted, what lies between them is not
    assert marked == [("free of charge", [0]), ("The above", [1]), ("notice", [1])]
    assert [e.get("found", False) for e in entries] == [True, True, False, False]
