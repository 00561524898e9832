"""Coordinator URLs: which one wins, the default path, and what a bad one says."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from tomodachi_schedule.errors import ScheduleError
from tomodachi_schedule.runtime.cluster import (
    ENV_VAR,
    RedisClaimStore,
    SqliteClaimStore,
    default_sqlite_path,
    resolve_coordinator_url,
    store_from_url,
)
from tomodachi_schedule.runtime.cluster.etcd import EtcdClaimStore
from tomodachi_schedule.runtime.cluster.postgres import PostgresClaimStore
from tomodachi_schedule.runtime.cluster.wiring import cluster_gate
from tomodachi_schedule.runtime.decorators import hourly
from tomodachi_schedule.runtime.service import Service, build_jobs


def test_an_argument_beats_the_sched_option_which_beats_the_environment():
    env = {ENV_VAR: "redis://env:6379/0", "XDG_STATE_HOME": "/state"}
    assert resolve_coordinator_url("sqlite:a.db", "sqlite:b.db", env) == "sqlite:a.db"
    assert resolve_coordinator_url(None, "sqlite:b.db", env) == "sqlite:b.db"
    assert resolve_coordinator_url(None, None, env) == "redis://env:6379/0"
    assert resolve_coordinator_url(None, None, {"XDG_STATE_HOME": "/state"}) == (
        "sqlite:///state/tomodachi-schedule/claims.db"
    )


def test_the_default_file_lives_under_the_xdg_state_directory():
    assert default_sqlite_path({}) == Path.home() / ".local/state/tomodachi-schedule/claims.db"
    assert default_sqlite_path({"XDG_STATE_HOME": "/srv/state"}) == Path(
        "/srv/state/tomodachi-schedule/claims.db"
    )


@pytest.mark.parametrize(
    "url, kind, where",
    [
        ("sqlite:///var/lib/claims.db", SqliteClaimStore, "/var/lib/claims.db"),
        ("sqlite:claims.db", SqliteClaimStore, "claims.db"),
        ("sqlite:///x.db?busy_timeout=2.5&synchronous=normal", SqliteClaimStore, "/x.db"),
        ("redis://localhost:6379/2", RedisClaimStore, None),
        ("rediss://cache.example:6380/0", RedisClaimStore, None),
        ("postgresql://app@db.internal:5432/app", PostgresClaimStore, None),
        (
            "postgres://app@db.internal/app?table=ops.fires&sslmode=require",
            PostgresClaimStore,
            None,
        ),
        ("etcd://10.0.0.1:2379,10.0.0.2:2379,[::1]:2379", EtcdClaimStore, None),
    ],
)
def test_urls_name_their_backend(url, kind, where):
    store = store_from_url(url)
    assert isinstance(store, kind)
    if where is not None:
        assert str(store.path) == where


@pytest.mark.parametrize(
    "url, message",
    [
        ("mysql://db/claims", "unknown coordinator scheme 'mysql'"),
        ("postgresql://h/db?table=drop;table", "bad table name 'drop;table'"),
        ("postgres://h/db?timeout=-1", "bad value '-1' for timeout"),
        ("etcd://h1:2379,h2", "etcd endpoints are host:port"),
        ("etcd://h1:2379,h2:99999", "etcd endpoints are host:port"),
        ("etcd://user:pw@h:2379", "an etcd URL names endpoints only"),
        ("etcd://h:2379/claims", "an etcd URL names endpoints only"),
        ("etcd://h:2379?lease=5", "unknown option 'lease'"),
        ("etcd://h:2379?timeout=soon", "bad value 'soon' for timeout"),
        ("etcd://h:2379?timeout=nan", "bad value 'nan' for timeout"),
        ("postgresql://h/db?timeout=inf", "bad value 'inf' for timeout"),
        ("postgresql://h/db?timeout=0", "timeout must be positive"),
        ("etcd://h:2379?prefix=claims", "the key prefix must end with '/'"),
        ("sqlite://claims.db", "an SQLite URL names a file path"),
        ("sqlite:", "the SQLite URL has no file path"),
        ("sqlite:///x.db?timeout=3", "unknown SQLite option 'timeout'"),
        ("sqlite:///x.db?busy_timeout=soon", "bad value 'soon' for busy_timeout"),
        ("sqlite:///x.db?synchronous=maybe", "bad synchronous mode"),
        ("redis://h:6379/0?wait_replicas=two", "bad value 'two' for wait_replicas"),
        ("redis://h:6379/0?wait_timeout=0", "wait_replicas and wait_timeout must be positive"),
    ],
)
def test_bad_urls_are_schedule_errors_with_a_hint(url, message):
    with pytest.raises(ScheduleError) as error:
        store_from_url(url)
    assert message in str(error.value) and "hint:" in str(error.value)


def service_in_module(module_setting: str | None, attribute: str | None):
    module = types.ModuleType("generated_billing")
    if module_setting:
        module.COORDINATOR = module_setting  # what a .sched `coordinator "..."` compiles to

    class Billing(Service):
        name = "billing"
        coordinator = attribute

        @hourly(exclusive=True)
        def report(self):
            pass

    Billing.__module__ = module.__name__
    sys.modules[module.__name__] = module
    try:
        (job,) = build_jobs(Billing())
        return job.gate.coordinator.store.url
    finally:
        del sys.modules[module.__name__]


def test_services_take_their_attribute_then_their_modules_setting(monkeypatch):
    monkeypatch.setenv(ENV_VAR, "sqlite:///from/env.db")
    assert service_in_module("sqlite:///module.db", "sqlite:///attr.db") == "sqlite:///attr.db"
    assert service_in_module("sqlite:///module.db", None) == "sqlite:///module.db"
    assert service_in_module(None, None) == "sqlite:///from/env.db"


def test_every_place_a_coordinator_is_given_takes_postgres_and_etcd_urls(monkeypatch):
    pg, etcd = "postgresql://app@db:5432/app", "etcd://e1:2379,e2:2379,e3:2379"
    monkeypatch.setenv(ENV_VAR, "postgres://app@env-db/app")
    assert service_in_module(None, etcd) == etcd  # the class attribute (and the decorator's)
    assert service_in_module(pg, None) == pg  # a .sched file's `coordinator`
    assert service_in_module(None, None) == "postgres://app@env-db/app"  # the environment


def test_replica_services_share_nothing_but_one_instance_shares_its_coordinator(sqlite_url):
    class Twice(Service):
        coordinator = sqlite_url

        @hourly(exclusive=True)
        def a(self):
            pass

        @hourly(exclusive=True)
        def b(self):
            pass

    one, other = Twice(), Twice()
    gates = [job.gate for job in build_jobs(one)] + [cluster_gate(other, build_jobs(one)[0])]
    assert gates[0].coordinator is gates[1].coordinator is not gates[2].coordinator


def test_redis_urls_keep_their_options_and_never_show_the_password():
    store = store_from_url("redis://:s3cret@h:6379/0?wait_replicas=2&socket_keepalive=true")
    assert (store.wait_replicas, store.wait_timeout) == (2, 1.0)
    assert store.url == "redis://:***@h:6379/0?wait_replicas=2&socket_keepalive=true"
    assert store._connect_url == "redis://:s3cret@h:6379/0?socket_keepalive=true"
    with pytest.raises(ScheduleError) as error:
        store_from_url("redis://user:s3cret@h/0?wait_replicas=-1")
    assert "s3cret" not in str(error.value) and "user:***@h" in str(error.value)


def test_postgres_urls_pass_the_drivers_options_on_and_never_show_the_password():
    store = store_from_url("postgres://app:s3cret@db:5432/app?table=ops.fires&sslmode=require")
    assert (store.table, store.timeout) == ("ops.fires", 2.0)
    assert store.url == "postgres://app:***@db:5432/app?table=ops.fires&sslmode=require"
    assert store._connect_url == "postgres://app:s3cret@db:5432/app?sslmode=require"
    with pytest.raises(ScheduleError) as error:
        store_from_url("postgresql://app:s3cret@db/app?timeout=0")
    assert "s3cret" not in str(error.value) and "app:***@db" in str(error.value)


def test_etcd_urls_list_every_member_and_their_options():
    store = store_from_url("etcd://10.0.0.1:2379, 10.0.0.2:2379?prefix=billing/&timeout=0.5")
    assert store.endpoints == ["10.0.0.1:2379", "10.0.0.2:2379"]
    assert (store.prefix, store._gateway.timeout) == ("billing/", 0.5)
    assert store.url == "etcd://10.0.0.1:2379,10.0.0.2:2379?prefix=billing/"


def test_sched_files_take_postgres_and_etcd_coordinators_and_point_at_a_bad_one():
    from tomodachi_schedule.compiler.sched.compile import compile_sched

    text = 'coordinator "{url}"\nservice "billing" {{\n    tick: "hourly" -> jobs:tick\n}}\n'
    for url in ("postgresql://app@db/app?table=ops.fires", "etcd://e1:2379,e2:2379"):
        assert compile_sched(text.format(url=url)).compiled is not None
    with pytest.raises(ScheduleError) as error:
        compile_sched(text.format(url="etcd://e1:2379,e2"), source_name="jobs.sched")
    assert str(error.value).startswith("jobs.sched:1:14: error: etcd endpoints are host:port")
