"""Each event a service notifies, under a controlled clock: who is told, who is not (the actor,
the sibling commune, a member who cannot open the object)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from trienkhai.core.access import Role
from trienkhai.core.tests.matrix import (
    adopted_program_of_commune_a,
    checkin_conflict_of_commune_a,
    learning_report_of_person_a,
    program_of_commune_a_in_discussion,
)
from trienkhai.notifications import kinds
from trienkhai.notifications.models import Notification
from trienkhai.programs import services as program_services
from trienkhai.programs.models import ActionProgram
from trienkhai.study import services as study_services
from trienkhai.study.notices import REPORT_COPIED, checked
from trienkhai.tooling.testing import make_user

from .conftest import D, at, of

pytestmark = pytest.mark.django_db


def test_a_plan_issued_tells_the_clerks_and_heads_of_each_unit_that_owes_it(cell, clock):
    tree = cell.tree
    assert clock(at(D(2026, 1, 20))) == timezone.now()
    told = of(cell.clerk_a1, "plan_issued").get()
    assert of(cell.head_a1, "plan_issued").count() == 1
    assert told.target_type == "resolutions.plan" and told.target_id == cell.plan.pk
    assert told.url == cell.plan.get_absolute_url()
    assert told.unit_id == tree.cell_a.pk
    # head_a issued it (the actor), the sibling commune owes nothing, a viewer does not act
    for user in (tree.head_a, tree.clerk_b, tree.viewer_a):
        assert not of(user).exists(), user
    kind = kinds.get("plan_issued")
    assert "05-KH/ĐU" in kind.render(told.params)


def test_a_program_put_to_discussion_waits_for_the_head(tree, clock):
    clock(at(D(2026, 2, 10)))
    program = program_of_commune_a_in_discussion(tree)
    notice = of(tree.head_a, "program_submitted").get()
    assert notice.target_id == program.pk and notice.url == program.get_absolute_url()
    assert not of(tree.clerk_a, "program_submitted").exists()  # who put it there
    assert not of(tree.clerk_b).filter(kind="program_submitted").exists()


def test_the_deputy_named_is_told_too(tree, clock):
    clock(at(D(2026, 2, 10)))
    from trienkhai.core.tests.matrix import draft_program_of_commune_a

    program = draft_program_of_commune_a(tree)
    deputy = make_user("deputy_a", Role.VIEWER, tree.commune_a)
    program_services.name_deputy(user=tree.head_a, program=program, deputy=deputy)
    program_services.open_discussion(user=tree.clerk_a, program=program)
    assert of(deputy, "program_submitted").count() == 1


def test_approval_tells_the_clerks_and_a_revision_says_so(tree, clock):
    clock(at(D(2026, 2, 15)))
    program = adopted_program_of_commune_a(tree)
    assert of(tree.clerk_a, "program_approved").count() == 1
    approver = ActionProgram.objects.get(pk=program.pk).approved_by
    assert not of(approver, "program_approved").exists()
    program_services.revise_program(user=tree.clerk_a, program=program)
    task = program.tasks.get()
    task.title = "Một nhiệm vụ khác hẳn"
    task.save()
    program_services.open_discussion(user=tree.clerk_a, program=program)
    program_services.approve_program(user=tree.head_a, program=program, reason="Sửa nhiệm vụ")
    revision = of(tree.clerk_a, "revision_approved").get()
    assert revision.params["version"] == "2"


def test_a_learning_report_graded_or_sent_back_tells_its_member(tree, clock):
    clock(at(D(2026, 3, 1)))
    member = make_user("member", Role.VIEWER, tree.cell_a)
    tree.person_a.user = member
    tree.person_a.save(update_fields=["user"])
    report = learning_report_of_person_a(tree)
    study_services.review_report(
        user=tree.head_a, report=report, send_back=True, comment="Viết lại"
    )
    back = of(member, "report_returned").get()
    assert back.params["comment"] == "Viết lại"
    assert "/study/plans/" in back.url
    study_services.review_report(user=tree.head_a, report=report, grade="good")
    assert of(member, "report_graded").count() == 1


def test_a_member_who_cannot_open_the_plan_is_not_told(tree, clock):
    clock(at(D(2026, 3, 1)))
    member = make_user("member_no_role")  # a login without a role: cannot open the plan
    tree.person_a.user = member
    tree.person_a.save(update_fields=["user"])
    report = learning_report_of_person_a(tree)
    study_services.review_report(user=tree.head_a, report=report, grade="good")
    assert not of(member).exists()


def test_a_check_in_that_meets_the_clerks_mark_tells_the_clerks(tree, clock):
    clock(at(D(2026, 3, 1)))
    conflict = checkin_conflict_of_commune_a(tree)
    notice = of(tree.clerk_a, "checkin_conflict").get()
    assert notice.target_type == "study.checkinconflict" and notice.target_id == conflict.pk
    assert of(tree.head_a, "checkin_conflict").count() == 1
    assert not of(tree.clerk_b).exists()


def test_a_program_flagged_as_copied_tells_the_head_as_the_banner_says(tree, clock, monkeypatch):
    clock(at(D(2026, 2, 10)))
    program = adopted_program_of_commune_a(tree)
    ActionProgram.objects.filter(pk=program.pk).update(copy_flagged=False)
    program.refresh_from_db()
    from trienkhai.programs import copying

    monkeypatch.setattr(copying, "OWN_SHARE_FLAG", 1.01)  # everything counts as copied
    copying.check_program(program)
    assert of(tree.head_a, "program_copied").count() == 1
    copying.check_program(program)  # still flagged: not told again
    assert of(tree.head_a, "program_copied").count() == 1


def test_a_learning_report_flagged_as_copied_tells_the_head(tree, clock):
    clock(at(D(2026, 3, 1)))
    report = learning_report_of_person_a(tree)
    report.similarity = 0.9
    checked(report)
    notice = of(tree.head_a, REPORT_COPIED.key).get()  # the head of commune A, above the cell
    assert notice.target_id == report.pk
    assert Notification.objects.filter(kind=REPORT_COPIED.key).count() == 1
