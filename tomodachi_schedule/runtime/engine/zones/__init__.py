"""Time zones: names, tzfile data, and the offset timeline of a zone."""
