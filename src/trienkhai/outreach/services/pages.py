"""What writes the public side of outreach: public pages (written by the clerk, published by
the head), questions and answers.

Every function takes keyword arguments and the acting ``user``, runs in one transaction,
checks permission first, validates, writes and appends the audit event. A question asked by
the public has no user: its event names the public page (``actor_label``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from trienkhai.core import textvi
from trienkhai.core.access import Action, AnyUser, require
from trienkhai.core.audit import record
from trienkhai.core.models import AuditEvent
from trienkhai.resolutions.models import KeyPoint, Resolution
from trienkhai.units.models import Unit

from .. import notices
from ..models import (
    ANSWER_MAX,
    CONTACT_MAX,
    CONTENT_MAX,
    QUESTION_MAX,
    Answer,
    PublicPage,
    Question,
)

Verb = AuditEvent.Verb
#: Two questions whose folded words overlap this much (Jaccard) are the same question.
SAME_QUESTION = 0.8


# --- public pages ----------------------------------------------------------------------------


def _slug_for(unit: Unit, resolution: Resolution) -> str:
    base = slugify(textvi.fold(f"{resolution.number} {unit.code}"))[:70] or "trang"
    slug, n = base, 1
    while PublicPage.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _clean_content(content: str) -> str:
    text = textvi.normalize_paragraphs(content)
    if not text:
        raise ValidationError({"content": _("Write the core content in plain language.")})
    if len(text) > CONTENT_MAX:
        raise ValidationError({"content": _("At most %(n)s characters.") % {"n": CONTENT_MAX}})
    return text


@transaction.atomic
def create_page(*, user: AnyUser, unit: Unit, resolution: Resolution, content: str) -> PublicPage:
    """A unit's draft public page for a resolution; the head publishes it."""
    require(user, Action.CHANGE, unit)
    text = _clean_content(content)
    if PublicPage.objects.filter(unit=unit, resolution=resolution).exists():
        raise ValidationError(
            {"resolution": _("This unit already has a page for this resolution.")}
        )
    page = PublicPage.objects.create(
        unit=unit, resolution=resolution, slug=_slug_for(unit, resolution), content=text
    )
    record(
        user=user, verb=Verb.CREATE, obj=page, unit=unit, after={"resolution": resolution.number}
    )
    return page


@transaction.atomic
def update_page(*, user: AnyUser, page: PublicPage, content: str) -> PublicPage:
    """The clerk rewrites the draft; the public keeps reading the approved text until the
    head publishes the new one."""
    require(user, Action.CHANGE, page.unit)
    text = _clean_content(content)
    if text == page.content:
        return page
    before = {"content": page.content}
    page.content = text
    page.save(update_fields=["content"])
    record(
        user=user,
        verb=Verb.UPDATE,
        obj=page,
        unit=page.unit,
        before=before,
        after={"content": text},
    )
    return page


@transaction.atomic
def publish_page(*, user: AnyUser, page: PublicPage) -> PublicPage:
    """The head approves the draft: it becomes what the public reads."""
    require(user, Action.APPROVE, page.unit)
    locked = PublicPage.objects.select_for_update().get(pk=page.pk)
    if locked.is_published and not locked.has_unpublished_changes:
        raise ValidationError(_("The page is already published as written."))
    # The caller's object too, so that it reads as published after the call.
    for row in (locked, page):
        row.content = locked.content
        row.published_content = locked.content
        row.published_at = timezone.now()
        row.approved_by = user if user.is_authenticated else None
    locked.save(update_fields=["published_content", "published_at", "approved_by"])
    record(user=user, verb=Verb.APPROVE, obj=locked, unit=page.unit, after={"published": True})
    return page


@transaction.atomic
def withdraw_page(*, user: AnyUser, page: PublicPage) -> PublicPage:
    """The head takes the page off the public address (nothing is deleted)."""
    require(user, Action.APPROVE, page.unit)
    if not page.is_published:
        raise ValidationError(_("The page is not published."))
    page.published_at = None
    page.save(update_fields=["published_at"])
    record(user=user, verb=Verb.CLOSE, obj=page, unit=page.unit, after={"published": False})
    return page


# --- questions -------------------------------------------------------------------------------


def _words(key: str) -> set[str]:
    """The words of a folded text, punctuation left out."""
    return {w for w in re.findall(r"\w+", key) if len(w) > 1 or w.isdigit()}


