"""Property: the canonical English of a spec compiles to the same schedule as the spec itself."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tomodachi_schedule.compiler import compile_spec
from tomodachi_schedule.compiler.spec.canonical import canonical

WEEKDAYS = ("monday", "tue", "Wednesdays", "thu", "friday", "saturday", "sun")
MONTHS = ("january", "feb", "march", "july", "Sep", "december")
ZONES = ("", " in UTC", " in Europe/Stockholm", " in +05:30", " in America/New_York")


def _english_list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _and(items):
    lists = st.lists(st.sampled_from(items), min_size=1, max_size=4, unique=True)
    return lists.map(_english_list) | lists.map(" and ".join)


times = st.builds(
    lambda h, m, pm: f"{h}:{m:02d}{pm}",
    st.integers(1, 12),
    st.sampled_from((0, 15, 30, 45)),
    st.sampled_from(("am", " pm", "")),
)
ordinals = st.lists(
    st.sampled_from(("1st", "2nd", "15th", "28th", "last day")),
    min_size=1,
    max_size=3,
    unique=True,
)
day_phrases = st.one_of(
    st.just("every day"),
    st.just("every weekday"),
    st.just("on weekends"),
    _and(WEEKDAYS).map("every {}".format),
    ordinals.map(lambda days: "on the " + " and ".join(days)),
    st.builds(
        "on the {} {} of {}".format,
        st.sampled_from(("first", "second", "last", "second to last")),
        st.sampled_from(WEEKDAYS[:5]),
        _and(MONTHS),
    ),
    st.builds("every {} days".format, st.integers(2, 9)),
    st.builds("every other {}".format, st.sampled_from(WEEKDAYS)),
    st.sampled_from(("weekly", "monthly", "yearly", "mondays", "every year on december 24")),
)
sub_day = st.one_of(
    st.builds("every {} minutes".format, st.sampled_from((5, 10, 15, 20, 30, 45, 90))),
    st.builds("every {} hours".format, st.integers(2, 12)),
    st.builds("every {} seconds".format, st.sampled_from((10, 20, 30))),
    st.builds(
        "every {} at :{:02d}".format,
        st.sampled_from(("hour", "2 hours")),
        st.integers(0, 59),
    ),
)
windows = st.builds("from {}:00 to {}:30".format, st.integers(0, 11), st.integers(12, 23))
day_specs = st.builds(
    "{} at {}{}{}".format,
    day_phrases,
    _and(("09:00", "noon", "18:30")) | times,
    # august is in no day phrase: "the first monday of july except in july" would never fire
    st.sampled_from(("", " except in august", " except on december 25")),
    st.sampled_from(ZONES),
)
window_specs = st.builds("{} {} on weekdays{}".format, sub_day, windows, st.sampled_from(ZONES))
specs = st.one_of(day_specs, window_specs, sub_day, day_phrases)


@settings(max_examples=120, deadline=None)
@given(specs)
def test_canonical_english_compiles_to_the_same_schedule(spec: str) -> None:
    compiled = compile_spec(spec, timezone="UTC")
    again = compile_spec(canonical(compiled.ast.body), timezone="UTC")
    assert again.schedule == compiled.schedule
    assert canonical(again.ast.body) == canonical(compiled.ast.body)  # printing is stable
    assert again.schedule.explain() == compiled.schedule.explain()
