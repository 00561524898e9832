"""Handler checks read modules with `ast` and never import them."""

from __future__ import annotations

import sys
import textwrap

from tomodachi_schedule.compiler.sched.handlers import HandlerChecker, top_level_names

TRAP = "raise SystemExit('user code ran while compiling')\n"


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))


def test_finds_functions_in_a_package_without_importing_it(tmp_path):
    write(tmp_path / "shop" / "__init__.py", TRAP)
    write(tmp_path / "shop" / "jobs.py", TRAP + "async def restock():\n    pass\n")
    checker = HandlerChecker([str(tmp_path)])
    assert checker.check("shop.jobs", "restock").severity is None
    assert "shop" not in sys.modules and "shop.jobs" not in sys.modules


def test_unknown_function_is_an_error_with_a_suggestion(tmp_path):
    write(tmp_path / "jobs.py", "def restock():\n    pass\n")
    verdict = HandlerChecker([str(tmp_path)]).check("jobs", "restok")
    assert verdict.severity == "error"
    assert verdict.message == "module 'jobs' defines no 'restok'"
    assert verdict.hint == "did you mean 'restock'?"


def test_missing_module_and_missing_submodule_are_errors(tmp_path):
    write(tmp_path / "jobs.py", "def restock():\n    pass\n")
    checker = HandlerChecker([str(tmp_path)])
    assert checker.check("nowhere_to_be_found", "f").severity == "error"
    assert checker.check("jobs.sub", "f").severity == "error"


def test_star_imports_and_extension_modules_only_warn(tmp_path):
    write(tmp_path / "starry.py", "from os.path import *\n")
    checker = HandlerChecker([str(tmp_path)] + sys.path)
    assert checker.check("starry", "join").severity == "warning"
    assert checker.check("sys", "exit").severity == "warning"  # built in: no source to read


def test_syntax_error_in_handler_module_only_warns(tmp_path):
    write(tmp_path / "broken.py", "def f(:\n")
    verdict = HandlerChecker([str(tmp_path)]).check("broken", "f")
    assert verdict.severity == "warning" and "syntax error" in verdict.message


def test_top_level_names_cover_conditional_definitions_and_imports():
    import ast

    module = ast.parse(textwrap.dedent("""
            import os.path
            from json import dumps as to_json
            if os.name == "nt":
                def windows(): ...
            else:
                def posix(): ...
            try:
                fast = 1
            except ImportError:
                slow: int = 2
            async def go(): ...
            class Job: ...
            """))
    names, open_ended = top_level_names(module.body)
    assert {"os", "to_json", "windows", "posix", "fast", "slow", "go", "Job"} <= names
    assert not open_ended


def test_the_collector_is_left_as_it_was_found(tmp_path):
    import gc

    write(tmp_path / "jobs.py", "def restock():\n    pass\nclass __getattr__:\n    pass\n")
    write(tmp_path / "broken.py", "def restock(:\n")
    was = gc.isenabled()
    try:
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            checker = HandlerChecker([str(tmp_path)])
            assert checker.check("jobs", "restock").severity is None
            assert checker.facts("jobs").open_ended  # a class named __getattr__ counts too
            assert checker.check("broken", "restock").severity == "warning"
            assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
