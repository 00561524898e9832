"""The claim key and run record shared by every claim store: one row per fire, never two."""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass
from datetime import datetime, timezone

# Terminal outcomes a run record can carry: the outcomes of a run (jobs.OK, FAILED, CANCELLED)
# and these two of the cluster's own. A record without an outcome is still running, or its
# replica died while holding the claim (history shows it as "unfinished").
MISSED = "missed"  # later than its misfire grace: never run, recorded so history shows the gap
COALESCED = "coalesced"  # caught up, but folded into another fire by the coalesce policy


@dataclass(frozen=True, kw_only=True)
class FireKey:
    """What a claim is about: one nominal fire of one schedule of one service."""

    service: str
    job: str
    nominal_ms: int  # the nominal fire instant, UTC epoch milliseconds

    @classmethod
    def of(cls, service: str, job: str, nominal: datetime) -> FireKey:
        """The key of the fire of ``job`` at the aware instant ``nominal``."""
        return cls(service=service, job=job, nominal_ms=to_ms(nominal))

    @property
    def nominal(self) -> datetime:
        return from_ms(self.nominal_ms)

    @property
    def hash_tag(self) -> str:
        """The Redis hash tag: all keys of one schedule live in one cluster slot."""
        return "{" + f"{self.service}:{self.job}" + "}"


@dataclass(frozen=True, kw_only=True)
class Claim:
    """A replica asking to own one fire; with ``outcome`` it records the fire as already
    decided (``missed``, ``coalesced``) instead."""

    key: FireKey
    owner: str
    now_ms: int  # on the replica's clock
    ttl_ms: int  # how long the record must outlive this moment
    catch_up: bool = False
    outcome: str | None = None


@dataclass(frozen=True, kw_only=True)
class RunRecord:
    """The claim row, which is also the history of that fire."""

    key: FireKey
    owner: str
    attempts: int  # replicas that tried to claim this fire (1 = only the winner)
    catch_up: bool
    claimed_ms: int
    started_ms: int | None = None
    finished_ms: int | None = None
    outcome: str | None = None
    error: str | None = None

    @property
    def duration(self) -> float | None:
        """Seconds from start to finish, when both happened."""
        if self.started_ms is None or self.finished_ms is None:
            return None
        return (self.finished_ms - self.started_ms) / 1000

    @property
    def status(self) -> str:
        return self.outcome or ("unfinished" if self.started_ms else "claimed")


def to_ms(instant: datetime) -> int:
    """UTC epoch milliseconds of an aware datetime (a naive one is a mistake, not local time)."""
    if instant.tzinfo is None:
        raise TypeError("fire instants must be aware datetimes")
    return round(instant.timestamp() * 1000)


def from_ms(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc)


def format_instant(ms: int) -> str:
    """ISO 8601 in UTC with a ``Z``; milliseconds only when there are some (handlers'
    ``invocation_time`` text, so logs, history and Redis keys name a fire the same way)."""
    from tomodachi_schedule.runtime.jobs import invocation_time

    return invocation_time(from_ms(ms))


def new_owner_id() -> str:
    """A name for this replica that no other process will ever use: host, pid and a nonce."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
