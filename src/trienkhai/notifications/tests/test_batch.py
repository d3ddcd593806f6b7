"""Visibility for a batch of recipients (``services.visible_to_recipients``, the digest's one
query) is ``visible``'s rule exactly: for every kind of object a notification opens, in the
states that change who may open it, and a mix of people (the clerk and the head of the
commune, a viewer of its cell, a member with a login and no role, the sibling commune's clerk,
a sibling's user who lost their role, a person with two roles, an inactive one, a superuser,
nobody). And the digest costs the same number of queries whatever the size of its batch."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trienkhai.core.access import Role
from trienkhai.core.querysets import ScopedQuerySet
from trienkhai.core.tests.matrix import (
    adopted_program_of_commune_a,
    checkin_conflict_of_commune_a,
    draft_plan_of_commune_a,
    draft_program_of_commune_a,
    issued_plan_of_commune_a,
    learning_report_of_person_a,
    obligation_of_cell_a,
)
from trienkhai.inspections.tests.matrix import (
    concluded_of_commune_a,
    decision_of_commune_a,
    open_recommendation,
    signed_of_commune_a,
)
from trienkhai.notifications import kinds, mail, services
from trienkhai.notifications.models import MailState, Notification
from trienkhai.outreach.models import AskedQuestion
from trienkhai.outreach.services import pages as outreach
from trienkhai.outreach.tests.matrix import (
    draft_answer_of_commune_a,
    published_page_of_commune_a,
    question_of_commune_a,
)
from trienkhai.tooling.testing import Tree, make_user
from trienkhai.units.models import RoleAssignment

from .conftest import DUE, at

pytestmark = pytest.mark.django_db


def people(tree: Tree) -> dict[str, object]:
    member = make_user("batch_member")  # a party member's login: no role
    tree.person_a.user = member
    tree.person_a.save(update_fields=["user"])
    lost = make_user("batch_lost", Role.CLERK, tree.commune_b)
    RoleAssignment.objects.filter(user=lost).delete()
    two = make_user("batch_two", Role.VIEWER, tree.cell_b)
    RoleAssignment.objects.create(user=two, unit=tree.cell_a, role=Role.HEAD)
    inactive = make_user("batch_inactive", Role.CLERK, tree.commune_a)
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    root = make_user("batch_root")
    root.is_superuser = True
    root.save(update_fields=["is_superuser"])
    return {
        "admin": tree.admin,
        "clerk_a": tree.clerk_a,
        "head_a": tree.head_a,
        "viewer_a": tree.viewer_a,
        "member_a": member,
        "clerk_b": tree.clerk_b,
        "lost_b": lost,
        "two_roles": two,
        "inactive_a": inactive,
        "root": root,
        "nobody": tree.nobody,
    }


def asked_and_answered(tree: Tree) -> AskedQuestion:
    """Member A's question, answered on the page: what its asker opens."""
    page = published_page_of_commune_a(tree)
    question = outreach.ask(page=page, text="Khi nào áp dụng?", user=tree.person_a.user)
    answer = outreach.answer_question(user=tree.clerk_a, question=question, text="Năm 2026.")
    outreach.approve_answer(user=tree.head_a, answer=answer)
    return AskedQuestion.objects.get(pk=question.pk)


#: Every model a notification opens, in the states that change who may open it.
CASES: list[tuple[str, Callable[[Tree], object]]] = [
    ("resolutions.plan", draft_plan_of_commune_a),
    ("resolutions.plan", issued_plan_of_commune_a),  # addressed below: the cell sees it
    ("resolutions.obligation", obligation_of_cell_a),
    ("programs.actionprogram", draft_program_of_commune_a),
    ("programs.actionprogram", adopted_program_of_commune_a),
    ("study.checkinconflict", checkin_conflict_of_commune_a),
    ("study.learningreport", learning_report_of_person_a),
    ("inspections.inspection", decision_of_commune_a),
    ("inspections.inspection", signed_of_commune_a),  # aimed at cell A: its viewer sees it
    ("inspections.inspection", concluded_of_commune_a),
    ("inspections.recommendation", open_recommendation),
    ("outreach.question", question_of_commune_a),
    ("outreach.answer", draft_answer_of_commune_a),
    ("outreach.askedquestion", asked_and_answered),
]


