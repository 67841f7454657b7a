"""What every ``scan --annotate`` writer shares: the scan's entries by component, the
one-line reason, the format suffixes and the (atomic, optionally gzip) write of OUT."""

from __future__ import annotations

from pathlib import Path

from liclogic.audit.scan import Entry, ScanResult


def reason(e: Entry, outbound: str) -> str:
    """The verdict's reason in one line (the reasons scan lists, or the pair it answered)."""
    if e.reasons:
        return " | ".join(e.reasons)
    return f"compat({e.chosen or e.expression}, {outbound}): {e.verdict.value}"


def by_component(result: ScanResult) -> dict[tuple[str, str | None, str | None], list[Entry]]:
    by: dict[tuple[str, str | None, str | None], list[Entry]] = {}
    for e in result.entries:
        c = e.component
        by.setdefault((c.name, c.version, c.ref), []).append(e)
    return by


def write_annotated(out: Path, text: str) -> None:
    """OUT ending ``.gz`` is written gzip-compressed (as ``scan`` reads it), else as text."""
    import gzip

    from liclogic.lang.rewrite import write_output

    if out.suffix.lower() == ".gz":
        write_output(out, gzip.compress(text.encode("utf-8"), mtime=0))
    else:
        write_output(out, text)


def format_suffixes(path: Path) -> list[str]:
    """The suffixes that name a document's format, a compression suffix aside."""
    return [x.lower() for x in path.suffixes if x.lower() != ".gz"][-2:]


__all__ = ["by_component", "format_suffixes", "reason", "write_annotated"]
