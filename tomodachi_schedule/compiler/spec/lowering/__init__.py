"""Checked AST to runtime schedule objects: calendars, day sets, time grids, the repeated-hour rule."""
