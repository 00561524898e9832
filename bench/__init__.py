"""Benchmarks of tomodachi-schedule against croniter, APScheduler 3, tomodachi 0.29 and a bare asyncio loop."""
