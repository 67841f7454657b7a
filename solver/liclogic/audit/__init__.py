"""Checks over real inputs, built on the queries: ``scan`` (every component of an inventory
against the project's license, judged by ``judge`` under a ``policy``), ``lineage`` (model →
base-model links) and ``workflow`` (an ML workflow's release).
"""
