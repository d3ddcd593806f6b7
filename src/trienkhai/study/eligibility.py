"""Who is expected at a session, and who has studied a plan."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from trienkhai.units.models import Person

from .models import Attendance, StudySession


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


def studied(plan):
    """A condition on Person: attended (present at) any held or scheduled session of the plan."""
    return Exists(
        Attendance.objects.filter(
            person=OuterRef("pk"),
            status=Attendance.Status.PRESENT,
            session__plan=plan,
        ).exclude(session__status=StudySession.Status.CANCELLED)
    )
