"""`tomodachi run` finds services written against our `Service` (the seed with its import changed)."""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

import pytest
from svc_support import ServiceProcess

from tomodachi_schedule import Service

ROOT = Path(__file__).resolve().parents[2]

needs_tomodachi = pytest.mark.skipif(
    shutil.which("tomodachi") is None, reason="tomodachi is not installed"
)


def test_only_leaf_service_classes_carry_tomodachis_service_flag():
    class Base(Service):
        pass

    class Leaf(Base):
        pass

    assert "_tomodachi_class_is_service_class" not in vars(Service)
    assert "_tomodachi_class_is_service_class" not in vars(Base)  # a base is never started
    assert Leaf._tomodachi_class_is_service_class is True


@needs_tomodachi
def test_tomodachi_run_starts_the_seed_service_on_our_engine():
    process = ServiceProcess(
        "tomodachi", "run", "--production", "examples/seed_service.py", cwd=ROOT
    )
    try:
        process.wait_for("Every 20 seconds and immediately", timeout=20)
        process.signal(signal.SIGTERM)
        assert process.finish() == 0
        assert "Traceback" not in process.output
    finally:
        process.kill()
