"""Rules for English phrases: which clauses may combine, and how often each may appear."""

from __future__ import annotations

from collections.abc import Iterator

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.rules.bounds import check_bounds
from tomodachi_schedule.errors import Diagnostic, problem

SUB_DAY = ("second", "minute", "hour")
_SINGLE = {
    n.Every: "'every ...'",
    n.Times: "'at ...'",
    n.Minutes: "'at :MM'",
    n.Zone: "time zone",
    n.Starting: "'starting ...'",
    n.Counted: "'counted from ...'",
    n.Until: "'until ...'",
    n.CronClause: "cron expression",
    n.Moment: "date and time",
    n.Months: "'in <months>'",
    n.Years: "'in <years>'",
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
    kinds = [type(clause) for clause in phrase.clauses]
    if len(set(kinds)) == len(kinds):
        return  # no kind of clause twice: nothing repeats
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
    dates = []
    for days in phrase.find(n.Days):  # a loop, not a comprehension: most lists have no date
        for item in days.items:
            if isinstance(item, n.SpecificDate):
                dates.append(item)
    moments = phrase.find(n.Moment)
    if not moments and not dates:
        return
    one_offs = list(moments) + dates
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
            _bound_hint(one_offs[0]),
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


def _bound_hint(one_off: n.SpecificDate | n.Moment) -> str:
    at = one_off.date if isinstance(one_off, n.SpecificDate) else one_off.at
    date = f"{at.year:04d}-{at.month:02d}-{at.day:02d}"
    return f"drop the date, or bound the schedule: say 'starting {date}' or 'until {date}'"


def check_intervals(phrase: n.Phrase) -> Iterator[Diagnostic]:
    every = phrase.find(n.Every)
    if every and every[0].count == 0:
        yield problem("an interval of 0 never advances", every[0], "use a count of at least 1")
    sub_day = bool(every) and every[0].unit in SUB_DAY
    for times in phrase.find(n.Times) if sub_day else ():
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
    if all(isinstance(i, (n.MonthDay, n.WorkdayOfMonth, n.NearestWeekday)) for i in days.items):
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


def check_needs_when(phrase: n.Phrase) -> Iterator[Diagnostic]:
    if not any(map(phrase.find, WHEN_KINDS)):
        yield problem(
            "this says nothing about when to fire", phrase, "add e.g. 'every day at 09:00'"
        )


WHEN_KINDS = (n.Every, n.Days, n.Times, n.CronClause, n.Moment, n.Months, n.Window)


def _error(node: n.Node, message: str, hint: str | None = None) -> Diagnostic:
    return problem(message, node, hint)


def _seconds(time: n.TimeOfDay) -> int:
    return time.hour * 3600 + time.minute * 60 + time.second


def check_windows(phrase: n.Phrase) -> Iterator[Diagnostic]:
    """``from 9 to 5``: which 9 and which 5? An overnight window belongs to the day it starts."""
    for window in phrase.find(n.Window):
        if _seconds(window.end) >= _seconds(window.start):
            continue
        start, end = window.start, window.end
        if start.text.isdigit() and end.text.isdigit():
            yield _error(
                window,
                f"'from {start.text} to {end.text}' can be read two ways",
                f"say 'from {start.hour:02d}:00 to {end.hour + 12:02d}:00' (the same day) or "
                f"'from {start.hour:02d}:00 to {end.hour:02d}:00' (overnight), or use am/pm",
            )
        elif _overnight_days_unclear(phrase):
            yield _error(
                window,
                "this window runs past midnight, into days these day words do not name",
                "an overnight window works with weekdays ('on fridays'); otherwise write two "
                "windows: 'from 22:00 to 23:59' and, on the next days, 'from 00:00 to 02:00'",
            )


def _overnight_days_unclear(phrase: n.Phrase) -> bool:
    """The day after each listed day must be a listed kind of day: plain weekdays, no period."""
    if phrase.find(n.Months) or phrase.find(n.Except):
        return True
    return any(
        days.every is not None or not all(isinstance(i, n.Weekdays) for i in days.items)
        for days in phrase.find(n.Days)
    )


RULES = (
    check_windows,
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
# rule -> the clause kinds it looks at: a phrase with none of them gets nothing from it, so it is
# not asked (test_spec_shortcuts runs each rule on corpus phrases stripped of its kinds)
NEEDS: dict = {
    check_windows: (n.Window,),
    check_minutes: (n.Minutes,),
    check_months_meet: (n.Months,),
    check_cron_alone: (n.CronClause,),
    check_one_offs: (n.Moment, n.Days),
    check_intervals: (n.Every, n.Window),
    check_day_lists: (n.Days,),
    check_bounds: (n.Starting, n.Until, n.Counted),
}


def check_union(union: n.Union) -> Iterator[Diagnostic]:
    """``every monday at 9am and every friday at 5pm``: each part complete, read one way only."""
    zones = {zone.name for part in union.parts for zone in part.find(n.Zone)}
    if len(zones) > 1:
        yield _error(union, "the parts of this schedule name different zones", "name one zone")
    for part in union.parts:
        if part.find(n.CronClause) or part.find(n.Moment):
            yield _error(part, "a part joined with 'and every' must be a repeating English phrase")
    timed = [bool(_says_time(part)) for part in union.parts]
    for index, part in enumerate(union.parts[:-1]):
        if not timed[index] and any(timed[index + 1 :]):
            yield _error(
                part,
                "this part says no time, and a later one does: does that time apply to both?",
                "say the time in each part ('every monday at 9 and every friday at 9'), or list "
                "the days in one part ('every monday and friday at 9')",
            )
    yield from _trailing_limits(union)


def _says_time(part: n.Phrase) -> bool:
    every = part.find(n.Every)
    return bool(part.find(n.Times) or part.find(n.Minutes) or every and every[0].unit in SUB_DAY)


def _trailing_limits(union: n.Union) -> Iterator[Diagnostic]:
    """``A and every B except in july``: for B alone, or for both? Refused unless every part says
    the same (then both readings agree)."""
    for kind, word in ((n.Except, "except"), (n.Starting, "starting"), (n.Until, "until")):
        last = union.parts[-1].find(kind)
        if last and any(part.find(kind) != last for part in union.parts[:-1]):
            yield _error(
                last[0],
                f"'{word} ...' at the end can apply to the last part or to the whole schedule",
                "repeat it in each part it applies to, or move it into the part it belongs to",
            )
