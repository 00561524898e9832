"""Rules for English phrases: which clauses may combine, and how often each may appear."""

from __future__ import annotations

from collections.abc import Iterator

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.errors import Diagnostic, problem

SUB_DAY = ("second", "minute", "hour")
_SINGLE = {
    n.Every: "'every ...'",
    n.Times: "'at ...'",
    n.Minutes: "'at :MM'",
    n.Window: "'from ... to ...'",
    n.Zone: "time zone",
    n.Starting: "'starting ...'",
    n.Until: "'until ...'",
    n.CronClause: "cron expression",
    n.Moment: "date and time",
    n.Months: "'in <months>'",
}


def is_elapsed_interval(phrase: n.Phrase) -> bool:
    """``every 90 minutes``, ``every second``: elapsed time, not wall-clock times in a zone.

    ``every minute`` and ``every hour`` follow the wall clock (tomodachi's aliases), and so does any
    interval restricted by a window, days or months.
    """
    every = phrase.find(n.Every)
    restricted = phrase.find(n.Window) or phrase.find(n.Days) or phrase.find(n.Months)
    if not every or every[0].unit not in SUB_DAY or restricted or phrase.find(n.Minutes):
        return False
    return every[0].unit == "second" or (every[0].count or 1) > 1


def check_repeats(phrase: n.Phrase) -> Iterator[Diagnostic]:
    for kind, label in _SINGLE.items():
        for extra in phrase.find(kind)[1:]:
            yield problem(f"more than one {label} in one schedule", extra, "give each once")
    for extra in phrase.find(n.Days)[2:]:
        yield problem("too many day lists", extra, "join days with 'and' in one list")


def check_cron_alone(phrase: n.Phrase) -> Iterator[Diagnostic]:
    if not phrase.find(n.CronClause):
        return
    for clause in phrase.clauses:
        if isinstance(clause, (n.Every, n.Days, n.Times, n.Minutes, n.Window, n.Months, n.Moment)):
            yield problem(
                "a cron expression already says when it fires",
                clause,
                "only a zone, 'starting', 'until' and 'except' may go with cron",
            )


def check_one_offs(phrase: n.Phrase) -> Iterator[Diagnostic]:
    dates = [
        item
        for days in phrase.find(n.Days)
        for item in days.items
        if isinstance(item, n.SpecificDate)
    ]
    one_offs = list(phrase.find(n.Moment)) + dates
    if not one_offs:
        return
    recurring = [
        c for c in phrase.clauses if isinstance(c, (n.Every, n.Window, n.Months, n.CronClause))
    ]
    recurring += [
        i for d in phrase.find(n.Days) for i in d.items if not isinstance(i, n.SpecificDate)
    ]
    if recurring:
        yield problem(
            "a date happens once; it cannot be combined with a repeating schedule",
            one_offs[0],
            "drop the date, or use 'starting DATE' / 'until DATE' to bound the schedule",
        )
    offsets = [m for m in phrase.find(n.Moment) if m.at.offset]
    if offsets and phrase.find(n.Zone):
        yield problem(
            "the date and time already has a UTC offset",
            phrase.find(n.Zone)[0],
            "drop the zone, or the offset",
        )
    if phrase.find(n.Moment) and (phrase.find(n.Times) or dates):
        yield problem("the date and time is given twice", phrase.find(n.Moment)[0])


def check_intervals(phrase: n.Phrase) -> Iterator[Diagnostic]:
    every = phrase.find(n.Every)[:1]
    for clause in every:
        if clause.count == 0:
            yield problem("an interval of 0 never advances", clause, "use a count of at least 1")
    sub_day = bool(every) and every[0].unit in SUB_DAY
    for times in phrase.find(n.Times):
        if sub_day:
            yield problem(
                f"'{every[0].text}' and 'at ...' contradict each other",
                times,
                "for a time window say 'from 09:00 to 17:00'",
            )
    for window in phrase.find(n.Window):
        if not sub_day:
            yield problem("a time window needs an interval such as 'every 15 minutes'", window)
        elif phrase.find(n.Times):
            yield problem("'at ...' and 'from ... to ...' contradict each other", window)


def check_minutes(phrase: n.Phrase) -> Iterator[Diagnostic]:
    for clause in phrase.find(n.Minutes):
        every = phrase.find(n.Every)
        if not every or every[0].unit != "hour":
            yield problem("':MM' means minutes past the hour", clause, "say 'every hour at :30'")
        elif phrase.find(n.Times):
            yield problem("'at :MM' and 'at HH:MM' contradict each other", clause)
        for minute in clause.minutes:
            if minute > 59:
                yield problem(f"minute :{minute} does not exist", clause, "minutes run :00 to :59")


def check_day_lists(phrase: n.Phrase) -> Iterator[Diagnostic]:
    lists = phrase.find(n.Days)
    for days in lists:
        if days.every is not None and not all(isinstance(i, n.Weekdays) for i in days.items):
            yield problem(
                "'every other' repeats weekdays only", days, "say 'every 2 weeks on monday'"
            )
        if days.every is not None and phrase.find(n.Every):
            yield problem("two intervals in one schedule", days)
    if (
        len(lists) == 2
        and _kind(lists[0]) == _kind(lists[1])
        or len(lists) == 2
        and None in map(_kind, lists)
    ):
        yield problem(
            "these day lists cannot both apply",
            lists[1],
            "join alternatives with 'and' in one list; two lists must be weekdays and days of the month",
        )


def _kind(days: n.Days) -> str | None:
    """'week' when all items are plain weekdays, 'month' when all are days of the month."""
    if all(isinstance(i, n.Weekdays) for i in days.items):
        return "week"
    if all(isinstance(i, (n.MonthDay, n.WorkdayOfMonth)) for i in days.items):
        return "month"
    return None


def check_months_meet(phrase: n.Phrase) -> Iterator[Diagnostic]:
    """``on december 25 in july``: a day named within months outside 'in ...' never fires."""
    months = {m for clause in phrase.find(n.Months) for m in clause.months}
    if not months:
        return
    for days in phrase.find(n.Days):
        for item in days.items:
            if isinstance(item, n.Scoped) and not months & set(item.months):
                yield problem(
                    "this day never falls in the months given with 'in ...'",
                    item,
                    "drop one of them, or make them agree",
                )


def check_bounds(phrase: n.Phrase) -> Iterator[Diagnostic]:
    starts, ends = phrase.find(n.Starting), phrase.find(n.Until)
    for bound in starts + ends:
        if bound.at.offset:
            yield problem(
                "bounds are local dates and times in the schedule's zone",
                bound,
                "drop the UTC offset; name the zone with 'in ...'",
            )
    if starts and ends and _key(ends[0].at) < _key(starts[0].at):
        yield problem("'until' is before 'starting': this schedule could never fire", ends[0])


def _key(when: n.DateTime) -> tuple:
    time = when.time or n.TimeOfDay(hour=0)
    return (when.year, when.month, when.day, time.hour, time.minute, time.second)


def check_needs_when(phrase: n.Phrase) -> Iterator[Diagnostic]:
    kinds = (n.Every, n.Days, n.Times, n.CronClause, n.Moment, n.Months, n.Window)
    if not any(isinstance(c, kinds) for c in phrase.clauses):
        yield problem(
            "this says nothing about when to fire", phrase, "add e.g. 'every day at 09:00'"
        )


RULES = (
    check_minutes,
    check_months_meet,
    check_repeats,
    check_cron_alone,
    check_one_offs,
    check_intervals,
    check_day_lists,
    check_bounds,
    check_needs_when,
)