def test_the_cases_cover_every_model_a_notification_opens():
    assert {label for label, _build in CASES} == set(kinds.target_models())


def test_every_for_user_of_a_target_model_has_its_for_holder():
    """A queryset that changes ``for_user`` changes ``for_holder`` with it (in the same class or
    one nearer): else the digest would apply the old rule."""
    for model in kinds.target_models().values():
        queryset = type(model._default_manager.all())
        assert issubclass(queryset, ScopedQuerySet), model
        mro = queryset.__mro__

        def owner(name: str, mro=mro) -> int:
            return next(i for i, cls in enumerate(mro) if name in cls.__dict__)

        assert owner("for_holder") <= owner("for_user"), model


@pytest.mark.parametrize(
    ("label", "build"), CASES, ids=[f"{label}-{build.__name__}" for label, build in CASES]
)
def test_the_batch_sees_what_each_person_sees(tree, label, build):
    everyone = people(tree)
    target = build(tree)
    Notification.objects.all().delete()  # those the builders' services sent
    for user in everyone.values():
        Notification.objects.create(
            recipient=user,
            kind="k",
            unit=tree.commune_a,
            target_type=label,
            target_id=target.pk,
            url="/",
            dedupe_key=f"{label}:{target.pk}",
        )
    reference = {
        name
        for name, user in everyone.items()
        if services.visible(Notification.objects.filter(recipient=user), user).exists()
    }
    batch = {
        name
        for name, user in everyone.items()
        if services.visible_to_recipients(Notification.objects.all())
        .filter(recipient=user)
        .exists()
    }
    assert "root" not in batch  # superusers: ``visible`` for each
    assert batch == reference - {"root"}
    assert batch and not {"nobody", "inactive_a", "lost_b", "clerk_b"} & batch


def test_the_digest_costs_the_same_queries_whatever_the_number_of_people(tree):
    from trienkhai.resolutions.notices import obligations_due

    obligation_of_cell_a(tree)
    day = DUE.replace(day=DUE.day - 1)

    def digests_of(count: int, prefix: str) -> tuple[int, int]:
        Notification.objects.all().delete()
        for i in range(count):
            user = make_user(f"{prefix}{i}", Role.CLERK if i % 2 else Role.HEAD, tree.cell_a)
            user.email = f"{prefix}{i}@example.vn"
            user.save(update_fields=["email"])
        services.send(list(obligations_due(day)), now=at(day, 6))
        with CaptureQueriesContext(connection) as captured:
            sent = mail.send_digests(at(day, 8))
        RoleAssignment.objects.filter(user__username__startswith=prefix).delete()
        return sent, len(captured.captured_queries)

    few, many = digests_of(2, "few"), digests_of(12, "many")
    assert few[0] >= 2 and many[0] >= 12
    assert few[1] == many[1]
    assert not Notification.objects.filter(mail=MailState.DIGEST).exists()


def test_a_scanners_url_is_the_reversed_one():
    from django.urls import reverse

    url = kinds.url_of("resolutions:obligation-detail")
    assert [url(pk) for pk in (1, 42, 10**9)] == [
        reverse("resolutions:obligation-detail", args=[pk]) for pk in (1, 42, 10**9)
    ]


def test_the_digests_of_more_people_than_one_query_lists(tree, monkeypatch):
    """The nation's digests are ~550,000 people: no list of them goes into one query."""
    from trienkhai.notifications.models import Delivery
    from trienkhai.resolutions.notices import obligations_due

    monkeypatch.setattr(mail, "IDS_PER_QUERY", 1)
    monkeypatch.setattr(mail, "DIGEST_BATCH", 2)
    obligation_of_cell_a(tree)
    day = DUE.replace(day=DUE.day - 1)
    for i in range(5):
        user = make_user(f"wide{i}", Role.CLERK, tree.cell_a)
        user.email = f"wide{i}@example.vn"
        user.save(update_fields=["email"])
        Delivery.objects.create(user=user, language="en")
    services.send(list(obligations_due(day)), now=at(day, 6))
    assert mail.send_digests(at(day, 8)) == 5
    assert mail.send_digests(at(day, 9)) == 0
