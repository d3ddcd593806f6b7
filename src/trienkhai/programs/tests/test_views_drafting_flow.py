"""The way to adoption on screen: discussion and comments, the approval screen (quality, copies,
the differences from the last approved version), who may press Approve, the deputy, putting
into effect, closing, and a whole program from the clerk's first click to a revised version."""

from __future__ import annotations

import pytest
from django.urls import reverse

from trienkhai.programs import services
from trienkhai.programs.models import ActionProgram, ProgramComment, ProgramVersion, Task

from .conftest import fresh
from .test_views_drafting import count_queries, task_data, text

pytestmark = pytest.mark.django_db
S = ActionProgram.Status


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def discussed_a(world, draft_a):
    return services.open_discussion(user=world.clerk_a, program=draft_a)


def approve_url(program) -> str:
    return reverse("programs:program-approve", args=[program.pk])


# --- discussion ------------------------------------------------------------------------------


def test_members_comment_on_a_task_during_discussion(world, discussed_a, login):
    task = discussed_a.tasks.get(order=1)
    client = login(world.member_a)
    page = text(client.get(discussed_a.get_absolute_url()))
    assert 'id="comment-form"' in page
    response = client.post(
        reverse("programs:program-comment", args=[discussed_a.pk]),
        {"task": task.pk, "text": "Nên nêu rõ số hộ được hưởng lợi."},
    )
    assert response.status_code == 302
    assert response.url.endswith(f"#task-{task.pk}")
    comment = ProgramComment.objects.get()
    assert (comment.task, comment.author) == (task, world.member_a)
    page = text(client.get(discussed_a.get_absolute_url()))
    assert "Nên nêu rõ số hộ được hưởng lợi." in page
    response = client.post(
        reverse("programs:program-comment", args=[discussed_a.pk]),
        {"task": "", "text": "Chương trình cần bám sát điều kiện của xã."},
    )
    assert response.status_code == 302 and response.url.endswith("#comments")


def test_a_comment_is_refused_outside_discussion_or_when_empty(world, draft_a, login):
    client = login(world.member_a)
    url = reverse("programs:program-comment", args=[draft_a.pk])
    response = client.post(url, {"text": "Sớm quá"})
    assert response.status_code == 400
    assert "Comments are taken while the program is in discussion." in text(response)
    services.open_discussion(user=world.clerk_a, program=draft_a)
    response = client.post(url, {"text": "   "})
    assert response.status_code == 400
    other = Task.objects.exclude(program=draft_a).first()
    response = client.post(url, {"text": "Ý kiến", "task": other.pk})
    assert response.status_code == 400
    assert "This task belongs to another program." in text(response)
    assert not ProgramComment.objects.exists()


def test_a_cell_viewer_cannot_comment_on_the_commune_program(world, discussed_a, login):
    client = login(world.viewer_a)  # viewer of cell A1: not a member of the commune committee
    response = client.post(
        reverse("programs:program-comment", args=[discussed_a.pk]), {"text": "Ý kiến"}
    )
    assert response.status_code in (403, 404)
    assert not ProgramComment.objects.exists()


# --- the approval screen ---------------------------------------------------------------------


def test_the_head_sees_the_checks_and_the_approve_button(world, discussed_a, login):
    response = login(world.head_a).get(approve_url(discussed_a))
    page = text(response)
    assert response.status_code == 200
    assert response.context["can_approve_now"] is True
    assert 'name="approve"' in page
    assert "Quality checks" in page and "1 key point no task serves" in page
    assert "First approval" in page
    assert 'name="reason"' not in page  # a first approval needs no reason


def test_the_clerk_sees_why_they_cannot_approve(world, discussed_a, login):
    client = login(world.clerk_a)
    response = client.get(approve_url(discussed_a))
    page = text(response)
    assert response.status_code == 200
    assert 'name="approve"' not in page
    assert "Only the head of Đảng ủy xã An Phú, or the deputy the head named" in page
    response = client.post(approve_url(discussed_a), {})
    assert response.status_code == 403
    assert fresh(discussed_a).status == S.DISCUSSION


def test_a_draft_cannot_be_approved_yet(world, draft_a, login):
    response = login(world.head_a).get(approve_url(draft_a))
    assert "The program must be discussed by the committee before approval." in text(response)
    assert 'name="approve"' not in text(response)
    response = login(world.head_a).post(approve_url(draft_a), {})
    assert response.status_code == 400
    assert fresh(draft_a).status == S.DRAFT


