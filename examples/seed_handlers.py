"""Handlers of the seed's example service (tomodachi's documentation), used by seed.sched."""


async def every_hour() -> None:
    print("Called every hour")


async def work_hours() -> None:
    print("Every odd minute between 8-18 on weekdays")


async def advanced_cron_notation_scheduling() -> None:
    print("The last Tuesday of January and March at 05:30 AM")


async def as_timestamp() -> None:
    print("Local server time is now 22:15:30")


async def midnight_in_sweden() -> None:
    print("It's midnight in Sweden")


async def every_twenty_seconds() -> None:
    print("Every 20 seconds")


async def every_twenty_seconds_and_immediately() -> None:
    print("Every 20 seconds and immediately")
