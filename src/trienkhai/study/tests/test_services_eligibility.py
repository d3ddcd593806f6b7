"""Who is expected at a session, who may attend it, and who has studied the plan."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from trienkhai.study import eligibility, services
from trienkhai.study.models import Attendance, StudySession
from trienkhai.units import services as units
from trienkhai.units.models import Person

PRESENT = Attendance.Status.PRESENT
ABSENT = Attendance.Status.ABSENT


def pks(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def studied(study) -> set[int]:
    return pks(Person.objects.filter(eligibility.studied(study.plan)))


def mark(study, session, person, status=PRESENT):
    return services.mark_attendance(
        user=study.tree.clerk_a, session=session, person=person, status=status
    )


@pytest.mark.django_db
def test_exempt_members_are_not_expected_but_may_attend(study):
    """Given a commune session over its subtree, when the roster is computed, then the exempt
    member is not expected, yet is in the audience and can be marked present."""
    session = study.session()
    assert pks(eligibility.expected(session)) == study.expected_commune
    assert study.dung.pk in pks(eligibility.audience(session))
    mark(study, session, study.dung)
    assert study.dung.pk in studied(study)
    assert study.dung.pk not in pks(eligibility.expected(session))


@pytest.mark.django_db
def test_non_members_are_not_expected(study):
    """Given a non-member in the cell, they may be recorded but are never expected."""
    session = study.session(unit=study.tree.cell_a, non_members_invited=True)
    assert study.em.pk in pks(eligibility.audience(session))
    assert study.em.pk not in pks(eligibility.expected(session))
    assert pks(eligibility.expected(session)) == study.expected_cell


@pytest.mark.django_db
def test_a_key_cadre_session_expects_only_key_cadres(study):
    """Given a session for key cadres, only the key cadres are expected; the others may still
    attend (they are in the audience)."""
    session = study.session(audience=StudySession.Audience.KEY_CADRES)
    assert pks(eligibility.expected(session)) == {study.cuong.pk, study.giang.pk}
    assert study.hoa.pk in pks(eligibility.audience(session))
    mark(study, session, study.hoa)  # not refused


@pytest.mark.django_db
def test_include_subtree_decides_whether_the_cells_attend(study):
    """Given the same commune with and without its subtree, the expected list is the whole
    commune or only the people registered directly in the committee."""
    with_cells = study.session(include_subtree=True)
    without = study.session(include_subtree=False, title="Hội nghị Ban Chấp hành")
    assert pks(eligibility.expected(with_cells)) == study.expected_commune
    assert pks(eligibility.expected(without)) == {study.giang.pk}
    with pytest.raises(ValidationError):
        mark(study, without, study.hoa)  # a cell member is outside that audience


@pytest.mark.django_db
def test_members_who_left_are_neither_expected_nor_admitted(study):
    """Given a member who has left, they are no longer expected and cannot be marked."""
    Person.objects.filter(pk=study.hoa.pk).update(left_on=timezone.localdate())
    session = study.session()
    assert study.hoa.pk not in pks(eligibility.expected(session))
    with pytest.raises(ValidationError):
        mark(study, session, study.hoa)


@pytest.mark.django_db
def test_a_member_who_moved_after_attending_still_counts_as_studied(study):
    """Given Hoa attended in commune A and then moved to commune B, when the numbers are read,
    then she has studied the plan, her attendance stays with the unit where she studied, and in
    commune B she is expected and already counts as studied."""
    session = study.session()
    mark(study, session, study.hoa)
    units.update_person(user=study.tree.admin, person=study.hoa, unit=study.tree.cell_b)
    study.hoa.refresh_from_db()
    assert study.hoa.unit == study.tree.cell_b
    assert study.hoa.pk in studied(study)
    attendance = Attendance.objects.get(session=session, person=study.hoa)
    assert attendance.unit == study.tree.cell_a
    # She is now in commune B's audience and counts towards its studied members.
    session_b = study.session(unit=study.tree.commune_b, user=study.tree.clerk_b)
    expected_b = eligibility.expected(session_b)
    assert study.hoa.pk in pks(expected_b)
    assert pks(expected_b.filter(eligibility.studied(study.plan))) == {study.hoa.pk}
    # ...and no longer in commune A's.
    assert study.hoa.pk not in pks(eligibility.expected(session))


@pytest.mark.django_db
def test_someone_absent_studies_at_the_make_up_session(study):
    """Given An was absent from the main session, when he attends the make-up session, then
    he has studied the plan; a person is counted once however many sessions they attended."""
    main = study.session()
    mark(study, main, study.an, ABSENT)
    mark(study, main, study.hoa)
    assert study.an.pk not in studied(study)
    makeup = study.session(title="Học bù", makeup_for=main, unit=study.tree.cell_a)
    mark(study, makeup, study.an)
    mark(study, makeup, study.hoa)  # twice: still one person
    assert studied(study) == {study.an.pk, study.hoa.pk}
    assert Person.objects.filter(eligibility.studied(study.plan)).count() == 2


@pytest.mark.django_db
def test_a_make_up_session_is_for_a_session_of_the_same_plan(study):
    """Given a session of another plan, a make-up session of this plan cannot point at it."""
    from .test_services_builders import make_plan

    other_plan = make_plan(study.tree, study.resolution, number="20-KH/TU")
    other = services.schedule_session(
        user=study.tree.clerk_a,
        unit=study.tree.commune_a,
        plan=other_plan,
        title="Hội nghị kế hoạch khác",
        starts_at=timezone.now(),
        mode=StudySession.Mode.IN_PERSON,
    )
    with pytest.raises(ValidationError) as caught:
        study.session(title="Học bù", makeup_for=other)
    assert "makeup_for" in caught.value.message_dict


@pytest.mark.django_db
def test_presence_at_a_cancelled_session_or_of_another_plan_is_not_study(study):
    """Given An was present at a session that was then cancelled, and Hoa at a session of
    another plan, neither has studied this plan."""
    from .test_services_builders import make_plan

    session = study.session()
    mark(study, session, study.an)
    StudySession.objects.filter(pk=session.pk).update(status=StudySession.Status.CANCELLED)
    other_plan = make_plan(study.tree, study.resolution, number="21-KH/TU")
    other = services.schedule_session(
        user=study.tree.clerk_a,
        unit=study.tree.commune_a,
        plan=other_plan,
        title="Hội nghị kế hoạch khác",
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        mode=StudySession.Mode.IN_PERSON,
    )
    mark(study, other, study.hoa)
    assert studied(study) == set()
