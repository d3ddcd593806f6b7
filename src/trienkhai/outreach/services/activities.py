"""What writes dissemination activities: recorded, corrected, withdrawn.

An activity fulfils what its unit owes under the plan's dissemination requirements (and those
of the plans above) on its date, and carries the data warnings of ``outreach/flags.py``. A
correction or a withdrawal therefore does three things besides the row itself: the warnings
are worked out again (its own, and those of the activities they were comparing it with: a
burst of identical titles, the same file given twice), the obligations it may have fulfilled
are derived again from what remains, and the audit event says what the activity said before.

Every function takes keyword arguments and the acting ``user``, runs in one transaction,
checks permission first, validates (one ``_clean`` for recording and correcting, so the two
forms refuse the same things), writes and appends the audit event.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core import flags, textvi
from trienkhai.core.access import Action, AnyUser, require
from trienkhai.core.audit import record
from trienkhai.core.models import AuditEvent, DataFlag
from trienkhai.core.plausible import date_problem
from trienkhai.core.uploads import (
    JPEG,
    PDF,
    PNG,
    display_name,
    sha256_of,
    stored_name,
    validate_document,
)
from trienkhai.resolutions.flags import EVIDENCE_REUSED
from trienkhai.resolutions.models import KeyPoint, Obligation, Plan, Requirement
from trienkhai.resolutions.services import record_evidence
from trienkhai.units.models import Person, Unit

from ..flags import BURST_DAYS, TITLE_BURST
from ..models import COUNT_MAX, THEMES_MAX, TITLE_MAX, Activity, Channel

Verb = AuditEvent.Verb
EVIDENCE_TYPES = (PDF, JPEG, PNG)


def population_of(unit: Unit) -> int:
    """The size of a unit's population as the product knows it: the people recorded in it and
    under it (members and others who have not left)."""
    return Person.objects.filter(unit__path__prefix=unit.path, left_on__isnull=True).count()


def _count(value: Any, label: str, errors: dict[str, list[str]], field: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        errors.setdefault(field, []).append(_("Write a whole number."))
        return None
    if value < 0:
        errors.setdefault(field, []).append(_("%(what)s cannot be negative.") % {"what": label})
        return None
    if value > COUNT_MAX:
        errors.setdefault(field, []).append(_("This number is implausibly large."))
        return None
    return value


def _clean(
    *,
    unit: Unit,
    plan: Plan,
    channel: str,
    held_on: datetime.date,
    title: str,
    reach: int,
    key_points: Iterable[KeyPoint],
    link: str,
    evidence: File[Any] | None,
    audience_unit: Unit | None,
    audience_label: str,
    audience_size: int | None,
    opinions: int | None,
    opinion_themes: str,
) -> tuple[dict[str, Any], list[KeyPoint], str]:
    """The activity's fields as stored, its key points and the evidence's kind (``""``: no
    file given); every problem at once, as a ``ValidationError`` by field."""
    errors: dict[str, list[str]] = {}
    if channel not in Channel.values:
        errors["channel"] = [_("Choose a channel.")]
    title = textvi.normalize(title)
    if not title:
        errors["title"] = [_("Write the title.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [_("At most %(n)s characters.") % {"n": TITLE_MAX}]
    problem = date_problem(held_on) if held_on else _("Write the date.")
    if problem:
        errors["held_on"] = [str(problem)]
    reach_value = _count(reach, _("The reach"), errors, "reach")
    if reach_value is None and "reach" not in errors:
        errors["reach"] = [_("Write how many people it reached.")]
    size = _count(audience_size, _("The population"), errors, "audience_size")
    opinion_count = _count(opinions, _("The number of opinions"), errors, "opinions") or 0
    themes = textvi.normalize(opinion_themes)
    if len(themes) > THEMES_MAX:
        errors["opinion_themes"] = [_("At most %(n)s characters.") % {"n": THEMES_MAX}]
    points = list(key_points)
    resolutions = set(plan.resolutions.values_list("pk", flat=True))
    if any(p.resolution_id not in resolutions for p in points):
        errors["key_points"] = [_("Choose key points of the plan's resolutions.")]
    if audience_unit is not None and not audience_unit.path.startswith(unit.path[:4]):
        errors["audience_unit"] = [_("Choose a unit of your province.")]
    kind = ""
    if evidence is not None:
        try:
            kind = validate_document(evidence, allowed=EVIDENCE_TYPES)
        except ValidationError as exc:
            errors["evidence"] = exc.messages
    if errors:
        raise ValidationError(errors)
    if size is None and audience_unit is not None:
        size = population_of(audience_unit)
    values = {
        "plan": plan,
        "channel": channel,
        "held_on": held_on,
        "title": title,
        "link": link[:500],
        "reach": reach_value,
        "audience_unit": audience_unit,
        "audience_label": audience_label[:200],
        "audience_size": size,
        "opinions": opinion_count,
        "opinion_themes": themes,
    }
    return values, points, kind


def _attach(activity: Activity, evidence: File[Any], kind: str) -> None:
    """Store ``evidence`` as the activity's file (a new stored name: a file replaced stays
    where it was, so that the audit's record of it still names a file)."""
    activity.evidence_name = display_name(evidence.name, kind)
    activity.evidence_type = kind
    activity.evidence_sha256 = sha256_of(evidence)
    activity.evidence.save(stored_name(kind), evidence, save=False)


