"""docs/sched-files.md: its `.sched` examples compile, and the outputs it shows are the real ones."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tomodachi_schedule.compiler.sched.compile import compile_sched, generate_python
from tomodachi_schedule.errors import ScheduleError

DOC = Path(__file__).parent.parent.parent / "docs" / "sched-files.md"
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", DOC.read_text(), re.DOTALL)
SCHED_BLOCKS = [text for language, text in BLOCKS if language == "sched"]
HANDLERS = {
    "shop/__init__.py": "",
    "shop/jobs.py": "async def restock():\n    pass\n\n\nasync def sync_prices():\n    pass\n",
    "shop/reports.py": "def daily(invocation_time):\n    pass\n",
}


@pytest.fixture
def shop(tmp_path):
    """The handler package the documentation's examples name."""
    for name, text in HANDLERS.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


def compile_block(text: str, name: str, shop: Path):
    return compile_sched(text, source_name=name, display_name=name, search_path=[str(shop)])


def test_the_first_example_compiles_to_the_module_shown(shop):
    module = generate_python(compile_block(SCHED_BLOCKS[0], "schedules.sched", shop))
    shown = next(text for language, text in BLOCKS if language == "python").splitlines()
    cut = shown.index("    ...")
    lines = module.splitlines()
    assert lines[0] == shown[0]
    assert lines[1].startswith(shown[1].rstrip("."))  # the hash is abbreviated in the page
    assert lines[2:cut] == shown[2:cut]
    tail = shown[cut + 1 :]
    assert lines[-len(tail) :] == tail


def test_the_error_example_gives_the_errors_shown(shop):
    with pytest.raises(ScheduleError) as raised:
        compile_block(SCHED_BLOCKS[1], "shop.sched", shop)
    shown = next(text for language, text in BLOCKS if language == "text")
    count = len(raised.value.diagnostics)
    assert raised.value.render() + f"\n{count} errors in shop.sched\n" == shown
