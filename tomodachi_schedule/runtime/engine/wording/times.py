"""Times of day in the schedule language's own words: ``at 09:00``, ``every 15 minutes from ...``."""

from __future__ import annotations

_DAY = 86400


def listing(words: list[str], conjunction: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def clock(second_of_day: int) -> str:
    """``09:00`` or ``09:00:30``."""
    hour, rest = divmod(second_of_day, 3600)
    minute, second = divmod(rest, 60)
    return f"{hour:02d}:{minute:02d}" + (f":{second:02d}" if second else "")


def interval(seconds: int) -> str:
    """``every 15 minutes``, ``every hour``, ``every 90 seconds``: the largest whole unit."""
    for size, unit in ((3600, "hour"), (60, "minute"), (1, "second")):
        if seconds % size == 0:
            count = seconds // size
            return f"every {unit}" if count == 1 else f"every {count} {unit}s"
    raise AssertionError("a positive number of seconds")


def _step(values: list[int]) -> int | None:
    """The common difference of three or more sorted values, if they are evenly spaced."""
    if len(values) < 3:
        return None
    step = values[1] - values[0]
    return step if all(b - a == step for a, b in zip(values, values[1:])) else None


def _runs(hours: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for hour in hours:
        if runs and runs[-1][1] == hour - 1:
            runs[-1] = (runs[-1][0], hour)
        else:
            runs.append((hour, hour))
    return runs


def _windows(spans: list[tuple[int, int]]) -> str:
    """``from 08:00 to 10:59 and from 14:00 to 16:59``."""
    return " and ".join(f"from {clock(a)} to {clock(b)}" for a, b in spans)


def describe_times(times: list[int], every_day: bool = False) -> tuple[str, bool]:
    """Seconds of the day (sorted, distinct) in words, and whether the words are a grid
    (``every ...``, which reads as elapsed time unless days are named) or a list (``at ...``).
    ``every_day``: the times fire on every date, so a window may run past midnight."""
    if len(times) <= 6:
        return "at " + listing([clock(t) for t in times]), False
    step = _step(times)
    if step is not None:
        whole_day = times[0] == 0 and times[-1] + step == _DAY
        window = "" if whole_day else " " + _windows([(times[0], times[-1])])
        return interval(step) + window, True
    by_hour: dict[int, tuple[int, ...]] = {}
    for time in times:
        by_hour.setdefault(time // 3600, ())
        by_hour[time // 3600] += (time % 3600,)
    patterns = set(by_hour.values())
    if len(patterns) == 1:
        grid = _hourly(sorted(by_hour), patterns.pop())
        if grid is not None:
            return grid, True
    grid = _grid_windows(times, every_day)
    if grid is not None:
        return grid, True
    return "at " + listing([clock(t) for t in times]), False


_MOST_WINDOWS = 4


def _grid_windows(times: list[int], every_day: bool) -> str | None:
    """One grid in a few windows: ``every 2 seconds from 00:00 to 02:00 and from 22:00 to
    23:59:58``; on every date a window may close past midnight (``from 09:00 to 00:00``: the
    language reads an overnight window into the next day). None when a time stands alone."""
    step = min(b - a for a, b in zip(times, times[1:]))
    spans: list[list[int]] = []
    for time in times:
        if spans and time - spans[-1][1] == step:
            spans[-1][1] = time
        else:
            spans.append([time, time])
    if every_day and len(spans) > 1 and spans[0][0] == 0 and spans[-1][1] + step == _DAY:
        first = spans.pop(0)
        spans[-1][1] = first[1]  # the last window runs on past midnight
    if len(spans) > _MOST_WINDOWS or any(a == b for a, b in spans):
        return None
    return interval(step) + " " + _windows([(a, b) for a, b in spans])


def _hourly(hours: list[int], pattern: tuple[int, ...]) -> str | None:
    """The same seconds past every listed hour: a grid per run of hours, or minute marks."""
    step = _step(list(pattern)) if len(pattern) > 2 else None
    if step is not None and 3600 % step == 0 and pattern[-1] + step - pattern[0] == 3600:
        spans = [(a * 3600 + pattern[0], b * 3600 + pattern[-1]) for a, b in _runs(hours)]
        return interval(step) + " " + _windows(spans)
    if any(offset % 60 for offset in pattern):
        return None  # seconds past the hour have no marks of their own: list the times
    marks = " at " + listing([f":{offset // 60:02d}" for offset in pattern])
    hour_step = _step(hours) if len(hours) > 2 else None
    if len(hours) == 24:
        return "every hour" + marks
    if hour_step is not None and hours[0] < hour_step and hours[-1] + hour_step >= 24:
        window = "" if hours[0] == 0 else f" from {clock(hours[0] * 3600)} to 23:59"
        return interval(hour_step * 3600) + marks + window
    spans = [(a * 3600, b * 3600 + 3540) for a, b in _runs(hours)]  # to the hour's :59
    return "every hour" + marks + " " + _windows(spans)
