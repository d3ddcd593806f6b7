"""People, not logins (issue 12): a login belongs to a person, and screens name the person.

``display_name(user)`` is the one way a user is named on a screen — comments, progress
reports, approvals, pickers, the audit log, the header: the linked person's full name and
current position title (``Tô Thị Thủy, Phó Bí thư``), else the user's full name, else the
user name. The person is ``units.Person.user`` (reverse one-to-one ``user.person``); the core
reads it by that relation's name, without importing the units app.

A list names many users in a bounded number of queries: ``with_people(queryset, "author")``
joins each user's person and prefetches the positions once for the page
(``PEOPLE_LOOKUPS``); ``header_name(user)`` answers the header in one query.
"""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import F, Model, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

PERSON = "person"  # the reverse one-to-one from a user to their person
POSITIONS = "positions"  # the person's positions (title, is_head, started_on, ended_on)


def _person(user: Any) -> Any:
    try:
        return getattr(user, PERSON)
    except (ObjectDoesNotExist, AttributeError):
        return None


def plain_name(user: Any) -> str:
    """The person's name alone, for a greeting ("Trần Thị Nga"): the linked person's, else
    the login's full name, else the login."""
    person = _person(user)
    if person is not None:
        return str(person.full_name)
    return str(user.get_full_name() or user.get_username())


def _current(position: Any, today: datetime.date) -> bool:
    started, ended = position.started_on, position.ended_on
    return (started is None or started <= today) and (ended is None or ended >= today)


def current_title(person: Any, today: datetime.date | None = None) -> str:
    """The title of the person's current position: the one heading a unit first, then the
    latest begun (from ``person.positions``, prefetched by ``with_people``)."""
    today = today or timezone.localdate()
    current = [p for p in getattr(person, POSITIONS).all() if _current(p, today)]
    if not current:
        return ""
    current.sort(key=lambda p: (not p.is_head, -(p.started_on or datetime.date.min).toordinal()))
    return str(current[0].title)


def person_label(full_name: str, title: str) -> str:
    return f"{full_name}, {title}" if title else full_name


def display_name(user: Any) -> str:
    """``Tô Thị Thủy, Phó Bí thư``; a user with no person: their full name, else their user
    name; nobody: an empty string. Memoised on the user object."""
    if user is None:
        return ""
    cached = user.__dict__.get("_display_name")
    if cached is not None:
        return str(cached)
    person = _person(user)
    if person is not None:
        name = person_label(person.full_name, current_title(person))
    else:
        name = user.get_full_name() or user.username
    user.__dict__["_display_name"] = name
    return str(name)


def with_people[Q: QuerySet[Any]](queryset: Q, *fields: str) -> Q:
    """``queryset`` with the users in ``fields`` (``"author"``, ``"reported_by"``) ready to
    be named by ``display_name``: their persons joined, the positions in one more query."""
    joined = [f"{field}__{PERSON}" for field in fields]
    return queryset.select_related(*joined).prefetch_related(*[f"{j}__{POSITIONS}" for j in joined])


def users_with_people[Q: QuerySet[Any]](queryset: Q) -> Q:
    """A queryset of users ready to be named (pickers, filters)."""
    return queryset.select_related(PERSON).prefetch_related(f"{PERSON}__{POSITIONS}")


def header_name(user: Any) -> str:
    """The name the page header shows for the signed-in user, in one query."""
    if user is None or not user.is_authenticated:
        return ""
    relation = user._meta.get_field(PERSON)
    person_model = cast(type[Model], relation.related_model)
    position_model = cast(type[Model], person_model._meta.get_field(POSITIONS).related_model)
    today = timezone.localdate()
    titles = (
        position_model._default_manager.filter(person=OuterRef("pk"))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .exclude(started_on__gt=today)
        .order_by("-is_head", F("started_on").desc(nulls_last=True))
        .values("title")[:1]
    )
    row = (
        person_model._default_manager.filter(**{relation.field.name: user})
        .annotate(title=Subquery(titles))
        .values_list("full_name", "title")
        .first()
    )
    if row is None:
        return str(user.get_full_name() or user.username)
    full_name, title = row
    return person_label(full_name, title or "")
