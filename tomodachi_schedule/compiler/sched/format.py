"""Format generated Python with black: the one place the compiler touches black."""

from __future__ import annotations


def format_python(source: str) -> str:
    """``source`` in black's default style (what a user's own ``black`` run leaves unchanged)."""
    import black  # imported here: only code generation needs it, and it is slow to import

    return black.format_str(source, mode=black.Mode())
