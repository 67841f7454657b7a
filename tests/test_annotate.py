"""scan --annotate: the SBOM written back with concluded licenses and reasons, read back with
the format's own library (cyclonedx-python-lib, spdx-tools): every component with a
recognised license carries it as concluded, with liclogic's verdict beside it."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from cyclonedx.model.bom import Bom
from cyclonedx.model.license import LicenseAcknowledgement, LicenseExpression
from liclogic.cli.main import main
from spdx_tools.spdx.parser.parse_anything import parse_file

from .conftest import ROOT

CDX = ROOT / "tests" / "data" / "sbom" / "cyclonedx"
SPDX = ROOT / "tests" / "data" / "sbom" / "spdx"


def run(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def _components(bom):
    stack, out = list(bom.components), []
    while stack:
        c = stack.pop()
        out.append(c)
        stack += list(c.components)
    return out


@pytest.mark.parametrize("name", ["cyclonedx-py-1.6.cdx.json", "cyclonedx-py-1.2.cdx.xml",
                                  "cyclonedx-py-1.7.cdx.xml"])
def test_cyclonedx_round_trip_every_component_concluded(tmp_path, name):
    src = tmp_path / name
    shutil.copy(CDX / name, src)
    before = src.read_bytes()
    out = tmp_path / f"annotated-{name}"
    r = run("scan", str(src), "--outbound", "Apache-2.0", "--annotate", str(out), "--json")
    assert r.exit_code == 0, r.output
    assert src.read_bytes() == before  # the input is untouched
    scanned = {c["name"]: c for c in json.loads(r.stdout)["components"]}
    if name.endswith(".xml"):
        from xml.etree import ElementTree

        root = ElementTree.fromstring(out.read_text())
        ns = root.tag[1:].split("}", 1)[0]
        assert ns.endswith(("1.6", "1.7"))  # acknowledgement needs CycloneDX >= 1.6
        bom = Bom.from_xml(root, ns)
    else:
        data = json.loads(out.read_text())
        assert data["specVersion"] in ("1.6", "1.7")
        bom = Bom.from_json(data)
    comps = _components(bom)
    assert len(comps) == len(scanned)
    for c in comps:
        (lic,) = list(c.licenses)
        assert isinstance(lic, LicenseExpression)
        assert lic.acknowledgement == LicenseAcknowledgement.CONCLUDED
        want = scanned[c.name]
        assert lic.value == want["normalized"]
        props = {p.name: p.value for p in c.properties}
        assert props["liclogic:verdict"] == want["verdict"]
        assert props["liclogic:reason"] and props["liclogic:declared"] == want["declared"]


@pytest.mark.parametrize("name", ["sbom4python-requests.spdx.json",
                                  "sbom4python-requests.spdx",
                                  "pyspdxtools-requests.spdx.rdf.xml"])
def test_spdx_round_trip_license_concluded_with_comments(tmp_path, name):
    out = tmp_path / f"out-{name}"
    r = run("scan", str(SPDX / name), "--outbound", "Apache-2.0", "--annotate", str(out),
            "--json")
    assert r.exit_code == 0, r.output
    scanned = {c["name"]: c for c in json.loads(r.stdout)["components"]}
    doc = parse_file(str(out))
    named = [p for p in doc.packages if p.name in scanned]
    assert len(named) == len(scanned) > 0
    for p in named:
        assert str(p.license_concluded) == scanned[p.name]["normalized"]
        assert p.license_comment.startswith(f"liclogic: {scanned[p.name]['verdict']}")


def test_annotate_never_overwrites_the_input_unless_named_exactly(tmp_path):
    src = tmp_path / "bom.json"
    shutil.copy(CDX / "cyclonedx-py-1.6.cdx.json", src)
    link = tmp_path / "link.json"
    link.symlink_to(src)
    before = src.read_bytes()
    r = run("scan", str(src), "--outbound", "Apache-2.0", "--annotate", str(link))
    assert r.exit_code == 2 and "another name" in r.output
    assert src.read_bytes() == before
    r = run("scan", str(src), "--outbound", "Apache-2.0", "--annotate", str(src))
    assert r.exit_code == 0
    assert "concluded" in src.read_text()
    r = run("scan", str(ROOT / "tests" / "data" / "sbom" / "pip-licenses" /
                        "pip-licenses-all.json"), "--outbound", "MIT", "--annotate",
            str(tmp_path / "x.json"))
    assert r.exit_code == 2 and "writes CycloneDX, SPDX 2.x and SPDX 3.0" in r.output


def _services(bom):
    stack, out = list(bom.services), []
    while stack:
        s = stack.pop()
        out.append(s)
        stack += list(s.services)
    return out


@pytest.mark.parametrize("gz", [False, True])
def test_cyclonedx_services_annotated_and_gzip_round_trip(tmp_path, gz):
    """The CycloneDX spec's own valid-service-1.7 document: its service (a partner's API,
    under "Partner license") gets liclogic's verdict and reason as scan judged it (a
    service: not shipped); the component its concluded license. A .gz
    input is annotated as the plain one, and OUT ending .gz is written compressed."""
    import gzip

    name = "spec-valid-service-1.7.json"
    src = tmp_path / (name + (".gz" if gz else ""))
    data = (CDX / name).read_bytes()
    src.write_bytes(gzip.compress(data) if gz else data)
    out = tmp_path / ("out.cdx.json" + (".gz" if gz else ""))
    r = run("scan", str(src), "--outbound", "Apache-2.0", "--annotate", str(out), "--json")
    assert r.exit_code in (0, 3), r.output
    scanned = {c["name"]: c for c in json.loads(r.stdout)["components"]}
    written = out.read_bytes()
    if gz:
        assert written[:2] == b"\x1f\x8b"  # gzip's magic number
        written = gzip.decompress(written)
    bom = Bom.from_json(json.loads(written))
    services = _services(bom)
    assert len(services) == 1
    for s in services:
        label = f"{s.group}:{s.name}" if s.group else str(s.name)
        props = {p.name: p.value for p in s.properties}
        assert props["liclogic:verdict"] == scanned[label]["verdict"]
        assert props["liclogic:reason"]
    (c,) = _components(bom)
    (lic,) = list(c.licenses)
    assert lic.acknowledgement == LicenseAcknowledgement.CONCLUDED and lic.value == "Apache-2.0"


def test_spdx_gzip_input_annotated_compressed(tmp_path):
    import gzip

    src = tmp_path / "requests.spdx.json.gz"
    src.write_bytes(gzip.compress((SPDX / "sbom4python-requests.spdx.json").read_bytes()))
    out = tmp_path / "out.spdx.json.gz"
    r = run("scan", str(src), "--outbound", "Apache-2.0", "--annotate", str(out), "--json")
    assert r.exit_code == 0, r.output
    scanned = {c["name"]: c for c in json.loads(r.stdout)["components"]}
    plain = tmp_path / "out.spdx.json"
    plain.write_bytes(gzip.decompress(out.read_bytes()))
    named = [p for p in parse_file(str(plain)).packages if p.name in scanned]
    assert len(named) == len(scanned) > 0
    for p in named:
        assert p.license_comment.startswith(f"liclogic: {scanned[p.name]['verdict']}")


def test_spdx3_round_trip_concluded_license_relationships(tmp_path):
    """SPDX 3.0 JSON-LD: read back with spdx-python-model (the SPDX project's bindings), each
    package's hasConcludedLicense leads to the normalized expression, the relationship's
    comment holds the verdict; annotating the annotated document again gives new ids."""
    import spdx_python_model

    src = SPDX / "sbom4python-requests-3.0.1.spdx.jsonld"
    before = src.read_bytes()
    out, again = tmp_path / "out.spdx.jsonld", tmp_path / "again.spdx.jsonld"
    r = run("scan", str(src), "--outbound", "Apache-2.0", "--annotate", str(out), "--json")
    assert r.exit_code == 0, r.output
    assert src.read_bytes() == before
    scanned = {c["name"]: c for c in json.loads(r.stdout)["components"]}
    model, objects = spdx_python_model.load_data(json.loads(out.read_text()))
    rels = {}
    for rel in objects.foreach_type(model.Relationship):
        if str(rel.relationshipType).endswith("/hasConcludedLicense"):
            rels[str(rel.from_._id if not isinstance(rel.from_, str) else rel.from_)] = rel
    named = [p for p in objects.foreach_type(model.software_Package) if p.name in scanned]
    assert len(named) == len(scanned) == 4
    for p in named:
        rel = rels[str(p._id)]
        (target,) = list(rel.to)
        assert target.simplelicensing_licenseExpression == scanned[p.name]["normalized"]
        assert rel.comment.startswith(f"liclogic: {scanned[p.name]['verdict']} — ")
    assert _orphans(model, objects) == []  # each replaced expression was dropped
    assert _count(model, objects) == _count(*spdx_python_model.load_data(
        json.loads(before)))
    r = run("scan", str(out), "--outbound", "Apache-2.0", "--annotate", str(again), "--json")
    assert r.exit_code == 0, r.output
    assert _orphans(*spdx_python_model.load_data(json.loads(again.read_text()))) == []
    ids = [str(o._id) for o in spdx_python_model.load_data(
        json.loads(again.read_text()))[1].foreach() if getattr(o, "_id", None)]
    assert len(ids) == len(set(ids))
    assert {c["name"]: c["normalized"] for c in json.loads(r.stdout)["components"]} == {
        k: v["normalized"] for k, v in scanned.items()}


def _count(model, objects) -> int:
    return len(list(objects.foreach_type(model.simplelicensing_LicenseExpression)))


def _orphans(model, objects) -> list[str]:
    """License expressions no relationship leads to."""
    led = {id(t) for rel in objects.foreach_type(model.Relationship) for t in rel.to}
    return [str(e._id) for e in objects.foreach_type(model.simplelicensing_LicenseExpression)
            if id(e) not in led]


def test_spdx3_annotate_keeps_an_expression_another_element_refers_to(tmp_path):
    """A concluded license whose expression element is also the declared one: the declared
    relationship still leads to it after annotating, and the collection that listed it lists
    the new concluded expression beside it; a replaced expression nothing refers to is gone."""
    import spdx_python_model

    doc = json.loads((SPDX / "sbom4python-requests-3.0.1.spdx.jsonld").read_text())
    graph = doc["@graph"]
    rels = {(o["from"], o["relationshipType"]): o for o in graph if o["type"] == "Relationship"}
    pkg = next(o["spdxId"] for o in graph if o["type"] == "software_Package"
               and o["name"] == "idna")
    declared = rels[(pkg, "hasDeclaredLicense")]
    concluded = rels[(pkg, "hasConcludedLicense")]
    dropped = concluded["to"][0]
    concluded["to"] = list(declared["to"])  # one expression element for both
    graph[:] = [o for o in graph if o.get("spdxId") != dropped]
    sbom = next(o for o in graph if o["type"] == "software_Sbom")
    sbom["element"].append(declared["to"][0])
    src = tmp_path / "shared.spdx.jsonld"
    src.write_text(json.dumps(doc))
    out = tmp_path / "out.spdx.jsonld"
    r = run("scan", str(src), "--outbound", "Apache-2.0", "--annotate", str(out))
    assert r.exit_code == 0, r.output
    model, objects = spdx_python_model.load_data(json.loads(out.read_text()))
    by = {(str(rel.from_._id), str(rel.relationshipType).rsplit("/", 1)[-1]): rel
          for rel in objects.foreach_type(model.Relationship)}
    (kept,) = by[(pkg, "hasDeclaredLicense")].to
    (new,) = by[(pkg, "hasConcludedLicense")].to
    assert str(kept._id) == declared["to"][0] and new is not kept
    (sbom_obj,) = objects.foreach_type(model.software_Sbom)
    listed = {str(x._id) for x in sbom_obj.element}
    assert {str(kept._id), str(new._id)} <= listed
    assert _orphans(model, objects) == []
