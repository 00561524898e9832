"""The timeline picture in a real browser: headless Chromium's screenshot, checked pixel by pixel."""

from __future__ import annotations

import importlib.util
from datetime import datetime, timedelta, timezone
from html import escape
from pathlib import Path

import pytest

from tomodachi_schedule.compiler import parse_schedule
from tomodachi_schedule.compiler.plan import timeline
from tomodachi_schedule.compiler.plan.agenda import fires_between
from tomodachi_schedule.compiler.plan.sources import PlannedSchedule
from tomodachi_schedule.compiler.plan.timeline_axis import Scale

REPO = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("shot", REPO / "docs/img/make_plan_screenshot.py")
shot = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(shot)

Image = pytest.importorskip("PIL.Image", reason="Pillow reads the screenshot (the dev extra)")
numpy = pytest.importorskip("numpy", reason="numpy finds the marks' colours (the dev extra)")
needs_chromium = pytest.mark.skipif(
    shot.find_chromium() is None, reason="chromium is not installed (.ci/run installs it)"
)
START = datetime(2026, 3, 29, tzinfo=timezone.utc)
END = START + timedelta(hours=24)
SIZE = (1280, 400)
SPECS = ("0 3,9,15,21 * * *", "every 20 seconds", "every day at 02:30 in Europe/Stockholm")


def _plan():
    schedules = [
        PlannedSchedule(service="svc", name=f"s{i}", spec=spec,
                        schedule=parse_schedule(spec, timezone="UTC"), source="<test>")
        for i, spec in enumerate(SPECS)
    ]  # fmt: skip
    fires = list(fires_between(schedules, START, END))
    return schedules, fires, timeline.timeline_html(schedules, fires, START, END, timezone.utc)


def test_page_is_self_contained():
    schedules, fires, html = _plan()
    assert "<script" not in html.lower()
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    assert html.count("<title>") > 4  # explain() text on rows and marks
    assert escape(schedules[0].schedule.explain()) in html
    assert len(fires) == 4 + 4320 + 1
    assert html.count("<rect x=") < 40  # the 4,320 fires every 20 seconds are one band


@pytest.fixture(scope="module")
def screenshot(tmp_path_factory):
    """The plan's page as Chromium draws it, taken once for the tests below."""
    if shot.find_chromium() is None:
        pytest.skip("chromium is not installed (.ci/run installs it)")
    schedules, fires, html = _plan()
    folder = tmp_path_factory.mktemp("timeline")
    page, png = folder / "plan.html", folder / "plan.png"
    page.write_text(html, encoding="utf-8")
    shot.chromium_screenshot(page, png, SIZE)
    return schedules, fires, numpy.asarray(Image.open(png).convert("RGB"), dtype=int)


@needs_chromium
def test_screenshot_has_marks_where_the_fires_are(screenshot):
    schedules, fires, image = screenshot
    assert image.shape == (SIZE[1], SIZE[0], 3)
    scale = Scale(START, END, timeline.PLOT_X0, timeline.PLOT_X1)

    def page_x(at: datetime) -> int:
        return round(timeline.PAGE_PAD + scale.x(at))

    sparse = [f.at for f in fires if f.row == 0]
    colour = _rgb(timeline.PALETTE[0])
    rows = _rows_with(image, colour)
    assert rows, "the first schedule's colour is nowhere on the page"
    for at in sparse:  # a mark at every fire ...
        assert _found(image, colour, page_x(at), rows), f"no mark at {at}"
    for before, after in zip(sparse, sparse[1:], strict=False):  # ... and nowhere between
        assert not _found(image, colour, page_x(before + (after - before) / 2), rows)
    band = _rgb(timeline.PALETTE[1])
    band_rows = _rows_with(image, band)
    for hour in range(0, 24, 3):  # the dense schedule: one band from start to end
        assert _found(image, band, page_x(START + timedelta(hours=hour, minutes=30)), band_rows)
    dst = [f for f in fires if f.row == 2]
    assert [f.at.astimezone(timezone.utc).hour for f in dst] == [1]  # 03:30 CEST after the gap
    assert _found(image, _rgb(timeline.DST_COLOUR), page_x(dst[0].at), range(0, SIZE[1]))  # its dot


@needs_chromium
def test_screenshot_is_not_blank_nor_cut_off(screenshot):
    _, _, image = screenshot
    height, width, _ = image.shape
    inked = image.sum(axis=2) < 3 * 235
    assert inked.sum() > 10_000, "the page is (nearly) blank"
    right_edge = timeline.PAGE_PAD + timeline.WIDTH
    columns = numpy.flatnonzero(inked.any(axis=0))
    assert columns.max() < right_edge <= width  # the last label ends inside the SVG and the window
    frame = round(timeline.PAGE_PAD + timeline.PLOT_X1)
    assert inked[200, frame - 2 : frame + 2].any()  # the plot's right edge is drawn


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def _close(pixels, colour, tolerance: int = 60):
    """Which pixels are within ``tolerance`` (sum of channel differences) of ``colour``."""
    return numpy.abs(pixels - numpy.array(colour)).sum(axis=-1) <= tolerance


def _rows_with(image, colour) -> range:
    ys = numpy.flatnonzero(_close(image, colour).any(axis=1))
    return range(ys.min(), ys.max() + 1) if ys.size else range(0)


def _found(image, colour, x: int, ys: range) -> bool:
    return bool(_close(image[ys.start : ys.stop, x - 1 : x + 2], colour).any())
