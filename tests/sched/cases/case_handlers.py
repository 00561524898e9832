"""Handlers the test cases refer to (read with ast at compile time, imported by the run tests)."""


async def tick() -> None:
    pass


async def with_time(invocation_time: str) -> None:
    pass


def blocking(invocation_time: str, interval: object) -> None:
    pass
