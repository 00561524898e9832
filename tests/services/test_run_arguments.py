"""The quick reading of ``run``'s command line gives what argparse gives, or leaves it to it."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tomodachi_schedule.runtime.arguments import (
    QUICK,
    QUICK_FLAGS,
    files_parser,
    generated_parser,
    quick_options,
)

WORDS = [
    *QUICK,
    *QUICK_FLAGS,
    *("--grace=5", "--log-l", "--", "-", "-h", "--help", "-qq", "--unknown", "--LIST"),
    *("5", "0", "-1", "nan", "inf", "1e3", " 7 ", "1_0", "x", "", "65536", "0x10"),
    *("warning", "DEBUG", "Info", "error", "verbose", "text", "json", "JSON"),
    *("app.py", "b.py", "a b.py", "-x.py", "127.0.0.1"),
]


PARSERS = ((True, files_parser()), (False, generated_parser("gen.py")))
VALUES = {  # valid and invalid words for each option's value
    "--grace": ["5", "0", "2.5", "-1", "nan", "1e3", " 7 ", "x", "--quiet"],
    "--log-level": ["warning", "DEBUG", "Info", "verbose", "-q", ""],
    "--log-format": ["text", "json", "JSON", "--list"],
    "--metrics-port": ["9000", "0x10", "1_0", " 7 ", "-1", "x"],
    "--metrics-address": ["0.0.0.0", "", "-x", "a b", "app.py"],
}
OPTION = st.one_of(
    *(st.tuples(st.just(option), st.sampled_from(words)) for option, words in VALUES.items()),
    st.tuples(st.sampled_from(sorted(QUICK_FLAGS))),
)
USUAL = st.builds(
    lambda options, files: [word for option in options for word in option] + files,
    st.lists(OPTION, max_size=5),
    st.lists(st.sampled_from(["app.py", "b.py", "a b.py", "x", ""]), max_size=3),
)


def _argparse(parser, argv: list[str]) -> dict | str:
    try:
        return vars(parser.parse_args(argv))
    except SystemExit as stop:
        return f"exit {stop.code}"


@settings(max_examples=150, deadline=None)
@given(st.one_of(USUAL, st.lists(st.sampled_from(WORDS), max_size=7)))
def test_a_quick_reading_is_what_argparse_reads(argv) -> None:
    assert sorted(VALUES) == sorted(QUICK)  # every option with a value is tried
    for files, parser in PARSERS:
        quick = quick_options(argv, files=files)
        if quick is not None:
            assert vars(quick) == _argparse(parser, argv), argv


@pytest.mark.parametrize(
    "argv",
    [
        ["app.py"],
        ["--log-level", "warning", "app.py"],
        ["-q", "--grace", "2.5", "--log-format", "json", "a.py", "b.py"],
        ["--list", "--metrics-port", "9000", "--metrics-address", "0.0.0.0", "app.py"],
    ],
)
def test_the_usual_command_lines_are_read_quickly(argv) -> None:
    quick = quick_options(argv, files=True)
    assert quick is not None and vars(quick) == vars(files_parser().parse_args(argv))
    options = [word for word in argv if not word.endswith(".py")]
    quick = quick_options(options, files=False)
    assert quick is not None and vars(quick) == vars(generated_parser("gen.py").parse_args(options))


@pytest.mark.parametrize(
    "argv", [[], ["--help"], ["--grace=5", "a.py"], ["a.py", "--quiet"], ["--log-level", "x", "a"]]
)
def test_anything_else_is_left_to_argparse(argv) -> None:
    assert quick_options(argv, files=True) is None


def test_running_a_service_file_does_not_import_argparse(tmp_path) -> None:
    app = tmp_path / "app.py"
    app.write_text("from tomodachi_schedule import Service\nclass S(Service):\n    pass\n")
    probe = (
        "import sys, runpy\n"
        "from tomodachi_schedule.runtime import launch, runner\n"
        "launch.serve = lambda classes, args: print('argparse' in sys.modules, args.grace) or 0\n"
        f"sys.exit(launch.run_files(['--grace', '3', {str(app)!r}]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["False", "3.0"]
