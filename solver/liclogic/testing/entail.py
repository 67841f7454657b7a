"""Entailment between licenses (B is at least as strict as A): the query lives in
``liclogic.queries.entail`` (``review`` ranks the library by it); re-exported here for tests."""

from __future__ import annotations

from liclogic.queries.entail import Entailment, entails, violated, violation_formula

__all__ = ["Entailment", "entails", "violated", "violation_formula"]
