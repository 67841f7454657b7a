"""Real inputs, read into data the audits judge: ``read`` picks the reader for a file —
``sbom`` (CycloneDX, SPDX, license CSV), ``pyenv`` (Python environments and projects),
``modelcard`` (Hugging Face model cards), ``models`` (model trees for lineage), ``workflow``
(ML workflow YAML) — into an ``inventory``; ``normalize`` reads messy license strings as SPDX
expressions, ``resolve`` turns them into alternatives over the library's licenses.
"""
