"""Writes the SPDX 3.0.1 fixture: the packages, versions, purls and licenses of an SPDX 2.3 JSON
document (sbom4python-requests.spdx.json) as SPDX 3.0.1 JSON-LD, with spdx-python-model's
serializer. ``python make_spdx3.py IN.spdx.json OUT.spdx.jsonld``"""

import json
import sys
from datetime import UTC, datetime

from spdx_python_model import v3_0_1 as m

with open(sys.argv[1]) as f:
    src = json.load(f)
base = "https://spdx.org/spdxdocs/sbom4python-requests-3.0.1"
objs = m.SHACLObjectSet()
agent = m.SoftwareAgent(spdxId=f"{base}/agent", name="sbom4python-0.12.6 (via spdx-python-model)")
ci = m.CreationInfo(specVersion="3.0.1", created=datetime(2026, 12, 3, 5, 34, 36, tzinfo=UTC),
                    createdBy=[agent])
agent.creationInfo = ci
objs.add(agent)
pkgs = {}
for p in src["packages"]:
    pk = m.software_Package(spdxId=f"{base}/{p['SPDXID']}", creationInfo=ci, name=p["name"],
                            software_packageVersion=p.get("versionInfo"))
    purl = next((r["referenceLocator"] for r in p.get("externalRefs", [])
                 if r["referenceType"] == "purl"), None)
    if purl:
        pk.software_packageUrl = purl
    objs.add(pk)
    pkgs[p["SPDXID"]] = pk
    for key, rel in (("licenseDeclared", m.RelationshipType.hasDeclaredLicense),
                     ("licenseConcluded", m.RelationshipType.hasConcludedLicense)):
        le = m.simplelicensing_LicenseExpression(
            spdxId=f"{base}/{p['SPDXID']}-{key}", creationInfo=ci,
            simplelicensing_licenseExpression=p[key])
        objs.add(le)
        objs.add(m.Relationship(spdxId=f"{base}/{p['SPDXID']}-{key}-rel", creationInfo=ci,
                                from_=pk, to=[le], relationshipType=rel))
root = pkgs["SPDXRef-1-requests"]
deps = [pk for pk in pkgs.values() if pk is not root]
objs.add(m.Relationship(spdxId=f"{base}/deps", creationInfo=ci, from_=root, to=deps,
                        relationshipType=m.RelationshipType.dependsOn))
sbom = m.software_Sbom(spdxId=f"{base}/sbom", creationInfo=ci, rootElement=[root],
                       element=list(pkgs.values()), software_sbomType=[m.software_SbomType.build])
objs.add(sbom)
profiles = [m.ProfileIdentifierType.core, m.ProfileIdentifierType.software,
            m.ProfileIdentifierType.simpleLicensing]
objs.add(m.SpdxDocument(spdxId=f"{base}/document", creationInfo=ci, name="Python-requests",
                        rootElement=[sbom], element=[sbom], profileConformance=profiles))
with open(sys.argv[2], "wb") as f:
    m.JSONLDSerializer().write(objs, f, indent=2)
