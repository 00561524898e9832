"""English descriptions from the AST: the user's own wording, plus the zone and how days combine."""

from __future__ import annotations

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.rules import cron
from tomodachi_schedule.compiler.spec.rules.phrase import SUB_DAY, is_elapsed_interval
from tomodachi_schedule.compiler.spec.vocabulary import MONTH_NAMES, WEEKDAY_NAMES
from tomodachi_schedule.runtime.engine.wallsearch import set_bits
from tomodachi_schedule.runtime.engine.wording import listing, ordinal


def explain(spec: n.Spec, *, timezone: str | None = None) -> str:
    """One sentence saying when the spec fires, in which zone, and whether day lists OR or AND."""
    if isinstance(spec.body, n.CronExpr):
        return f"{explain_cron(spec.body)}, {_zone_words(timezone)}"
    phrase = spec.body
    zones = phrase.find(n.Zone)
    zone = zones[0].name if zones else timezone
    words = canonical(phrase, with_zone=False)
    if _is_one_off(phrase):
        return f"once, {words}" + (
            "" if _has_offset(phrase) else f", {_zone_words(zone)}"
        )
    crons = phrase.find(n.CronClause)
    if crons:
        words += " (" + explain_cron(crons[0].expr).split(": ", 1)[1] + ")"
    notes = [
        (
            _elapsed_words(phrase, zone)
            if is_elapsed_interval(phrase)
            else _zone_words(zone)
        )
    ]
    if len(phrase.find(n.Days)) == 2:
        notes.append("AND: a day must match both day lists")
    elif any(_mixes_kinds(days) for days in phrase.find(n.Days)):
        notes.append("OR: any listed day matches")
    return f"{words}, {', '.join(notes)}"


def _elapsed_words(phrase: n.Phrase, zone: str | None) -> str:
    if phrase.find(n.Starting):
        return f"elapsed time counted from the start ({_zone_words(zone)})"
    return "elapsed time counted from the Unix epoch (the same instants in every zone)"


def canonical(phrase: n.Phrase, *, with_zone: bool = True) -> str:
    """The phrase re-printed in the user's words, defaults spelt out; it parses to the same schedule."""
    parts = [
        _clause(c) for c in phrase.clauses if with_zone or not isinstance(c, n.Zone)
    ]
    parts += _implied(phrase)
    return " ".join(p for p in parts if p)


def _implied(phrase: n.Phrase) -> list[str]:
    """What a day-level phrase leaves unsaid: the default day of a week/month/year, and 00:00."""
    if _is_one_off(phrase) and not phrase.find(n.Moment) and not phrase.find(n.Times):
        return ["at 00:00"]
    every = phrase.find(n.Every)
    if (
        _is_one_off(phrase)
        or phrase.find(n.CronClause)
        or every
        and every[0].unit in SUB_DAY
    ):
        return []
    implied = []
    if not phrase.find(n.Days) and every:
        implied.append(_DEFAULT_DAYS.get(every[0].unit, ""))
    if not phrase.find(n.Times):
        implied.append("at 00:00")
    return implied


_DEFAULT_DAYS = {"week": "on monday", "month": "on the 1st", "year": "on january 1"}


def _mixes_kinds(days: n.Days) -> bool:
    """A list naming both weekdays and days of the month (``on mondays and the 1st``)."""
    items = [i.item if isinstance(i, n.Scoped) else i for i in days.items]
    weekly = any(isinstance(i, (n.Weekdays, n.NthWeekday)) for i in items)
    monthly = any(isinstance(i, (n.MonthDay, n.WorkdayOfMonth)) for i in items)
    return weekly and monthly


def _is_one_off(phrase: n.Phrase) -> bool:
    dates = [
        i for d in phrase.find(n.Days) for i in d.items if isinstance(i, n.SpecificDate)
    ]
    return bool(phrase.find(n.Moment) or dates)


def _has_offset(phrase: n.Phrase) -> bool:
    return any(m.at.offset for m in phrase.find(n.Moment))


