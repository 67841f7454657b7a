"""A query's context: which scenarios it ranges over, and the readings in force."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from liclogic.errors import LiclogicError, did_you_mean
from liclogic.lang.vocabulary import ACT, PURPOSE, RELATION, Value, Vocabulary
from liclogic.limits import MAX_ENUMERATED_READINGS, MAX_INT, MAX_INT_DIGITS

if TYPE_CHECKING:  # the solver is imported only where constraints are built
    import z3

    from liclogic.engine.encoding import Encoding, ScenarioVars

# compat's default: the inbound work is combined into a larger work that is distributed.
COMPAT_ACTS = ("distribute",)
COMPAT_RELATIONS = ("static_link", "modified")


@dataclass(frozen=True)
class Context:
    acts: tuple[str, ...] | None = None  # None: the check's default
    relations: tuple[str, ...] | None = None
    facts: Mapping[str, Value] = field(default_factory=dict)  # field path → fixed value
    readings: Mapping[str, bool] = field(default_factory=dict)  # readings fixed by the user
    assumed: tuple[str, ...] = ()  # facts the check assumed, not the user (compat's purpose)

    def __post_init__(self) -> None:
        # the shapes (a lone string is not a list of acts); names and values: ``validate``
        for name in ("acts", "relations"):
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, str) or not isinstance(value, tuple | list) or \
                    not all(isinstance(v, str) for v in value):
                raise LiclogicError(f"Context {name} is a tuple of names or None, not "
                                    f"{value!r}", hint=f'e.g. {name}=("distribute",)')
            object.__setattr__(self, name, tuple(value))
        if not isinstance(self.facts, Mapping) or not all(
                isinstance(k, str) and isinstance(v, int | str) for k, v in self.facts.items()):
            raise LiclogicError("Context facts map field paths to values (int, bool, str)",
                                hint='e.g. facts={"licensee.monthly_active_users": 5}')
        if not isinstance(self.readings, Mapping) or not all(
                isinstance(k, str) and isinstance(v, bool) for k, v in self.readings.items()):
            raise LiclogicError("Context readings map reading names to True/False",
                                hint='e.g. readings={"strict-osd": True}')
        if not isinstance(self.assumed, tuple | list) or \
                not all(isinstance(a, str) for a in self.assumed):
            raise LiclogicError("Context assumed is a tuple of field paths")
        object.__setattr__(self, "assumed", tuple(self.assumed))

    def validate(self, vocab: Vocabulary) -> Context:
        for a in self.acts or ():
            _check_value(vocab, ACT, a)
        for r in self.relations or ():
            _check_value(vocab, RELATION, r)
        for path, value in self.facts.items():
            if path not in vocab.fields:
                raise LiclogicError(f"unknown scenario field {path!r}",
                                    hint=did_you_mean(path, vocab.fields))
            _check_value(vocab, path, value)
        for r in self.readings:
            if r not in vocab.readings:
                raise LiclogicError(f"unknown reading {r!r}",
                                    hint=did_you_mean(r, vocab.readings) or
                                    "readings: " + ", ".join(vocab.readings))
        return self

    def constraints(self, sv: ScenarioVars, acts: tuple[str, ...],
                    relations: tuple[str, ...]) -> list[z3.BoolRef]:
        out = [sv.among(ACT, self.acts or acts), sv.among(RELATION, self.relations or relations)]
        for path, value in self.facts.items():
            out.append(sv.is_(path, value) if sv.enc.vocab.fields[path].kind == "enum"
                       else sv[path] == value)
        return out

    def key(self) -> tuple[Any, ...]:
        """A hashable, canonical form (for caches)."""
        return (self.acts, self.relations, tuple(sorted(self.facts.items())),
                tuple(sorted(self.readings.items())))

    def describe(self, acts: tuple[str, ...], relations: tuple[str, ...]) -> dict[str, Any]:
        d: dict[str, Any] = {"act": list(self.acts or acts),
                             "relation": list(self.relations or relations)}
        d.update(self.facts)
        if self.readings:
            d["readings"] = dict(self.readings)
        if self.assumed:
            d["assumed"] = list(self.assumed)
        return d


def compat_context(ctx: Context | None, vocab: Vocabulary) -> Context:
    """compat's context, checked: a purpose the question leaves open is the vocabulary's
    default (no restricted purpose). The question is whether the work may go out under the
    outbound license; use restrictions then bind what is done with it (the licensee's own
    use, and recipients' through a pass-through) and a yes lists them as duties. With
    ``--purpose`` given, the answer is for that purpose. The downstream scenarios (what
    recipients may do under the outbound license) still range over every purpose."""
    ctx = (ctx or Context()).validate(vocab)
    if PURPOSE not in vocab.fields or PURPOSE in ctx.facts:
        return ctx
    return Context(ctx.acts, ctx.relations, {**ctx.facts, PURPOSE: vocab.fields[PURPOSE].default},
                   ctx.readings, (*ctx.assumed, PURPOSE))


def _check_value(vocab: Vocabulary, path: str, value: Value) -> None:
    ft = vocab.fields[path]
    if ft.kind == "enum" and value not in ft.values:
        raise LiclogicError(f"{value!r} is not a value of {path}",
                            hint=did_you_mean(str(value), ft.values) or
                            "one of: " + ", ".join(ft.values))
    if ft.kind == "int" and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
        raise LiclogicError(f"{path} takes a whole number ≥ 0, not {_short(value)}")
    if ft.kind == "int" and isinstance(value, int) and value > MAX_INT:
        raise LiclogicError(f"{path} takes a whole number up to {MAX_INT:_}, not "
                            f"{_short(value)}")
    if ft.kind == "bool" and not isinstance(value, bool):
        raise LiclogicError(f"{path} takes true or false, not {value!r}")


def _short(value: object) -> str:
    if isinstance(value, int) and value.bit_length() > 200:  # str() refuses the largest
        return f"an integer of about {value.bit_length() * 3 // 10} digits"
    text = repr(value) if not isinstance(value, int) else str(value)
    return text if len(text) <= 40 else f"{text[:20]}… ({len(text)} characters)"


def parse_fact(text: str, vocab: Vocabulary, prefix: str = "") -> tuple[str, Value]:
    """``monthly_active_users=800_000_000`` (with prefix ``licensee.``) → (path, typed value)."""
    if "=" not in text:
        raise LiclogicError(f"expected FIELD=VALUE, got {text!r}",
                            hint="e.g. --licensee monthly_active_users=800000000")
    key, raw = (part.strip() for part in text.split("=", 1))
    path = key if key in vocab.fields else prefix + key
    if path not in vocab.fields:
        names = [p.removeprefix(prefix) for p in vocab.fields if p.startswith(prefix)] if prefix \
            else list(vocab.fields)
        raise LiclogicError(f"unknown field {key!r}", hint=did_you_mean(key, names) or
                            "fields: " + ", ".join(names))
    ft = vocab.fields[path]
    value: Value
    if ft.kind == "int":
        digits = raw.replace("_", "").replace(",", "")
        if len(digits.lstrip("+0")) > MAX_INT_DIGITS:  # before int(): it is slow on those
            raise LiclogicError(f"{path} takes a whole number up to {MAX_INT:_}, not "
                                f"{_short(raw)}")
        try:
            value = int(digits)
        except ValueError:
            raise LiclogicError(f"{path} takes a whole number, not {_short(raw)}") from None
    elif ft.kind == "bool":
        if raw.lower() not in ("true", "false", "yes", "no", "1", "0"):
            raise LiclogicError(f"{path} takes true or false, not {raw!r}")
        value = raw.lower() in ("true", "yes", "1")
    else:
        value = raw
    _check_value(vocab, path, value)
    return path, value


# ------------------------------------------------------------------ readings


def assignments(relevant: Iterable[str], fixed: Mapping[str, bool]) -> list[dict[str, bool]]:
    """Every combination of the relevant readings the user left open (fixed ones held): for
    the loops that ask the reference evaluator, at most ``MAX_ENUMERATED_READINGS`` open
    (``TooManyReadings`` past it: the solver's questions never list them, see
    ``engine.readings``)."""
    free = sorted(r for r in set(relevant) if r not in fixed)
    if len(free) > MAX_ENUMERATED_READINGS:
        raise TooManyReadings(free)
    out = []
    for bits in itertools.product((False, True), repeat=len(free)):
        a = {r: v for r, v in fixed.items()}
        a.update(zip(free, bits, strict=True))
        out.append(a)
    return out


class TooManyReadings(LiclogicError):
    def __init__(self, free: list[str]) -> None:
        shown = ", ".join(free[:6]) + (", …" if len(free) > 6 else "")
        super().__init__(f"{len(free)} readings are open ({shown}): more than the "
                         f"{MAX_ENUMERATED_READINGS} this check goes through one by one",
                         hint="fix some with --reading NAME / --no-reading NAME")
        self.free = free


def pin_readings(enc: Encoding, assignment: Mapping[str, bool],
                 free: Iterable[str] = ()) -> list[z3.BoolRef]:
    """Fix the readings of the assignment; readings named in ``free`` stay open (the solver
    ranges over both values); all others are irrelevant to the query and held off so that
    witnesses are deterministic."""
    open_ = frozenset(free)
    key = (tuple(sorted(assignment.items())), open_)
    hit = enc.pins.get(key)
    if hit is None:  # the same few per library: z3's == costs more than a check's setup
        hit = enc.pins[key] = [var == bool(assignment.get(r, False))
                               for r, var in enc.readings.items() if r not in open_]
    return list(hit)
