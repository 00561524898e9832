"""Claims in etcd: a transaction creates a fire's key only if it does not exist, decided by Raft.

Keys (``prefix`` defaults to ``tsched/``; service and job names are percent-encoded):

- ``<prefix>fire/<service>/<job>/<nominal ms, 16 digits>``: the run record (JSON), on a lease;
- ``<prefix>contender/<service>/<job>/<nominal ms>/<owner>``: one per losing replica, same lease;
- ``<prefix>last/<service>/<job>``: the newest nominal instant claimed, kept without a lease
  (catch-up needs it after the records expired; one key per schedule).
"""

from __future__ import annotations

import asyncio
import json
import math
import time
from typing import Any
from urllib.parse import quote

from .claims import Claim, FireKey, RunRecord
from .etcd_gateway import EtcdGateway, EtcdRejected, decode, encode, range_end
from .store import CoordinatorUnavailable

LEASE_REUSE_LIMIT = 600  # seconds a lease is shared by later claims: records live TTL to TTL+this
_MAX_OWNED = 10_000  # records kept for updating without a read (a forgotten one is read again)
_MAX_TXN_OPS = 100  # etcd refuses transactions of more than 128 operations by default


class EtcdClaimStore:
    """A claim store in an etcd cluster, reached through its JSON gateway on any member."""

    def __init__(self, endpoints: list[str], *, prefix: str = "tsched/", timeout: float = 2.0):
        self.endpoints = endpoints
        self.prefix = prefix
        options = "" if prefix == "tsched/" else f"?prefix={prefix}"
        self.url = "etcd://" + ",".join(endpoints) + options
        self._gateway = EtcdGateway(endpoints, timeout=timeout, label=self.url)
        self._leases: dict[int, tuple[str, float]] = {}  # claim TTL (s) -> lease id, reuse until
        self._lease_lock: asyncio.Lock | None = None  # made in open(): on the loop that uses it
        # Records this replica won, with their revision: updating them needs no read first.
        self._owned: dict[str, tuple[dict[str, Any], str]] = {}

    async def open(self) -> list[str]:
        self._lease_lock = asyncio.Lock()
        await self._gateway.open()
        await self._call("maintenance/status", {})  # some member answers: the store is usable
        return []

    async def close(self) -> None:
        await self._gateway.close()

    async def claim(self, claim: Claim) -> bool:
        try:
            txn = self._claim_txn(claim, await self._lease(claim))
            answer = await self._gateway.call("kv/txn", txn)
        except EtcdRejected:  # the shared lease expired or was revoked: nothing was written
            self._leases.clear()
            txn = self._claim_txn(claim, await self._lease(claim))
            answer = await self._call("kv/txn", txn)
        if answer.get("succeeded"):
            if claim.outcome is None:
                self._remember(self._fire_key(claim.key), txn_record(txn), answer)
            return True
        # Taken. By us, if an earlier attempt of this very claim committed unheard (a timeout,
        # then a retry on another member): owners are unique per process.
        kvs = answer["responses"][-1]["response_range"].get("kvs", [])
        return bool(kvs) and json.loads(decode(kvs[0]["value"]))["owner"] == claim.owner

    async def mark_started(self, key: FireKey, *, owner: str, now_ms: int) -> bool:
        return await self._update(key, owner, {"started_ms": now_ms})

    async def finish(
        self, key: FireKey, *, owner: str, now_ms: int, outcome: str, error: str | None = None
    ) -> bool:
        return await self._update(
            key, owner, {"finished_ms": now_ms, "outcome": outcome, "error": error}
        )

    async def last_fire(self, service: str, job: str) -> int | None:
        kv = await self._get(self._last_key(service, job))
        return None if kv is None else int(decode(kv["value"]))

    async def history(self, *, service: str | None = None, limit: int = 20) -> list[RunRecord]:
        scope = f"{self.prefix}last/" + ("" if service is None else f"{_part(service)}/")
        answer = await self._call("kv/range", _range(scope, keys_only=True))
        schedules = [decode(kv["key"])[len(self.prefix) + 5 :] for kv in answer.get("kvs", [])]
        scans = [_range(f"{self.prefix}fire/{schedule}/", limit=limit) for schedule in schedules]
        kvs = [kv for response in await self._read_all(scans) for kv in response.get("kvs", [])]
        records = sorted((json.loads(decode(kv["value"])) for kv in kvs), key=_newest_first)
        return await self._with_contenders(records[:limit])

    def _claim_txn(self, claim: Claim, lease: str) -> dict[str, Any]:
        key = claim.key
        record = {
            "service": key.service, "job": key.job, "nominal_ms": key.nominal_ms,
            "owner": claim.owner, "catch_up": claim.catch_up, "claimed_ms": claim.now_ms,
            "started_ms": None, "finished_ms": claim.now_ms if claim.outcome else None,
            "outcome": claim.outcome, "error": None,
        }  # fmt: skip
        fire = self._fire_key(key)
        failure = [{"request_range": {"key": encode(fire)}}]
        if claim.outcome is None:  # a contender: count it, on the same lease as the records
            contender = f"{self._contender_scope(key)}{_part(claim.owner)}"
            failure.insert(0, _put(contender, "", lease))
        return {
            "compare": [_absent(fire)],
            "success": [_put(fire, json.dumps(record), lease), self._raise_last(key)],
            "failure": failure,
        }

    def _raise_last(self, key: FireKey) -> dict[str, Any]:
        """A nested transaction: the schedule's newest instant becomes this one if it is newer
        (values are fixed-width digits, so etcd's byte comparison orders them as numbers)."""
        last, value = self._last_key(key.service, key.job), _instant(key.nominal_ms)
        newer = {"key": encode(last), "target": "VALUE", "result": "LESS", "value": encode(value)}
        if_newer = {"compare": [newer], "success": [_put(last, value)]}
        return {
            "request_txn": {
                "compare": [_absent(last)],
                "success": [_put(last, value)],
                "failure": [{"request_txn": if_newer}],
            }
        }

    async def _lease(self, claim: Claim) -> str:
        """A lease that outlives the claim's TTL, shared by claims for a while (granting one is a
        Raft write of its own): records live between the TTL and the TTL plus the reuse time."""
        ttl = max(1, math.ceil(claim.ttl_ms / 1000))
        reuse = min(LEASE_REUSE_LIMIT, max(1, ttl // 16))
        async with self._lease_lock or asyncio.Lock():
            lease, reuse_until = self._leases.get(ttl, ("", 0.0))
            if time.monotonic() < reuse_until:
                return lease
            granted = await self._call("lease/grant", {"TTL": ttl + reuse})
            self._leases[ttl] = (granted["ID"], time.monotonic() + reuse)
            return granted["ID"]

    async def _update(self, key: FireKey, owner: str, fields: dict[str, Any]) -> bool:
        """Change our own record; the compare on its revision makes the write safe to repeat."""
        fire = self._fire_key(key)
        known = self._owned.pop(fire, None)
        for _ in range(3):
            if known is None:
                kv = await self._get(fire)
                known = (json.loads(decode(kv["value"])), kv["mod_revision"]) if kv else ({}, "")
            record, revision = known
            if record.get("owner") != owner:
                return False  # expired, or never ours
            record = record | fields
            put = {"key": encode(fire), "value": encode(json.dumps(record))}
            same = {"key": encode(fire), "target": "MOD", "result": "EQUAL"}
            txn = {
                "compare": [same | {"mod_revision": revision}],
                "success": [{"request_put": put | {"ignore_lease": True}}],
            }
            answer = await self._call("kv/txn", txn)
            if answer.get("succeeded"):
                if "finished_ms" not in fields:  # the run goes on: keep it for its finish
                    self._remember(fire, record, answer)
                return True
            known = None  # changed meanwhile (a repeated write of ours): read it again
        return False

    def _remember(self, fire: str, record: dict[str, Any], answer: dict[str, Any]) -> None:
        if len(self._owned) >= _MAX_OWNED:  # runs that never reported an end: forget them
            self._owned.clear()
        self._owned[fire] = (record, answer["header"]["revision"])

    async def _with_contenders(self, records: list[dict[str, Any]]) -> list[RunRecord]:
        scans = [_range(self._contender_scope(_fire(r)), keys_only=True) for r in records]
        responses = await self._read_all(scans)
        result = []
        for record, response in zip(records, responses):
            own = f"/{_part(record['owner'])}"  # a retried claim may have counted its winner
            losers = [kv for kv in response.get("kvs", []) if not decode(kv["key"]).endswith(own)]
            result.append(_run_record(record, attempts=1 + len(losers)))
        return result

    async def _read_all(self, ranges: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Several range reads, in as few transactions as etcd allows."""
        responses: list[dict[str, Any]] = []
        for start in range(0, len(ranges), _MAX_TXN_OPS):
            batch = [{"request_range": r} for r in ranges[start : start + _MAX_TXN_OPS]]
            answer = await self._call("kv/txn", {"success": batch})
            responses += [response["response_range"] for response in answer["responses"]]
        return responses

    async def _get(self, key: str) -> dict[str, Any] | None:
        kvs = (await self._call("kv/range", {"key": encode(key)})).get("kvs", [])
        return kvs[0] if kvs else None

    async def _call(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        try:
            return await self._gateway.call(path, body)
        except EtcdRejected as exc:
            raise CoordinatorUnavailable(str(exc)) from exc

    def _fire_key(self, key: FireKey) -> str:
        schedule = f"{_part(key.service)}/{_part(key.job)}"
        return f"{self.prefix}fire/{schedule}/{_instant(key.nominal_ms)}"

    def _contender_scope(self, key: FireKey) -> str:
        schedule = f"{_part(key.service)}/{_part(key.job)}"
        return f"{self.prefix}contender/{schedule}/{_instant(key.nominal_ms)}/"

    def _last_key(self, service: str, job: str) -> str:
        return f"{self.prefix}last/{_part(service)}/{_part(job)}"


def txn_record(txn: dict[str, Any]) -> dict[str, Any]:
    """The record a claim transaction writes (its first operation)."""
    return json.loads(decode(txn["success"][0]["request_put"]["value"]))


def _part(name: str) -> str:
    return quote(name, safe="")


def _instant(nominal_ms: int) -> str:
    return f"{nominal_ms:016d}"


def _absent(key: str) -> dict[str, Any]:
    return {"key": encode(key), "target": "CREATE", "result": "EQUAL", "create_revision": "0"}


def _put(key: str, value: str, lease: str | None = None) -> dict[str, Any]:
    put = {"key": encode(key), "value": encode(value)}
    return {"request_put": put | ({"lease": lease} if lease else {})}


def _range(prefix: str, *, keys_only: bool = False, limit: int = 0) -> dict[str, Any]:
    scan: dict[str, Any] = {"key": encode(prefix), "range_end": encode(range_end(prefix))}
    if keys_only:
        scan["keys_only"] = True
    if limit:
        scan |= {"limit": limit, "sort_order": "DESCEND", "sort_target": "KEY"}
    return scan


def _newest_first(record: dict[str, Any]) -> tuple[int, str]:
    return -record["nominal_ms"], record["job"]


def _fire(record: dict[str, Any]) -> FireKey:
    return FireKey(service=record["service"], job=record["job"], nominal_ms=record["nominal_ms"])


def _run_record(record: dict[str, Any], *, attempts: int) -> RunRecord:
    return RunRecord(
        key=_fire(record),
        owner=record["owner"],
        attempts=attempts,
        catch_up=record["catch_up"],
        claimed_ms=record["claimed_ms"],
        started_ms=record.get("started_ms"),
        finished_ms=record.get("finished_ms"),
        outcome=record.get("outcome"),
        error=record.get("error"),
    )
