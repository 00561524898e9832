"""A real `tomodachi.Service` whose schedules run on tomodachi-schedule's engine.

Run it with tomodachi itself: ``tomodachi run examples/tomodachi_service.py``.
"""

import tomodachi

from tomodachi_schedule import heartbeat, schedule


class Service(tomodachi.Service):
    name = "tomodachi-hosted-example"

    async def _started_service(self) -> None:
        print("service started", flush=True)

    @heartbeat
    async def every_second(self, invocation_time: str) -> None:
        print(f"heartbeat at {invocation_time}", flush=True)

    @schedule("every 20 seconds", immediately=True)
    def plain_function(self, interval: str) -> None:
        # a plain def runs in a worker thread, never blocking the event loop
        print(f"plain function on {interval!r}", flush=True)

    @schedule("every weekday at 09:00 in Europe/Stockholm", overlap="queue", timeout="10m")
    async def morning_report(self) -> None:
        print("good morning, Stockholm", flush=True)

    async def _stop_service(self) -> None:
        print("service stopped", flush=True)