def facts(activity: Activity, points: Iterable[KeyPoint] | None = None) -> dict[str, Any]:
    """What an activity says, as its audit events keep it."""
    if points is None:
        points = activity.key_points.all()
    return {
        "plan": activity.plan.number,
        "channel": activity.channel,
        "held_on": activity.held_on.isoformat(),
        "title": activity.title,
        "link": activity.link,
        "reach": activity.reach,
        "audience": activity.audience,
        "audience_size": activity.audience_size,
        "opinions": activity.opinions,
        "opinion_themes": activity.opinion_themes,
        "key_points": sorted(p.pk for p in points),
        "evidence": activity.evidence_name,
        "evidence_file": activity.evidence.name or "",
        "evidence_sha256": activity.evidence_sha256,
    }


def _evidence_text(title: str) -> str:
    return _("Dissemination: %(title)s") % {"title": title}


@transaction.atomic
def record_activity(
    *,
    user: AnyUser,
    unit: Unit,
    plan: Plan,
    channel: str,
    held_on: datetime.date,
    title: str,
    reach: int,
    key_points: Iterable[KeyPoint] = (),
    link: str = "",
    evidence: File[Any] | None = None,
    audience_unit: Unit | None = None,
    audience_label: str = "",
    audience_size: int | None = None,
    opinions: int | None = 0,
    opinion_themes: str = "",
) -> Activity:
    """Record a dissemination activity of ``unit`` for ``plan``; it fulfils what the unit owes
    under the plan's dissemination requirements (and those of the plans above) on its date.
    Implausible figures are flagged, not refused (``outreach/flags.py``)."""
    require(user, Action.CHANGE, unit)
    values, points, kind = _clean(
        unit=unit,
        plan=plan,
        channel=channel,
        held_on=held_on,
        title=title,
        reach=reach,
        key_points=key_points,
        link=link,
        evidence=evidence,
        audience_unit=audience_unit,
        audience_label=audience_label,
        audience_size=audience_size,
        opinions=opinions,
        opinion_themes=opinion_themes,
    )
    assert user.is_authenticated
    activity = Activity(unit=unit, recorded_by=user, **values)
    activity.derive_keys()
    if evidence is not None:
        _attach(activity, evidence, kind)
    activity.full_clean(exclude=["evidence", "recorded_by"])
    activity.save()
    activity.key_points.set(points)
    flags.inspect(activity)
    record_evidence(
        unit=unit,
        plan=plan,
        kind=Requirement.Kind.DISSEMINATION,
        on=activity.held_on,
        evidence=_evidence_text(activity.title),
    )
    record(user=user, verb=Verb.CREATE, obj=activity, unit=unit, after=facts(activity, points))
    return activity


