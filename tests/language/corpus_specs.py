"""Every spec written in the corpus files (phrases, errors, fires, equivalences, ambiguities)."""

from __future__ import annotations

import re
from pathlib import Path

CASES = Path(__file__).parent / "cases"
FILES = ("phrases.txt", "errors.txt", "fires.txt", "equivalent.txt", "ambiguous.txt")


def corpus_specs(files: tuple[str, ...] = FILES) -> list[str]:
    """The distinct specs of ``files`` (each field of a line that holds one), sorted."""
    specs = []
    for name in files:
        for line in (CASES / name).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                specs.extend(field.strip() for field in re.split(r";;|==|;", line))
    return sorted(set(specs))
