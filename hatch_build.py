"""The wheel's build hook: the bundled library, parsed and checked once at build time and
shipped as inert JSON (liclogic/_data/library.json, see solver/liclogic/lang/prebuilt.py),
so that a run with nothing cached reads it instead of parsing every spec. An editable
install gets none: a checkout's specs and code change, and it would only go stale."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class PrebuiltLibrary(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        os.environ["LICLOGIC_NO_CACHE"] = "1"  # the build reads the specs, never a cache
        sys.path.insert(0, str(Path(self.root) / "solver"))
        from liclogic.lang.library_store import write_prebuilt

        out = Path(tempfile.mkdtemp(prefix="liclogic-build-")) / "library.json"
        write_prebuilt(out)
        build_data["force_include"][str(out)] = "liclogic/_data/library.json"
