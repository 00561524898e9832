"""Draw docs/img/plan.png: the timeline of plan_example.sched, screenshotted by headless Chromium.

Run `python docs/img/make_plan_screenshot.py` after changing the picture; tests use
`chromium_screenshot` from here too, so the docs and the browser test take pictures one way.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
EXAMPLE = HERE / "plan_example.sched"
OUTPUT = HERE / "plan.png"
WINDOW = ("--from", "2026-03-29T00:00", "--until", "2026-03-31T00:00", "--tz", "Europe/Stockholm")
SIZE = (1280, 480)
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


def find_chromium() -> str | None:
    """The path of a Chromium binary, or None."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_screenshot(html: Path, png: Path, size: tuple[int, int], timeout: float = 60) -> None:
    """Render ``html`` in headless Chromium at ``size`` (CSS px = device px) into ``png``."""
    binary = find_chromium()
    if binary is None:
        raise RuntimeError("chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="plan-chromium-") as profile:
        command = [
            binary,
            "--headless",
            "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            f"--user-data-dir={profile}",
            f"--screenshot={png}",
            f"--window-size={size[0]},{size[1]}",
            html.resolve().as_uri(),
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0 or not png.exists():
        raise RuntimeError(f"chromium failed ({result.returncode}): {result.stderr[-500:]}")


def write_plan_html(path: Path, sources: list[str], window: tuple[str, ...]) -> str:
    """Run ``tomodachi-compile plan SOURCES WINDOW --html PATH``; the agenda it printed."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from tomodachi_schedule.compiler.cli.registry import main

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(io.StringIO()):
        status = main(["plan", *sources, *window, "--html", str(path)])
    if status != 0:
        raise RuntimeError(f"tomodachi-compile plan exited with {status}")
    return printed.getvalue()


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="plan-shot-") as work:
        html = Path(work) / "plan.html"
        write_plan_html(html, [str(EXAMPLE)], WINDOW)
        chromium_screenshot(html, OUTPUT, SIZE)
    print(f"wrote {OUTPUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
