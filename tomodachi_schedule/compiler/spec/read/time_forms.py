"""Times of day and date-times of English specs: the callbacks mixed into `PhraseTransformer`."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lark import Token, Transformer, v_args

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.errors import Span

_DATETIME = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"(?:\s*(Z|[+-]\d{2}(?::?\d{2})?))?)?",
    re.IGNORECASE,
)
_AMPM = re.compile(r"(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s*([ap])", re.IGNORECASE)


@v_args(inline=True)
class TimeForms(Transformer):
    """``09:00``, ``9am``, ``noon``, ``2027-06-30 12:00+02:00``: times of day and date-times."""

    if TYPE_CHECKING:  # provided by PhraseTransformer, which mixes this class in

        def span(self, item: Token | object) -> Span: ...

        def problem(self, where: Span, message: str, hint: str | None = None) -> None: ...

    def time_list(self, *times):
        return tuple(t for t in times if isinstance(t, n.TimeOfDay))  # "at 9:00 and at 17:00"

    clock_list = time_list

    def time24(self, token):
        parts = [int(p) for p in str(token).split(":")] + [0]
        return self._time(token, parts[0], parts[1], parts[2])

    def hour_time(self, token):
        return self._time(token, int(token))

    def time_ampm(self, token):
        hour, minute, second, half = _AMPM.match(str(token)).groups()
        hour = int(hour)
        if not 1 <= hour <= 12:
            self.problem(
                self.span(token),
                f"{token} is not a time",
                "with am/pm, hours run 1..12",
            )
        hour = hour % 12 + (12 if half.lower() == "p" else 0)
        return self._time(token, hour, int(minute or 0), int(second or 0))

    def time_noon(self, token):
        return self._time(token, 12)

    def time_midnight(self, token):
        return self._time(token, 0)

    def _time(self, token: Token, hour: int, minute: int = 0, second: int = 0) -> n.TimeOfDay:
        return n.TimeOfDay(
            hour=hour,
            minute=minute,
            second=second,
            text=str(token),
            span=self.span(token),
        )

    def _datetime(self, token: Token) -> n.DateTime:
        if "." in token:
            self.problem(
                self.span(token),
                "fractions of a second are not supported",
                "schedules fire on whole seconds",
            )
        match = _DATETIME.match(str(token))
        assert match is not None  # the grammar's DATETIME token is what _DATETIME reads
        year, month, day, hour, minute, second, offset = match.groups()
        time = None
        if hour is not None:
            time = n.TimeOfDay(hour=int(hour), minute=int(minute), second=int(second or 0))
        when = dict(year=int(year), month=int(month), day=int(day))
        return n.DateTime(**when, time=time, offset=offset, span=self.span(token))
