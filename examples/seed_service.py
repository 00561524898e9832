import tomodachi_schedule as tomodachi
from tomodachi_schedule import schedule


class Service(tomodachi.Service):
    name = "scheduler-example"

    @tomodachi.hourly
    async def every_hour(self) -> None:
        print("Called every hour")

    # Using cron notation
    @tomodachi.schedule(interval="1/2 8-18 * * mon-fri")
    async def work_hours(self) -> None:
        print("Every odd minute between 8-18 on weekdays")

    # The last Tuesday of January and March at 05:30 AM
    @tomodachi.schedule(interval="30 5 * jan,mar Ltue")
    async def advanced_cron_notation_scheduling(self) -> None:
        print("The last Tuesday of January and March at 05:30 AM")

        # Executed at 22:15:30 every day (server timezone)

    @tomodachi.schedule(timestamp="22:15:30")
    async def as_timestamp(self) -> None:
        print("Local server time is now 22:15:30")

    # Midnight in Sweden ("Europe/Stockholm" timezone)
    @tomodachi.schedule(timestamp="00:00:00", timezone="Europe/Stockholm")
    async def midnight_in_sweden(self) -> None:
        print("It's midnight in Sweden")

    # Called every (interval) seconds
    @schedule(interval=20)
    async def every_twenty_seconds(self) -> None:
        print("Every 20 seconds")

    # Called every (interval) seconds and directly on service start
    @schedule(interval=20, immediately=True)
    async def every_twenty_seconds_and_immediately(self) -> None:
        print("Every 20 seconds and immediately")
