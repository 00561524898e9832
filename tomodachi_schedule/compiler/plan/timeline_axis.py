"""The timeline's axis: instants to x, hour ticks, midnights and daylight-saving changes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone, tzinfo
from html import escape

from tomodachi_schedule.compiler.plan.agenda import zone_name

HOUR = timedelta(hours=1)
LABEL_STEPS = (1, 2, 3, 6, 12, 24)  # hours between labels: the first leaving room for them
MIN_LABEL_PX = 34
DAY_LABEL_PX = 90  # room a date label needs right of its line
MAX_GRID_LINES = 400  # past this (windows of weeks) only midnights are drawn


class Scale:
    """Maps instants in ``[start, end]`` linearly onto ``[x0, x1]``."""

    def __init__(self, start: datetime, end: datetime, x0: float, x1: float) -> None:
        self.start, self.end = start.timestamp(), end.timestamp()
        self.x0, self.x1 = x0, x1
        self.per_second = (x1 - x0) / (self.end - self.start)

    def x(self, at: datetime) -> float:
        return self.x0 + (at.timestamp() - self.start) * self.per_second

    def hours(self, zone: tzinfo) -> Iterator[datetime]:
        """The whole hours of ``zone`` inside the window, as aware datetimes in it."""
        first = datetime.fromtimestamp(self.start, zone).replace(minute=0, second=0, microsecond=0)
        at = first.astimezone(timezone.utc)
        while at.timestamp() <= self.end:
            if at.timestamp() >= self.start:
                yield at.astimezone(zone)
            at += HOUR


def stripes_and_grid(
    scale: Scale, zone: tzinfo, top: float, bottom: float, rows: int, row_h: float
) -> Iterator[str]:
    """Alternate row shading, hour lines and labels, midnights with their dates."""
    for row in range(0, rows, 2):
        y = top + row * row_h
        yield (f'<rect class="stripe" x="0" y="{y}" width="{scale.x1:.0f}" height="{row_h}"/>')
    hours = list(scale.hours(zone))
    step = _label_step(scale)
    for at in hours:
        x = scale.x(at)
        if at.hour == 0:
            yield f'<line class="midnight" x1="{x:.1f}" y1="{top - 30}" x2="{x:.1f}" y2="{bottom}"/>'
            yield _day_label(x, scale, top, at)
        elif len(hours) <= MAX_GRID_LINES:
            yield f'<line class="grid" x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}"/>'
        if at.hour % step == 0 and len(hours) <= MAX_GRID_LINES * 6:
            yield f'<text class="hour" x="{x:.1f}" y="{top - 8}">{at:%H}</text>'
    if not any(at.hour == 0 for at in hours):  # a window within one day still shows its date
        first = datetime.fromtimestamp(scale.start, zone)
        yield _day_label(scale.x0, scale, top, first)


def _day_label(x: float, scale: Scale, top: float, day: datetime) -> str:
    """The date beside its midnight line; left of it near the right edge, so it fits."""
    right = x > scale.x1 - DAY_LABEL_PX
    anchor, shifted = ("end", x - 4) if right else ("start", x + 4)
    return (
        f'<text class="day" x="{shifted:.1f}" y="{top - 36}" text-anchor="{anchor}">'
        f"{day:%a %d %b}</text>"
    )


def _label_step(scale: Scale) -> int:
    px_per_hour = scale.per_second * 3600
    for step in LABEL_STEPS:
        if px_per_hour * step >= MIN_LABEL_PX:
            return step
    return 24


def display_dst(scale: Scale, zone: tzinfo, top: float, bottom: float, colour: str):
    """A dashed line across every row where the display zone changes offset."""
    for at, change in transitions(zone, scale):
        x = scale.x(at)
        text = f"{zone_name(zone)} {_signed(change)}"
        yield (
            f'<line class="dstline" x1="{x:.1f}" y1="{top - 22}" x2="{x:.1f}" y2="{bottom}">'
            f"<title>{escape(text)} at {at.isoformat()}</title></line>"
        )
        yield f'<text class="dst" x="{x + 4:.1f}" y="{top - 22}">DST {escape(_signed(change))}</text>'


def row_dst(scale: Scale, zone: tzinfo | None, top: float, row_h: float, colour: str):
    """A dashed line within one row where the schedule's own zone changes offset."""
    if zone is None:
        return
    for at, change in transitions(zone, scale):
        x = scale.x(at)
        text = f"{zone_name(zone)} {_signed(change)} at {at.isoformat()}"
        yield (
            f'<line class="dstline" x1="{x:.1f}" y1="{top + 2}" x2="{x:.1f}" '
            f'y2="{top + row_h - 2}"><title>{escape(text)}</title></line>'
        )


def transitions(zone: tzinfo, scale: Scale) -> Iterator[tuple[datetime, timedelta]]:
    """Instants in the window where ``zone``'s offset changes, and by how much."""
    at = datetime.fromtimestamp(scale.start, timezone.utc)
    end = datetime.fromtimestamp(scale.end, timezone.utc)
    offset = at.astimezone(zone).utcoffset()
    while at < end:
        following = min(at + HOUR, end)
        new = following.astimezone(zone).utcoffset()
        if new != offset and new is not None and offset is not None:
            yield _first_with(zone, at, following, new), new - offset
            offset = new
        at = following


def _first_with(zone: tzinfo, low: datetime, high: datetime, offset: timedelta) -> datetime:
    """The first instant in ``(low, high]`` at which ``zone`` has ``offset`` (to the second)."""
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == offset:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0).astimezone(zone)


def _signed(change: timedelta) -> str:
    minutes = int(change.total_seconds() // 60)
    sign = "+" if minutes > 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours}h" + (f"{rest:02d}" if rest else "")
