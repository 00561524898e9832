"""What reaches the generated module and the disk from file names and output paths (issue 12:
8 file names, 10 the temporary file, 11 non-UTF-8 names, 12 names that shadow modules, 14 -o
with missing folders)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tomodachi_schedule.compiler.cli.registry import main
from tomodachi_schedule.compiler.sched.codegen import HEADER_MARK

SCHED = 'service "shop" {\n    restock: "every day at 06:00" -> shop_jobs:restock\n}\n'
HANDLERS = "async def restock():\n    pass\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "shop_jobs.py").write_text(HANDLERS)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def leftovers(folder) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


def test_code_in_a_file_name_never_runs_when_the_module_is_imported(project, capsys):
    name = 'x""";print("INJECTED");""".sched'
    (project / name).write_text(SCHED)
    assert main([name, "-o", "out.py"]) == 0
    run = subprocess.run(
        [sys.executable, "-c", "import out; print(out.__doc__)"],
        cwd=project, capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "INJECTED\n" not in run.stdout.replace(name, "")  # printed only as part of the name
    assert name in run.stdout


@pytest.mark.parametrize("name", ["a\nb.sched", "a\rb.sched", "a\x1bb.sched", "a\x7fb.sched"])
def test_a_file_name_with_a_control_character_is_refused(project, capsys, name):
    (project / name).write_text(SCHED)
    assert main([name, "-o", "out.py"]) == 1
    err = capsys.readouterr().err
    assert "control character" in err and "Traceback" not in err
    assert not (project / "out.py").exists() and leftovers(project) == []


def test_a_file_name_with_backslash_n_escapes_compiles(project):
    name = "a\\N{x}b.sched"
    (project / name).write_text(SCHED)
    assert main([name, "-o", "out.py"]) == 0
    run = subprocess.run(
        [sys.executable, "-c", "import out; print(out.__doc__)"],
        cwd=project, capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert run.returncode == 0 and name in run.stdout, run.stderr


def test_a_non_utf8_file_name_is_refused_without_a_traceback_or_leftovers(project, capsys):
    raw = os.fsencode(project) + b"/caf\xe9.sched"
    with open(raw, "w") as file:
        file.write(SCHED)
    name = os.fsdecode(b"caf\xe9.sched")
    assert main([name]) == 1
    err = capsys.readouterr().err
    assert "not valid UTF-8" in err and "Traceback" not in err
    assert leftovers(project) == [] and sorted(os.listdir(project)) == [
        "caf\udce9.sched",
        "shop_jobs.py",
    ]


def test_a_planted_symlink_at_the_temporary_name_is_not_followed(project):
    (project / "shop.sched").write_text(SCHED)
    victim = project / "victim.txt"
    victim.write_text("precious\n")
    for planted in (".shop.py.tmp", ".shop.py.tmp.py"):
        (project / planted).symlink_to(victim)
    assert main(["shop.sched"]) == 0
    assert victim.read_text() == "precious\n"
    assert (project / "shop.py").read_text().startswith(HEADER_MARK)
    assert not (project / "shop.py").is_symlink()


def test_no_temporary_file_is_left_when_writing_fails(project, capsys, monkeypatch):
    (project / "shop.sched").write_text(SCHED)

    def failing_replace(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    assert main(["shop.sched"]) == 1
    assert "No space left on device" in capsys.readouterr().err
    assert leftovers(project) == [] and not (project / "shop.py").exists()


@pytest.mark.parametrize(
    "output, reason",
    [
        ("asyncio.py", "the standard library module 'asyncio'"),
        ("json.py", "the standard library module 'json'"),
        ("tomodachi.py", "the package 'tomodachi'"),
        ("tomodachi_schedule.py", "the package 'tomodachi_schedule'"),
    ],
)
def test_outputs_named_like_a_module_the_runtime_imports_are_refused(
    project, capsys, output, reason
):
    (project / "x.sched").write_text(SCHED)
    assert main(["x.sched", "-o", output]) == 1
    err = capsys.readouterr().err
    assert reason in err and "Traceback" not in err
    assert not (project / output).exists()


def test_a_source_named_like_a_stdlib_module_is_refused_for_its_default_output(project, capsys):
    (project / "asyncio.sched").write_text(SCHED)
    assert main(["asyncio.sched"]) == 1
    assert "-o" in capsys.readouterr().err and not (project / "asyncio.py").exists()


def test_dash_o_creates_missing_folders(project):
    (project / "shop.sched").write_text(SCHED)
    assert main(["shop.sched", "-o", "gen/deeper/app.py"]) == 0
    assert (project / "gen" / "deeper" / "app.py").read_text().startswith(HEADER_MARK)


@pytest.mark.parametrize("text", ["a\x00b", "a\rb", "a\x1b[2Jb", "caf\udce9"])
def test_control_characters_in_the_source_are_refused(text):
    from tomodachi_schedule.compiler.sched.compile import compile_sched
    from tomodachi_schedule.errors import ScheduleError

    with pytest.raises(ScheduleError) as error:
        compile_sched(SCHED.replace("shop", text, 1), source_name="x.sched")
    assert "control character" in error.value.render()
