"""etcd's JSON gateway (``/v3/kv/txn`` ...) over aiohttp, failing over between cluster members.

The only module that imports ``aiohttp``, and only when an etcd store is opened.
"""

from __future__ import annotations

import asyncio
import base64
from typing import Any

from .store import CoordinatorUnavailable

_PAUSE = 0.05  # seconds between two rounds over every member (an election is under way)


class EtcdRejected(Exception):
    """etcd answered, and refused the request (e.g. an expired lease): retrying elsewhere will
    not help, but the request was not applied either."""


class EtcdGateway:
    """POSTs to ``http://<member>/v3/<path>``; a member that does not answer, or answers that it
    cannot serve now (no leader, leader changed, timed out), is skipped for the next one until
    ``timeout`` seconds have passed. Callers must make their requests safe to repeat."""

    def __init__(self, endpoints: list[str], *, timeout: float, label: str):
        self.endpoints = endpoints
        self.timeout = timeout
        self.label = label
        self._preferred = 0  # the member that answered last is asked first
        self._session: Any = None

    async def open(self) -> None:
        try:
            import aiohttp
        except ImportError as exc:
            raise CoordinatorUnavailable(
                f"{self.label}: the etcd backend needs the aiohttp package"
                " (pip install 'tomodachi-schedule[etcd]')"
            ) from exc
        if self._session is None:
            self._session = aiohttp.ClientSession()

    async def close(self) -> None:
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()

    async def call(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """The decoded answer of the first member that can serve the request."""
        if self._session is None:
            raise CoordinatorUnavailable(f"{self.label}: the claim store is not open")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        failures: list[str] = []
        while True:
            for offset in range(len(self.endpoints)):
                index = (self._preferred + offset) % len(self.endpoints)
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise CoordinatorUnavailable(_summary(self.label, failures, self.timeout))
                answer = await self._post(self.endpoints[index], path, body, remaining, failures)
                if answer is not None:
                    self._preferred = index
                    return answer
            await asyncio.sleep(min(_PAUSE, max(0.0, deadline - loop.time())))

    async def _post(
        self, endpoint: str, path: str, body: dict[str, Any], remaining: float, failures: list[str]
    ) -> dict[str, Any] | None:
        import aiohttp

        url = f"http://{endpoint}/v3/{path}"
        try:
            timeout = aiohttp.ClientTimeout(total=remaining)
            async with self._session.post(url, json=body, timeout=timeout) as response:
                answer = await response.json(content_type=None)
                status = response.status
        except (aiohttp.ClientError, OSError, TimeoutError, ValueError) as exc:
            failures.append(f"{endpoint}: {str(exc) or type(exc).__name__}")
            return None
        if status == 200:
            return answer
        message = answer.get("error") or answer.get("message") or f"HTTP {status}"
        if status < 500:
            raise EtcdRejected(f"{self.label}: {message}")
        failures.append(f"{endpoint}: {message}")
        return None


def _summary(label: str, failures: list[str], timeout: float) -> str:
    last = "; ".join(dict.fromkeys(failures[-3:])) or "no member answered"
    return f"{label}: no etcd member could serve the request within {timeout:g}s ({last})"


def encode(text: str) -> str:
    """Keys and values travel base64-encoded in the gateway's JSON."""
    return base64.b64encode(text.encode()).decode()


def decode(text: str) -> str:
    return base64.b64decode(text).decode()


def range_end(prefix: str) -> str:
    """The end of the range of keys that start with ``prefix`` (its last byte plus one)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)
