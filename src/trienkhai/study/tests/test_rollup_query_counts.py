"""The study numbers cost the same few queries whatever the size of the tree (rule 4):
counted on the small study world, then again after adding communes with cells, members,
sessions, attendance and learning reports (bulk-created)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from trienkhai.resolutions.services import sync_obligations
from trienkhai.study import rollup, tallies
from trienkhai.study.models import Attendance, LearningReport, StudySession, TallyState
from trienkhai.units.models import Person, Unit

from .test_services_builders import make_study

DAY = datetime.timedelta(days=1)


def grow(study, communes: int = 3, per_commune: int = 4, members: int = 5) -> None:
    """``communes`` new communes under the province, each with ``per_commune`` cells of
    ``members`` members; a held session per cell where everyone was present; a learning
    report from every member; the plan's obligations for the new units."""
    province = Unit.objects.get(pk=study.tree.province.pk)
    start = province.numchild
    new_units = []
    for i in range(communes):
        path = Unit._get_path(province.path, province.depth + 1, start + i + 1)
        commune = Unit(
            path=path,
            depth=province.depth + 1,
            numchild=per_commune,
            name=f"Đảng ủy xã {i}",
            code=f"HL-X{i}",
            kind="party_committee",
            level="commune",
        )
        new_units.append(commune)
        for j in range(per_commune):
            new_units.append(
                Unit(
                    path=Unit._get_path(path, province.depth + 2, j + 1),
                    depth=province.depth + 2,
                    numchild=0,
                    name=f"Chi bộ {i}-{j}",
                    code=f"HL-X{i}-{j}",
                    kind="party_cell",
                    level="grassroots",
                )
            )
    for unit in new_units:
        unit.derive_keys()
    Unit.objects.bulk_create(new_units)
    Unit.objects.filter(pk=province.pk).update(numchild=start + communes)
    cells = list(Unit.objects.filter(code__startswith="HL-X", kind="party_cell"))
    people = []
    for cell in cells:
        for k in range(members):
            p = Person(unit=cell, full_name=f"Nguyễn Văn {cell.code} {k}", member_code=None)
            p.derive_keys()
            people.append(p)
    Person.objects.bulk_create(people)
    sync_obligations(study.plan)
    sessions = StudySession.objects.bulk_create(
        StudySession(
            unit=cell,
            plan=study.plan,
            title="Hội nghị",
            starts_at=timezone.now() - 2 * DAY,
            mode="in_person",
            status="held",
        )
        for cell in cells
    )
    session_of = {s.unit_id: s for s in sessions}
    people = list(Person.objects.filter(unit__in=cells))
    Attendance.objects.bulk_create(
        Attendance(
            unit_id=p.unit_id,
            session=session_of[p.unit_id],
            person=p,
            status="present",
            method="roster",
        )
        for p in people
    )
    LearningReport.objects.bulk_create(
        LearningReport(
            unit_id=p.unit_id,
            plan=study.plan,
            person=p,
            text="Bài thu hoạch",
            submitted_at=timezone.now() - DAY,
            due_on=timezone.localdate() + 45 * DAY,
            entered_by=study.tree.admin,
        )
        for p in people
    )
    # Bulk writes send no signals: they mark what they touched for the study tallies.
    tallies.mark_units(cell.pk for cell in cells)


def count_queries(call) -> int:
    with CaptureQueriesContext(connection) as ctx:
        call()
    return len(ctx.captured_queries)


def waiting(study) -> int:
    """1 when the study tallies check for marks of transactions that were running at their
    last catch-up (PostgreSQL, with other transactions on the server), else 0."""
    return int(bool(TallyState.objects.get(plan=study.plan).waiting))


def expected(extra: int) -> dict[str, int]:
    return {
        "numbers of the province": 7 + extra,
        "by child of the province": 7 + extra,
        "overview of a commune": 8 + extra,
        "numbers a week ago": 7,
    }


def measure(study) -> dict[str, int]:
    plan, tree = study.plan, study.tree
    return {
        "numbers of the province": count_queries(lambda: rollup.study_numbers(plan, tree.province)),
        "by child of the province": count_queries(
            lambda: rollup.study_by_child(plan, tree.province)
        ),
        "overview of a commune": count_queries(lambda: rollup.study_overview(plan, tree.commune_a)),
        "numbers a week ago": count_queries(
            lambda: rollup.study_numbers(plan, tree.province, timezone.localdate() - 7 * DAY)
        ),
    }


@pytest.mark.django_db
def test_the_study_numbers_cost_the_same_queries_on_a_bigger_tree(tree):
    study = make_study(tree)
    rollup.study_numbers(study.plan, tree.province)  # the first reading counts the tallies
    small = measure(study)
    # the plans carrying it out, children, units, sessions, obligations; then for today the
    # study tallies' state and the tallies (``study.tallies``), for a past day the report
    # deadlines and the people counted live; below the plan's issuer one more: the report
    # obligations of the units between
    assert small == expected(waiting(study))
    grow(study)
    numbers = rollup.study_numbers(study.plan, tree.province)
    assert (numbers.eligible, numbers.attended, numbers.reports_submitted) == (
        65,
        60,
        60,
    )  # + An, Hoa, Cường, Giang, Bình
    assert numbers.sessions_held == 12
    assert measure(study) == expected(waiting(study))
    with tallies.counted_live():  # the same numbers counted live
        assert rollup.study_numbers(study.plan, tree.province) == numbers
