"""Result rows, the one table they make, and a description of the machine that produced them."""

from __future__ import annotations

import os
import platform
import sys
from dataclasses import dataclass

MET, MISSED, NOT_MEASURED, INFO = "met", "MISSED", "not measured", "—"


@dataclass(frozen=True)
class Row:
    """One line of the results table: what we measured, against whom, and the verdict."""

    measure: str
    ours: str
    others: str
    target: str
    status: str
    note: str = ""


def not_measured(measure: str, target: str, why: str, others: str = "—") -> Row:
    """A row for something of ours that could not be measured, saying why (never a made-up figure)."""
    return Row(measure, "—", others, target, NOT_MEASURED, one_line(why))


def one_line(text: str, limit: int = 300) -> str:
    """`text` on one line, whitespace runs collapsed, cut at `limit` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def verdict(ok: bool) -> str:
    """The status word for a target that was checked."""
    return MET if ok else MISSED


def number(value: float, digits: int = 0) -> str:
    """`value` with thousands separators, e.g. 12,345 or 1.25."""
    return f"{value:,.{digits}f}"


def ms(seconds: float) -> str:
    """Seconds shown as milliseconds with a sensible precision."""
    value = seconds * 1000
    return f"{value:.2f} ms" if abs(value) < 10 else f"{value:,.1f} ms"


COLUMNS = ("measure", "ours", "compared with", "target", "status", "note")


def markdown_table(rows: list[Row]) -> str:
    """The rows as a GitHub-flavoured markdown table."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + " --- |" * len(COLUMNS)]
    for row in rows:
        cells = (row.measure, row.ours, row.others, row.target, row.status, row.note)
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines)


def console_table(rows: list[Row]) -> str:
    """The rows as a plain text table for the terminal (notes on their own indented line)."""
    widths = [max(len(COLUMNS[i]), *(len(cells(row)[i]) for row in rows)) for i in range(5)]
    header = "  ".join(name.ljust(width) for name, width in zip(COLUMNS, widths))
    lines = [header, "-" * len(header)]
    for row in rows:
        lines.append(
            "  ".join(cell.ljust(width) for cell, width in zip(cells(row), widths)).rstrip()
        )
        if row.note:
            lines.append("    " + row.note)
    return "\n".join(lines)


def cells(row: Row) -> tuple[str, ...]:
    """The first five cells of a row, in column order."""
    return (row.measure, row.ours, row.others, row.target, row.status)


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo, or what platform knows."""
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def machine() -> str:
    """One line naming CPU, cores, OS and Python."""
    return (
        f"{cpu_model()}, {os.cpu_count()} logical cores, {platform.system()} {platform.release()}, "
        f"{platform.python_implementation()} {sys.version.split()[0]}, load average at start "
        f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
