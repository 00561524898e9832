"""The local zone's TZ look-up reads os.environ's own dict: the same answer as ``os.environ.get``,
set, unset, changed, and with os.environ replaced by a plain mapping."""

from __future__ import annotations

import os

from tomodachi_schedule.runtime.engine.zones import names


def test_tz_is_read_as_os_environ_get_reads_it(monkeypatch):
    monkeypatch.delenv("TZ", raising=False)
    assert names._tz_variable() is None
    for value in ("Europe/Stockholm", ":UTC", "", "Åland/Mariehamn"):
        monkeypatch.setenv("TZ", value)
        assert names._tz_variable() == os.environ.get("TZ") == value
    monkeypatch.delenv("TZ")
    assert names._tz_variable() is None


def test_a_replaced_environ_is_asked_plainly(monkeypatch):
    monkeypatch.setattr(os, "environ", {"TZ": "Asia/Tokyo"})
    assert names._tz_variable() == "Asia/Tokyo"
    assert str(names.local_zone()) == "Asia/Tokyo"
