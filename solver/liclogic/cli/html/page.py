"""The page every HTML report shares: one Jinja2 environment (autoescape on for every
template, undefined names an error), the inline style sheet and script, and the
Content-Security-Policy that keeps a report from fetching anything or running any script
but its own."""

from __future__ import annotations

import base64
import functools
import hashlib
from importlib import resources
from typing import Any

import jinja2

# the colour of each verdict (and its mark, for print and for colour-blind readers)
COLOURS = {"yes": "#a5d6a7", "no": "#ef9a9a", "depends": "#ffe082", "unknown": "#cfd8dc",
           "unsupported": "#d1c4e9", "none": "#eeeeee"}
MARKS = {"yes": "✓", "no": "✗", "depends": "~", "unknown": "?", "unsupported": "–",
         "none": "·"}


def _asset(name: str) -> str:
    return (resources.files("liclogic.cli.html") / "templates" / name).read_text("utf-8")


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("liclogic.cli.html", "templates"),
        autoescape=True, trim_blocks=True,
        lstrip_blocks=True, keep_trailing_newline=True)
    env.globals.update(colours=COLOURS, marks=MARKS, style=_asset("report.css"),
                       script=_asset("report.js"))
    env.filters["verdict"] = lambda v: v if v in COLOURS else "none"
    env.filters["words"] = lambda s: str(s).replace("_", " ")
    return env


@functools.cache
def content_policy() -> str:
    """No request of any kind (no network, no CDN, no image); inline style; only the
    report's own script, by its SHA-256 (an injected ``<script>`` would not run)."""
    digest = base64.b64encode(hashlib.sha256(_asset("report.js").encode()).digest()).decode()
    return (f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; "
            "img-src data:; form-action 'none'; base-uri 'none'")


def render(template: str, **values: Any) -> str:
    """A report: ``template`` rendered with ``values``, the tool's versions and the policy."""
    from liclogic.cli.formats import versions

    page = environment().get_template(template)
    return page.render(tool=versions(), policy=content_policy(), **values)