def _clause(clause) -> str:
    printer = _PRINTERS[type(clause)]
    return printer(clause)


def _every(clause: n.Every) -> str:
    if clause.text.lower().startswith(("every", "each")):
        return (
            clause.text
        )  # the user's words; aliases such as "5s" or "hourly" are spelt out
    if (clause.count or 1) == 1:
        return f"every {clause.unit}"
    return f"every {clause.count} {clause.unit}s"


def _days(clause: n.Days) -> str:
    items = _and_list(_day(item) for item in clause.items)
    if clause.every:
        return f"every {_nth_word(clause.every)} {items}"
    return f"{clause.lead} {items}".strip()


def _nth_word(count: int) -> str:
    return {2: "other", 3: "third", 4: "fourth", 5: "fifth"}.get(count, f"{count}th")


def _day(item) -> str:
    if isinstance(item, n.Weekdays):
        return item.text or _and_list(WEEKDAY_NAMES[d].lower() for d in item.days)
    if isinstance(item, n.MonthDay):
        return (
            f"the {ordinal(item.day)}"
            if item.day is not None
            else f"the {_from_end(item.from_end)} day of the month"
        )
    if isinstance(item, n.NthWeekday):
        position = _ordinal_word(item.n)
        return f"the {position} {WEEKDAY_NAMES[item.weekday].lower()} of the month"
    if isinstance(item, n.WorkdayOfMonth):
        return f"the {'last' if item.last else 'first'} weekday of the month"
    if isinstance(item, n.Scoped):
        return _scoped(item)
    return _date(item.date)


def _scoped(item: n.Scoped) -> str:
    months = _and_list(MONTH_NAMES[m - 1].lower() for m in item.months)
    inner = item.item
    if (
        isinstance(inner, n.MonthDay)
        and inner.day is not None
        and len(item.months) == 1
    ):
        return f"{months} {inner.day}"
    if isinstance(inner, n.MonthDay) and inner.day is not None:
        return f"the {ordinal(inner.day)} of {months}"
    return f"{_day(inner).removesuffix(' of the month')} of {months}"


def _ordinal_word(count: int) -> str:
    words = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
    if count in words:
        return words[count]
    return f"{words.get(-count, ordinal(-count))} to last"


def _from_end(offset: int) -> str:
    return _ordinal_word(-offset - 1)


def _times(clause: n.Times) -> str:
    return "at " + _and_list(_time(t) for t in clause.times)


def _time(time: n.TimeOfDay) -> str:
    if time.text and not time.text.isdigit():
        return time.text
    seconds = f":{time.second:02d}" if time.second else ""
    return f"{time.hour:02d}:{time.minute:02d}{seconds}"


def _window(clause: n.Window) -> str:
    return f"from {_time(clause.start)} to {_time(clause.end)}"


def _months(clause: n.Months) -> str:
    return "in " + _and_list(MONTH_NAMES[m - 1].lower() for m in clause.months)


def _date(when: n.DateTime) -> str:
    text = f"{when.year:04d}-{when.month:02d}-{when.day:02d}"
    if when.time is not None:
        text += " " + _time(
            n.TimeOfDay(
                hour=when.time.hour, minute=when.time.minute, second=when.time.second
            )
        )
    return text + (when.offset or "")


def _except(clause: n.Except) -> str:
    if clause.months:
        return "except in " + _and_list(
            MONTH_NAMES[m - 1].lower() for m in clause.months
        )
    return "except on " + _and_list(_day(item) for item in clause.days)


def _cron_clause(clause: n.CronClause) -> str:
    return f'cron "{_cron_text(clause.expr)}"'


def _cron_text(expr: n.CronExpr) -> str:
    if expr.macro:
        return expr.macro
    return " ".join(",".join(_cron_item(i) for i in f.items) for f in expr.fields)


def _cron_item(item: n.CronItem) -> str:
    text = item.low.text + (f"-{item.high.text}" if item.high else "")
    text += f"/{item.step.text}" if item.step else ""
    return text + (f"#{item.nth.text}" if item.nth else "")


