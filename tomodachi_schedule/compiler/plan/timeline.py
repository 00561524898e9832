"""The plan as a picture: one self-contained HTML page, inline SVG and CSS, no script, no network.

A row per schedule, a mark per fire; fires closer together than `BAND_GAP` pixels are merged
into a band (a schedule firing every second draws one rectangle, not 86,400). Hours run along
the top in the display zone, midnights are solid lines, daylight-saving changes dashed ones
(across the page for the display zone, within the row for a schedule's own zone).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, tzinfo
from html import escape

from tomodachi_schedule.compiler.plan import timeline_axis as axis
from tomodachi_schedule.compiler.plan.agenda import NOTES, PlannedFire, zone_name
from tomodachi_schedule.compiler.plan.sources import PlannedSchedule

WIDTH = 1200  # the SVG's width in CSS pixels; the page adds `PAGE_PAD` on each side
PAGE_PAD = 24
LABEL_W = 250  # the column of schedule names
RIGHT_PAD = 28  # room for the last hour label
PLOT_X0, PLOT_X1 = LABEL_W, WIDTH - RIGHT_PAD
AXIS_H = 52  # dates, then hours, above the first row
ROW_H = 38
MARK_W, MARK_H = 2, 18
BAND_GAP = 3.0  # fires closer than this many pixels are drawn as one band
PALETTE = ("#2563eb", "#16a34a", "#db2777", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#4f46e5")
DST_COLOUR = "#d97706"

CSS = """
body { margin: 0; padding: 20px %(pad)dpx 28px; background: #fff; color: #1f2937;
       font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
h1 { font-size: 19px; font-weight: 600; margin: 0 0 2px; }
p.window { margin: 0 0 14px; color: #4b5563; }
svg { display: block; overflow: visible; }
svg text { font-family: inherit; fill: #374151; }
.name { font-size: 13px; font-weight: 600; fill: #111827; }
.spec { font-size: 11px; fill: #6b7280; }
.hour { font-size: 11px; fill: #6b7280; text-anchor: middle; }
.day { font-size: 12px; font-weight: 600; fill: #111827; }
.dst { font-size: 11px; fill: %(dst)s; }
.grid { stroke: #eceff3; stroke-width: 1; }
.midnight { stroke: #9ca3af; stroke-width: 1.5; }
.dstline { stroke: %(dst)s; stroke-width: 1.5; stroke-dasharray: 4 3; }
.frame { fill: none; stroke: #d1d5db; }
.stripe { fill: #f8fafc; }
.legend { margin-top: 14px; color: #4b5563; font-size: 12px; }
.legend span { margin-right: 18px; white-space: nowrap; }
.key { display: inline-block; vertical-align: middle; margin-right: 5px; }
"""


def timeline_html(
    schedules: list[PlannedSchedule],
    fires: list[PlannedFire],
    start: datetime,
    end: datetime,
    display: tzinfo,
) -> str:
    """The whole page for the fires of ``schedules`` in ``[start, end)``."""
    scale = axis.Scale(start, end, PLOT_X0, PLOT_X1)
    height = AXIS_H + ROW_H * max(len(schedules), 1) + 8
    body = [
        *axis.stripes_and_grid(scale, display, AXIS_H, height - 8, len(schedules), ROW_H),
        *_rows(schedules, fires, scale),
        *axis.display_dst(scale, display, AXIS_H, height - 8, DST_COLOUR),
        f'<rect class="frame" x="{PLOT_X0}" y="{AXIS_H}" width="{PLOT_X1 - PLOT_X0}" '
        f'height="{height - 8 - AXIS_H}"/>',
    ]
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="schedule timeline">\n'
        + "\n".join(body)
        + "\n</svg>"
    )
    return _page(svg, start, end, display, len(fires), len(schedules))


def _page(svg: str, start: datetime, end: datetime, display: tzinfo, fires: int, rows: int) -> str:
    zone = zone_name(display)
    window = f"{_when(start, display)} → {_when(end, display)} ({zone})"
    css = CSS % {"pad": PAGE_PAD, "dst": DST_COLOUR}
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        f"<title>Schedule plan {escape(window)}</title>\n<style>{css}</style></head>\n<body>\n"
        f'<h1>Schedule plan</h1>\n<p class="window">{escape(window)} · {rows} schedule(s), '
        f"{fires} fire(s)</p>\n{svg}\n{_legend()}\n</body></html>\n"
    )


def _legend() -> str:
    def key(shape: str) -> str:
        return f'<svg class="key" width="18" height="14">{shape}</svg>'

    items = [
        (key(f'<rect x="8" y="1" width="{MARK_W}" height="12" fill="#374151"/>'), "a fire"),
        (key('<rect x="1" y="3" width="16" height="8" rx="2" fill="#374151"/>'), "fires too close to draw apart"),
        (key(f'<circle cx="9" cy="7" r="3.5" fill="{DST_COLOUR}"/>'), "moved or doubled by a DST change"),
        (key(f'<line x1="9" y1="0" x2="9" y2="14" stroke="{DST_COLOUR}" stroke-width="1.5" stroke-dasharray="4 3"/>'), "DST change"),
        (key('<line x1="9" y1="0" x2="9" y2="14" stroke="#9ca3af" stroke-width="1.5"/>'), "midnight"),
    ]  # fmt: skip
    spans = "".join(f"<span>{shape}{escape(text)}</span>" for shape, text in items)
    return f'<div class="legend">{spans} · hover a row or a mark for its description</div>'


def _rows(schedules: list[PlannedSchedule], fires: list[PlannedFire], scale) -> Iterator[str]:
    by_row: list[list[PlannedFire]] = [[] for _ in schedules]
    for fire in fires:
        by_row[fire.row].append(fire)
    for row, planned in enumerate(schedules):
        top = AXIS_H + row * ROW_H
        colour = PALETTE[row % len(PALETTE)]
        explained = _explain(planned)
        yield f"<g><title>{escape(planned.service)} · {escape(planned.name)}: {escape(explained)}</title>"
        yield from _label(planned, top)
        yield from axis.row_dst(scale, _zone_of(planned, by_row[row]), top, ROW_H, DST_COLOUR)
        yield from _marks(by_row[row], scale, top + (ROW_H - MARK_H) / 2, colour, explained)
        yield "</g>"


def _label(planned: PlannedSchedule, top: float) -> Iterator[str]:
    detail = _clip(f"{planned.service} · {planned.spec}", 40)
    yield f'<text class="name" x="8" y="{top + 16:.1f}">{escape(_clip(planned.name, 28))}</text>'
    yield f'<text class="spec" x="8" y="{top + 30:.1f}">{escape(detail)}</text>'


def _marks(fires: list[PlannedFire], scale, y: float, colour: str, explained: str) -> Iterator[str]:
    for group in _groups(fires, scale):
        first, last = group[0], group[-1]
        x0, x1 = scale.x(first.at), scale.x(last.at)
        if len(group) == 1:
            title = f"{_when(first.at)}: {explained}"
            yield (
                f'<rect x="{x0 - MARK_W / 2:.1f}" y="{y:.1f}" width="{MARK_W}" height="{MARK_H}" '
                f'fill="{colour}"><title>{escape(title)}</title></rect>'
            )
        else:
            title = f"{len(group)} fires, {_when(first.at)} – {_when(last.at)}: {explained}"
            yield (
                f'<rect x="{x0 - MARK_W / 2:.1f}" y="{y + 3:.1f}" width="{x1 - x0 + MARK_W:.1f}" '
                f'height="{MARK_H - 6}" rx="2" fill="{colour}"><title>{escape(title)}</title></rect>'
            )
        for fire in group:
            if fire.dst:
                note = f"{_when(fire.at)}: {NOTES[fire.dst]}"
                yield (
                    f'<circle cx="{scale.x(fire.at):.1f}" cy="{y - 4:.1f}" r="3.5" '
                    f'fill="{DST_COLOUR}"><title>{escape(note)}</title></circle>'
                )


def _groups(fires: list[PlannedFire], scale) -> Iterator[list[PlannedFire]]:
    """Runs of fires each less than `BAND_GAP` pixels from the one before."""
    group: list[PlannedFire] = []
    previous_x = None
    for fire in fires:
        x = scale.x(fire.at)
        if group and x - previous_x >= BAND_GAP:
            yield group
            group = []
        group.append(fire)
        previous_x = x
    if group:
        yield group


def _explain(planned: PlannedSchedule) -> str:
    try:
        return planned.schedule.explain()  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - a description is never worth failing the picture for
        return planned.spec


def _zone_of(planned: PlannedSchedule, fires: list[PlannedFire]) -> tzinfo | None:
    if fires:
        return fires[0].at.tzinfo
    name = getattr(planned.schedule, "zone", None)
    from tomodachi_schedule.runtime.engine.zones.names import resolve_zone

    try:
        return resolve_zone(name)
    except Exception:  # noqa: BLE001 - no DST marks for a zone we cannot read
        return None


def _when(at: datetime, zone: tzinfo | None = None) -> str:
    shown = at.astimezone(zone) if zone is not None else at
    offset = shown.strftime("%z")
    return f"{shown:%a %Y-%m-%d %H:%M:%S} {offset[:3]}:{offset[3:]}"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
