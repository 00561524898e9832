"""Run the benchmarks: `python bench/run.py [--quick] [--only NAME ...] [--out DIR] [--update-docs]`.

Prints one table and writes DIR/performance.md with DIR/img/lateness.png. DIR defaults to
build/bench/ (untracked); `--update-docs` writes docs/performance.md and docs/img/ instead.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # `python bench/run.py` puts bench/, not the repository, on the path
    sys.path.insert(0, str(REPO))

import bench.one_spec  # noqa: E402
from bench import chain, claims, footprint, language, lateness, nextfire, plan  # noqa: E402
from bench.measure import FULL, QUICK, Sizes  # noqa: E402
from bench.page import write_page  # noqa: E402
from bench.plot import plot_lateness  # noqa: E402
from bench.report import NOT_MEASURED, Row, console_table  # noqa: E402

FAMILIES = {
    "nextfire-utc": nextfire.utc_rows,
    "nextfire-dst": nextfire.dst_rows,
    "chain": chain.chain_rows,
    "iterate": nextfire.iterate_rows,
    "parse": language.parse_rows,
    "one-spec": bench.one_spec.one_spec_rows,
    "compile": language.compile_rows,
    "generated-import": language.generated_import_rows,
    "lateness": lateness.lateness_rows,
    "idle": footprint.idle_rows,
    "memory": footprint.memory_rows,
    "imports": footprint.import_rows,
    "startup": footprint.startup_rows,
    "claims": claims.claim_rows,
    "plan": plan.plan_rows,
}
HARNESS_ERROR = "harness error"


def run_family(name: str, sizes: Sizes, artefacts: dict) -> list[Row]:
    """The rows of one family; a crash becomes a row naming it, so one broken family spares the rest."""
    started = time.perf_counter()
    try:
        rows = FAMILIES[name](sizes, artefacts)
    except (
        Exception
    ) as error:  # noqa: BLE001 - reported in the table and on stderr, never swallowed
        traceback.print_exc()
        rows = [
            Row(
                name,
                "—",
                "—",
                "—",
                NOT_MEASURED,
                f"{HARNESS_ERROR}: {type(error).__name__}: {error}",
            )
        ]
    print(f"[{name}: {time.perf_counter() - started:.1f} s]", file=sys.stderr, flush=True)
    return rows


def arguments(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", "--smoke", action="store_true", help="tiny sizes, for CI: proves it runs"
    )
    parser.add_argument(
        "--only", action="append", choices=sorted(FAMILIES), help="run this family (repeatable)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO / "build" / "bench",
        help="where performance.md and img/ go",
    )
    parser.add_argument(
        "--update-docs",
        action="store_true",
        help="write docs/performance.md and docs/img/ (the published figures) instead of --out",
    )
    parser.add_argument(
        "--idle-seconds",
        type=float,
        help="idle CPU window (default 10; 330 also catches wake-ups that come every 60 s or 5 min)",
    )
    return parser.parse_args(argv)


def output_folder(options: argparse.Namespace) -> Path:
    """Where the page and plot go: docs/ only when asked to update the published figures."""
    return REPO / "docs" if options.update_docs else options.out


def main(argv: list[str] | None = None) -> int:
    """Run the chosen families, print the table, write the page and the plot."""
    options = arguments(argv)
    options.out = output_folder(options)
    sizes = QUICK if options.quick else FULL
    if options.idle_seconds:
        sizes = dataclasses.replace(sizes, idle_seconds=options.idle_seconds)
    artefacts: dict = {}
    rows = [row for name in options.only or FAMILIES for row in run_family(name, sizes, artefacts)]
    print(console_table(rows))
    plot = plot_lateness(artefacts.get("lateness", {}), options.out / "img" / "lateness.png")
    command = "python bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    write_page(options.out / "performance.md", rows, command.strip(), plot, artefacts, sizes)
    print(f"wrote {options.out / 'performance.md'}" + (f" and {plot}" if plot else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
