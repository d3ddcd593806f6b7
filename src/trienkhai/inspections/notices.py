"""What inspection and supervision notify (``trienkhai.notifications.kinds``, issue 15):

- a decision signed → the clerks and head of each target unit (a self-report is expected);
- a self-report uploaded → the conducting unit's inspectors;
- a conclusion approved (or a regular supervision recorded) → the head of each target unit,
  and each recommendation it addresses → the addressee's clerks and head;
- a recommendation due in 7 days and in 1, then overdue weekly (the head of the unit above
  told the first week) → the addressee's clerks and head (scanners, like the obligations');
- what was done reported → the conducting unit's inspectors, to verify; sent back → the
  addressee's clerks and head;
- an inspection nearing its legal time limit (5 days, 1 day, then past it) → the conducting
  unit's inspectors and head (a scanner).

Each event is one call in its service, inside its transaction. Recipients are reached through
roles on the unit that can open the object: an ``Inspection`` is read by its conducting unit
and, once the decision is signed, by its target units; a ``Recommendation`` by its addressee
and the units above it (the conducting unit among them).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from trienkhai.core.access import Role
from trienkhai.notifications import kinds
from trienkhai.notifications.kinds import Notice, Ref, UnitRef
from trienkhai.notifications.services import notify, send

from .models import LEGAL_DAYS, Inspection, Recommendation, State

ACTORS = (Role.CLERK, Role.HEAD)
CONDUCTORS = (Role.INSPECTOR,)
#: Overdue recommendations are reminded weekly for this long, then left to the home cards.
OVERDUE_WEEKS = 26
#: An inspection this many days from its time limit is reminded (then 1 day, then past it).
LIMIT_WARNING_DAYS = 5

DECISION_SIGNED = kinds.declare(
    "inspection_decision",
    title=_("My unit is to be inspected"),
    text=_(
        "%(body)s decided (%(number)s) to inspect %(unit)s: “%(title)s”. Upload the self-report."
    ),
    model="inspections.Inspection",
    mandatory_for={Role.HEAD},
    default="email",
)
SELF_REPORT_UPLOADED = kinds.declare(
    "inspection_self_report",
    title=_("A self-report was uploaded to an inspection I conduct"),
    text=_("%(unit)s uploaded its self-report for “%(title)s”."),
    model="inspections.Inspection",
)
CONCLUSION_APPROVED = kinds.declare(
    "inspection_concluded",
    title=_("The conclusion of an inspection of my unit"),
    text=_("%(body)s concluded “%(title)s” on %(unit)s."),
    model="inspections.Inspection",
    mandatory_for={Role.HEAD},
)
RECOMMENDATION_ADDRESSED = kinds.declare(
    "recommendation_addressed",
    title=_("A recommendation addressed to my unit"),
    text=_("%(body)s recommends that %(unit)s: %(text)s (by %(due)s)."),
    model="inspections.Recommendation",
    mandatory_for={Role.HEAD},
)
RECOMMENDATION_DUE = kinds.declare(
    "recommendation_due",
    title=_("A recommendation to my unit is due (7 days, 1 day)"),
    text=_("%(unit)s: the recommendation “%(text)s” is due on %(due)s."),
    model="inspections.Recommendation",
    done_field="reported_on",
)
RECOMMENDATION_OVERDUE = kinds.declare(
    "recommendation_overdue",
    title=_("A recommendation is overdue (then weekly)"),
    text=_("%(unit)s: the recommendation “%(text)s” was due on %(due)s and is not reported done."),
    model="inspections.Recommendation",
    mandatory_for={Role.HEAD},
    done_field="reported_on",
)
RECOMMENDATION_REPORTED = kinds.declare(
    "recommendation_reported",
    title=_("A recommendation reported done, to verify"),
    text=_("%(unit)s reported the recommendation “%(text)s” done: verify the evidence."),
    model="inspections.Recommendation",
)
RECOMMENDATION_RETURNED = kinds.declare(
    "recommendation_returned",
    title=_("A recommendation to my unit was sent back"),
    text=_("The recommendation “%(text)s” was sent back to %(unit)s: %(note)s"),
    model="inspections.Recommendation",
    default="email",
)
TIME_LIMIT = kinds.declare(
    "inspection_time_limit",
    title=_("An inspection I conduct nears its time limit"),
    text=_("“%(title)s” must be concluded by %(deadline)s."),
    model="inspections.Inspection",
)


def _short(text: str, size: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def decision_signed(inspection: Inspection, *, actor: Any) -> int:
    """The clerks and head of each target unit: the inspection starts, a self-report is due.
    A regular supervision asks none: nothing is sent for it."""
    if inspection.is_regular:
        return 0
    url = inspection.get_absolute_url()
    return send(
        Notice(
            DECISION_SIGNED,
            target=inspection,
            unit=target.unit,
            url=url,
            params={
                "body": inspection.unit.name,
                "number": inspection.decision_number,
                "unit": target.unit.name,
                "title": inspection.title,
            },
            roles=ACTORS,
            actor_id=getattr(actor, "pk", None),
        )
        for target in inspection.targets.select_related("unit")
    )


def self_report_uploaded(target: Any, *, actor: Any) -> int:
    """The conducting unit's inspectors (one notice per target and day)."""
    inspection = target.inspection
    return notify(
        SELF_REPORT_UPLOADED,
        target=inspection,
        unit=inspection.unit,
        url=inspection.get_absolute_url(),
        params={"unit": target.unit.name, "title": inspection.title},
        occasion=f"t{target.pk}:{target.self_report_on.isoformat()}",
        roles=CONDUCTORS,
        actor=actor,
    )


