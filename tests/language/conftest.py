"""Shared helpers of the language tests: reading the case files under cases/."""

from __future__ import annotations

from pathlib import Path

CASES = Path(__file__).parent / "cases"


def case_lines(name: str) -> list[str]:
    """The non-blank, non-comment lines of a case file."""
    lines = (CASES / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]
