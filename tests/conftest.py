"""Shared test configuration: every test subdirectory adds its own fixtures in its own conftest."""
