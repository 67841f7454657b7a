"""``liclogic cache info`` and ``liclogic cache clear``: where the on-disk cache is, what it
holds, and emptying it. Neither creates the cache; both refuse a directory the cache itself
would refuse (docs/security.md), so ``clear`` never deletes in a folder that is not the
user's own."""

from __future__ import annotations

from dataclasses import asdict

import click

from liclogic.cli.answer import emit_json
from liclogic.cli.options import EXIT_USAGE, handles_errors
from liclogic.cli.output import output_formats

# what each stored type holds, in words (JSON keeps the type names)
_KINDS = {
    "CheckResult": "answers",
    "PrintedText": "printed answers",
    "Library": "parsed spec libraries",
    "grammar-tables": "parser tables",
    "Profile": "license profiles",
    "FilesDigest": "spec-file digests",
    "tuple": "matrices",  # matrix's (ids, table)
    "list": "OSD tables",  # osd's rows for several licenses
}


def _size(n: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


@click.group()
def cache() -> None:
    """The on-disk cache of answers, parsed specs and license profiles.

    Location: $LICLOGIC_CACHE_DIR, else the platform's user cache folder
    (~/.cache/liclogic on Linux, honouring $XDG_CACHE_HOME). LICLOGIC_NO_CACHE=1 turns it
    off; LICLOGIC_CACHE_MAX_BYTES bounds its size (default 256M; the oldest entries go first).
    """


@cache.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@output_formats("text", "json", fail_on=False)
@handles_errors
def info(as_json: bool) -> int:
    """Where the cache is, whether it is in use, and what it holds."""
    from liclogic.cache import Store, cache_dir

    found = Store(cache_dir(), create=False, report=lambda _: None).info()
    if as_json:
        emit_json(asdict(found))
        return 0
    click.echo(f"cache: {found.database or found.directory or 'off'}")
    if not found.enabled:
        click.echo(f"not in use: {found.problem}")
    else:
        kinds = ", ".join(f"{_KINDS.get(k, k)} {n:,}" for k, n in sorted(found.by_type.items()))
        click.echo(f"entries: {found.entries:,}" + (f" ({kinds})" if kinds else ""))
        click.echo(f"size: {_size(found.file_bytes)} on disk, bounded at "
                   f"{_size(found.max_bytes)} (LICLOGIC_CACHE_MAX_BYTES)")
    for old in found.legacy_files:
        click.echo(f"old format, never read (liclogic cache clear removes it): {old}")
    return 0


@cache.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@handles_errors
def clear(as_json: bool) -> int:
    """Remove every entry (answers are recomputed on the next run)."""
    from liclogic.cache import Store, cache_dir

    problems: list[str] = []
    store = Store(cache_dir(), create=False, report=problems.append)
    before = store.info()
    removed = store.clear()
    refused = bool(problems)  # a directory the cache refuses: nothing in it is touched
    if as_json:
        emit_json({"database": before.database, "removed": removed,
                   "legacy_removed": before.legacy_files, "refused": problems})
    elif refused:
        click.echo(f"liclogic: error: {problems[0]}; nothing removed", err=True)
    elif before.database is None or (not before.enabled and not before.legacy_files):
        click.echo(f"nothing to clear: {before.problem}")
    else:
        click.echo(f"removed {removed:,} entries ({_size(before.file_bytes)}) from "
                   f"{before.database}")
        for old in before.legacy_files:
            click.echo(f"removed the old format's {old}")
    return EXIT_USAGE if refused else 0
