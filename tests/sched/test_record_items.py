"""The functions codegen makes per record class (constructor items, exact keys) against the plain
loop over the fields they replace, on every record the corpus's specs lower to."""

from __future__ import annotations

from tomodachi_schedule.compiler.sched import expressions
from tomodachi_schedule.compiler.sched.entries import parse_spec_cached
from tomodachi_schedule.compiler.sched.expressions import MASKS, expression, mask_expression
from tomodachi_schedule.compiler.sched.layout import string_atom
from tomodachi_schedule.errors import ScheduleError
from tomodachi_schedule.runtime import DaySet, MonthDays, Period, WeekDays
from tomodachi_schedule.runtime.engine.record import REQUIRED, fields, is_record

from ..language.corpus_specs import corpus_specs


def reference_items(value: object, prefix: str) -> list[tuple[str, str, bool]]:
    """What `_call` gives, by a loop over the fields: those not equal (type first) to their default."""
    items = []
    for name, default in fields(value):  # type: ignore[arg-type]
        field = getattr(value, name)
        if field is default and default is not REQUIRED:
            continue
        kind = type(field)
        if default is REQUIRED or kind is not type(default) or field != default:
            mask = MASKS.get((type(value).__name__, name))
            if kind is str:
                node = string_atom(field)
            elif mask is None or kind is not int:
                node = expression(field, prefix)
            else:
                node = mask_expression(field, *mask, prefix)
            items.append((f"{name}=", node.text, node.exact))
    return items


def records_in(value: object) -> list[object]:
    """``value`` and every record inside it."""
    if isinstance(value, tuple):
        return [found for item in value for found in records_in(item)]
    if not is_record(value):
        return []
    return [value] + [
        found for name, _ in fields(value) for found in records_in(getattr(value, name))
    ]


def corpus_records() -> list[object]:
    found: list[object] = []
    for spec in corpus_specs():
        schedule = parse_spec_cached(spec, "Europe/Stockholm")
        if not isinstance(schedule, ScheduleError):
            found += records_in(schedule)
    # fields holding a value of another type than their default's, or a default-equal one
    found += [
        DaySet(months=2, weekdays=WeekDays(days=1, nth=((0, True),))),
        DaySet(months=2, weekdays=WeekDays(days=1, nth=((0, 1),))),
        MonthDays(days=2, from_end=(0,), last_weekday=1),  # type: ignore[arg-type]
        MonthDays(days=2, from_end=(0,), last_weekday=True),
        Period(unit="week", every=True),  # type: ignore[arg-type]
        Period(unit="week", every=1),
    ]
    return found


RECORDS = corpus_records()


def test_the_items_are_the_loop_s_on_every_record():
    assert len(RECORDS) > 1000
    for value in RECORDS:
        made = [
            (before, node.text, node.exact)
            for before, node in expressions._call(value, "ts.").items
        ]
        assert made == reference_items(value, "ts."), value


def test_two_value_records_share_a_key_exactly_when_they_are_written_alike():
    values = [value for value in RECORDS if not type(value).UNCOMPARED]
    by_key: dict[object, str] = {}
    by_text: dict[str, object] = {}
    for value in values:
        key, text = expressions._record_key(value), expressions._call(value, "ts.").text
        assert by_key.setdefault(key, text) == text, value
        assert by_text.setdefault(text, key) == key, value