def concluded(inspection: Inspection, *, actor: Any) -> int:
    """The head of each target unit, and each recommendation now open to its addressee's
    clerks and head."""
    url = inspection.get_absolute_url()
    body = inspection.unit.name
    notices: list[Notice] = [
        Notice(
            CONCLUSION_APPROVED,
            target=inspection,
            unit=target.unit,
            url=url,
            params={"body": body, "unit": target.unit.name, "title": inspection.title},
            roles=(Role.HEAD,),
            actor_id=getattr(actor, "pk", None),
        )
        for target in inspection.targets.select_related("unit")
    ]
    recs = inspection.recommendations.filter(state=Recommendation.State.OPEN).select_related("unit")
    notices.extend(
        Notice(
            RECOMMENDATION_ADDRESSED,
            target=rec,
            unit=rec.unit,
            url=rec.get_absolute_url(),
            params={
                "body": body,
                "unit": rec.unit.name,
                "text": _short(rec.text),
                "due": f"{rec.due_on:%d/%m/%Y}",
            },
            roles=ACTORS,
            actor_id=getattr(actor, "pk", None),
        )
        for rec in recs
    )
    return send(notices)


def reported(rec: Recommendation, *, actor: Any, occasion: str) -> int:
    """What was done, with evidence: the conducting unit's inspectors verify it (each report
    its own occasion: the audit event's)."""
    inspection = rec.inspection
    return notify(
        RECOMMENDATION_REPORTED,
        target=rec,
        unit=inspection.unit,
        url=rec.get_absolute_url(),
        params={"unit": rec.unit.name, "text": _short(rec.text)},
        occasion=occasion,
        roles=CONDUCTORS,
        actor=actor,
    )


def returned(rec: Recommendation, *, actor: Any, occasion: str) -> int:
    """Sent back: the addressee's clerks and head, with why."""
    return notify(
        RECOMMENDATION_RETURNED,
        target=rec,
        unit=rec.unit,
        url=rec.get_absolute_url(),
        params={
            "unit": rec.unit.name,
            "text": _short(rec.text),
            "note": _short(rec.returned_note, 300),
        },
        occasion=occasion,
        roles=ACTORS,
        actor=actor,
    )


# --- reminders ---------------------------------------------------------------------------------

FIELDS = ("pk", "due_on", "text", "unit_id", "unit__path", "unit__name")


