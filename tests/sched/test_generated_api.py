"""The versioned interface of generated modules."""

from __future__ import annotations

import pytest

from tomodachi_schedule.runtime import GENERATED_API_VERSION, require_generated_api
from tomodachi_schedule.runtime.generated import GeneratedApiError


def test_the_current_version_is_accepted():
    assert require_generated_api(GENERATED_API_VERSION, "some_module") is None


@pytest.mark.parametrize("version", [GENERATED_API_VERSION - 1, GENERATED_API_VERSION + 1])
def test_another_version_is_refused_on_import(version):
    with pytest.raises(GeneratedApiError, match=f"API version {version}, but"):
        require_generated_api(version, "some_module")


def test_run_as_a_script_the_mismatch_exits_without_a_traceback(capsys):
    with pytest.raises(SystemExit) as exit_info:
        require_generated_api(GENERATED_API_VERSION + 1, "__main__")
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("error: this module was generated for generated-code API version")
    assert err.count("\n") == 1


def test_a_generated_class_body_runs_with_fewer_collections_and_restores_them():
    import gc

    from tomodachi_schedule.runtime import GeneratedService

    before = gc.get_threshold()
    seen = []

    class Quiet(GeneratedService):
        seen.append(gc.get_threshold())

    assert seen[0][0] > before[0] and seen[0][1:] == before[1:]
    assert gc.get_threshold() == before and gc.isenabled()
    with pytest.raises(ZeroDivisionError):

        class Broken(GeneratedService):
            1 / 0  # noqa: B018

    # a body that raises leaves the first threshold raised: collections rarer, never off; the
    # next generated class puts it back
    assert gc.isenabled() and gc.get_threshold()[0] > before[0]

    class Next(GeneratedService):
        pass

    assert gc.get_threshold() == before
