"""Handlers of the reporting service (reporting.sched): each builds and sends one report."""

import logging

log = logging.getLogger("reporting")


async def send_daily_report(invocation_time: str) -> None:
    log.info("daily report for %s sent", invocation_time[:10])


async def send_weekly_summary(invocation_time: str) -> None:
    log.info("weekly summary for the week of %s sent", invocation_time[:10])


def close_month(invocation_time: str) -> None:
    # A plain def: the runtime runs it in a thread, so blocking database work is fine here.
    log.info("books closed for %s", invocation_time[:7])


async def refresh_kpis() -> None:
    log.info("dashboards refreshed")


async def prepare_quarterly_review(invocation_time: str) -> None:
    log.info("quarterly review prepared for %s", invocation_time[:7])
