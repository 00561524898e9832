"""The next-fire engine: schedule objects and the search for their next fire, fast paths inside."""
