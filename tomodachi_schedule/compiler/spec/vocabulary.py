"""The words of the schedule language: month, weekday, unit and ordinal names."""

from __future__ import annotations

from tomodachi_schedule.runtime.engine.wording import days as wording

MONTHS = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)
MONTH_NAMES = wording.MONTH_NAMES[1:]  # the runtime's names: explain and describe agree
WEEKDAYS = (
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
)  # Monday = 0, as date.weekday()
WEEKDAY_NAMES = wording.WEEKDAY_NAMES

# the most days each month can have (February: 29)
LONGEST_MONTH = dict(enumerate((31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31), start=1))

UNITS = {
    "s": "second",
    "sec": "second",
    "secs": "second",
    "second": "second",
    "seconds": "second",
    "m": "minute",
    "min": "minute",
    "mins": "minute",
    "minute": "minute",
    "minutes": "minute",
    "h": "hour",
    "hr": "hour",
    "hrs": "hour",
    "hour": "hour",
    "hours": "hour",
    "d": "day",
    "day": "day",
    "days": "day",
    "w": "week",
    "wk": "week",
    "wks": "week",
    "week": "week",
    "weeks": "week",
    "mo": "month",
    "mos": "month",
    "month": "month",
    "months": "month",
    "y": "year",
    "yr": "year",
    "yrs": "year",
    "year": "year",
    "years": "year",
}
UNIT_SECONDS = {"second": 1, "minute": 60, "hour": 3600}

ADVERBS = {
    "secondly": "second",
    "minutely": "minute",
    "hourly": "hour",
    "daily": "day",
    "nightly": "day",
    "weekly": "week",
    "monthly": "month",
    "yearly": "year",
    "annually": "year",
}

ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "other": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "last": -1,
    "penultimate": -2,
}

# every word the English grammar knows, for "did you mean" on an unknown word
KEYWORDS = (
    "every",
    "each",
    "at",
    "on",
    "in",
    "from",
    "between",
    "to",
    "until",
    "starting",
    "except",
    "the",
    "of",
    "and",
    "once",
    "per",
    "other",
    "noon",
    "midnight",
    "cron",
    "weekday",
    "weekdays",
    "weekend",
    "weekends",
    "last",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "penultimate",
    "half",
    "quarter",
    "hour",
    "morning",
    "afternoon",
    "evening",
    "night",
    "local",
    "time",
    "nearest",
    "through",
    "until",
    "beginning",
    "excluding",
    "quarterly",
    "semiannually",
    "biweekly",
    "fortnightly",
    "business",
)


def month_number(word: str) -> int:
    """1..12 for a month name or abbreviation (the grammar guarantees it is one)."""
    return MONTHS.index(word[:3].lower()) + 1


def weekday_number(word: str) -> int:
    """0..6 (Monday = 0) for a weekday name, abbreviation or plural."""
    return WEEKDAYS.index(word[:3].lower())


def unit_name(word: str) -> str:
    """The canonical unit (``second`` .. ``year``) for a unit word or abbreviation."""
    return UNITS[word.lower()]


def english_words() -> tuple[str, ...]:
    """All words of the English notation (for suggestions)."""
    names = [name.lower() for name in MONTH_NAMES + WEEKDAY_NAMES]
    return (
        tuple(KEYWORDS)
        + tuple(names)
        + tuple(ADVERBS)
        + tuple(word for word in UNITS if len(word) > 2)
    )
