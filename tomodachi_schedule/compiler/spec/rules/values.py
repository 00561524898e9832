"""Rules for single values: times of day, dates, day numbers and zone names."""

from __future__ import annotations

from collections.abc import Iterator

from tomodachi_schedule.compiler.diagnostics import abbreviation_hint, suggest_zone
from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.rules.node_walk import collectors_for
from tomodachi_schedule.compiler.spec.vocabulary import LONGEST_MONTH, MONTH_NAMES
from tomodachi_schedule.errors import Diagnostic, ScheduleError, problem
from tomodachi_schedule.runtime.engine.daymask import days_in_month
from tomodachi_schedule.runtime.engine.zones.names import resolve_zone


def value_problems(body: n.Node, zone: str | None) -> list[Diagnostic]:
    """What check_times, check_dates, check_day_items and check_zones find below ``body`` (and
    in the default ``zone``), in that order; each is given only the nodes it looks at, in the
    order of `walk` (a node of another class: none of them looks at it)."""
    times, dates, days, zones = groups = ([], [], [], [])  # type: ignore[var-annotated]
    _COLLECT[type(body)](body, groups)  # `collect(body, _GROUP, groups)`
    found = []
    for time in times:  # most specs have a time or two, all valid: asked here, not in a call
        if not (0 <= time.hour <= 23 and 0 <= time.minute <= 59 and 0 <= time.second <= 59):
            found += check_times(times)
            break
    if dates:
        found += check_dates(dates)
    if days:
        found += check_day_items(days)
    if zones or zone is not None and zone not in _RESOLVED:  # resolved before: nothing to find
        found += check_zones(zones, zone)
    return found


# node class -> its group in value_problems (the classes the checks select, none subclassed)
_GROUP: dict[type, int] = {n.TimeOfDay: 0, n.DateTime: 1, n.Zone: 3}


def check_times(nodes: list[n.Node]) -> list[Diagnostic]:
    return [
        problem(
            f"{node.text or _clock(node)} is not a time of day",
            node.span,
            "hours run 0-23, minutes and seconds 0-59",
        )
        for node in nodes
        if isinstance(node, n.TimeOfDay) and not _valid_time(node)
    ]


def _valid_time(time: n.TimeOfDay) -> bool:
    return 0 <= time.hour <= 23 and 0 <= time.minute <= 59 and 0 <= time.second <= 59


def _clock(time: n.TimeOfDay) -> str:
    return f"{time.hour:02d}:{time.minute:02d}:{time.second:02d}"


def check_dates(nodes: list[n.Node]) -> Iterator[Diagnostic]:
    for node in nodes:
        if isinstance(node, n.DateTime):
            wrong = _date_problem(node)
            if wrong:
                yield problem(wrong, node.span, "dates are YYYY-MM-DD, years 1970-2099")


def _date_problem(when: n.DateTime) -> str | None:
    if not 1970 <= when.year <= 2099:
        return f"year {when.year} is out of range 1970-2099"
    if not 1 <= when.month <= 12:
        return f"month {when.month} does not exist"
    if not 1 <= when.day <= days_in_month(when.year, when.month):
        return f"{MONTH_NAMES[when.month - 1]} {when.year} has no day {when.day}"
    if when.time is not None and not _valid_time(when.time):
        return f"{_clock(when.time)} is not a time of day"
    return None


# the kinds of node check_day_items looks at
DAY_ITEM_KINDS = frozenset({n.Years, n.Scoped, n.MonthDay, n.NthWeekday})
_GROUP.update(dict.fromkeys(DAY_ITEM_KINDS, 2))
_COLLECT = collectors_for(_GROUP)


def check_day_items(nodes: list[n.Node]) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for node in nodes:
        if isinstance(node, n.Years) and not all(1970 <= y <= 2099 for y in node.years):
            found.append(Diagnostic(message="years run 1970-2099", span=node.span))
        if isinstance(node, n.Scoped):
            found += _scoped_day_exists(node)
        elif isinstance(node, n.MonthDay) and node.day is not None and not 1 <= node.day <= 31:
            found.append(problem(f"day {node.day} is out of range 1-31", node.span))
        elif isinstance(node, n.MonthDay) and node.from_end is not None and node.from_end > 30:
            found.append(problem("a month has at most 31 days", node.span))
        elif isinstance(node, n.NthWeekday) and not 1 <= abs(node.n) <= 5:
            found.append(
                problem(
                    "a weekday occurs 1 to 5 times a month",
                    node.span,
                    "say first..fifth, or last, second to last...",
                )
            )
    return found


def _scoped_day_exists(node: n.Scoped) -> list[Diagnostic]:
    item = node.item
    if not isinstance(item, n.MonthDay) or item.day is None:
        return []
    longest = 0
    for month in node.months:
        longest = longest if longest > LONGEST_MONTH[month] else LONGEST_MONTH[month]
    if item.day <= longest:
        return []
    names = " and ".join(MONTH_NAMES[m - 1] for m in node.months)
    return [
        problem(f"{names} never has a day {item.day}", node.span, "this schedule could never fire")
    ]


def check_zones(nodes: list[n.Node], zone: str | None) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for node in nodes:
        if isinstance(node, n.Zone):
            found += _zone_problem(node.name, node)
    if zone is not None:
        found += _zone_problem(zone, None)
    return found


def _zone_problem(name: str, node: n.Zone | None) -> list[Diagnostic]:
    if name in _RESOLVED:  # a name that resolved once resolves again (resolve_zone's own cache)
        return []
    try:
        resolve_zone(name)
    except ScheduleError:
        guess = suggest_zone(name)
        hint = abbreviation_hint(name) or (
            f"did you mean {guess!r}?"
            if guess
            else "use an IANA name such as Europe/Stockholm, UTC or +05:30"
        )
        return [problem(f"unknown time zone {name!r}", node.span if node else None, hint)]
    if len(_RESOLVED) < _RESOLVED_KEPT:
        _RESOLVED.add(name)
    return []


# zone names, exactly as written, that resolved: a spec's zone is checked once per process, not
# once per spec (the same default zone for every entry of a .sched file)
_RESOLVED: set[str] = set()
_RESOLVED_KEPT = 1024
