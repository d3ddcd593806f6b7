"""Who is expected at a session, and who has studied a plan."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from trienkhai.resolutions.models import Plan
from trienkhai.units.models import Person, Unit

from .models import Attendance, StudySession
from .scope import as_of_or_today, day_end, scope_path, subtree


def audience(session: StudySession):
    """Everyone who may attend: current people of the unit (and its subtree when the session
    covers it), members or not. Exempt members may attend; they are not expected."""
    people = Person.objects.current()
    if session.include_subtree:
        return people.within(session.unit)
    return people.filter(unit=session.unit)


def expected(session: StudySession):
    """The eligible members the session is for: party members not exempt from activity,
    narrowed to key cadres when the session is for them."""
    people = audience(session).filter(is_party_member=True, exempt_from_activity=False)
    if session.audience == StudySession.Audience.KEY_CADRES:
        people = people.filter(category=Person.Category.KEY_CADRE)
    return people


def studied(plan, as_of=None, unit=None, *, units=None) -> Exists:
    """A condition on Person: has studied ``plan`` by the end of ``as_of`` (today by default).

    The one definition every screen and number uses (the roster's "not studied yet", the
    attendance target's evidence, the member's own study page, the study numbers, their
    tallies and the reporting engine): **present** at a session that was **not cancelled**,
    of the plan **or of a plan carrying it out** (``Plan.objects.carrying_out``: a commune
    studies the province's plan at the sessions of its own), that had **started by the end of
    ``as_of``** (a make-up session counts like any other). A session is marked held after it
    took place, so its start decides the day; a session not yet marked held whose roster was
    filled in counts too: the people were there.

    With ``unit``, the attendance rows are narrowed to the people of its part of the plan: the
    same answer for the people there, and PostgreSQL, which turns this into one hashed set,
    then builds it from that part only instead of from the whole plan. ``units`` (a queryset
    of units) narrows them the same way to the people of those units."""
    attendance = studied_attendance(plan, as_of).filter(person=OuterRef("pk"))
    path = scope_path(plan, unit) if unit is not None else None
    if path is not None and path != plan.unit.path:
        attendance = attendance.filter(person__unit__in=Unit.objects.filter(subtree(path)))
    if units is not None:
        attendance = attendance.filter(person__unit__in=units)
    return Exists(attendance)


def studied_attendance(plan, as_of=None):
    """The attendance rows by which people have studied ``plan`` (see ``studied``)."""
    return Attendance.objects.filter(
        status=Attendance.Status.PRESENT,
        session__plan__in=Plan.objects.carrying_out(plan),
        session__starts_at__lt=day_end(as_of_or_today(as_of)),
    ).exclude(session__status=StudySession.Status.CANCELLED)


def plans_studied(person, plans, as_of=None) -> set[int]:
    """The ids of those of ``plans`` that ``person`` has studied (``studied``), in one query
    after one for the plans carrying them out: the member's own study page."""
    plans = list(plans)
    if not plans:
        return set()
    Plan.objects.carrying_out_each(plans)
    flags = (
        Person.objects.filter(pk=person.pk)
        .annotate(**{f"plan_{plan.pk}": studied(plan, as_of) for plan in plans})
        .values(*(f"plan_{plan.pk}" for plan in plans))
        .first()
    ) or {}
    return {plan.pk for plan in plans if flags.get(f"plan_{plan.pk}")}
