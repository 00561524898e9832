"""Handlers the broken corpus refers to (only read with ast, never imported)."""


async def send_report() -> None:
    pass


def purge() -> None:
    pass
