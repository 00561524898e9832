"""Fixtures of the `.sched` compiler tests: single-file snapshots of generated modules and errors."""

from __future__ import annotations

import pytest
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

# Snapshots of generated modules are .py files named after the test: never collect them as tests.
collect_ignore_glob = ["__snapshots__/*"]


class PythonSnapshot(SingleFileSnapshotExtension):
    """One reviewable ``.py`` file per snapshot."""

    file_extension = "py"
    _write_mode = WriteMode.TEXT


class TextSnapshot(SingleFileSnapshotExtension):
    """One reviewable ``.txt`` file per snapshot."""

    file_extension = "txt"
    _write_mode = WriteMode.TEXT


@pytest.fixture
def python_snapshot(snapshot):
    return snapshot.use_extension(PythonSnapshot)


@pytest.fixture
def text_snapshot(snapshot):
    return snapshot.use_extension(TextSnapshot)
