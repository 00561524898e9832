"""The examples in docs/services.md run (service definitions import; the FakeClock one runs)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "services.md"
BLOCKS = re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.DOTALL)


def test_the_page_has_examples():
    assert len(BLOCKS) >= 5


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_example_runs(index):
    source = BLOCKS[index]
    if "import tomodachi\n" in source:
        pytest.importorskip("tomodachi", reason="the tomodachi-hosted example needs tomodachi")
    exec(compile(source, f"{DOC.name}[{index}]", "exec"), {"__name__": f"docs_example_{index}"})