def same_question(a: str, b: str) -> bool:
    """Whether two folded questions ask the same thing: the same numbers, and the same words
    give or take a few (Jaccard ≥ ``SAME_QUESTION``)."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return a == b
    if {w for w in wa if w.isdigit()} != {w for w in wb if w.isdigit()}:
        return False  # "thôn 3" and "thôn 4" are different questions
    return len(wa & wb) / len(wa | wb) >= SAME_QUESTION


def answered_match(page: PublicPage, text_key: str) -> Answer | None:
    """The published answer of the page that already answers this question, if any."""
    for answer in page.answers.filter(state=Answer.State.PUBLISHED).only("pk", "question_key"):
        if same_question(answer.question_key, text_key):
            return answer
    return None


@transaction.atomic
def ask(*, page: PublicPage, text: str, contact: str = "", user: AnyUser | None = None) -> Question:
    """A question on a published page, by the public (no user) or a logged-in member. A
    question that repeats an answered one is merged with it at once: the asker is pointed to
    the answer. Nothing but the question and the optional contact is kept."""
    if not page.is_published:
        raise ValidationError(_("This page is not published."))
    text = textvi.normalize_paragraphs(text)
    contact = textvi.normalize(contact)
    errors: dict[str, list[str]] = {}
    if not text:
        errors["text"] = [_("Write your question.")]
    elif len(text) > QUESTION_MAX:
        errors["text"] = [_("At most %(n)s characters.") % {"n": QUESTION_MAX}]
    if len(contact) > CONTACT_MAX:
        errors["contact"] = [_("At most %(n)s characters.") % {"n": CONTACT_MAX}]
    if errors:
        raise ValidationError(errors)
    member = user if user is not None and user.is_authenticated else None
    question = Question(page=page, unit=page.unit, text=text, contact=contact, asked_by=member)
    question.derive_keys()
    now = timezone.now()
    question.asked_at = now
    match = answered_match(page, question.text_key)
    if match is not None:
        question.state = Question.State.MERGED
        question.answer = match
        question.answered_at = now
    question.save()
    record(
        user=member,
        verb=Verb.CREATE,
        obj=question,
        unit=page.unit,
        after={"page": page.slug, "merged_with": match.pk if match else None},
        actor_label="" if member else _("the public, on page %(slug)s") % {"slug": page.slug},
    )
    notices.asked(question)
    return question


def _clean_answer(question: str, text: str) -> tuple[str, str]:
    q, a = textvi.normalize_paragraphs(question), textvi.normalize_paragraphs(text)
    errors: dict[str, list[str]] = {}
    if not q:
        errors["question"] = [_("Write the question as it will be published.")]
    elif len(q) > QUESTION_MAX:
        errors["question"] = [_("At most %(n)s characters.") % {"n": QUESTION_MAX}]
    if not a:
        errors["text"] = [_("Write the answer.")]
    elif len(a) > ANSWER_MAX:
        errors["text"] = [_("At most %(n)s characters.") % {"n": ANSWER_MAX}]
    if errors:
        raise ValidationError(errors)
    return q, a


def _check_points(page: PublicPage, points: list[KeyPoint]) -> None:
    if any(p.resolution_id != page.resolution_id for p in points):
        raise ValidationError({"key_points": _("Choose key points of this resolution.")})


@transaction.atomic
def answer_question(
    *,
    user: AnyUser,
    question: Question,
    text: str,
    published_question: str = "",
    key_points: Iterable[KeyPoint] = (),
) -> Answer:
    """The staff draft an answer to a question; the head approves it before it is published.
    ``published_question`` is the question as the FAQ will show it (the asker's words by
    default, without the contact)."""
    require(user, Action.CHANGE, question.unit)
    question = Question.objects.select_for_update().select_related("page").get(pk=question.pk)
    if question.state not in (Question.State.NEW,):
        raise ValidationError(_("This question already has an answer."))
    q, a = _clean_answer(published_question or question.text, text)
    points = list(key_points)
    _check_points(question.page, points)
    assert user.is_authenticated
    answer = Answer(unit=question.unit, page=question.page, question=q, text=a, written_by=user)
    answer.derive_keys()
    answer.save()
    answer.key_points.set(points)
    question.answer = answer
    question.state = Question.State.DRAFTED
    question.save(update_fields=["answer", "state"])
    record(
        user=user,
        verb=Verb.CREATE,
        obj=answer,
        unit=answer.unit,
        after={"question": q, "answer": a},
    )
    notices.drafted(answer, actor=user)
    return answer


@transaction.atomic
def update_answer(
    *,
    user: AnyUser,
    answer: Answer,
    question: str,
    text: str,
    key_points: Iterable[KeyPoint] = (),
) -> Answer:
    """The staff (or the head, before approving) rework a draft answer."""
    require(user, Action.CHANGE, answer.unit)
    answer = Answer.objects.select_for_update().get(pk=answer.pk)
    if answer.state != Answer.State.DRAFT:
        raise ValidationError(_("This answer is already published."))
    q, a = _clean_answer(question, text)
    points = list(key_points)
    _check_points(answer.page, points)
    before = {"question": answer.question, "answer": answer.text}
    answer.question, answer.text = q, a
    answer.derive_keys()
    answer.save(update_fields=["question", "text", "question_key", "search_key"])
    answer.key_points.set(points)
    record(
        user=user,
        verb=Verb.UPDATE,
        obj=answer,
        unit=answer.unit,
        before=before,
        after={"question": q, "answer": a},
    )
    return answer


@transaction.atomic
def merge_question(*, user: AnyUser, question: Question, answer: Answer) -> Question:
    """The staff point a question to an answer already published on the page."""
    require(user, Action.CHANGE, question.unit)
    if answer.page_id != question.page_id or answer.state != Answer.State.PUBLISHED:
        raise ValidationError(_("Choose a published answer of this page."))
    if question.state not in (Question.State.NEW,):
        raise ValidationError(_("This question already has an answer."))
    question.answer = answer
    question.state = Question.State.MERGED
    question.answered_at = timezone.now()
    question.save(update_fields=["answer", "state", "answered_at"])
    record(
        user=user,
        verb=Verb.UPDATE,
        obj=question,
        unit=question.unit,
        after={"merged_with": answer.pk},
    )
    notices.answered([question], answer)
    return question


@transaction.atomic
def dismiss_question(*, user: AnyUser, question: Question) -> Question:
    """Spam or abuse that slipped through: set aside, never published."""
    require(user, Action.CHANGE, question.unit)
    if question.state != Question.State.NEW:
        raise ValidationError(_("Only a question waiting for an answer can be dismissed."))
    question.state = Question.State.DISMISSED
    question.save(update_fields=["state"])
    record(
        user=user,
        verb=Verb.CLOSE,
        obj=question,
        unit=question.unit,
        after={"state": question.state},
    )
    return question


@transaction.atomic
def approve_answer(*, user: AnyUser, answer: Answer) -> Answer:
    """The head approves an answer: it joins the page's FAQ and its questions are answered."""
    require(user, Action.APPROVE, answer.unit)
    answer = Answer.objects.select_for_update().get(pk=answer.pk)
    if answer.state == Answer.State.PUBLISHED:
        raise ValidationError(_("This answer is already published."))
    now = timezone.now()
    answer.state = Answer.State.PUBLISHED
    answer.approved_by = user if user.is_authenticated else None
    answer.published_at = now
    answer.save(update_fields=["state", "approved_by", "published_at"])
    drafted = list(answer.questions.filter(state=Question.State.DRAFTED).select_related("asked_by"))
    answer.questions.filter(state=Question.State.DRAFTED).update(
        state=Question.State.ANSWERED, answered_at=now
    )
    record(user=user, verb=Verb.APPROVE, obj=answer, unit=answer.unit, after={"published": True})
    notices.answered(drafted, answer)
    return answer