def _open(day: datetime.date):
    S = Recommendation.State
    return (
        Recommendation.objects.filter(state__in=(S.OPEN, S.ACCEPTED))
        .filter(Q(unit__active_to__isnull=True) | Q(unit__active_to__gte=day))
        .order_by("id")
    )


def _rec_notice(
    kind: kinds.Kind, row: tuple, occasion: str, url: Callable, above: tuple[str, ...] = ()
) -> Notice:
    pk, due_on, text, unit_id, path, unit_name = row
    return Notice(
        kind,
        target=Ref(pk),
        unit=UnitRef(unit_id, path),
        url=url(pk),
        params={"unit": unit_name, "text": _short(text), "due": f"{due_on:%d/%m/%Y}"},
        occasion=f"{occasion}:{due_on.isoformat()}",
        roles=ACTORS,
        above=above,
    )


@kinds.scanner
def recommendations_due(day: datetime.date) -> Iterator[Notice]:
    """Not yet reported done, due within 7 days ("7d"), then within 1 ("1d"); the deadline is
    in the occasion."""
    rows = _open(day).filter(due_on__gte=day, due_on__lte=day + datetime.timedelta(days=7))
    url = kinds.url_of("inspections:recommendation-detail")
    for row in rows.values_list(*FIELDS).iterator(chunk_size=2000):
        left = (row[1] - day).days
        yield _rec_notice(RECOMMENDATION_DUE, row, "1d" if left <= 1 else "7d", url)


@kinds.scanner
def recommendations_overdue(day: datetime.date) -> Iterator[Notice]:
    """Overdue and not reported done: once a week (the week is the occasion), the head of the
    unit above the addressee told the first week."""
    since = day - datetime.timedelta(weeks=OVERDUE_WEEKS)
    rows = _open(day).filter(due_on__lt=day, due_on__gte=since)
    url = kinds.url_of("inspections:recommendation-detail")
    for row in rows.values_list(*FIELDS).iterator(chunk_size=2000):
        week = ((day - row[1]).days - 1) // 7
        above = (Role.HEAD,) if week == 0 else ()
        yield _rec_notice(RECOMMENDATION_OVERDUE, row, f"late{week}", url, above)


@kinds.scanner
def inspections_near_limit(day: datetime.date) -> Iterator[Notice]:
    """Inspections (not regular supervision) still open whose time limit, extension included,
    falls within ``LIMIT_WARNING_DAYS`` ("5d"), within 1 day ("1d"), or has passed ("late"):
    the conducting unit's inspectors and head. A time extended is reminded again."""
    longest = max(LEGAL_DAYS.values()) * 4 // 3 + 1  # the longest limit, extended
    rows = (
        Inspection.objects.filter(
            state__in=(State.SELF_REPORT, State.FINDINGS, State.DRAFT_CONCLUSION),
            started_on__isnull=False,
            started_on__gte=day - datetime.timedelta(days=longest + 31),
        )
        .exclude(kind="regular")
        .values_list(
            "pk", "title", "started_on", "limit_days", "extension_days", "unit_id", "unit__path"
        )
        .order_by("id")
    )
    for pk, title, started_on, limit, extension, unit_id, path in rows.iterator(chunk_size=2000):
        assert started_on is not None  # filtered above
        deadline: datetime.date = started_on + datetime.timedelta(days=limit + extension)
        left = (deadline - day).days
        if left > LIMIT_WARNING_DAYS:
            continue
        occasion = "late" if left < 0 else ("1d" if left <= 1 else f"{LIMIT_WARNING_DAYS}d")
        yield Notice(
            TIME_LIMIT,
            target=Ref(pk),
            unit=UnitRef(unit_id, path),
            url=reverse("inspections:inspection-detail", args=[pk]),
            params={"title": title, "deadline": f"{deadline:%d/%m/%Y}"},
            occasion=f"{occasion}:{deadline.isoformat()}",
            roles=(Role.INSPECTOR, Role.HEAD),
        )
