"""Running a short program in a fresh interpreter: which modules a path loads shows only there."""

from __future__ import annotations

import subprocess
import sys


def printed_by(program: str) -> list[str]:
    """The words ``program`` prints when run by ``python -c`` in a new process."""
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    return result.stdout.split()
