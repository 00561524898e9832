"""The FireGate that runs each fire on one replica: claim before running, record after."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Protocol

from ..observe import CLAIMED_ELSEWHERE, UNAVAILABLE, Refusal
from ..observe import MISSED as NOT_RUN_MISSED
from .catchup import CatchUpPlan, plan_catch_up
from .claims import MISSED, Claim, FireKey, format_instant, new_owner_id, to_ms
from .config import resolve_coordinator_url, store_from_url
from .options import Exclusive
from .store import ClaimStore, CoordinatorUnavailable

if TYPE_CHECKING:
    from ..engine.base import Schedule

log = logging.getLogger("tomodachi_schedule.cluster")


class FireLike(Protocol):
    service: str
    job: str
    nominal: datetime
    catch_up: bool


class JobLike(Protocol):
    service: str
    name: str
    schedule: Schedule


class Coordinator:
    """One replica's link to the claim store, shared by all its exclusive schedules.

    Opens the store on first use (and again after a failed open), logs the store's warnings
    once, and logs an outage once when it starts and once when it ends.
    """

    def __init__(self, store: ClaimStore, *, clock: Any = None, owner: str | None = None):
        self.store = store
        self.clock = clock
        self.owner = owner or new_owner_id()
        self._opened = False
        self._open_lock = asyncio.Lock()
        self._outage = _OutageLog(store.url)

    @classmethod
    def from_url(
        cls, url: str | None = None, *, configured: str | None = None, **kw: Any
    ) -> Coordinator:
        """The coordinator for ``url``, else the ``.sched`` option, else the environment, else
        the default SQLite file."""
        return cls(store_from_url(resolve_coordinator_url(url, configured)), **kw)

    def gate(self, options: Exclusive | None = None) -> ClusterGate:
        """A FireGate for one schedule."""
        return ClusterGate(self, options or Exclusive())

    def now_ms(self) -> int:
        return to_ms(self.clock.now() if self.clock is not None else datetime.now(timezone.utc))

    async def start(self) -> None:
        """Open the store at service start, so its warnings show before the first fire."""
        try:
            await self._ensure_open()
        except CoordinatorUnavailable as exc:
            self._outage.failed(exc)

    async def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """Call the store; ``CoordinatorUnavailable`` is logged (once per outage) and re-raised."""
        try:
            await self._ensure_open()
            result = await getattr(self.store, method)(*args, **kwargs)
        except CoordinatorUnavailable as exc:
            self._outage.failed(exc)
            raise
        self._outage.answered()
        return result

    async def close(self) -> None:
        if self._opened:
            self._opened = False
            await self.store.close()

    async def _ensure_open(self) -> None:
        async with self._open_lock:
            if not self._opened:
                for warning in await self.store.open():
                    log.warning("%s", warning)
                self._opened = True


class ClusterGate:
    """Runs a schedule's fires once per cluster: ``enter`` claims, ``exit`` records the outcome."""

    def __init__(self, coordinator: Coordinator, options: Exclusive):
        self.coordinator = coordinator
        self.options = options

    def use_clock(self, clock: Any) -> None:
        """Measure lateness and timestamps on the scheduler's clock (a fake one in tests)."""
        self.coordinator.clock = clock

    async def enter(self, fire: FireLike) -> bool | Refusal:
        """True when this replica won the fire; False when another did, it is too late, or the
        coordinator cannot say (then nobody runs it: never once per replica).

        Lateness is measured again once the claim is obtained: a claim that waited (a locked
        file, a slow store) past the fire's grace is recorded as missed instead of run.
        """
        key = _key(fire)
        now_ms = self.coordinator.now_ms()
        grace_ms = self._grace_ms(fire)
        try:
            late_ms = now_ms - key.nominal_ms
            if late_ms > grace_ms:
                await self._claim(key, now_ms, fire.catch_up, MISSED)
                log.warning(
                    "%s is %.1fs late, past its grace: missed", _describe(key), late_ms / 1000
                )
                return _MISSED
            won = await self._claim(key, now_ms, fire.catch_up)
        except CoordinatorUnavailable:
            return _UNAVAILABLE
        if not won:
            return _CLAIMED_ELSEWHERE
        claimed_ms = self.coordinator.now_ms()
        if claimed_ms - key.nominal_ms > grace_ms:
            await self._missed_after_claim(key, claimed_ms, grace_ms)
            return _MISSED
        await self._quietly("mark_started", key, owner=self.coordinator.owner, now_ms=claimed_ms)
        return True

    async def _missed_after_claim(self, key: FireKey, claimed_ms: int, grace_ms: int) -> None:
        reason = (
            f"claimed {(claimed_ms - key.nominal_ms) / 1000:.1f}s after its instant, past its"
            f" misfire_grace of {grace_ms / 1000:g}s (the coordinator answered late)"
        )
        log.warning("%s: %s: missed", _describe(key), reason)
        await self._quietly(
            "finish", key, owner=self.coordinator.owner, now_ms=claimed_ms, outcome=MISSED,
            error=reason,
        )  # fmt: skip

    async def exit(self, fire: FireLike, outcome: str, error: str | None = None) -> None:
        """Record how the run we claimed ended; a store failure is logged, never raised."""
        key = _key(fire)
        now_ms = self.coordinator.now_ms()
        done = await self._quietly(
            "finish", key, owner=self.coordinator.owner, now_ms=now_ms, outcome=outcome, error=error
        )
        if done is False:
            log.warning("%s: its record expired before the run ended (%s)", _describe(key), outcome)

    async def catch_up(self, job: JobLike, now: datetime | None = None) -> list[datetime]:
        """At start: the fires of ``job`` missed while every replica was down that should run
        now, oldest first (run them as catch-up fires, through ``enter``); records the coalesced
        and missed ones in the history. Opens the store in any case (the scheduler calls this
        at start for every gate)."""
        await self.coordinator.start()
        if not self.options.catch_up:
            return []
        now_ms = to_ms(now) if now is not None else self.coordinator.now_ms()
        try:
            last_ms = await self.coordinator.call("last_fire", job.service, job.name)
            plan = plan_catch_up(job.schedule, self.options, last_ms=last_ms, now_ms=now_ms)
            await self._record_plan(job.service, job.name, plan, now_ms)
        except CoordinatorUnavailable:
            return []
        return list(plan.run)

    async def _record_plan(self, service: str, job: str, plan: CatchUpPlan, now_ms: int) -> None:
        for outcome, fires in plan.recorded.items():
            for fire in fires:
                await self._claim(FireKey.of(service, job, fire), now_ms, True, outcome)
        if plan.missed or plan.coalesced:
            log.info(
                "%s:%s catch-up: running %d fire(s); %d coalesced, %d missed (%d not recorded)",
                service, job, len(plan.run), len(plan.coalesced), len(plan.missed),
                plan.unrecorded,
            )  # fmt: skip

    async def _claim(
        self, key: FireKey, now_ms: int, catch_up: bool, outcome: str | None = None
    ) -> bool:
        claim = Claim(
            key=key,
            owner=self.coordinator.owner,
            now_ms=now_ms,
            ttl_ms=int(self.options.claim_ttl * 1000),
            catch_up=catch_up,
            outcome=outcome,
        )
        return await self.coordinator.call("claim", claim)

    async def _quietly(self, method: str, *args: Any, **kwargs: Any) -> Any:
        # Bookkeeping after the claim: the fire is ours whatever happens here.
        try:
            return await self.coordinator.call(method, *args, **kwargs)
        except CoordinatorUnavailable:
            return None

    def _grace_ms(self, fire: FireLike) -> int:
        # The scheduler also flags fires it woke up late for as catch-up: they keep the
        # ordinary grace even when start-up catch-up is off.
        grace = self.options.misfire_grace
        if fire.catch_up:
            grace = max(grace, self.options.catch_up)
        return int(grace * 1000)


# why a fire did not run here, for the per-fire log and metrics (false, as enter's False was)
_MISSED, _UNAVAILABLE = Refusal(NOT_RUN_MISSED), Refusal(UNAVAILABLE)
_CLAIMED_ELSEWHERE = Refusal(CLAIMED_ELSEWHERE)


class _OutageLog:
    """Logs the first failure of an outage and its end, not every skipped fire."""

    def __init__(self, url: str):
        self.url = url
        self.failures = 0

    def failed(self, error: Exception) -> None:
        self.failures += 1
        if self.failures == 1:
            log.error(
                "coordinator unavailable, exclusive fires are skipped until it answers: %s", error
            )
        else:
            log.debug("coordinator still unavailable: %s", error)

    def answered(self) -> None:
        if self.failures:
            log.warning(
                "coordinator %s answers again; %d call(s) failed meanwhile", self.url, self.failures
            )
            self.failures = 0


def _key(fire: FireLike) -> FireKey:
    return FireKey.of(fire.service, fire.job, fire.nominal)


def _describe(key: FireKey) -> str:
    return f"{key.service}:{key.job} fire at {format_instant(key.nominal_ms)}"
