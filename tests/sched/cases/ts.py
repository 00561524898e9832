"""A handler module named like the generated module's runtime alias, so the alias must change."""


async def tick() -> None:
    pass