@transaction.atomic
def update_activity(
    *,
    user: AnyUser,
    activity: Activity,
    plan: Plan,
    channel: str,
    held_on: datetime.date,
    title: str,
    reach: int,
    key_points: Iterable[KeyPoint] = (),
    link: str = "",
    evidence: File[Any] | None = None,
    audience_unit: Unit | None = None,
    audience_label: str = "",
    audience_size: int | None = None,
    opinions: int | None = 0,
    opinion_themes: str = "",
) -> Activity:
    """Correct an activity with what the form to record it takes, refused the same way.
    ``evidence``: a new file replaces the one given (``None`` keeps it). The warnings are
    worked out again, the obligations it fulfilled follow its new date and plan, and the event
    holds what changed, before and after; nothing changed, nothing is written."""
    require(user, Action.CHANGE, activity.unit)
    locked = (
        Activity.objects.select_for_update(of=("self",))
        .select_related("unit", "plan", "audience_unit")
        .filter(pk=activity.pk)
        .first()
    )
    if locked is None:
        raise ValidationError(_("This activity has been withdrawn."))
    unit = locked.unit
    values, points, kind = _clean(
        unit=unit,
        plan=plan,
        channel=channel,
        held_on=held_on,
        title=title,
        reach=reach,
        key_points=key_points,
        link=link,
        evidence=evidence,
        audience_unit=audience_unit,
        audience_label=audience_label,
        audience_size=audience_size,
        opinions=opinions,
        opinion_themes=opinion_themes,
    )
    old_points = list(locked.key_points.all())
    before = facts(locked, old_points)
    old = _Trace.of(locked)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.derive_keys()
    if evidence is not None:
        _attach(locked, evidence, kind)
    after = facts(locked, points)
    changed = [name for name in after if after[name] != before[name]]
    if not changed:
        return locked
    locked.full_clean(exclude=["evidence", "recorded_by"])
    locked.save()
    locked.key_points.set(points)
    flags.inspect(locked)
    _recheck_neighbours(old)
    _recheck_neighbours(_Trace.of(locked))
    if {"plan", "held_on", "title"} & set(changed):
        _rederive_obligations(unit, old)
    record_evidence(
        unit=unit,
        plan=locked.plan,
        kind=Requirement.Kind.DISSEMINATION,
        on=locked.held_on,
        evidence=_evidence_text(locked.title),
    )
    record(
        user=user,
        verb=Verb.UPDATE,
        obj=locked,
        unit=unit,
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed},
    )
    return locked


@transaction.atomic
def withdraw_activity(*, user: AnyUser, activity: Activity) -> None:
    """Delete an activity recorded by mistake, with its data warnings.

    Nothing can depend on an activity so as to forbid this: no row refers to it (its warnings
    name it by type and id and go with it), and the one fact derived from it, the dissemination
    obligations it fulfilled, is derived again from the activities and reports that remain
    (an obligation nothing else fulfils is owed again, and the figures count it so). The
    evidence file is not deleted: the audit event keeps what the activity said, the file's
    stored name and its SHA-256 among it. A second withdrawal of the same activity (two tabs)
    is refused with a message, not a crash."""
    require(user, Action.CHANGE, activity.unit)
    locked = (
        Activity.objects.select_for_update(of=("self",))
        .select_related("unit", "plan", "audience_unit")
        .filter(pk=activity.pk)
        .first()
    )
    if locked is None:
        raise ValidationError(_("This activity has already been withdrawn."))
    unit = locked.unit
    before = facts(locked)
    trace = _Trace.of(locked)
    warnings = DataFlag.objects.filter(object_type=Activity._meta.label_lower, object_id=locked.pk)
    before["data_warnings"] = sorted(warnings.values_list("rule", flat=True))
    record(user=user, verb=Verb.DELETE, obj=locked, unit=unit, before=before)
    warnings.delete()
    locked.delete()  # the row and its key points; Django leaves the file where it is
    _recheck_neighbours(trace)
    _rederive_obligations(unit, trace)


