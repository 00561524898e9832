"""What compiling a `.sched` file imports: a file of the usual shape never loads lark nor black
(the quick reader reads it and the generator lays it out); a file lark must read still compiles."""

from __future__ import annotations

import subprocess
import sys

USUAL = (
    'timezone "Europe/Stockholm"\n'
    'service "shop" {\n'
    '    nightly: "0 3 * * *" -> shop_jobs:nightly\n'
    '    report: "every weekday at 09:00" -> shop_jobs:report [immediately]\n'
    "}\n"
)
PROGRAM = (
    "import sys\n"
    "from tomodachi_schedule.compiler.sched.compile import compile_sched, generate_python\n"
    "module = generate_python(compile_sched(sys.stdin.read(), search_path=['.']))\n"
    "assert module.startswith('# @generated'), module\n"
    "print(sorted(m for m in ('lark', 'black') if m in sys.modules))\n"
)


def _loaded(source: str, cwd) -> str:
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM],
        input=source,
        capture_output=True,
        text=True,
        check=True,
        cwd=cwd,
    )
    return result.stdout.strip()


def test_a_usual_file_compiles_without_lark_or_black(tmp_path):
    (tmp_path / "shop_jobs.py").write_text("def nightly(): pass\n\n\ndef report(): pass\n")
    assert _loaded(USUAL, tmp_path) == "[]"


def test_a_file_the_quick_reader_declines_is_read_by_lark(tmp_path):
    (tmp_path / "shop_jobs.py").write_text("def nightly(): pass\n\n\ndef report(): pass\n")
    # an entry's options on a line of their own: valid, but not the quick reader's shape
    unusual = USUAL.replace(" [immediately]", " [\n        immediately\n    ]")
    assert _loaded(unusual, tmp_path) == "['lark']"
