"""An obligation's status is derived, never typed, under a controlled clock; the Python rule
(``status_as_of``) and the SQL rule (``with_status``) agree on every case."""

import itertools

import pytest

from trienkhai.resolutions.models import Obligation
from trienkhai.resolutions.models import ObligationStatus as S
from trienkhai.units.models import Unit

from .test_services_builders import DUE, D, province_plan

BEFORE, ON, AFTER = D(2026, 3, 20), DUE, D(2026, 4, 10)


@pytest.fixture
def obligation(tree):
    province_plan(tree)
    return Obligation.objects.select_related("unit").get(unit=tree.cell_a)


@pytest.fixture
def today(monkeypatch):
    """Freeze the services' and models' "today" (``timezone.localdate``)."""

    def freeze(day):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)

    return freeze


def both(obligation, as_of=None) -> tuple[str, str]:
    """The status by the Python rule and by the SQL rule."""
    fresh = Obligation.objects.select_related("unit").get(pk=obligation.pk)
    annotated = Obligation.objects.with_status(as_of).get(pk=obligation.pk)
    return fresh.status_as_of(as_of), annotated.status


def status(obligation, as_of=None) -> str:
    python, sql = both(obligation, as_of)
    assert python == sql
    return python


def fulfil(obligation, on):
    Obligation.objects.filter(pk=obligation.pk).update(fulfilled_on=on)


def close(unit, on):
    Unit.objects.filter(pk=unit.pk).update(active_to=on)


def test_pending_until_the_deadline_then_overdue(obligation):
    assert status(obligation, D(2026, 1, 10)) == S.PENDING
    assert status(obligation, DUE) == S.PENDING  # the deadline day itself is still in time
    assert status(obligation, D(2026, 4, 1)) == S.OVERDUE


def test_today_is_the_default_as_of(obligation, today):
    today(DUE)
    assert status(obligation) == S.PENDING
    today(D(2026, 4, 1))
    assert status(obligation) == S.OVERDUE


@pytest.mark.parametrize("done, expected", [(BEFORE, S.ON_TIME), (ON, S.ON_TIME), (AFTER, S.LATE)])
def test_evidence_decides_on_time_or_late(obligation, done, expected):
    fulfil(obligation, done)
    assert status(obligation, D(2026, 6, 1)) == expected


def test_evidence_dated_after_as_of_does_not_count_yet(obligation):
    fulfil(obligation, BEFORE)
    assert status(obligation, D(2026, 3, 19)) == S.PENDING
    assert status(obligation, BEFORE) == S.ON_TIME
    fulfil(obligation, AFTER)
    assert status(obligation, D(2026, 4, 9)) == S.OVERDUE
    assert status(obligation, AFTER) == S.LATE


def test_a_unit_closed_before_the_deadline_is_not_counted(tree, obligation):
    close(tree.cell_a, D(2026, 3, 1))
    assert status(obligation, D(2026, 2, 28)) == S.PENDING  # still open then
    assert status(obligation, D(2026, 3, 1)) == S.CLOSED
    assert status(obligation, D(2026, 6, 1)) == S.CLOSED


def test_a_unit_closed_after_the_deadline_while_overdue_stays_overdue(tree, obligation):
    close(tree.cell_a, D(2026, 4, 5))
    assert status(obligation, D(2026, 4, 2)) == S.OVERDUE
    assert status(obligation, D(2026, 6, 1)) == S.OVERDUE


def test_a_closed_unit_that_did_the_work_is_counted_as_done(tree, obligation):
    fulfil(obligation, D(2026, 2, 1))
    close(tree.cell_a, D(2026, 3, 1))
    assert status(obligation, D(2026, 6, 1)) == S.ON_TIME


def test_a_cancelled_obligation_is_cancelled_whatever_else(tree, obligation):
    Obligation.objects.filter(pk=obligation.pk).update(cancelled=True, fulfilled_on=BEFORE)
    assert status(obligation, D(2026, 6, 1)) == S.CANCELLED


FULFILLED = [None, D(2026, 3, 1), DUE, D(2026, 4, 5)]
CLOSED = [None, D(2026, 2, 1), D(2026, 3, 30), DUE, D(2026, 4, 3)]
AS_OF = [D(2026, 1, 15), D(2026, 3, 1), D(2026, 3, 30), DUE, D(2026, 4, 1), D(2026, 4, 5)]


def test_python_and_sql_agree_on_every_case(tree):
    """Every combination of evidence date, closing date and as-of date (and cancelled), with
    one obligation per case and one SQL query per as-of date."""
    province_plan(tree)
    template = Obligation.objects.get(unit=tree.cell_a)
    cases = list(itertools.product(FULFILLED, CLOSED, [False, True]))
    units = []
    for i, (_, closed, _) in enumerate(cases):
        units.append(
            Unit.objects.add_child(
                Unit.objects.get(pk=tree.commune_a.pk),
                create_kwargs=dict(
                    name=f"Chi bộ {i}",
                    code=f"M{i}",
                    kind="agency",
                    level="grassroots",
                    active_to=closed,
                ),
            )
        )
    Obligation.objects.bulk_create(
        Obligation(
            unit=unit,
            plan_id=template.plan_id,
            requirement_id=template.requirement_id,
            due_on=DUE,
            fulfilled_on=fulfilled,
            cancelled=cancelled,
        )
        for unit, (fulfilled, _, cancelled) in zip(units, cases, strict=True)
    )
    rows = list(Obligation.objects.filter(unit__kind="agency").select_related("unit"))
    seen = set()
    for as_of in AS_OF:
        sql = dict(
            Obligation.objects.filter(unit__kind="agency")
            .with_status(as_of)
            .values_list("pk", "status")
        )
        for row in rows:
            assert row.status_as_of(as_of) == sql[row.pk], (
                row.fulfilled_on,
                row.unit.active_to,
                row.cancelled,
                as_of,
            )
            seen.add(sql[row.pk])
    assert seen == set(S.values)
