"""Handlers of the multi-zone example (multizone.sched)."""

import logging

log = logging.getLogger("offices")


async def open_office(invocation_time: str) -> None:
    log.info("office opened at %s UTC", invocation_time)


async def roll_over_day(invocation_time: str) -> None:
    log.info("day rolled over at %s", invocation_time)


async def send_invoices() -> None:
    log.info("monthly invoices sent")


async def settle_india() -> None:
    log.info("INR settlement done")
