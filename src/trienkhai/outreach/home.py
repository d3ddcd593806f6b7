"""The outreach cards of the home page (``core.home``): the public's questions waiting for
the staff of the user's units, the answers waiting for a head's approval (two queries a card:
a page of rows and the count, whatever the size of the subtree), and for a member the public
pages of their unit and the units above it, where they ask their questions logged in."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from trienkhai.core import home
from trienkhai.core.access import Action, may
from trienkhai.core.querysets import ancestor_paths
from trienkhai.units.models import Person

from .models import Answer, PublicPage, Question


@home.card(order=45)
def questions_waiting(user: Any, today: datetime.date) -> home.Card | None:
    if not may(user, Action.CHANGE):
        return None
    rows = Question.objects.for_user(user, Action.CHANGE).filter(state=Question.State.NEW)
    total = rows.count()
    if not total:
        return None
    items = [
        home.Item(
            text=Truncator(q.text).chars(120),
            url=reverse("outreach:question-detail", args=[q.pk]),
            urgency=home.Urgency.TODO,
            unit=q.unit.organisation_name,
        )
        for q in rows.select_related("unit").order_by("asked_at")[: home.LIMIT]
    ]
    return home.Card(
        key="outreach-questions",
        title=_("Questions waiting for an answer"),
        items=items,
        total=total,
        more_url=reverse("outreach:page-list"),
        more_text=_("Public pages"),
    )


@home.card(order=46)
def answers_to_approve(user: Any, today: datetime.date) -> home.Card | None:
    if not may(user, Action.APPROVE):
        return None
    rows = Answer.objects.for_user(user, Action.APPROVE).filter(state=Answer.State.DRAFT)
    total = rows.count()
    if not total:
        return None
    items = [
        home.Item(
            text=Truncator(a.question).chars(120),
            url=a.get_absolute_url(),
            urgency=home.Urgency.SOON,
            unit=a.unit.organisation_name,
        )
        for a in rows.select_related("unit").order_by("created_at")[: home.LIMIT]
    ]
    return home.Card(
        key="outreach-answers",
        title=_("Answers waiting for your approval"),
        items=items,
        total=total,
        more_url=reverse("outreach:page-list"),
        more_text=_("Public pages"),
    )


@home.card(order=70)
def pages_for_members(user: Any, today: datetime.date) -> home.Card | None:
    if not user.is_authenticated:
        return None
    person = Person.objects.current().select_related("unit").filter(user=user).first()
    if person is None:
        return None
    pages = (
        PublicPage.objects.filter(
            unit__path__in=ancestor_paths(person.unit.path, include_self=True),
            published_at__isnull=False,
        )
        .select_related("unit", "resolution")
        .order_by("-published_at")[: home.LIMIT]
    )
    items = [
        home.Item(
            text=f"{page.resolution} · {page.resolution.title}",
            url=page.get_public_url(),
            urgency=home.Urgency.INFO,
            unit=page.unit.organisation_name,
        )
        for page in pages
    ]
    if not items:
        return None
    return home.Card(
        key="outreach-pages", title=_("Resolutions explained to the public"), items=items
    )
