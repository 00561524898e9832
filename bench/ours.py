"""Access to tomodachi-schedule's pieces, each turning into a clear reason when a piece is missing."""

from __future__ import annotations

import importlib
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


class Unavailable(Exception):
    """The piece of tomodachi-schedule a measure needs is not there (yet); the message says which."""


def attribute(module: str, name: str) -> Any:
    """`module.name`, or Unavailable naming what is missing."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as error:
        raise Unavailable(f"{module}.{name} not available yet ({type(error).__name__})") from error


def parse_schedule() -> Any:
    """The compiler façade `tomodachi_schedule.parse_schedule`."""
    return attribute("tomodachi_schedule.compiler", "parse_schedule")


def compiled(expression: str, zone: str) -> Any:
    """Our schedule object for a cron expression in `zone`, through the public façade."""
    schedule = parse_schedule()(expression, timezone=zone)
    if not hasattr(schedule, "next_after"):
        raise Unavailable(f"parse_schedule returned {type(schedule).__name__} without next_after")
    return schedule


def compiler_argv(sched: Path) -> list[str]:
    """The `tomodachi-compile FILE.sched` command: the installed console script, as a user runs it."""
    script = Path(sys.executable).parent / "tomodachi-compile"
    if script.exists():
        return [str(script), str(sched)]
    return [
        sys.executable,
        "-c",
        "import sys; from tomodachi_schedule.compiler.cli.registry import main; sys.exit(main())",
        str(sched),
    ]


def compile_sched(sched: Path) -> float:
    """Run `tomodachi-compile` on `sched` in its directory; its wall seconds (Unavailable if it fails)."""
    return compile_sched_times(sched)[0]


def compile_sched_times(sched: Path) -> tuple[float, float]:
    """`compile_sched`'s wall seconds and the CPU seconds (user + system) the process used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        compiler_argv(sched),
        cwd=sched.parent,
        capture_output=True,
        text=True,
        env=python_env(str(sched.parent)),
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise Unavailable(
            f"tomodachi-compile failed: {(result.stderr or result.stdout).strip()[:300]}"
        )
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return elapsed, cpu


def generated_module(workdir: Path, entries: int) -> Path:
    """Compile a small `.sched` file in `workdir`; the path of the Python module it generated."""
    from bench.language import write_sched

    sched = write_sched(workdir, entries)
    compile_sched(sched)
    made = [path for path in workdir.glob("*.py") if path.name != "bench_handlers.py"]
    if len(made) != 1:
        raise Unavailable(
            f"expected one generated module beside {sched.name}, found {sorted(p.name for p in made)}"
        )
    return made[0]


def python_env(extra_path: str = "") -> dict[str, str]:
    """The environment for a child interpreter that can import the repository (and `extra_path`)."""
    parts = [extra_path, str(REPO), os.environ.get("PYTHONPATH", "")]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(part for part in parts if part))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # see procs.child_env
    return env


NOTABLE_MODULES = (
    "lark",
    "black",
    "tomodachi_schedule.compiler",
    "redis",
    "tomodachi",
    "asyncio",
    "sqlite3",
)
IMPORT_FACTS = """
import json, sys
before = set(sys.modules)
import {statement}
print(json.dumps({{"file": getattr(sys.modules["{module}"], "__file__", "?"),
                  "count": len(set(sys.modules) - before),
                  "notable": [name for name in {notable!r} if name in sys.modules]}}))
"""


def import_facts(statement: str, env: dict[str, str]) -> dict:
    """For `import <statement>`: the first module's file, how many modules came in, which notable ones."""
    module = statement.split(";")[0].strip()
    code = IMPORT_FACTS.format(statement=statement, module=module, notable=NOTABLE_MODULES)
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    facts = json.loads(result.stdout)
    facts["file"] = (
        os.path.relpath(facts["file"], REPO)
        if facts["file"].startswith(str(REPO))
        else facts["file"]
    )
    return facts