def test_the_head_of_the_province_does_not_approve_a_commune_program(world, discussed_a, login):
    response = login(world.head_p).post(approve_url(discussed_a), {})
    assert response.status_code == 403
    assert fresh(discussed_a).version == 0


def test_copies_are_shown_side_by_side(world, build, province_program, login):
    program = build.program(world.commune_a, start_from_parent=True)
    services.open_discussion(user=world.clerk_a, program=program)
    response = login(world.head_a).get(approve_url(program))
    page = text(response)
    copied = response.context["copied_tasks"]
    assert len(copied) == 2
    assert all(t.copied_from.program_id == province_program.pk for t in copied)
    assert "The program above" in page
    assert "Sắp xếp, tinh gọn tổ chức bộ máy của hệ thống chính trị toàn tỉnh" in page
    program = fresh(program)
    assert program.copy_flagged
    assert "Mostly copied." in page


def test_the_approval_screen_costs_the_same_queries_for_many_tasks(
    world, build, discussed_a, login
):
    client = login(world.head_a)
    few = count_queries(client, approve_url(discussed_a))
    program = fresh(discussed_a)
    ActionProgram.objects.filter(pk=program.pk).update(status=S.DRAFT)
    for n in range(6):
        build.task(
            program,
            title=f"Nhiệm vụ số {n}",
            key_points=[world.kp3],
            milestones=[{"when": "Q4/2026", "expected_value": "1"}],
        )
    ActionProgram.objects.filter(pk=program.pk).update(status=S.DISCUSSION)
    assert count_queries(client, approve_url(discussed_a)) == few


# --- deputy, effect, close -------------------------------------------------------------------


def test_the_head_names_a_deputy_who_then_approves(world, discussed_a, login):
    head = login(world.head_a)
    page = text(head.get(discussed_a.get_absolute_url()))
    assert reverse("programs:program-deputy", args=[discussed_a.pk]) in page
    response = head.post(
        reverse("programs:program-deputy", args=[discussed_a.pk]), {"deputy": world.member_a.pk}
    )
    assert response.status_code == 302
    assert fresh(discussed_a).deputy == world.member_a
    deputy = login(world.member_a)
    assert 'name="approve"' in text(deputy.get(approve_url(discussed_a)))
    response = deputy.post(approve_url(discussed_a), {})
    assert response.status_code == 302
    program = fresh(discussed_a)
    assert (program.status, program.version, program.approved_by) == (
        S.APPROVED,
        1,
        world.member_a,
    )


def test_only_the_head_names_a_deputy(world, discussed_a, login):
    url = reverse("programs:program-deputy", args=[discussed_a.pk])
    client = login(world.clerk_a)
    assert url not in text(client.get(discussed_a.get_absolute_url()))
    response = client.post(url, {"deputy": world.clerk_a.pk})
    assert response.status_code == 403
    assert "Only the head of the unit may name a deputy" in text(response)
    response = login(world.head_a).post(url, {"deputy": world.clerk_b.pk})
    assert response.status_code == 400
    assert "The deputy must hold a role in this unit." in text(response)
    assert fresh(discussed_a).deputy is None


def test_put_into_effect_and_close(world, adopted_a, login):
    clerk = login(world.clerk_a)
    page = text(clerk.get(adopted_a.get_absolute_url()))
    assert reverse("programs:program-effect", args=[adopted_a.pk]) in page
    url = reverse("programs:program-effect", args=[adopted_a.pk])
    response = clerk.post(url, {"on": "01/02/2026"})
    assert response.status_code == 400
    assert "A program cannot take effect before it was approved." in text(response)
    response = clerk.post(url, {"on": "31/02/2026"})
    assert response.status_code == 400
    response = clerk.post(url, {"on": "01/03/2026"})
    assert response.status_code == 302
    program = fresh(adopted_a)
    assert program.status == S.IN_EFFECT and program.effective_on.isoformat() == "2026-03-01"
    close = reverse("programs:program-close", args=[adopted_a.pk])
    response = clerk.post(close)
    assert response.status_code == 403  # the head closes
    assert fresh(adopted_a).status == S.IN_EFFECT
    response = login(world.head_a).post(close, follow=True)
    assert fresh(adopted_a).status == S.CLOSED
    assert "The program was closed" in text(response)


def test_the_page_shows_progress_with_its_rule(world, adopted_a, login):
    response = login(world.clerk_a).get(adopted_a.get_absolute_url())
    progress = response.context["progress"]
    assert progress is not None and progress.denominator == 2
    assert "Share of tasks done" in text(response) and "0 of 2 tasks done" in text(response)


# --- the whole way ---------------------------------------------------------------------------


