"""Assertions for your own tests of licenses and policies: each runs a check and, when the
answer is not the expected one, fails with the explanation the CLI would print."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from pathlib import Path

from liclogic.engine import evaluate as ev
from liclogic.engine.arguments import readings_map
from liclogic.engine.context import Context
from liclogic.engine.result import CheckResult, Verdict
from liclogic.errors import LiclogicError, did_you_mean
from liclogic.lang import ast
from liclogic.lang.library import Library, build_library, spec_files
from liclogic.lang.parse import parse_file, parse_text
from liclogic.lang.paths import specs_dir
from liclogic.lang.vocabulary import Value
from liclogic.queries.compat import compat
from liclogic.queries.osd import osd
from liclogic.testing.agree import Probe
from liclogic.testing.entail import entails
from liclogic.testing.show import scenario_text

Spec = str | Path | ast.License | ast.SpecFile


@functools.cache
def bundled_files() -> tuple[ast.SpecFile, ...]:
    """Every bundled spec file (the prelude first), parsed once."""
    root = specs_dir()
    return tuple(parse_file(p, f"specs/{p.relative_to(root).as_posix()}")
                 for p in spec_files(root))


@functools.cache
def vocabulary_files() -> tuple[ast.SpecFile, ...]:
    """The bundled vocabulary (the prelude and every vocabulary block of the bundled specs)
    without the licenses: what generated licenses are typed by."""
    return tuple(ast.SpecFile(f.path, tuple(i for i in f.items if isinstance(i, ast.Vocabulary)))
                 for f in bundled_files())


def _as_file(spec: Spec, n: int) -> ast.SpecFile:
    if isinstance(spec, ast.SpecFile):
        return spec
    if isinstance(spec, ast.License):
        return ast.SpecFile(f"<license {spec.id}>", (spec,))
    if isinstance(spec, Path):
        return parse_file(spec)
    return parse_text(spec, f"<spec {n}>")


def library_with(*specs: Spec, bundled: bool = True) -> Library:
    """The bundled library (its vocabulary only, with ``bundled=False``) plus your specs: DSL
    text, paths, parsed files or license trees. A license of yours with a bundled license's
    id replaces it, as ``--spec`` does."""
    base = list(bundled_files() if bundled else vocabulary_files())
    mine = [_as_file(s, n) for n, s in enumerate(specs)]
    return build_library([*base, *mine], overriding={f.path for f in mine})


def _explained(r: CheckResult) -> str:
    lines = [r.summary]
    lines += [f"  because {b.license} {b.cite}: {b.clause}" for b in r.because[:8]]
    lines += [f"  witness {w.label}: {w.scenario}" + (f" vs {w.pair}" if w.pair else "")
              for w in r.witnesses]
    return "\n".join(lines)


def assert_compat(lib: Library, inbound: str, outbound: str, expected: str | Verdict,
                  ctx: Context | None = None) -> CheckResult:
    """compat(inbound, outbound) in the context is ``expected`` (yes, no, depends)."""
    want = _verdict(expected)
    r = compat(lib, inbound, outbound, ctx)
    if r.verdict != want:
        raise AssertionError(f"compat({inbound}, {outbound}) is {r.verdict.value}, expected "
                             f"{Verdict(expected).value}:\n{_explained(r)}")
    return r


def assert_compatible(lib: Library, inbound: str, outbound: str,
                      ctx: Context | None = None) -> CheckResult:
    """A work under ``inbound`` can be part of a work distributed under ``outbound``."""
    return assert_compat(lib, inbound, outbound, Verdict.YES, ctx)


def assert_incompatible(lib: Library, inbound: str, outbound: str,
                        ctx: Context | None = None) -> CheckResult:
    return assert_compat(lib, inbound, outbound, Verdict.NO, ctx)


def assert_osd(lib: Library, name: str, expected: str | Verdict = Verdict.YES,
               criteria: Mapping[int, str] | Iterable[int] | None = None,
               readings: Mapping[str, bool] | None = None) -> CheckResult:
    """osd(name) is ``expected`` overall; ``criteria`` pins single criteria: a mapping
    number → verdict, or numbers that must be ``yes``."""
    overall = _verdict(expected)
    r = osd(lib, name, readings_map(readings))
    got = {c["number"]: c["verdict"] for c in r.extra["criteria"]}
    want: dict[int, str] = {}
    if criteria is not None:
        want = ({_criterion(k, got): _verdict(v).value for k, v in criteria.items()}
                if isinstance(criteria, Mapping) else
                {_criterion(k, got): "yes" for k in criteria})
    wrong = {k: (got[k], v) for k, v in want.items() if got[k] != v}
    if r.verdict != overall or wrong:
        detail = "; ".join(f"criterion {k} is {g}, expected {v}" for k, (g, v) in wrong.items())
        raise AssertionError(f"osd({name}) is {r.verdict.value}, expected "
                             f"{Verdict(expected).value}. {detail}\n{_explained(r)}")
    return r


def _criterion(k: object, known: Mapping[int, str]) -> int:
    if isinstance(k, bool) or not isinstance(k, int) or k not in known:
        raise LiclogicError(f"OSD criterion {k!r} does not exist: they are numbered 1 to "
                            f"{max(known)}")
    return k


def scenario(lib: Library, outbound: str | None = None, performed: Iterable[str] = (),
             readings: Mapping[str, bool] | None = None, **fields: Value) -> ev.Scenario:
    """A scenario from keyword fields (``licensee__monthly_active_users=5`` for dotted paths),
    every other field at its default. Every name is checked against the vocabulary and every
    value against its field's type: a misspelt field is an error with the nearest names,
    never a field silently left at its default (a test that would test nothing)."""
    _library(lib)
    vocab = lib.vocab
    values: dict[str, Value] = {}
    for key, value in fields.items():
        path = key.replace("__", ".")
        if path not in vocab.fields:
            raise LiclogicError(f"scenario: unknown field {key!r} ({path})",
                                hint=did_you_mean(path, vocab.fields) or
                                "fields: " + ", ".join(vocab.fields))
        values[path] = value
    Context(facts=values, readings=readings_map(readings)).validate(vocab)
    if isinstance(performed, str):
        raise LiclogicError("scenario: performed is a list of duty names, not one string",
                            hint=f"performed=[{performed!r}]")
    for d in performed:
        if d not in vocab.duties:
            raise LiclogicError(f"scenario: unknown duty {d!r}",
                                hint=did_you_mean(str(d), vocab.duties))
    if outbound is not None:
        if not isinstance(outbound, str):
            raise LiclogicError(f"scenario: outbound is a license id, not {outbound!r}")
        outbound = lib.get(outbound).id
    s = ev.default_scenario(vocab).with_fields(values)
    done = frozenset((d, None) for d in performed)
    return ev.Scenario(s.values, outbound, done, dict(readings or {}))


def _library(lib: object) -> Library:
    if not isinstance(lib, Library):
        raise LiclogicError(f"expected a liclogic.Library, not {type(lib).__name__}",
                            hint="liclogic.testing.library_with(...) or "
                                 "liclogic.bundled_library()")
    return lib


def _verdict(expected: object) -> Verdict:
    try:
        return Verdict(str(expected))
    except ValueError:
        raise LiclogicError(f"expected verdict {expected!r} is not one of yes, no, depends, "
                            "unknown", hint=did_you_mean(str(expected),
                                                         [v.value for v in Verdict])) from None


def _scenario(s: object) -> ev.Scenario:
    if not isinstance(s, ev.Scenario):
        raise LiclogicError(f"expected a scenario (liclogic.testing.scenario(lib, ...)), not "
                            f"{type(s).__name__}")
    return s


def assert_agrees(lib: Library, name: str, s: ev.Scenario) -> None:
    """The Z3 encoding of license ``name`` says at s what the reference evaluator says."""
    lic = _library(lib).get(name)
    _scenario(s)
    diff = Probe(lib, lic).disagreements(s)
    if diff:
        text = "; ".join(f"{k}: z3 {z!r}, evaluator {e!r}" for k, (z, e) in diff.items())
        raise AssertionError(f"the encoding of {lic.id} disagrees with the evaluator at "
                             f"{scenario_text(s, lib.vocab)}: {text}")


def assert_permits(lib: Library, name: str, s: ev.Scenario, expected: bool = True) -> None:
    """License ``name`` permits s (or, with ``expected=False``, does not); both the encoding
    and the evaluator are asked."""
    if not isinstance(expected, bool):
        raise LiclogicError(f"expected is True or False, not {expected!r}")
    assert_agrees(lib, name, s)
    if ev.permitted(lib.get(name), s) != expected:
        raise AssertionError(f"{name} {'does not permit' if expected else 'permits'} "
                             f"{scenario_text(s, lib.vocab)}")


def assert_entails(lib: Library, stronger: str, weaker: str, ctx: Context | None = None) -> None:
    """``stronger`` is at least as strict as ``weaker`` (see ``liclogic.testing.entail``)."""
    e = entails(lib, stronger, weaker, ctx)
    if not e:
        where = f" at {scenario_text(e.witness, lib.vocab)}" if e.witness else \
            " (the solver gave up)"
        raise AssertionError(f"{stronger} does not entail {weaker}{where}")
