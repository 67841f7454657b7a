"""What the commands share: options, the context they build, exit codes and error handling.

Exit codes: 0 yes · 1 no · 2 usage or input error · 3 depends · 4 unknown · 5 unsupported
(a valid SPDX id the library has no spec for) · 70 an internal
error (a bug in liclogic, never the input: a witness that does not replay, say).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from liclogic.cli.answer import emit_json
from liclogic.errors import InternalError, LiclogicError, UnknownLicenseError
from liclogic.limits import DEFAULT_TIMEOUT_MS, SOLVER_CALL_MS, Deadline, DeadlineExceeded

if TYPE_CHECKING:  # annotations only: options are read before anything heavy is loaded
    from liclogic.engine.context import Context
    from liclogic.engine.settings import SolverSettings
    from liclogic.lang.library import Library

EXIT_USAGE = 2
EXIT_UNKNOWN = 4
EXIT_UNSUPPORTED = 5  # a valid SPDX id the library has no spec for
EXIT_INTERNAL = 70

Command = Callable[..., Any]


def handles_errors(fn: Command) -> Command:
    """Turn user errors into a clear message and exit 2, never a traceback; an internal error
    says so and exits 70."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        as_json = kwargs.get("as_json", False)
        if "timeout_ms" in kwargs:  # the command's deadline starts now, not at its first query
            deadline(kwargs["timeout_ms"])
        try:
            code = fn(*args, **kwargs)
        except (LiclogicError, DeadlineExceeded) as exc:
            exit_code, doc = error_answer(exc, kwargs.get("timeout_ms"))
            if as_json:
                emit_json(doc)
            elif isinstance(exc, LiclogicError) and exit_code == EXIT_USAGE:
                click.echo(exc.render(), err=True)
            else:
                hint = f"\nhint: {doc['hint']}" if doc.get("hint") else ""
                click.echo(f"{doc['summary']}{hint}", err=True)
            sys.exit(exit_code)
        except InternalError as exc:
            click.echo(f"internal error: {exc}", err=True)
            sys.exit(EXIT_INTERNAL)
        sys.exit(code or 0)

    return wrapper


def error_answer(exc: LiclogicError | DeadlineExceeded, timeout_ms: int | None = None
                 ) -> tuple[int, dict[str, Any]]:
    """The exit code and the ``--json`` document of an error a command ends with: a usage or
    input error (2), a real SPDX id the library has no spec for (5, ``unsupported``), the
    time limit (4, ``unknown``). ``liclogic serve`` answers with the same documents."""
    if isinstance(exc, DeadlineExceeded):
        what = f" while {exc.what}" if exc.what else ""
        limit = f" ({timeout_ms:,} ms)" if timeout_ms is not None else ""
        return EXIT_UNKNOWN, {"verdict": "unknown",
                              "summary": f"unknown: the time limit{limit} ran out{what}"}
    if isinstance(exc, UnknownLicenseError):
        from liclogic.inputs.normalize import is_known_id

        if is_known_id(exc.license_id):
            # a real SPDX id without a spec: its own verdict, not a did-you-mean
            return EXIT_UNSUPPORTED, {
                "verdict": "unsupported", "license": exc.license_id,
                "summary": f"unsupported: {exc.license_id} is an SPDX license id, but the "
                           "library has no spec for it",
                "hint": "write one and pass it with --spec (docs/writing-specs.md)"}
    return EXIT_USAGE, exc.to_json()


def library_option(fn: Command) -> Command:
    return click.option(
        "--spec", "specs", multiple=True, type=click.Path(path_type=Path),
        help="An extra spec file or folder (yours): its licenses join the library, replacing "
             "any bundled license with the same id. Repeatable.")(fn)


def output_options(fn: Command) -> Command:
    fn = click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")(fn)
    return timeout_option(fn)


def timeout_option(fn: Command) -> Command:
    fn = click.option("--timeout", "timeout_ms", type=click.IntRange(min=1, max=86_400_000),
                      default=DEFAULT_TIMEOUT_MS, show_default=True, metavar="MS",
                      help="Time limit for the whole command (each solver call at most "
                           f"{SOLVER_CALL_MS:,} ms of it); past it the answer is 'unknown' "
                           "(exit 4), naming what was not decided.")(fn)
    return fn