_PRINTERS = {
    n.Every: _every,
    n.Days: _days,
    n.Times: _times,
    n.Minutes: lambda c: "at " + _and_list(f":{m:02d}" for m in c.minutes),
    n.Window: _window,
    n.Months: _months,
    n.Zone: lambda c: f"in {c.name}",
    n.Starting: lambda c: f"starting {_date(c.at)}",
    n.Until: lambda c: f"until {_date(c.at)}",
    n.Except: _except,
    n.CronClause: _cron_clause,
    n.Moment: lambda c: _date(c.at),
}


# --- cron -------------------------------------------------------------------------------------


def explain_cron(expr: n.CronExpr) -> str:
    """``30 5 * jan,mar Ltue`` -> at 05:30, on the last Tuesday of the month, in January and March."""
    fields = cron.resolve(expr)
    parts = [
        _cron_time(fields),
        _cron_days(fields),
        _cron_months(fields),
        _cron_years(fields),
    ]
    head = f"cron {_cron_text(expr)!r}: "
    return head + ", ".join(p for p in parts if p)


def _cron_time(fields: cron.CronFields) -> str:
    minutes, hours = set_bits(fields.minutes), set_bits(fields.hours)
    if len(minutes) * len(hours) <= 4:
        return "at " + _and_list(f"{h:02d}:{m:02d}" for h in hours for m in minutes)
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


def _cron_days(fields: cron.CronFields) -> str:
    monthdays = None if fields.monthday_any else _monthday_words(fields)
    weekdays = None if fields.weekday_any else _weekday_words(fields)
    if monthdays and weekdays:
        return f"on {monthdays} OR on {weekdays} (either day field matches, as in cron)"
    if monthdays or weekdays:
        return f"on {monthdays or weekdays}"
    return "every day"


def _monthday_words(fields: cron.CronFields) -> str:
    words = (
        [f"day {_list(set_bits(fields.monthdays))} of the month"]
        if fields.monthdays
        else []
    )
    words += [
        f"the {_from_end(offset)} day of the month"
        for offset in sorted(fields.from_end)
    ]
    words += [
        f"the weekday nearest day {day}" for day in sorted(fields.nearest_weekday)
    ]
    words += ["the last weekday of the month"] if fields.last_weekday else []
    return " or ".join(words)


def _weekday_words(fields: cron.CronFields) -> str:
    days = set_bits(fields.weekdays)
    words = [_weekday_list(days)] if days else []
    if len(fields.nth) == 7 and all(count == -1 for _, count in fields.nth):
        return " or ".join(words + ["the last 7 days of the month"])
    words += [
        f"the {_ordinal_word(count)} {WEEKDAY_NAMES[day]} of the month"
        for day, count in sorted(fields.nth)
    ]
    return " or ".join(words)


def _weekday_list(days: list[int]) -> str:
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{WEEKDAY_NAMES[days[0]]} to {WEEKDAY_NAMES[days[-1]]}"
    return _list([WEEKDAY_NAMES[d] for d in days])


def _cron_months(fields: cron.CronFields) -> str:
    months = set_bits(fields.months)
    return (
        "" if len(months) == 12 else "in " + _list([MONTH_NAMES[m - 1] for m in months])
    )


def _cron_years(fields: cron.CronFields) -> str:
    return "" if fields.years is None else "in " + _list([1970 + y for y in set_bits(fields.years)])


def _and_list(words) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return listing(list(words))


def _list(values: list) -> str:
    """``1, 3 and 5``; long arithmetic runs shortened to ``every 2nd from 1 to 59``."""
    if len(values) > 3 and all(isinstance(v, int) for v in values):
        steps = {b - a for a, b in zip(values, values[1:])}
        if len(steps) == 1:
            step = steps.pop()
            run = f"{values[0]} to {values[-1]}"
            return run if step == 1 else f"every {ordinal(step)} from {run}"
    return _and_list(str(v) for v in values)


def _zone_words(zone: str | None) -> str:
    return "local time" if zone is None else f"{zone} time"
