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


def test_a_generated_class_body_runs_with_fewer_collections_until_the_next_collection():
    import gc

    from tomodachi_schedule.runtime import GeneratedService

    gc.collect()  # puts back what an earlier generated class raised
    before = gc.get_threshold()
    seen = []

    class Quiet(GeneratedService):
        seen.append(gc.get_threshold())

    class Second(GeneratedService):
        seen.append(gc.get_threshold())

    assert seen[0][0] > before[0] and seen[0][1:] == before[1:] and seen[1] == seen[0]
    # still raised between the classes of one module; back at the first collection
    assert gc.isenabled() and gc.get_threshold() == seen[0]
    gc.collect(0)
    assert gc.get_threshold() == before
    with pytest.raises(ZeroDivisionError):

        class Broken(GeneratedService):
            1 / 0  # noqa: B018

    # a body that raises leaves the threshold raised until the next generated class is made:
    # collections rarer, never off
    gc.collect(0)
    assert gc.isenabled() and gc.get_threshold()[0] > before[0]

    class Next(GeneratedService):
        pass

    gc.collect(0)
    assert gc.get_threshold() == before
    assert gc.callbacks.count(gc.callbacks[-1]) == 1  # one callback, however many classes


def test_collections_still_happen_while_a_generated_class_body_runs():
    import gc

    from tomodachi_schedule.runtime import GeneratedService

    gc.collect()
    before = gc.get_threshold()
    counts = []

    class Busy(GeneratedService):
        kept = [[] for _ in range(250_000)]  # containers the collector tracks, kept alive
        counts.append(gc.get_count())
        counts.append(gc.get_threshold())
        del kept

    assert counts[0][0] < 100_000  # young collections ran inside the body, every 100,000
    assert counts[1][0] > before[0]  # which they left raised: the body goes on
    gc.collect(0)
    assert gc.get_threshold() == before  # the next collection after it puts them back
