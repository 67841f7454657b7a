"""What ``liclogic workflow`` answers (``liclogic.audit.workflow`` decides it): the findings
(violations, conditional ones, pending inputs), the duties and carried terms with the clauses
that impose them, the licenses the release may carry, and the readings; ``to_json`` is the
--json schema (docs/json.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from liclogic.engine.result import Because, Verdict
from liclogic.inputs.workflow import Use, Workflow


@dataclass
class Finding:
    kind: str  # violation / conditional / pending
    text: str
    work: str | None = None
    license: str | None = None
    because: list[Because] = field(default_factory=list)
    when: dict[str, bool] = field(default_factory=dict)  # readings under which it fails

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"text": self.text, "work": self.work, "license": self.license,
                             "because": [b.to_json() for b in self.because]}
        if self.when:
            d["when"] = self.when
        return d


@dataclass
class Duty:
    duty: str  # machine name: display("Built with Llama"), carry use_restrictions
    who: list[str]  # "work (license)"
    because: list[Because]
    when: dict[str, bool] = field(default_factory=dict)
    text: str = ""  # the duty in plain words


@dataclass
class WorkflowResult:
    workflow: Workflow
    verdict: Verdict
    summary: str
    uses: list[Use]
    violations: list[Finding]
    conditional: list[Finding]
    pending: list[str]
    duties: list[Duty]
    possible: list[str] | None  # licenses the release may carry (None: not asked)
    possible_depends: list[str]
    readings: dict[str, dict[str, Any]]
    notes: list[str]
    labels: dict[str, str] = field(default_factory=dict)  # relation → its label, for people
    names: dict[str, str] = field(default_factory=dict)  # license id → how people read it

    def to_json(self) -> dict[str, Any]:
        wf, rel = self.workflow, self.workflow.release
        return {
            "check": "workflow", "workflow": wf.name, "source": wf.source,
            "verdict": self.verdict.value, "summary": self.summary,
            "release": {"work": rel.work, "as": rel.kind, "act": rel.act, "form": rel.form,
                        "commercial": rel.commercial, "license": rel.license},
            "inputs": [{"work": u.work.name, "id": u.work.id, "license": u.license,
                        "relation": u.relation, "part": u.part, "path": u.path,
                        "relation_text": self.labels.get(u.relation, u.relation),
                        "steps": u.steps} for u in self.uses],
            "violations": [f.to_json() for f in self.violations],
            "conditional": [f.to_json() for f in self.conditional],
            "pending": self.pending,
            "duties": [{"duty": d.duty, "text": d.text, "because": d.who, "when": d.when,
                        "cites": [b.to_json() for b in d.because]} for d in self.duties],
            "licenses": {"chosen": rel.license, "possible": self.possible,
                         "depends": self.possible_depends},
            "readings": self.readings, "notes": self.notes, "names": self.names,
        }
