"""The way to adoption: discussion, approval by the head ON the unit (or the deputy the head
named), in effect, closed, revised through new versions; and the plan's obligation to issue an
action program, fulfilled by the first approval (on time or late by its date)."""

import pytest
from django.core.exceptions import PermissionDenied

from trienkhai.core.models import AuditEvent, User
from trienkhai.programs import services
from trienkhai.programs.models import ActionProgram, ProgramVersion
from trienkhai.programs.services.workflow import is_head
from trienkhai.resolutions.models import Obligation, ObligationStatus

from .conftest import A_APPROVED, ACTION_DUE, D, fresh, refused

S = ActionProgram.Status
Verb = AuditEvent.Verb
pytestmark = pytest.mark.django_db


def discussed(world, program):
    services.open_discussion(user=world.clerk_a, program=program)
    return fresh(program)


def action_obligation(unit, as_of):
    return Obligation.objects.with_status(as_of).get(unit=unit, requirement__kind="action_program")


def retitle_task(world, program, order=1, title="Nhiệm vụ đã sửa"):
    task = program.tasks.get(order=order)
    return services.save_task(
        user=world.clerk_a,
        program=program,
        task=task,
        title=title,
        key_points=list(task.key_points.all()),
        lead_unit=task.lead_unit,
        indicator=task.indicator,
        baseline=task.baseline,
        target=task.target,
    )


# --- who approves --------------------------------------------------------------------------


def test_the_head_on_the_unit_itself_approves(world, draft_a):
    program = discussed(world, draft_a)
    assert services.may_approve(world.head_a, program)
    for user in (world.head_p, world.admin, world.clerk_a, world.member_a, world.head_b):
        assert not services.may_approve(user, program), user
    assert is_head(world.head_p, world.province) and not is_head(world.head_p, world.commune_a)
    assert is_head(world.admin, world.province)  # an administrator's role ON the unit
    superuser = User.objects.create_superuser("root", password="x")
    assert services.may_approve(superuser, program)


@pytest.mark.parametrize("who", ["head_p", "admin", "clerk_a", "member_a", "head_b", "clerk_b"])
def test_nobody_else_approves_not_even_the_head_of_the_province(world, draft_a, who):
    program = discussed(world, draft_a)
    with refused(PermissionDenied):
        services.approve_program(user=getattr(world, who), program=program, on=A_APPROVED)


def test_approval_records_the_version_and_the_approver(world, draft_a):
    program = discussed(world, draft_a)
    program = services.approve_program(user=world.head_a, program=program, on=A_APPROVED)
    program = fresh(program)
    assert (program.status, program.version, program.is_adopted) == (S.APPROVED, 1, True)
    assert program.approved_on == program.first_approved_on == A_APPROVED
    assert program.approved_by == world.head_a
    version = ProgramVersion.objects.get(program=program)
    assert (version.number, version.reason, version.changes) == (1, "", [])
    assert version.approved_by == world.head_a
    assert sorted(version.snapshot["tasks"]) == sorted(str(t.pk) for t in program.tasks.all())
    event = AuditEvent.objects.filter(object_id=str(program.pk), verb=Verb.UPDATE).latest("pk")
    assert event.before["status"] == "discussion" and event.before["version"] == 0
    assert event.after["status"] == "approved" and event.after["version"] == 1


def test_the_head_names_a_deputy_who_then_approves(world, build, draft_a):
    program = discussed(world, draft_a)
    assert not services.may_approve(world.member_a, program)
    services.name_deputy(user=world.head_a, program=program, deputy=world.member_a)
    program = fresh(program)
    assert program.deputy == world.member_a and services.may_approve(world.member_a, program)
    # only for this program: another program of the same unit is not the deputy's to approve
    other = build.program(world.commune_a, title="Đề án khác")
    build.task(other)
    assert not services.may_approve(world.member_a, discussed(world, other))
    program = services.approve_program(user=world.member_a, program=program, on=A_APPROVED)
    assert fresh(program).approved_by == world.member_a


def test_a_cleared_deputy_no_longer_approves(world, draft_a):
    program = discussed(world, draft_a)
    services.name_deputy(user=world.head_a, program=program, deputy=world.member_a)
    services.name_deputy(user=world.head_a, program=program, deputy=None)
    program = fresh(program)
    assert program.deputy is None
    with refused(PermissionDenied):
        services.approve_program(user=world.member_a, program=program, on=A_APPROVED)
    events = AuditEvent.objects.filter(object_id=str(program.pk), after__has_key="deputy")
    assert [e.after["deputy"] for e in events.order_by("pk")] == ["member_a", None]


