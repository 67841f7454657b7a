"""``liclogic audit``: the hub-scale model-tree audit (tables → DuckDB → per-edge verdicts)."""
