"""What outreach notifies (issue 15), under a controlled clock: a new question to the publishing
unit's clerks, a drafted answer to its head, a published answer to the member who asked logged
in (never to the public asker, who has no account), shown only while the member can open it;
the sibling commune's people never told."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from trienkhai.core.access import Role
from trienkhai.notifications.models import Notification
from trienkhai.notifications.services import mine
from trienkhai.outreach import services
from trienkhai.outreach.models import Question
from trienkhai.tooling.testing import make_user

from .conftest import published_page

pytestmark = pytest.mark.django_db
TZ = timezone.get_fixed_timezone(7 * 60)
MOMENT = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
QUESTION = "Thôn 3 khi nào có Internet cáp quang?"


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: MOMENT)
    return MOMENT


@pytest.fixture
def member(world):
    return make_user("member_a1", Role.VIEWER, world.tree.cell_a)


OURS = ("question_asked", "answer_drafted", "question_answered")


def of(user, kind: str | None = None):
    """The user's outreach notifications (the fixture's plan, issued to the communes, told
    their clerks and heads too)."""
    rows = Notification.objects.filter(recipient=user)
    return rows.filter(kind=kind) if kind else rows.filter(kind__in=OURS)


def test_a_new_question_tells_the_publishing_units_clerks(world):
    t = world.tree
    page = published_page(world)
    question = services.ask(page=page, text=QUESTION, contact="0912 000 111")
    row = of(t.clerk_a, "question_asked").get()
    assert row.target_id == question.pk and row.params["text"] == QUESTION
    assert row.url.endswith(f"/questions/{question.pk}/")
    assert mine(t.clerk_a).filter(pk=row.pk).exists()
    assert "0912" not in str(row.params)  # the contact stays on the question
    assert not of(t.head_a, "question_asked").exists()  # the staff's work, not the head's
    assert not of(t.clerk_b).exists() and not of(world.head_p).exists()


def test_a_question_already_answered_asks_nothing_of_the_staff(world):
    t = world.tree
    page = published_page(world)
    q = services.ask(page=page, text=QUESTION)
    answer = services.answer_question(user=t.clerk_a, question=q, text="Trong quý III.")
    services.approve_answer(user=t.head_a, answer=answer)
    repeat = services.ask(page=page, text=QUESTION.lower())
    assert repeat.state == Question.State.MERGED
    assert of(t.clerk_a, "question_asked").count() == 1


def test_a_drafted_answer_waits_for_the_head(world):
    t = world.tree
    page = published_page(world)
    q = services.ask(page=page, text=QUESTION)
    answer = services.answer_question(user=t.clerk_a, question=q, text="Trong quý III.")
    row = of(t.head_a, "answer_drafted").get()
    assert row.target_id == answer.pk and mine(t.head_a).filter(pk=row.pk).exists()
    assert not of(t.clerk_a, "answer_drafted").exists()  # the writer is not told
    assert not of(t.clerk_b).exists()


def test_a_reused_answer_waits_for_the_head_too(world):
    t = world.tree
    province_page = published_page(world, unit=t.province, user=t.admin, head=world.head_p)
    q = services.ask(page=province_page, text="Ai chịu trách nhiệm?")
    source = services.answer_question(user=t.admin, question=q, text="Người đứng đầu.")
    services.approve_answer(user=world.head_p, answer=source)
    page = published_page(world)
    services.reuse_answer(user=t.clerk_a, page=page, source=source)
    assert of(t.head_a, "answer_drafted").count() == 1


def test_the_member_who_asked_is_told_when_the_answer_is_published(world, member):
    t = world.tree
    page = published_page(world)
    mine_q = services.ask(page=page, text=QUESTION, user=member)
    public_q = services.ask(page=page, text="Xã có hỗ trợ điện thoại thông minh không?")
    answer = services.answer_question(user=t.clerk_a, question=mine_q, text="Trong quý III.")
    assert not of(member).exists()  # a draft is not an answer yet
    services.approve_answer(user=t.head_a, answer=answer)
    row = of(member, "question_answered").get()
    assert row.target_id == mine_q.pk and row.url.endswith(f"#answer-{answer.pk}")
    assert mine(member).filter(pk=row.pk).exists()  # they can open it
    other = services.answer_question(user=t.clerk_a, question=public_q, text="Có.")
    services.approve_answer(user=t.head_a, answer=other)
    # the public asker has no account: nothing for anyone
    assert Notification.objects.filter(kind="question_answered").count() == 1
    assert of(t.clerk_a, "question_asked").count() == 2
    assert not of(t.clerk_b).exists()


def test_a_question_merged_by_the_staff_tells_its_member(world, member):
    t = world.tree
    page = published_page(world)
    first = services.ask(page=page, text=QUESTION)
    answer = services.answer_question(user=t.clerk_a, question=first, text="Trong quý III.")
    answer = services.approve_answer(user=t.head_a, answer=answer)
    q = services.ask(page=page, text="Internet thôn 3 bao giờ xong?", user=member)
    assert q.state == Question.State.NEW
    services.merge_question(user=t.clerk_a, question=q, answer=answer)
    assert of(member, "question_answered").get().target_id == q.pk


def test_the_asker_no_longer_sees_it_once_the_page_is_withdrawn(world, member):
    t = world.tree
    page = published_page(world)
    q = services.ask(page=page, text=QUESTION, user=member)
    answer = services.answer_question(user=t.clerk_a, question=q, text="Trong quý III.")
    services.approve_answer(user=t.head_a, answer=answer)
    assert mine(member).count() == 1
    services.withdraw_page(user=t.head_a, page=page)
    assert not mine(member).exists()


def test_another_member_cannot_open_the_askers_notification(world, member):
    t = world.tree
    other = make_user("member_b1", Role.VIEWER, t.cell_b)
    page = published_page(world)
    q = services.ask(page=page, text=QUESTION, user=member)
    answer = services.answer_question(user=t.clerk_a, question=q, text="Trong quý III.")
    services.approve_answer(user=t.head_a, answer=answer)
    row = of(member, "question_answered").get()
    Notification.objects.filter(pk=row.pk).update(recipient=other)  # as if it were theirs
    assert not mine(other).exists()


def test_remind_sends_nothing_again_for_outreach(world, member):
    t = world.tree
    page = published_page(world)
    q = services.ask(page=page, text=QUESTION, user=member)
    answer = services.answer_question(user=t.clerk_a, question=q, text="Trong quý III.")
    services.approve_answer(user=t.head_a, answer=answer)
    count = Notification.objects.count()
    call_command("remind")
    call_command("remind")
    assert Notification.objects.count() == count