@pytest.mark.parametrize("who", ["clerk_a", "member_a", "head_p", "admin", "head_b"])
def test_only_the_head_names_a_deputy(world, draft_a, who):
    with refused(PermissionDenied):
        services.name_deputy(user=getattr(world, who), program=draft_a, deputy=world.member_a)


@pytest.mark.parametrize("deputy", ["viewer_a", "clerk_b", "head_p", "nobody"])
def test_the_deputy_must_hold_a_role_on_the_unit(world, draft_a, deputy):
    """viewer_a's role is on a cell below and clerk_b's on the sibling: neither covers commune
    A. head_p's role on the province covers it (the deputy may be someone from above)."""
    user = getattr(world, deputy)
    if deputy == "head_p":  # a role above covers the unit: accepted as deputy
        services.name_deputy(user=world.head_a, program=draft_a, deputy=user)
        assert fresh(draft_a).deputy == user
        return
    with refused() as info:
        services.name_deputy(user=world.head_a, program=draft_a, deputy=user)
    assert "deputy" in info.value.message_dict


def test_a_deputy_who_lost_their_role_no_longer_approves(world, draft_a):
    program = discussed(world, draft_a)
    services.name_deputy(user=world.head_a, program=program, deputy=world.member_a)
    world.member_a.role_assignments.all().delete()
    member = User.objects.get(pk=world.member_a.pk)  # a new request: no cached role paths
    with refused(PermissionDenied):
        services.approve_program(user=member, program=fresh(program), on=A_APPROVED)


# --- transitions ---------------------------------------------------------------------------


def test_approval_requires_the_discussion(world, draft_a):
    with refused() as info:
        services.approve_program(user=world.head_a, program=draft_a, on=A_APPROVED)
    assert info.value.messages


def test_a_program_emptied_during_discussion_is_not_approved(world, draft_a):
    program = discussed(world, draft_a)
    for task in program.tasks.all():
        services.remove_task(user=world.clerk_a, task=task)
    with refused():
        services.approve_program(user=world.head_a, program=program, on=A_APPROVED)


def test_the_whole_way_and_the_invalid_steps(world, build, draft_a):
    clerk, head = world.clerk_a, world.head_a
    program = draft_a
    for step in (
        lambda: services.put_in_effect(user=clerk, program=program, on=D(2026, 3, 1)),
        lambda: services.close_program(user=head, program=program, on=D(2026, 3, 1)),
        lambda: services.revise_program(user=clerk, program=program),
    ):
        with refused():
            step()
    program = discussed(world, program)
    with refused():
        services.put_in_effect(user=clerk, program=program, on=D(2026, 3, 1))
    program = services.approve_program(user=head, program=program, on=A_APPROVED)
    with refused():
        services.approve_program(user=head, program=fresh(program), on=A_APPROVED)
    with refused():
        services.open_discussion(user=clerk, program=program)
    with refused() as info:  # not before it was approved
        services.put_in_effect(user=clerk, program=program, on=D(2026, 2, 14))
    assert "effective_on" in info.value.message_dict
    with refused(PermissionDenied):
        services.put_in_effect(user=world.clerk_b, program=program, on=D(2026, 3, 1))
    program = services.put_in_effect(user=clerk, program=program, on=D(2026, 3, 1))
    assert (fresh(program).status, fresh(program).effective_on) == (S.IN_EFFECT, D(2026, 3, 1))
    with refused():
        services.put_in_effect(user=clerk, program=program, on=D(2026, 3, 2))
    with refused(PermissionDenied):  # closing is the head's
        services.close_program(user=clerk, program=program, on=D(2026, 12, 31))
    with refused() as info:  # not before it was approved
        services.close_program(user=head, program=program, on=D(2026, 2, 1))
    assert "closed_on" in info.value.message_dict
    program = services.close_program(user=head, program=program, on=D(2026, 12, 31))
    program = fresh(program)
    assert (program.status, program.closed_on, program.version) == (S.CLOSED, D(2026, 12, 31), 1)
    with refused():
        services.revise_program(user=clerk, program=program)
    with refused():
        services.close_program(user=head, program=program)
    with refused():
        services.open_discussion(user=clerk, program=program)


