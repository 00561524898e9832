"""Claims in Redis (``redis.asyncio``): one Lua script inserts a fire's record if it is absent.

The only module that imports ``redis``, and only when a Redis store is opened.
"""

from __future__ import annotations

import json
from typing import Any

from .claims import Claim, FireKey, RunRecord, format_instant
from .store import CoordinatorUnavailable

# KEYS: the fire's record (a hash), the schedule's index of nominal instants (a sorted set).
# ARGV: ttl ms, nominal ms, prune-before ms, contender flag, then the record's field/value pairs.
# Atomic because Redis runs a script alone; both keys share the schedule's hash tag.
_CLAIM = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  if ARGV[4] == '1' then redis.call('HINCRBY', KEYS[1], 'attempts', 1) end
  return 0
end
redis.call('HSET', KEYS[1], unpack(ARGV, 5))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[2])
local newest = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')[2]
local cutoff = math.min(tonumber(ARGV[3]), tonumber(newest))
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. cutoff)
return 1
"""
# KEYS: the fire's record. ARGV: owner, then field/value pairs. Only the owner may update it.
_UPDATE_OWN = """
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
return 1
"""
_JOBS = "tsched:jobs"  # every (service, job) that ever claimed, for the history listing
_OPTIONAL_INTS = ("started_ms", "finished_ms")


class RedisClaimStore:
    """A claim store in Redis; keys ``tsched:{service:job}:<instant>`` expire after their TTL."""

    def __init__(
        self,
        url: str,
        *,
        display_url: str | None = None,
        timeout: float = 2.0,
        wait_replicas: int = 0,
        wait_timeout: float = 1.0,
    ):
        self.url = display_url or url  # what logs show: no password
        self.wait_replicas = wait_replicas
        self.wait_timeout = wait_timeout
        self.timeout = max(timeout, wait_timeout + 1.0)
        self._connect_url = url
        self._client: Any = None
        self._scripts: dict[str, Any] = {}
        self._known_jobs: set[str] = set()

    async def open(self) -> list[str]:
        try:
            import redis.asyncio as redis_asyncio
        except ImportError as exc:
            raise CoordinatorUnavailable(
                f"{self.url}: the Redis backend needs the redis package"
                " (pip install 'tomodachi-schedule[redis]')"
            ) from exc
        self._client = redis_asyncio.Redis.from_url(
            self._connect_url,
            decode_responses=True,
            socket_timeout=self.timeout,
            socket_connect_timeout=self.timeout,
        )
        self._scripts = {
            "claim": self._client.register_script(_CLAIM),
            "update": self._client.register_script(_UPDATE_OWN),
        }
        warnings = await self._guard(persistence_warnings(self._client, self.url))
        return warnings + await self._guard(self._replica_warnings())

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def claim(self, claim: Claim) -> bool:
        key = claim.key
        fields = {
            "service": key.service,
            "job": key.job,
            "nominal_ms": key.nominal_ms,
            "owner": claim.owner,
            "attempts": 1,
            "catch_up": int(claim.catch_up),
            "claimed_ms": claim.now_ms,
        }
        if claim.outcome:
            fields |= {"finished_ms": claim.now_ms, "outcome": claim.outcome}
        contender = int(claim.outcome is None)
        args = [
            claim.ttl_ms,
            key.nominal_ms,
            claim.now_ms - claim.ttl_ms,
            contender,
            *_flat(fields),
        ]
        # Registered first: once the claim is made, nothing may fail and hide that it is ours.
        await self._remember_job(key)
        if not self.wait_replicas:
            return await self._guard(self._scripts["claim"](keys=_keys(key), args=args)) == 1
        return await self._claim_and_wait(key, args)

    async def _claim_and_wait(self, key: FireKey, args: list[Any]) -> bool:
        """A claim only counts once ``wait_replicas`` replicas have it (Redis WAIT), so a
        failover to one of them cannot forget it; otherwise the answer is unknown: skip."""
        # WAIT counts the writes of its own connection: both go down one pipeline
        pipeline = self._client.pipeline(transaction=False)
        await self._scripts["claim"](keys=_keys(key), args=args, client=pipeline)
        pipeline.wait(self.wait_replicas, int(self.wait_timeout * 1000))
        won, acked = await self._guard(pipeline.execute())
        if won == 1 and acked < self.wait_replicas:
            raise CoordinatorUnavailable(
                f"{self.url}: the claim of {format_instant(key.nominal_ms)} reached {acked} of"
                f" {self.wait_replicas} replica(s) within {self.wait_timeout:g}s"
            )
        return won == 1

    async def _replica_warnings(self) -> list[str]:
        import redis

        if not self.wait_replicas:
            return []
        try:
            connected = (await self._client.info("replication")).get("connected_slaves", 0)
        except redis.ResponseError:  # INFO refused (ACLs): WAIT will still tell, per claim
            return [f"{self.url}: cannot read INFO replication to count connected replicas"]
        if connected >= self.wait_replicas:
            return []
        return [
            f"{self.url}: wait_replicas={self.wait_replicas} but {connected} replica(s) are"
            " connected: claims cannot be confirmed and exclusive fires will be skipped"
        ]

    async def mark_started(self, key: FireKey, *, owner: str, now_ms: int) -> bool:
        return await self._update(key, owner, {"started_ms": now_ms})

    async def finish(
        self, key: FireKey, *, owner: str, now_ms: int, outcome: str, error: str | None = None
    ) -> bool:
        fields = {"finished_ms": now_ms, "outcome": outcome, "error": error or ""}
        return await self._update(key, owner, fields)

    async def last_fire(self, service: str, job: str) -> int | None:
        index = _index_key(FireKey(service=service, job=job, nominal_ms=0))
        newest = await self._guard(self._client.zrange(index, -1, -1, withscores=True))
        return int(newest[0][1]) if newest else None

    async def history(self, *, service: str | None = None, limit: int = 20) -> list[RunRecord]:
        jobs = [json.loads(member) for member in await self._guard(self._client.smembers(_JOBS))]
        keys: list[FireKey] = []
        for job_service, job in jobs:
            if service is None or job_service == service:
                keys += await self._recent_keys(job_service, job, limit)
        keys.sort(key=lambda k: (-k.nominal_ms, k.job))
        return await self._records(keys[:limit])

    async def _recent_keys(self, service: str, job: str, limit: int) -> list[FireKey]:
        index = _index_key(FireKey(service=service, job=job, nominal_ms=0))
        members = await self._guard(self._client.zrevrange(index, 0, limit - 1))
        return [FireKey(service=service, job=job, nominal_ms=int(m)) for m in members]

    async def _records(self, keys: list[FireKey]) -> list[RunRecord]:
        pipeline = self._client.pipeline(transaction=False)
        for key in keys:
            pipeline.hgetall(_record_key(key))
        rows = await self._guard(pipeline.execute())
        # A record past its TTL is gone while its index entry waits to be pruned: skip it.
        return [_record(key, row) for key, row in zip(keys, rows) if row]

    async def _update(self, key: FireKey, owner: str, fields: dict[str, Any]) -> bool:
        args = [owner, *_flat(fields)]
        return await self._guard(self._scripts["update"](keys=[_record_key(key)], args=args)) == 1

    async def _remember_job(self, key: FireKey) -> None:
        member = json.dumps([key.service, key.job])
        if member not in self._known_jobs:
            await self._guard(self._client.sadd(_JOBS, member))
            self._known_jobs.add(member)

    async def _guard(self, awaitable: Any) -> Any:
        """Await a Redis call; any failure means the answer is unknown."""
        import redis

        if self._client is None:
            raise CoordinatorUnavailable(f"{self.url}: the claim store is not open")
        try:
            return await awaitable
        except (redis.RedisError, OSError) as exc:
            raise CoordinatorUnavailable(f"{self.url}: {exc}") from exc


async def persistence_warnings(client: Any, url: str) -> list[str]:
    """What an operator must know about this Redis forgetting or evicting claims."""
    import redis

    try:
        config = await client.config_get("*")
    except redis.ResponseError:  # managed Redis often disables CONFIG
        return [f"{url}: cannot read CONFIG to check persistence; make sure AOF is on"]
    warnings = []
    if config.get("appendonly") != "yes":
        lost = "claims since the last snapshot" if config.get("save") else "every claim"
        warnings.append(
            f"{url}: appendonly is off, so a Redis restart forgets {lost} and a fire may run"
            " twice; set 'appendonly yes'"
        )
    policy = config.get("maxmemory-policy", "noeviction")
    if config.get("maxmemory", "0") != "0" and policy != "noeviction":
        # claims carry a TTL, so even volatile-* policies may evict them
        warnings.append(
            f"{url}: maxmemory-policy {policy} may evict claims when memory runs out and let a"
            " fire run twice; use noeviction"
        )
    return warnings


def _keys(key: FireKey) -> list[str]:
    return [_record_key(key), _index_key(key)]


def _record_key(key: FireKey) -> str:
    return f"tsched:{key.hash_tag}:{format_instant(key.nominal_ms)}"


def _index_key(key: FireKey) -> str:
    return f"tsched:{key.hash_tag}:fires"


def _flat(fields: dict[str, Any]) -> list[Any]:
    return [item for pair in fields.items() for item in pair]


def _record(key: FireKey, row: dict[str, str]) -> RunRecord:
    optional = {name: int(row[name]) for name in _OPTIONAL_INTS if row.get(name)}
    return RunRecord(
        key=key,
        owner=row["owner"],
        attempts=int(row.get("attempts", 1)),
        catch_up=row.get("catch_up") == "1",
        claimed_ms=int(row["claimed_ms"]),
        outcome=row.get("outcome") or None,
        error=row.get("error") or None,
        **optional,
    )
