"""Entry options of the `.sched` language (``[immediately, overlap=queue, ...]``): names and values."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tomodachi_schedule.compiler.diagnostics import suggest_zone
from tomodachi_schedule.compiler.sched import nodes as sn
from tomodachi_schedule.errors import Diagnostic, ScheduleError, Span, did_you_mean, problem
from tomodachi_schedule.runtime.engine.zones.names import resolve_zone
from tomodachi_schedule.runtime.options import OVERLAP_POLICIES, parse_duration

TRUE_WORDS, FALSE_WORDS = ("true", "yes", "on"), ("false", "no", "off")

# option values by name, each with the option that gave it (first occurrence)
OptionValues = dict[str, tuple[object, sn.Option]]


class BadValue(ValueError):
    """An option value that cannot be read; carries the message and a hint."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


def _raw(value: str | sn.Text | None) -> str | None:
    return value.value if isinstance(value, sn.Text) else value


def read_flag(value: str | sn.Text | None) -> bool:
    """``immediately`` alone means true; ``immediately=false`` turns a default off."""
    raw = _raw(value)
    if raw is None or raw.lower() in TRUE_WORDS:
        return True
    if raw.lower() in FALSE_WORDS:
        return False
    raise BadValue(f"expected true or false, not {raw!r}", "write the option alone to switch it on")


def _choice(what: str, choices: tuple[str, ...]) -> Callable[[str | sn.Text | None], str]:
    def read(value: str | sn.Text | None) -> str:
        raw = _raw(value)
        if raw in choices:
            return raw
        close = did_you_mean(raw or "", choices)
        hint = f"did you mean {close!r}?" if close else f"{what} is one of " + ", ".join(choices)
        raise BadValue(f"unknown {what} policy {raw!r}" if raw else f"{what} needs a value", hint)

    read.__doc__ = f"One of the {what} policies: {', '.join(choices)}."
    return read


read_overlap = _choice("overlap", OVERLAP_POLICIES)


def read_coalesce(value: str | sn.Text | None) -> str:
    """One of the cluster runtime's coalesce policies (latest, earliest, all)."""
    # imported here: the cluster package is heavy, and only files using it need it
    from tomodachi_schedule.runtime.options import COALESCE_POLICIES

    return _choice("coalesce", COALESCE_POLICIES)(value)


def read_count(value: str | sn.Text | None) -> int:
    """A whole number of at least 1."""
    raw = _raw(value) or ""
    if raw.isdigit() and int(raw) >= 1:
        return int(raw)
    raise BadValue(f"expected a whole number of at least 1, not {raw!r}")


def read_catch_up(value: str | sn.Text | None) -> bool | int | float:
    """``catch_up`` alone (the runtime's default window), ``catch_up=false``, or a duration."""
    raw = _raw(value)
    if raw is None or raw.lower() in TRUE_WORDS + FALSE_WORDS:
        return read_flag(value)
    return read_duration(value)


def read_duration(value: str | sn.Text | None) -> int | float:
    """``30s``, ``5m``, ``1.5h``, ``500ms`` or a number of seconds (the runtime's duration syntax)."""
    raw = (_raw(value) or "").strip()
    try:
        seconds = parse_duration(raw)
    except ScheduleError:
        raise BadValue(
            f"invalid duration {raw!r}" if raw else "a duration is needed here",
            "write a duration such as 30s, 5m, 1.5h or 500ms",
        ) from None
    return int(seconds) if seconds == int(seconds) else round(seconds, 3)


def read_positive_duration(value: str | sn.Text | None) -> int | float:
    """A duration that must be longer than zero (a timeout of zero would kill every run)."""
    seconds = read_duration(value)
    if seconds <= 0:
        raise BadValue("a timeout must be longer than zero", "leave the option out for no timeout")
    return seconds


def read_zone(value: str | sn.Text | None) -> str:
    """A time zone name the runtime can resolve; a "did you mean" for near misses."""
    raw = (_raw(value) or "").strip()
    try:
        resolve_zone(raw)
    except ValueError:
        close = suggest_zone(raw)
        hint = (
            f"did you mean {close!r}?"
            if close
            else "use an IANA name such as 'Europe/Stockholm', 'UTC' or '+05:30'"
        )
        raise BadValue(f"unknown time zone {raw!r}", hint) from None
    return raw


@dataclass(frozen=True)
class OptionKind:
    """One option name: how its value is read, and whether ``defaults [...]`` may set it."""

    name: str
    read: Callable[[str | sn.Text | None], object]
    in_defaults: bool = True


OPTION_KINDS = {
    kind.name: kind
    for kind in (
        OptionKind("immediately", read_flag),
        OptionKind("overlap", read_overlap),
        OptionKind("jitter", read_duration),
        OptionKind("timeout", read_positive_duration),
        OptionKind("exclusive", read_flag),
        OptionKind("misfire_grace", read_duration),
        OptionKind("catch_up", read_catch_up),
        OptionKind("coalesce", read_coalesce),
        OptionKind("catch_up_limit", read_count),
        OptionKind("timezone", read_zone, in_defaults=False),
    )
}


def read_options(
    options: sn.Options, *, in_defaults: bool = False
) -> tuple[OptionValues, list[Diagnostic]]:
    """Values of the options by name (first occurrence), and everything wrong with them."""
    values: OptionValues = {}
    diagnostics: list[Diagnostic] = []
    for option in options.items:
        wrong = _read_one(option, values, in_defaults)
        if wrong is not None:
            diagnostics.append(wrong)
    return values, diagnostics


def _read_one(option: sn.Option, values: OptionValues, in_defaults: bool) -> Diagnostic | None:
    kind = OPTION_KINDS.get(option.name)
    if kind is None:
        return _unknown_option(option, in_defaults)
    if in_defaults and not kind.in_defaults:
        return problem(
            f"{option.name} cannot be a default",
            option.span,
            'set the service\'s zone with  timezone "Zone"  on a line of its own',
        )
    try:
        value = kind.read(option.value)
    except BadValue as bad:
        return problem(bad.message, option.value_span or option.span, bad.hint)
    if option.name in values:
        return _repeated_option(option, value, values[option.name])
    values[option.name] = (value, option)
    return None


def _unknown_option(option: sn.Option, in_defaults: bool) -> Diagnostic:
    """A "did you mean" names only an option allowed where this one stands (no ``timezone`` in
    ``defaults [...]``)."""
    names = [kind.name for kind in OPTION_KINDS.values() if kind.in_defaults or not in_defaults]
    close = did_you_mean(option.name, names, cutoff=0.75)
    return problem(
        f"unknown option {option.name!r}",
        Span(start=option.span.start, end=option.span.start + len(option.name)),
        f"did you mean {close!r}?" if close else "options: " + ", ".join(names),
    )


def _repeated_option(
    option: sn.Option, value: object, first: tuple[object, sn.Option]
) -> Diagnostic:
    if value == first[0]:
        return problem(f"option {option.name!r} is given twice", option.span, "remove one")
    return problem(
        f"conflicting options: {_written(option)} and {_written(first[1])}",
        option.span,
        "keep one of them",
    )


def _written(option: sn.Option) -> str:
    raw = _raw(option.value)
    return option.name if raw is None else f"{option.name}={raw}"
