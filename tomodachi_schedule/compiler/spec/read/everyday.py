"""Everyday English forms: half and quarter hours, 1.5 hours, 1h30m, mornings, quarterly, unions."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from lark import Token, Transformer, v_args

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.read.merges import DayPart
from tomodachi_schedule.compiler.spec.vocabulary import unit_name
from tomodachi_schedule.errors import Span

_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800}
_COMPOUND = re.compile(r"(\d+)([hms])", re.IGNORECASE)
_COMPOUND_UNITS = {"h": 3600, "m": 60, "s": 1}
# systemd's calendar shorthands: the 1st of these months at 00:00
_QUARTER_MONTHS = (1, 4, 7, 10)
_HALF_YEAR_MONTHS = (1, 7)
# when a bare hour ("at 8") follows each part of the day, and which clock hours fit it
_DAYPARTS = {
    "morning": (range(1, 12), range(0, 12)),
    "afternoon": (range(1, 7), range(12, 19)),
    "evening": (range(1, 12), range(12, 24)),
    "night": (range(1, 13), range(0, 24)),
}


def every_of(seconds: int, text: str, span: Span) -> n.Every:
    """The interval of a number of seconds, in the largest unit that divides it."""
    for unit in ("week", "day", "hour", "minute", "second"):
        if seconds % _SECONDS[unit] == 0:
            count = seconds // _SECONDS[unit]
            return n.Every(unit=unit, count=None if count == 1 else count, text=text, span=span)
    raise AssertionError("whole seconds always divide")


@v_args(inline=True)
class EverydayForms(Transformer):
    """Transformer callbacks for the everyday forms; mixed into `PhraseTransformer`."""

    if TYPE_CHECKING:  # provided by PhraseTransformer, which mixes this class in

        def span(self, item: Token | object) -> Span: ...

        def problem(self, where: Span, message: str, hint: str | None = None) -> None: ...

        def _text(self, meta: Any) -> str: ...

    @v_args(inline=True, meta=True)
    def every_fraction(self, meta, _every, fraction, unit):
        share = 2 if fraction.lower() == "half" else 4
        seconds = _SECONDS.get(unit_name(unit), 0) // share
        if unit_name(unit) not in ("minute", "hour", "day"):
            self.problem(self.span(unit), f"'every {fraction} {unit}' is not a fixed interval")
            seconds = 60
        return every_of(seconds, self._text(meta), self.span(meta))

    @v_args(inline=True, meta=True)
    def every_quarter(self, meta, _every, _quarter):
        return self._months_of(_QUARTER_MONTHS, self.span(meta))

    @v_args(inline=True, meta=True)
    def every_compound(self, meta, _every, token):
        return self.compound(token, text=self._text(meta), where=self.span(meta))

    def compound(self, token, text: str | None = None, where: Span | None = None):
        seconds = sum(int(v) * _COMPOUND_UNITS[u.lower()] for v, u in _COMPOUND.findall(token))
        return every_of(seconds, text or f"every {token}", where or self.span(token))

    @v_args(inline=True, meta=True)
    def every_daypart(self, meta, _every, part):
        return DayPart(part.lower().rstrip("s"), self.span(meta))

    def local_time(self, _token):
        return ()  # "in local time": the default zone, as explain says it

    @v_args(inline=True, meta=True)
    def in_years(self, meta, *years):
        return n.Years(years=tuple(int(y) for y in years), span=self.span(meta))

    @v_args(inline=True, meta=True)
    def nearest_weekday(self, meta, _the, part, _nearest, *rest):
        day = int(re.match(r"\d+", str(rest[-1])).group())
        if "end" in part.lower() or not 1 <= day <= 31:
            self.problem(self.span(meta), "say 'the weekday nearest the 15th' (days 1-31)")
        return n.NearestWeekday(day=day, span=self.span(meta))

    @v_args(inline=True, meta=True)
    def on_the_hour(self, meta, _on, _the, *rest):
        unit = rest[-1]
        if unit_name(unit) != "hour":
            self.problem(self.span(unit), f"'on the {unit}' is not a time", "say 'on the hour'")
        return n.Minutes(minutes=(30 if len(rest) == 2 else 0,), span=self.span(meta))

    def decimal_count(self, token: Token, unit: str, where: Span) -> int:
        """``1.5 hours``: the whole number of seconds it stands for (unit given in seconds)."""
        seconds = float(token) * _SECONDS.get(unit, 0)
        if seconds != int(seconds) or unit not in ("second", "minute", "hour", "day"):
            self.problem(where, f"'{token} {unit}s' is not a whole number of seconds")
        return max(int(seconds), 1)

    def _months_of(self, months: tuple[int, ...], where: Span):
        """``quarterly``: the 1st of the listed months (the default day of ``every month``)."""
        every = n.Every(unit="month", text="every month", span=where)
        return (every, n.Months(months=months, span=where))

    def adverb_clauses(self, word: str, where: Span):
        """The clauses of a one-word schedule beyond tomodachi's (``quarterly``, ``biweekly``)."""
        word = word.lower().replace("-", "")
        if word == "quarterly":
            return self._months_of(_QUARTER_MONTHS, where)
        if word == "semiannually":
            return self._months_of(_HALF_YEAR_MONTHS, where)
        if word in ("biweekly", "fortnightly"):
            return n.Every(unit="week", count=2, text="every 2 weeks", span=where)
        return None

    def daypart_times(self, part: DayPart, clauses: list) -> list:
        """``every evening at 7``: a bare hour read in that part of the day, checked against it."""
        bare_hours, clock_hours = _DAYPARTS[part.part]
        result = []
        for clause in clauses:
            if isinstance(clause, n.Times):
                times = tuple(
                    self._daypart_time(part, t, bare_hours, clock_hours) for t in clause.times
                )
                clause = n.Times(times=times, span=clause.span)
            result.append(clause)
        if not any(isinstance(c, n.Times) for c in clauses):
            self.problem(
                part.span,
                f"'every {part.part}' does not say at what time",
                f"say e.g. 'every {part.part} at {_EXAMPLE[part.part]}'",
            )
        return result

    def _daypart_time(self, part: DayPart, time: n.TimeOfDay, bare_hours, clock_hours):
        text = time.text.lower()
        plain = text.isdigit() or re.fullmatch(r"[1-9]:\d\d", text)
        hour = time.hour
        if plain and hour in bare_hours and hour + 12 in clock_hours and hour not in clock_hours:
            hour += 12  # "every evening at 7" is 19:00
        elif plain and part.part == "night" and 6 <= hour <= 12:
            hour = (hour + 12) % 24  # "every night at 11" is 23:00, "at 12" midnight
        if hour not in clock_hours:
            self.problem(
                time.span,
                f"{time.text} is not in the {part.part}",
                f"say 'every day at {time.text}', or give a time in the {part.part}",
            )
        return n.TimeOfDay(
            hour=hour, minute=time.minute, second=time.second, text="", span=time.span
        )


_EXAMPLE = {"morning": "8", "afternoon": "3", "evening": "7", "night": "11"}
