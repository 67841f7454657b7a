"""The language: spec text → checked, resolved license models.

``parse`` (Lark, grammar/license.lark; ``comments``, ``parse_errors``) → ``ast`` (frozen
dataclasses with spans; ``clause_kinds`` declares each clause kind once) → ``vocabulary`` and
``check`` (the type checker) → ``library`` (licenses by id and alias, ``based_on`` resolved);
``format`` writes a tree back as canonical text; ``expression`` reads SPDX expressions against
a library; ``paths`` says where the bundled grammar and specs live.
"""
