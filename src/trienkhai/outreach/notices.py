"""What outreach notifies (``trienkhai.notifications.kinds``, issue 15):

- a new question on a public page → the clerks (the propaganda staff) of the publishing unit
  (a question merged at once with a published answer asks nothing of them: not sent);
- an answer drafted (or one of the level above reused) → the head, to approve;
- an answer published (or a question merged by the staff with a published answer) → the
  member who asked, when they asked logged in. The public asker has no account: nothing.

The asker's notification opens ``AskedQuestion``, their own answered question (the public
page, at the answer): it is shown only while the page and the answer are published.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from trienkhai.core.access import Role
from trienkhai.notifications import kinds
from trienkhai.notifications.kinds import Notice
from trienkhai.notifications.services import notify, send

from .models import Answer, AskedQuestion, Question

QUESTION_ASKED = kinds.declare(
    "question_asked",
    title=_("A question was asked on a public page of my unit"),
    text=_("%(unit)s: a question on the page of %(resolution)s: “%(text)s”"),
    model="outreach.Question",
)
ANSWER_DRAFTED = kinds.declare(
    "answer_drafted",
    title=_("An answer waits for my approval"),
    text=_("%(unit)s: an answer to “%(question)s” waits for your approval."),
    model="outreach.Answer",
)
QUESTION_ANSWERED = kinds.declare(
    "question_answered",
    title=_("My question was answered"),
    text=_("Your question “%(text)s” was answered on the page of %(resolution)s."),
    model="outreach.AskedQuestion",
    default="email",
)


def _short(text: str, size: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def asked(question: Question) -> int:
    """A question waiting for an answer: the publishing unit's clerks."""
    if question.state != Question.State.NEW:
        return 0
    page = question.page
    return notify(
        QUESTION_ASKED,
        target=question,
        unit=page.unit,
        url=reverse("outreach:question-detail", args=[question.pk]),
        params={
            "unit": page.unit.name,
            "resolution": page.resolution.number,
            "text": _short(question.text),
        },
        roles=(Role.CLERK,),
        actor=question.asked_by,
    )


def drafted(answer: Answer, *, actor: Any) -> int:
    """A draft answer: the head of the unit approves it before it is published."""
    return notify(
        ANSWER_DRAFTED,
        target=answer,
        unit=answer.unit,
        url=answer.get_absolute_url(),
        params={"unit": answer.unit.name, "question": _short(answer.question)},
        roles=(Role.HEAD,),
        actor=actor,
    )


def answered(questions: Iterable[Question], answer: Answer) -> int:
    """The members who asked these questions logged in, each told once; the public asker has
    no account and is left out."""
    page = answer.page
    url = f"{page.get_public_url()}#answer-{answer.pk}"
    return send(
        Notice(
            QUESTION_ANSWERED,
            target=AskedQuestion(pk=question.pk),
            unit=page.unit,
            url=url,
            params={"text": _short(question.text), "resolution": page.resolution.number},
            users=(question.asked_by,),
        )
        for question in questions
        if question.asked_by_id is not None
    )