def answers_above(page: PublicPage) -> Any:
    """The published answers of the pages the units above published for the same resolution:
    what this unit may reuse rather than rewrite."""
    above = [page.unit.path[:i] for i in range(4, len(page.unit.path), 4)]
    return (
        Answer.objects.filter(
            state=Answer.State.PUBLISHED,
            page__resolution_id=page.resolution_id,
            unit__path__in=above,
        )
        .exclude(pk__in=page.answers.exclude(reused_from=None).values("reused_from"))
        .select_related("unit")
        .order_by("unit__path", "id")
    )


@transaction.atomic
def reuse_answer(*, user: AnyUser, page: PublicPage, source: Answer) -> Answer:
    """Copy a published answer of the level above into this unit's page (as a draft its head
    approves, like any answer here)."""
    require(user, Action.CHANGE, page.unit)
    if not answers_above(page).filter(pk=source.pk).exists():
        raise ValidationError(_("Choose a published answer of the level above."))
    assert user.is_authenticated
    answer = Answer(
        unit=page.unit,
        page=page,
        question=source.question,
        text=source.text,
        reused_from=source,
        written_by=user,
    )
    answer.derive_keys()
    answer.save()
    answer.key_points.set(list(source.key_points.all()))
    record(
        user=user, verb=Verb.CREATE, obj=answer, unit=page.unit, after={"reused_from": source.pk}
    )
    notices.drafted(answer, actor=user)
    return answer