def test_from_the_first_click_to_a_revised_version(world, province_program, login):
    clerk = login(world.clerk_a)
    add = reverse("programs:program-add") + f"?unit={world.commune_a.pk}"
    response = clerk.post(
        add,
        {
            "plan": world.plan.pk,
            "kind": "program",
            "number": "11-CTr/ĐU",
            "title": "Chương trình hành động của Đảng ủy xã An Phú",
            "reporting_period": "quarter",
        },
    )
    program = ActionProgram.objects.get(number="11-CTr/ĐU")
    assert response.url == program.get_absolute_url()
    task_add = reverse("programs:task-add", args=[program.pk])
    assert clerk.post(task_add, task_data(world)).status_code == 302
    second = task_data(
        world,
        title="Tổ chức tập huấn chuyển đổi số cho cán bộ xã",
        key_points=[world.kp3.pk, world.kp2.pk],
        lead_unit=world.commune_a.pk,
        indicator="",
        target="",
        baseline="",
        target_year="",
        **{"ms-0-when": "Q3/2026", "ms-0-expected_value": "", "ms-0-deliverable": "2 lớp"},
    )
    assert clerk.post(task_add, second).status_code == 302
    response = clerk.post(reverse("programs:program-discuss", args=[program.pk]))
    assert response.status_code == 302 and fresh(program).status == S.DISCUSSION

    member = login(world.member_a)
    task = program.tasks.get(order=2)
    member.post(
        reverse("programs:program-comment", args=[program.pk]),
        {"task": task.pk, "text": "Cần ghi rõ số cán bộ được tập huấn."},
    )

    head = login(world.head_a)
    page = text(head.get(approve_url(program)))
    assert "Every task has an owner, a date and a measurable outcome" in page
    assert head.post(approve_url(program), {}).status_code == 302
    program = fresh(program)
    assert (program.status, program.version) == (S.APPROVED, 1)

    clerk = login(world.clerk_a)
    response = clerk.post(reverse("programs:program-revise", args=[program.pk]))
    assert fresh(program).status == S.DRAFT
    edit = reverse("programs:task-edit", args=[task.pk])
    changed = {**second, "title": "Tập huấn chuyển đổi số cho 45 cán bộ xã"}
    assert clerk.post(edit, changed).status_code == 302
    clerk.post(reverse("programs:program-discuss", args=[program.pk]))

    head = login(world.head_a)
    response = head.get(approve_url(program))
    page = text(response)
    assert "Differences from the approved version 1" in page
    assert "Task 2: Title" in page
    assert "Tổ chức tập huấn chuyển đổi số cho cán bộ xã" in page  # before
    assert "Tập huấn chuyển đổi số cho 45 cán bộ xã" in page  # after
    assert 'name="reason"' in page
    response = head.post(approve_url(program), {"reason": ""})
    assert response.status_code == 400
    assert "Say why the approved program is being changed." in text(response)
    response = head.post(approve_url(program), {"reason": "Theo ý kiến của đảng ủy viên."})
    assert response.status_code == 302
    program = fresh(program)
    assert program.version == 2
    version = ProgramVersion.objects.get(program=program, number=2)
    assert version.reason == "Theo ý kiến của đảng ủy viên."
    page = text(head.get(program.get_absolute_url()))
    assert "Version 2" in page and "Theo ý kiến của đảng ủy viên." in page
    assert "Cần ghi rõ số cán bộ được tập huấn." in page  # the comment stays with its task


def test_nothing_changed_is_said_before_the_head_presses(world, adopted_a, login):
    services.revise_program(user=world.clerk_a, program=adopted_a)
    services.open_discussion(user=world.clerk_a, program=adopted_a)
    response = login(world.head_a).get(approve_url(adopted_a))
    assert "Nothing has changed since the last approved version." in text(response)
    assert 'name="approve"' not in text(response)


def test_a_viewer_pressing_a_workflow_button_is_told_no(world, build, adopted_a, login):
    draft = build.program(world.commune_a, number="77")
    build.task(draft)
    client = login(world.member_a)
    response = client.post(reverse("programs:program-discuss", args=[draft.pk]))
    assert response.status_code == 403
    assert "You do not have permission to do this here." in text(response)
    assert fresh(draft).status == S.DRAFT
    response = client.post(reverse("programs:program-revise", args=[adopted_a.pk]))
    assert response.status_code == 403
    response = client.post(reverse("programs:program-effect", args=[adopted_a.pk]), {"on": ""})
    assert response.status_code == 403
    assert fresh(adopted_a).status == S.APPROVED
