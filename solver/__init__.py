"""liclogic: a formal license logic. License specs in a small DSL are parsed (Lark), checked,
compiled to Z3 and queried for compatibility, combinability and Open Source Definition
conformance, with an explanation for every verdict.

Pipeline, one module per stage: parse → ast → check → compile → queries → explain → report.
"""

__version__ = "0.1.0"
