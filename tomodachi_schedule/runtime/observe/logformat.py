"""Log output for the runner: text lines, or one JSON object per line for log aggregators."""

from __future__ import annotations

import logging
from datetime import datetime, timezone

LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
LOG_FORMATS = ("text", "json")
FIRE_LOGGER = "tomodachi_schedule.fires"


# What fire events and the schedule table pass as ``extra``: plain record attributes, so any
# logging setup (tomodachi's structlog included) shows them as key=value pairs.
FIELDS = (
    *("kind", "service", "schedule", "fire", "catch_up", "late_ms", "outcome", "duration_ms"),
    *("schedules", "coordinators", "left_out"),
)


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", ...fields}``: the `FIELDS` a record carries
    (fire events, the schedule table) become top-level keys."""

    def format(self, record: logging.LogRecord) -> str:
        import json  # here: text logs (the default) keep json out of the runner's start-up

        line = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in FIELDS:
            if name in record.__dict__:
                line[name] = record.__dict__[name]
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure_logging(level: str | int, log_format: str = "text", quiet: bool = False) -> None:
    """Log to stderr at ``level`` unless the application configured logging already;
    ``quiet`` turns the per-fire lines down to warnings (failures, skips, misses)."""
    if isinstance(level, str):
        level = level.upper()
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(
            JsonFormatter() if log_format == "json" else logging.Formatter(LOG_FORMAT)
        )
        root.addHandler(handler)
        root.setLevel(level)
    logging.getLogger("tomodachi_schedule").setLevel(level)
    fires = logging.getLogger(FIRE_LOGGER)
    fires.setLevel(logging.WARNING if quiet else logging.NOTSET)