class ListedOption(click.Option):
    """An option whose help lists the values the bundled vocabulary allows (read when help is
    shown, so a command's start-up loads nothing; a --spec may add values of its own)."""

    def __init__(self, *args: Any, listing: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.listing = listing

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        if record is None:
            return None
        from liclogic.lang.library import bundled_library

        vocab = bundled_library().vocab
        values = (tuple(vocab.readings) if self.listing == "readings"
                  else vocab.enums.get(self.listing, ()))
        return record[0], f"{record[1]} One of: {', '.join(values)}."
def detail_options(fn: Command) -> Command:
    """``--verbose`` / ``--dsl``: the human output adds the DSL of every clause, machine names
    and spec locations (the command receives ``verbose``). JSON always has them."""
    fn = click.option("--verbose", "-v", "verbose", is_flag=True,
                      help="Add the DSL of each clause, the scenarios' machine names and "
                           "the spec file:line.")(fn)
    return click.option("--dsl", "verbose", is_flag=True, help="The same as --verbose.")(fn)


def reading_options(fn: Command) -> Command:
    fn = click.option("--reading", "on", multiple=True, metavar="NAME", cls=ListedOption,
                      listing="readings",
                      help="Assume this reading holds. Repeatable.")(fn)
    fn = click.option("--no-reading", "off", multiple=True, metavar="NAME", cls=ListedOption,
                      listing="readings",
                      help="Assume this reading does not hold. Repeatable.")(fn)
    return fn


@dataclass(frozen=True)
class ContextArgs:
    """The context options as given on the command line (``context_options``)."""

    relation: tuple[str, ...] = ()
    act: tuple[str, ...] = ()
    purpose: str | None = None
    commercial: bool | None = None
    form: str | None = None
    licensee: tuple[str, ...] = ()
    settings: tuple[str, ...] = ()
    on: tuple[str, ...] = ()
    off: tuple[str, ...] = ()

    def key(self) -> tuple[Any, ...]:
        """The options as part of a cached question."""
        return astuple(self)

    def build(self, lib: Library) -> Context:
        """The query context, checked against the library's vocabulary."""
        from liclogic.engine.context import Context, parse_fact

        facts: dict[str, Any] = {}
        if self.purpose:
            facts["purpose"] = self.purpose
        if self.commercial is not None:
            facts["commercial"] = self.commercial
        if self.form:
            facts["form"] = self.form
        for item in self.licensee:
            k, v = parse_fact(item, lib.vocab, prefix="licensee.")
            facts[k] = v
        for item in self.settings:
            k, v = parse_fact(item, lib.vocab)
            facts[k] = v
        ctx = Context(self.act or None, self.relation or None, facts,
                      readings(lib, self.on, self.off))
        return ctx.validate(lib.vocab)


_CONTEXT_FIELDS = tuple(ContextArgs.__dataclass_fields__)


def context_options(fn: Command | None = None, *,
                    relations: str = "static_link and modified") -> Any:
    """The options that narrow a query's scenarios; the command receives them as one
    ``context: ContextArgs``. ``relations`` is the command's default, as its help says it
    (``@context_options(relations="static_link")``)."""
    if fn is None:
        return functools.partial(context_options, relations=relations)

    @functools.wraps(fn)
    def gathered(*args: Any, **kwargs: Any) -> Any:
        given = {k: kwargs.pop(k) for k in _CONTEXT_FIELDS}
        return fn(*args, context=ContextArgs(**given), **kwargs)

    opts = [
        click.option("--relation", multiple=True, metavar="REL", cls=ListedOption,
                     listing="Relation",
                     help=f"How the inbound work is combined (default: {relations}). "
                          "Repeatable."),
        click.option("--act", multiple=True, metavar="ACT", cls=ListedOption, listing="Act",
                     help="What is done with the combined work (default: distribute). "
                          "Repeatable."),
        click.option("--purpose", metavar="PURPOSE", cls=ListedOption, listing="Purpose",
                     help="Field of endeavor of the use (default: any)."),
        click.option("--commercial/--non-commercial", default=None,
                     help="Whether the use is commercial (default: either)."),
        click.option("--form", metavar="FORM", cls=ListedOption, listing="Form",
                     help="The form the work is handled in (default: any)."),
        click.option("--licensee", multiple=True, metavar="KEY=VALUE",
                     help="A fact about the licensee, e.g. monthly_active_users=800000000."),
        click.option("--set", "settings", multiple=True, metavar="FIELD=VALUE",
                     help="Fix any scenario field, e.g. product=true."),
    ]
    out: Command = gathered
    for opt in reversed(opts):
        out = opt(out)
    return reading_options(out)


def readings(lib: Library, on: tuple[str, ...], off: tuple[str, ...]) -> dict[str, bool]:
    """--reading / --no-reading as an assignment, checked against the vocabulary."""
    clash = set(on) & set(off)
    if clash:
        raise LiclogicError(f"reading {sorted(clash)[0]} is both assumed and denied")
    fixed = {**{r: True for r in on}, **{r: False for r in off}}
    from liclogic.engine.context import Context

    Context(readings=fixed).validate(lib.vocab)
    return fixed


def license_kind(lib: Library, kind: str | None) -> str | None:
    """``--kind``, checked against the library's kinds of license."""
    kinds = lib.vocab.license_kinds
    if kind is not None and kind not in kinds:
        raise LiclogicError(f"unknown license kind {kind!r}", hint=f"one of: {', '.join(kinds)}")
    return kind


def kind_option(fn: Command) -> Command:
    return click.option("--kind", metavar="KIND", cls=ListedOption, listing="LicenseKind",
                        help="Only licenses of this kind.")(fn)


def deadline(timeout_ms: int) -> Deadline:
    """The command's deadline, made once (when the command starts) and kept in click's
    context for the command's queries."""
    ctx = click.get_current_context(silent=True)
    meta = ctx.meta if ctx is not None else {}
    found = meta.get("liclogic.deadline")
    if not isinstance(found, Deadline) or found.seconds * 1000 != timeout_ms:
        found = meta["liclogic.deadline"] = Deadline(timeout_ms / 1000)
    return found


def solver_settings(timeout_ms: int) -> SolverSettings:
    """Settings for the command's queries: the deadline of ``--timeout``, each solver call at
    most ``SOLVER_CALL_MS`` (or the whole timeout, when it is shorter)."""
    from liclogic.engine.settings import SolverSettings

    return SolverSettings(timeout_ms=min(timeout_ms, SOLVER_CALL_MS),
                          deadline=deadline(timeout_ms))


def merge_context(base: Context, over: Context) -> Context:
    """The policy's context with the command line's options on top."""
    from liclogic.engine.context import Context

    return Context(over.acts or base.acts, over.relations or base.relations,
                   {**base.facts, **over.facts}, {**base.readings, **over.readings})
