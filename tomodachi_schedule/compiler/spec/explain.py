"""English descriptions from the AST: the user's own wording, plus the zone and how days combine."""

from __future__ import annotations

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.canonical import (
    and_list,
    canonical,
    cron_text,
    from_end,
    is_one_off,
    ordinal_word,
)
from tomodachi_schedule.compiler.spec.rules.cron_fields import CronFields
from tomodachi_schedule.compiler.spec.rules.phrase import is_elapsed_interval
from tomodachi_schedule.compiler.spec.validate import CheckedSpec
from tomodachi_schedule.compiler.spec.vocabulary import MONTH_NAMES, WEEKDAY_NAMES
from tomodachi_schedule.runtime.engine.wallsearch import set_bits
from tomodachi_schedule.runtime.engine.wording import ordinal


def explain(checked: CheckedSpec) -> str:
    """One sentence saying when the spec fires, in which zone, and whether day lists OR or AND."""
    zone = checked.zone
    if isinstance(checked.body, n.CronExpr):
        assert checked.cron is not None  # validation resolved the fields of a cron spec
        return f"{explain_cron(checked.body, checked.cron)}, {_zone_words(zone)}"
    phrase = checked.body
    words = canonical(phrase, with_zone=False)
    if is_one_off(phrase):
        return f"once, {words}" + ("" if _has_offset(phrase) else f", {_zone_words(zone)}")
    crons = phrase.find(n.CronClause)
    if crons:
        assert checked.cron is not None  # ... and of a phrase's cron clause
        words += " (" + explain_cron(crons[0].expr, checked.cron).split(": ", 1)[1] + ")"
    notes = [_elapsed_words(phrase, zone) if is_elapsed_interval(phrase) else _zone_words(zone)]
    if len(phrase.find(n.Days)) == 2:
        notes.append("AND: a day must match both day lists")
    elif any(_mixes_kinds(days) for days in phrase.find(n.Days)):
        notes.append("OR: any listed day matches")
    return f"{words}, {', '.join(notes)}"


def _elapsed_words(phrase: n.Phrase, zone: str | None) -> str:
    if phrase.find(n.Starting):
        return f"elapsed time counted from the start ({_zone_words(zone)})"
    return "elapsed time counted from the Unix epoch (the same instants in every zone)"


def _mixes_kinds(days: n.Days) -> bool:
    """A list naming both weekdays and days of the month (``on mondays and the 1st``)."""
    items = [i.item if isinstance(i, n.Scoped) else i for i in days.items]
    weekly = any(isinstance(i, (n.Weekdays, n.NthWeekday)) for i in items)
    monthly = any(isinstance(i, (n.MonthDay, n.WorkdayOfMonth)) for i in items)
    return weekly and monthly


def _has_offset(phrase: n.Phrase) -> bool:
    return any(m.at.offset for m in phrase.find(n.Moment))


# --- cron -------------------------------------------------------------------------------------


def explain_cron(expr: n.CronExpr, fields: CronFields) -> str:
    """``30 5 * jan,mar Ltue`` -> at 05:30, on the last Tuesday of the month, in January and March."""
    parts = [
        _cron_time(fields),
        _cron_days(fields),
        _cron_months(fields),
        _cron_years(fields),
    ]
    head = f"cron {cron_text(expr)!r}: "
    return head + ", ".join(p for p in parts if p)


def _cron_time(fields: CronFields) -> str:
    minutes, hours = set_bits(fields.minutes), set_bits(fields.hours)
    if len(minutes) * len(hours) <= 4:
        return "at " + and_list(f"{h:02d}:{m:02d}" for h in hours for m in minutes)
    noun = "hour" if len(hours) == 1 else "hours"
    hour_words = "" if len(hours) == 24 else f" during {noun} {_list(hours)}"
    return _minute_words(minutes) + hour_words


def _minute_words(minutes: list[int]) -> str:
    if len(minutes) == 60:
        return "every minute"
    steps = {b - a for a, b in zip(minutes, minutes[1:])}
    if len(minutes) > 3 and len(steps) == 1:
        return f"every {steps.pop()} minutes from minute {minutes[0]} to {minutes[-1]}"
    return f"at minute {_list(minutes)}"


def _cron_days(fields: CronFields) -> str:
    monthdays = None if fields.monthday_any else _monthday_words(fields)
    weekdays = None if fields.weekday_any else _weekday_words(fields)
    if monthdays and weekdays:
        return f"on {monthdays} OR on {weekdays} (either day field matches, as in cron)"
    if monthdays or weekdays:
        return f"on {monthdays or weekdays}"
    return "every day"


def _monthday_words(fields: CronFields) -> str:
    words = [f"day {_list(set_bits(fields.monthdays))} of the month"] if fields.monthdays else []
    words += [f"the {from_end(offset)} day of the month" for offset in sorted(fields.from_end)]
    words += [f"the weekday nearest day {day}" for day in sorted(fields.nearest_weekday)]
    words += ["the last weekday of the month"] if fields.last_weekday else []
    return " or ".join(words)


def _weekday_words(fields: CronFields) -> str:
    days = set_bits(fields.weekdays)
    words = [_weekday_list(days)] if days else []
    if len(fields.nth) == 7 and all(count == -1 for _, count in fields.nth):
        return " or ".join(words + ["the last 7 days of the month"])
    words += [
        f"the {ordinal_word(count)} {WEEKDAY_NAMES[day]} of the month"
        for day, count in sorted(fields.nth)
    ]
    return " or ".join(words)


def _weekday_list(days: list[int]) -> str:
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{WEEKDAY_NAMES[days[0]]} to {WEEKDAY_NAMES[days[-1]]}"
    return _list([WEEKDAY_NAMES[d] for d in days])


def _cron_months(fields: CronFields) -> str:
    months = set_bits(fields.months)
    return "" if len(months) == 12 else "in " + _list([MONTH_NAMES[m - 1] for m in months])


def _cron_years(fields: CronFields) -> str:
    return "" if fields.years is None else "in " + _list([1970 + y for y in set_bits(fields.years)])


def _list(values: list) -> str:
    """``1, 3 and 5``; long arithmetic runs shortened to ``every 2nd from 1 to 59``."""
    if len(values) > 3 and all(isinstance(v, int) for v in values):
        steps = {b - a for a, b in zip(values, values[1:])}
        if len(steps) == 1:
            step = steps.pop()
            run = f"{values[0]} to {values[-1]}"
            return run if step == 1 else f"every {ordinal(step)} from {run}"
    return and_list(str(v) for v in values)


def _zone_words(zone: str | None) -> str:
    return "local time" if zone is None else f"{zone} time"