class _Trace:
    """What an activity was, for what depended on it once it changed or went: the others'
    warnings and the obligations it fulfilled."""

    def __init__(
        self,
        pk: int,
        unit_id: int,
        plan: Plan,
        held_on: datetime.date,
        title: str,
        title_key: str,
        sha: str,
    ) -> None:
        self.pk, self.unit_id, self.plan, self.held_on = pk, unit_id, plan, held_on
        self.title, self.title_key, self.sha = title, title_key, sha

    @classmethod
    def of(cls, activity: Activity) -> _Trace:
        return cls(
            activity.pk,
            activity.unit_id,
            activity.plan,
            activity.held_on,
            activity.title,
            activity.title_key,
            activity.evidence_sha256,
        )


def _recheck_neighbours(trace: _Trace) -> None:
    """The warnings of the activities that were compared with this one, worked out again: the
    unit's activities of the same title within a burst's window, and the later ones that gave
    the same file (whose "used before" may have been this one). The activity itself is left
    out: gone, or inspected already."""
    window = datetime.timedelta(days=BURST_DAYS)
    same_title = Activity.objects.filter(
        unit_id=trace.unit_id,
        title_key=trace.title_key,
        held_on__gte=trace.held_on - window,
        held_on__lte=trace.held_on + window,
    )
    for other in same_title.exclude(pk=trace.pk).select_related("unit", "plan"):
        flags.inspect(other, rules=[TITLE_BURST.code])
    if trace.sha:
        same_file = Activity.objects.filter(evidence_sha256=trace.sha, pk__gt=trace.pk)
        for other in same_file.select_related("unit", "plan"):
            flags.inspect(other, rules=[EVIDENCE_REUSED.code])


def _rederive_obligations(unit: Unit, trace: _Trace) -> int:
    """The unit's dissemination obligations this activity may have fulfilled (under its plan
    and the plans above, done on its date: an obligation keeps its earliest evidence), done
    again on the earliest evidence that remains: an activity of the unit under a plan carrying
    the obligation's plan out, or a report uploaded against it; none left, owed again. Returns
    how many obligations changed."""
    obligations = Obligation.objects.filter(
        unit=unit,
        plan_id__in=trace.plan.and_plans_above(),
        requirement__kind=Requirement.Kind.DISSEMINATION,
        cancelled=False,
        fulfilled_on=trace.held_on,
    ).select_related("plan")
    changed = 0
    for obligation in obligations:  # one per plan level at most
        found: list[tuple[datetime.date, str]] = []
        first = (
            Activity.objects.filter(
                unit=unit, plan_id__in=Plan.objects.carrying_out(obligation.plan, fresh=True)
            )
            .order_by("held_on", "pk")
            .values_list("held_on", "title")
            .first()
        )
        if first is not None:
            found.append((first[0], _evidence_text(first[1])))
        document = obligation.documents.order_by("uploaded_at").first()
        if document is not None:
            day = timezone.localdate(document.uploaded_at)
            found.append((day, _("Document: %(name)s") % {"name": document.original_name}))
        day_done, text = min(found, key=lambda f: f[0]) if found else (None, "")
        if (
            day_done == obligation.fulfilled_on
            and obligation.evidence != _evidence_text(trace.title)[:300]
        ):
            continue  # done that day by other evidence, which it still names
        Obligation.objects.filter(pk=obligation.pk).update(
            fulfilled_on=day_done, evidence=text[:300]
        )
        changed += 1
    return changed


__all__ = [
    "EVIDENCE_TYPES",
    "facts",
    "population_of",
    "record_activity",
    "update_activity",
    "withdraw_activity",
]
