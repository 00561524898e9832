"""The generated module's schedules fire exactly when `parse_schedule` of the same spec fires."""

from __future__ import annotations

import importlib.util
import itertools
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tomodachi_schedule.compiler import parse_schedule
from tomodachi_schedule.compiler.sched.compile import compile_sched
from tomodachi_schedule.runtime.decorators import scheduled_specs

HERE = Path(__file__).parent
FILES = sorted((HERE.parent.parent / "examples").glob("*.sched")) + sorted(
    (HERE / "cases").glob("*.sched")
)
# Across a spring-forward and a fall-back in Europe and the Americas
START = datetime(2026, 3, 1, tzinfo=timezone.utc)
FIRES = 200


def load_generated(path: Path, tmp_path: Path, monkeypatch):
    """Compile ``path`` into ``tmp_path`` and import the module, its handlers importable."""
    from tomodachi_schedule.compiler.sched.compile import generate_python

    compilation = compile_sched(path.read_text(), source_name=path.name, search_path=None)
    module_path = tmp_path / f"generated_{path.stem}.py"
    module_path.write_text(generate_python(compilation))
    monkeypatch.syspath_prepend(str(path.parent))
    spec = importlib.util.spec_from_file_location(f"generated_{path.stem}", module_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return compilation.compiled, module


def first_fires(schedule, count=FIRES):
    return list(itertools.islice(schedule.iter_after(START), count))


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}-{p.stem}" for p in FILES])
def test_generated_schedules_fire_like_parse_schedule(path, tmp_path, monkeypatch):
    compiled, module = load_generated(path, tmp_path, monkeypatch)
    checked = 0
    for service in compiled.services:
        cls = getattr(module, service.class_name)
        for entry in service.entries:
            (job_spec,) = scheduled_specs(getattr(cls, entry.name))
            expected = parse_schedule(entry.spec, timezone=entry.zone)
            assert job_spec.schedule == expected, entry.location
            assert first_fires(job_spec.schedule) == first_fires(expected), entry.location
            checked += 1
    assert checked == sum(len(s.entries) for s in compiled.services) > 0
