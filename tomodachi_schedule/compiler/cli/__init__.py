"""``tomodachi-compile``: its commands, in one registry (`registry.COMMANDS`)."""

from tomodachi_schedule.compiler.cli.registry import main

__all__ = ["main"]
