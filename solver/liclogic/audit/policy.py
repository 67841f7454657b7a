"""Scan policy files (YAML): what a project accepts, denies and prefers, and the context its
dependencies are used in. See docs/scanning.md for the format and an example.

    outbound: Apache-2.0            # the project's license (--outbound overrides)
    context:                        # the scenarios compat ranges over
      relation: dynamic_link        # one or a list; default static_link and modified
      act: distribute               # or host for a service
      form: service
      commercial: true
      licensee: {monthly_active_users: 1000000}
      readings: {linking-is-derivative: false}
    allow: [MIT, BSD-3-Clause]      # yes by policy, without solving
    deny: [AGPL-3.0-only]           # no by policy, whatever the solver says
    prefer: [Apache-2.0, MIT]       # which alternative of an OR to take when several work
    license_list: or                # how a CycloneDX list of licenses reads (and | or)
    licenses:                       # this project's own readings of raw license strings
      "BSD License": BSD-3-Clause
    components:                     # per-component decisions (name, or name@version)
      "org.example:lib": {license: MIT, reason: "relicensed by the authors, see …"}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liclogic.audit.judge import Policy
from liclogic.engine.context import Context, parse_fact
from liclogic.errors import LiclogicError, did_you_mean
from liclogic.lang.library import Library

KEYS = ("outbound", "context", "allow", "deny", "prefer", "license_list", "licenses",
        "components")
CONTEXT_KEYS = ("relation", "act", "form", "purpose", "commercial", "licensee", "set",
                "readings")


@dataclass
class ComponentRule:
    license: str | None = None  # read the component as this expression instead
    verdict: str | None = None  # or decide it: yes / no
    reason: str = ""


@dataclass
class ScanPolicy:
    source: str = "(none)"
    outbound: str | None = None
    context: Context = field(default_factory=Context)
    judge: Policy = field(default_factory=Policy)
    license_list: str | None = None  # "AND" / "OR"
    licenses: dict[str, str] = field(default_factory=dict)
    components: dict[str, ComponentRule] = field(default_factory=dict)

    def rule_for(self, name: str, version: str | None) -> ComponentRule | None:
        if version and f"{name}@{version}" in self.components:
            return self.components[f"{name}@{version}"]
        return self.components.get(name)


def load_policy(path: Path, lib: Library) -> ScanPolicy:
    from liclogic.inputs.read import load_yaml, read_text

    data = load_yaml(path, read_text(path), "policy")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise LiclogicError(f"{path}: a policy is a YAML mapping (outbound:, allow:, …)")
    return policy_from(data, lib, str(path))


def policy_from(data: dict[str, Any], lib: Library, source: str = "(policy)") -> ScanPolicy:
    from liclogic.inputs.read import unexpected_shape

    with unexpected_shape(source):
        return _policy_from(data, lib, source)


def _policy_from(data: dict[str, Any], lib: Library, source: str) -> ScanPolicy:
    for k in data:
        if k not in KEYS:
            raise LiclogicError(f"{source}: unknown policy key {k!r}",
                                hint=did_you_mean(str(k), KEYS) or "keys: " + ", ".join(KEYS))
    pol = ScanPolicy(source)
    if data.get("outbound") is not None:
        pol.outbound = str(data["outbound"])
    pol.context = context_from(data.get("context") or {}, lib, source)
    pol.judge = Policy(allow=_ids(data.get("allow"), "allow", source),
                       deny=_ids(data.get("deny"), "deny", source),
                       prefer=tuple(x.lower() for x in _list(data.get("prefer"), "prefer",
                                                             source)))
    lo = data.get("license_list")
    if lo is not None:
        if str(lo).lower() not in ("and", "or"):
            raise LiclogicError(f"{source}: license_list is 'and' or 'or', not {lo!r}")
        pol.license_list = str(lo).upper()
    lic = data.get("licenses") or {}
    if not isinstance(lic, dict):
        raise LiclogicError(f"{source}: licenses maps raw strings to SPDX expressions")
    pol.licenses = {str(k): str(v) for k, v in lic.items()}
    comps = data.get("components") or {}
    if not isinstance(comps, dict):
        raise LiclogicError(f"{source}: components maps component names to rules")
    for name, rule in comps.items():
        if not isinstance(rule, dict):
            raise LiclogicError(f"{source}: the rule for {name!r} is a mapping "
                                "(license: …, verdict: …, reason: …)")
        verdict = rule.get("verdict")
        if verdict is not None and str(verdict).lower() not in ("yes", "no"):
            raise LiclogicError(f"{source}: a component verdict is yes or no, not {verdict!r}")
        pol.components[str(name)] = ComponentRule(
            str(rule["license"]) if rule.get("license") else None,
            str(verdict).lower() if verdict is not None else None, str(rule.get("reason", "")))
    return pol


def context_from(data: Any, lib: Library, source: str) -> Context:
    if not isinstance(data, dict):
        raise LiclogicError(f"{source}: context is a mapping (relation: …, form: …)")
    for k in data:
        if k not in CONTEXT_KEYS:
            raise LiclogicError(f"{source}: unknown context key {k!r}",
                                hint=did_you_mean(str(k), CONTEXT_KEYS) or
                                "keys: " + ", ".join(CONTEXT_KEYS))
    facts: dict[str, Any] = {}
    for key in ("form", "purpose"):
        if data.get(key) is not None:
            facts[key] = str(data[key])
    if data.get("commercial") is not None:
        facts["commercial"] = bool(data["commercial"])
    for k, v in (data.get("licensee") or {}).items():
        path, value = parse_fact(f"{k}={_yaml_value(v)}", lib.vocab, prefix="licensee.")
        facts[path] = value
    for k, v in (data.get("set") or {}).items():
        path, value = parse_fact(f"{k}={_yaml_value(v)}", lib.vocab)
        facts[path] = value
    readings = {str(k): bool(v) for k, v in (data.get("readings") or {}).items()}
    ctx = Context(tuple(_list(data.get("act"), "act", source)) or None,
                  tuple(_list(data.get("relation"), "relation", source)) or None,
                  facts, readings)
    try:
        return ctx.validate(lib.vocab)
    except LiclogicError as exc:
        raise LiclogicError(f"{source}: {exc.message}", hint=exc.hint) from None


def _yaml_value(v: Any) -> str:
    return ("true" if v else "false") if isinstance(v, bool) else str(v)


def _list(v: Any, key: str, source: str) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):
        return [v]
    if isinstance(v, list):
        return [str(x) for x in v]
    raise LiclogicError(f"{source}: {key} is a name or a list of names")


def _ids(v: Any, key: str, source: str) -> frozenset[str]:
    return frozenset(x.lower() for x in _list(v, key, source))