def test_a_revision_needs_a_reason_and_a_change_and_keeps_the_first_date(world, draft_a):
    program = services.approve_program(
        user=world.head_a, program=discussed(world, draft_a), on=A_APPROVED
    )
    with refused(PermissionDenied):
        services.revise_program(user=world.clerk_b, program=program)
    services.revise_program(user=world.clerk_a, program=program)
    program = fresh(program)
    assert (program.status, program.version, program.is_adopted) == (S.DRAFT, 1, True)
    program = discussed(world, program)
    with refused() as info:  # nothing changed
        services.approve_program(
            user=world.head_a, program=program, reason="Cập nhật", on=D(2026, 6, 1)
        )
    assert info.value.messages
    retitle_task(world, program)
    with refused() as info:  # no reason
        services.approve_program(user=world.head_a, program=program, reason="  ", on=D(2026, 6, 1))
    assert "reason" in info.value.message_dict
    services.approve_program(
        user=world.head_a, program=program, reason="Theo ý kiến Ban Thường vụ", on=D(2026, 6, 1)
    )
    program = fresh(program)
    assert (program.status, program.version) == (S.APPROVED, 2)
    assert (program.first_approved_on, program.approved_on) == (A_APPROVED, D(2026, 6, 1))
    v2 = program.versions.get(number=2)
    assert v2.reason == "Theo ý kiến Ban Thường vụ" and len(v2.changes) == 1
    assert program.versions.count() == 2


def test_an_in_effect_program_revised_returns_into_effect(world, draft_a):
    program = services.approve_program(
        user=world.head_a, program=discussed(world, draft_a), on=A_APPROVED
    )
    services.put_in_effect(user=world.clerk_a, program=program, on=D(2026, 3, 1))
    services.revise_program(user=world.clerk_a, program=program)
    retitle_task(world, fresh(program))
    program = discussed(world, fresh(program))
    services.approve_program(user=world.head_a, program=program, reason="Bổ sung", on=D(2026, 7, 1))
    program = fresh(program)
    assert (program.status, program.effective_on, program.version) == (
        S.IN_EFFECT,
        D(2026, 3, 1),
        2,
    )


# --- the plan's obligation -----------------------------------------------------------------


def test_the_first_approval_fulfils_the_obligation_on_time(world, build, draft_a):
    before = action_obligation(world.commune_a, D(2026, 3, 1))
    assert (before.fulfilled_on, before.status) == (None, ObligationStatus.PENDING)
    program = build.adopt(draft_a, on=A_APPROVED)
    obligation = action_obligation(world.commune_a, D(2026, 12, 31))
    assert (obligation.fulfilled_on, obligation.status) == (A_APPROVED, ObligationStatus.ON_TIME)
    assert "02-CTr/ĐU" in obligation.evidence
    # commune B still owes its program; it is overdue after the deadline
    assert action_obligation(world.commune_b, D(2026, 4, 1)).status == ObligationStatus.OVERDUE
    # a revision approved later does not move the date
    services.revise_program(user=world.clerk_a, program=program)
    retitle_task(world, fresh(program))
    build.adopt(program, on=D(2026, 9, 1), reason="Điều chỉnh")
    obligation = action_obligation(world.commune_a, D(2026, 12, 31))
    assert (obligation.fulfilled_on, obligation.status) == (A_APPROVED, ObligationStatus.ON_TIME)


def test_a_first_approval_after_the_deadline_is_late(world, build, draft_a):
    build.adopt(draft_a, on=D(2026, 4, 10))
    obligation = action_obligation(world.commune_a, D(2026, 12, 31))
    assert (obligation.fulfilled_on, obligation.status) == (D(2026, 4, 10), ObligationStatus.LATE)
    assert action_obligation(world.commune_a, ACTION_DUE).status == ObligationStatus.PENDING
    assert action_obligation(world.commune_a, D(2026, 4, 9)).status == ObligationStatus.OVERDUE


def test_the_deadline_day_itself_is_on_time(world, build, draft_a):
    build.adopt(draft_a, on=ACTION_DUE)
    assert action_obligation(world.commune_a, ACTION_DUE).status == ObligationStatus.ON_TIME


def test_a_second_program_of_the_unit_does_not_move_the_date(world, build, adopted_a):
    other = build.program(world.commune_a, title="Đề án chuyển đổi số", kind="project")
    build.task(other, key_points=[world.kp3])
    build.adopt(other, on=D(2026, 1, 30))  # approved before: the earlier evidence counts
    assert action_obligation(world.commune_a, D(2026, 12, 31)).fulfilled_on == D(2026, 1, 30)
    late = build.program(world.commune_a, title="Kế hoạch khác", kind="plan")
    build.task(late)
    build.adopt(late, on=D(2026, 5, 5))
    assert action_obligation(world.commune_a, D(2026, 12, 31)).fulfilled_on == D(2026, 1, 30)


def test_the_province_program_fulfils_nothing_of_the_communes(world, province_program):
    obligations = Obligation.objects.filter(requirement__kind="action_program")
    assert set(obligations.values_list("fulfilled_on", flat=True)) == {None}
