"""Inspection and supervision (kiểm tra, giám sát) under Quy định 296-QĐ/TW.

The level above inspects and supervises the level below. A conducting unit (a committee or its
inspection commission, here the committee's unit) keeps an annual program of what it will
inspect (``InspectionProgram`` and its ``ProgramItem``s); each ``Inspection`` runs from the
decision signed by the conducting unit's head, through the target units' self-reports and the
team's findings, to a conclusion the head approves, within a time limit set by the conducting
unit's level. The conclusion's ``Recommendation``s are addressed to units below, become tasks
of their action programs (or follow-up items of their own) and are closed only when the
conducting body has verified the evidence.

An inspection belongs to its conducting unit (``unit``); its ``InspectionTarget`` rows belong
to the target units, so that the target unit's clerk uploads the self-report on a row of their
own, and ``InspectionQuerySet.for_user`` lets a target unit read the inspections aimed at it
once the decision is signed — a sibling unit sees nothing.
"""

from __future__ import annotations

import datetime
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trienkhai.core.access import Action, role_paths, unrestricted
from trienkhai.core.models import UnitOwnedModel
from trienkhai.core.querysets import ScopedQuerySet, held_over

#: Days from the start of an inspection to its conclusion, by the conducting unit's level
#: (Quy định 296-QĐ/TW). The regulation names no shorter limit for a grassroots body (a cell
#: checking its members): the limit of the level above grassroots applies to it too.
LEGAL_DAYS = {"central": 60, "province": 45, "commune": 20, "grassroots": 20}
#: The period under review is at most five years.
MAX_REVIEW_YEARS = 5


def legal_days(level: str) -> int:
    return LEGAL_DAYS.get(level, LEGAL_DAYS["commune"])


def max_extension(limit: int) -> int:
    """One extension of at most a third of the limit, in whole days (20 days: 6)."""
    return limit // 3


class InspectionProgram(UnitOwnedModel):
    """The annual inspection and supervision program of a conducting unit."""

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("conducting unit")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="inspections_one_program_a_year")
        ]
        verbose_name = _("inspection and supervision program")
        verbose_name_plural = _("inspection and supervision programs")

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("inspections:program-detail", args=[self.pk])


class Topic(models.TextChoices):
    PLAN = "plan", _("Implementation of a plan")
    PROGRAM = "program", _("An action program")
    RESOLUTION = "resolution", _("Implementation of a resolution")


class Kind(models.TextChoices):
    INSPECTION = "inspection", _("Inspection")
    THEMATIC = "thematic", _("Thematic supervision")
    REGULAR = "regular", _("Regular supervision")


class ProgramItemQuerySet(ScopedQuerySet):
    path_lookup = "program__unit__path"


class ProgramItem(models.Model):
    """One inspection or supervision the annual program plans: its topic, its target units,
    the period under review and the quarter it is to be done in."""

    program = models.ForeignKey(InspectionProgram, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INSPECTION)
    topic = models.CharField(_("topic"), max_length=12, choices=Topic.choices)
    subject = models.CharField(_("subject"), max_length=300)
    plan = models.ForeignKey(
        "resolutions.Plan", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    targets = models.ManyToManyField("units.Unit", related_name="+", verbose_name=_("target units"))
    period_from = models.DateField(_("period under review from"))
    period_to = models.DateField(_("period under review to"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))

    objects = ProgramItemQuerySet.as_manager()

    class Meta:
        ordering = ["quarter", "id"]
        verbose_name = _("planned inspection")
        verbose_name_plural = _("planned inspections")

    def __str__(self) -> str:
        return self.subject


class State(models.TextChoices):
    DECISION = "decision", _("Decision being prepared")
    SELF_REPORT = "self_report", _("Self-report")
    FINDINGS = "findings", _("Findings")
    DRAFT_CONCLUSION = "draft", _("Draft conclusion")
    CONCLUDED = "concluded", _("Concluded")


class InspectionQuerySet(ScopedQuerySet):
    """Scoped by the conducting unit; for reading, the target units (and the units above them)
    also see the inspections aimed at them once the decision is signed."""

    def for_user(self, user, action: str = Action.VIEW):
        scoped = super().for_user(user, action)
        if action != Action.VIEW or user is None or not user.is_authenticated:
            return scoped
        if unrestricted(user):
            return scoped
        paths = role_paths(user, action)
        if not paths:
            return scoped
        aimed = InspectionTarget.objects.filter(inspection=OuterRef("pk")).filter(
            reduce(or_, (Q(unit__path__prefix=p) for p in paths))
        )
        return self.filter(self.scope_q(paths) | (Exists(aimed) & ~Q(state=State.DECISION)))

    def for_holder(self, user_id, action: str = Action.VIEW):
        """``for_user``'s rule in SQL, for many people at once (``ScopedQuerySet.for_holder``)."""
        scoped = Q(held_over(user_id, self.path_lookup, action))
        if action != Action.VIEW:
            return self.filter(scoped)
        aimed = InspectionTarget.objects.filter(inspection=OuterRef("pk")).filter(
            held_over(OuterRef(user_id), "unit__path", action)
        )
        return self.filter(scoped | (Exists(aimed) & ~Q(state=State.DECISION)))


class Inspection(UnitOwnedModel):
    """One inspection or supervision, owned by its conducting unit."""

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("conducting unit")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INSPECTION)
    title = models.CharField(_("subject"), max_length=300)
    item = models.ForeignKey(
        ProgramItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("planned in"),
    )
    reinspection_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reinspections",
        verbose_name=_("re-inspection of"),
    )
    plan = models.ForeignKey(
        "resolutions.Plan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("plan"),
    )
    decision_number = models.CharField(_("decision number"), max_length=40, blank=True)
    decision_on = models.DateField(_("decision date"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed by"),
    )
    period_from = models.DateField(_("period under review from"), null=True, blank=True)
    period_to = models.DateField(_("period under review to"), null=True, blank=True)
    started_on = models.DateField(_("start"), null=True, blank=True)
    limit_days = models.PositiveSmallIntegerField(_("time limit (days)"), default=20)
    extension_days = models.PositiveSmallIntegerField(_("extension (days)"), default=0)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.DECISION
    )
    looked_at = models.TextField(_("what was looked at"), blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    conclusion_number = models.CharField(_("notice number"), max_length=40, blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InspectionQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1712

    class Meta:
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["state", "started_on"])]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inspections:inspection-detail", args=[self.pk])

    @property
    def is_regular(self) -> bool:
        return self.kind == Kind.REGULAR

    @property
    def is_concluded(self) -> bool:
        return self.state == State.CONCLUDED

    @property
    def deadline(self) -> datetime.date | None:
        """The last day for the conclusion: the start plus the limit and any extension."""
        if self.started_on is None or self.is_regular:
            return None
        return self.started_on + datetime.timedelta(days=self.limit_days + self.extension_days)

    def days_left(self, today: datetime.date) -> int | None:
        deadline = self.deadline
        if deadline is None or self.is_concluded:
            return None
        return (deadline - today).days

    @property
    def within_limit(self) -> bool | None:
        """Concluded by the deadline (None while open, or without a limit)."""
        deadline = self.deadline
        if deadline is None or self.concluded_on is None:
            return None
        return self.concluded_on <= deadline

    @property
    def may_extend(self) -> bool:
        return not self.is_regular and self.extension_days == 0 and not self.is_concluded


class TeamMember(models.Model):
    """A member of the inspection team, with their role in it."""

    class Role(models.TextChoices):
        LEADER = "leader", _("Team leader")
        DEPUTY = "deputy", _("Deputy leader")
        MEMBER = "member", pgettext_lazy("team role", "Member")
        SECRETARY = "secretary", _("Secretary")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team")
    name = models.CharField(_("full name"), max_length=120)
    role = models.CharField(_("role in the team"), max_length=10, choices=Role.choices)

    class Meta:
        ordering = ["id"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self) -> str:
        return self.name


class InspectionTarget(UnitOwnedModel):
    """A unit an inspection is aimed at, with the self-report it uploads."""

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("target unit")
    )
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="targets")
    self_report = models.FileField(_("self-report"), upload_to="inspections/%Y/%m/", blank=True)
    self_report_name = models.CharField(_("file name"), max_length=255, blank=True)
    self_report_on = models.DateField(_("self-report received on"), null=True, blank=True)

    class Meta:
        ordering = ["inspection", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "unit"], name="inspections_target_once")
        ]
        verbose_name = _("target unit")
        verbose_name_plural = _("target units")

    def __str__(self) -> str:
        return str(self.unit)

    def get_absolute_url(self) -> str:
        return self.inspection.get_absolute_url()


class FindingQuerySet(ScopedQuerySet):
    path_lookup = "inspection__unit__path"


class Finding(models.Model):
    """What the team found at a target unit, linked to the rows it is about."""

    class Kind(models.TextChoices):
        STRENGTH = "strength", _("Strength")
        SHORTCOMING = "shortcoming", _("Shortcoming")
        VIOLATION = "violation", _("Violation")

    class Severity(models.TextChoices):
        MINOR = "minor", _("Minor")
        MODERATE = "moderate", _("Moderate")
        SERIOUS = "serious", _("Serious")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    target = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit concerned")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, blank=True)
    text = models.TextField(_("finding"))
    task = models.ForeignKey(
        "programs.Task",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("task"),
    )
    obligation = models.ForeignKey(
        "resolutions.Obligation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("obligation"),
    )
    program = models.ForeignKey(
        "programs.ActionProgram",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("action program"),
    )
    requirement = models.ForeignKey(
        "resolutions.Requirement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("figure of the plan"),
    )
    evidence = models.FileField(_("evidence"), upload_to="inspections/%Y/%m/", blank=True)
    evidence_name = models.CharField(_("file name"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["inspection", "id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return self.text[:80]

    def links(self) -> list[tuple[str, str]]:
        """(label, address) of the rows the finding concerns."""
        out = []
        if self.task_id:
            out.append((str(self.task), reverse("programs:progress-history", args=[self.task_id])))
        for row in (self.program, self.obligation, self.requirement):
            if row is not None:
                out.append((str(row), row.get_absolute_url()))
        return out


class Recommendation(UnitOwnedModel):
    """What the conclusion asks a unit (``unit``, the addressee) to do, and by when."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed in the draft")
        OPEN = "open", _("To be accepted")
        ACCEPTED = "accepted", _("Being carried out")
        REPORTED = "reported", _("Reported done, to verify")
        CLOSED = "closed", _("Closed")

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("addressee")
    )
    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="recommendations"
    )
    text = models.TextField(_("what must be done"))
    due_on = models.DateField(_("deadline"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PROPOSED
    )
    task = models.ForeignKey(
        "programs.Task",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("task"),
    )
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    report = models.TextField(_("what was done"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to="inspections/%Y/%m/", blank=True)
    evidence_name = models.CharField(_("file name"), max_length=255, blank=True)
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    returned_note = models.TextField(_("why it was sent back"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["state", "due_on"])]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("inspections:recommendation-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state in (self.State.OPEN, self.State.ACCEPTED, self.State.REPORTED)

    def standing(self, today: datetime.date) -> str:
        """open / done_on_time / late (done after the deadline) / overdue (not done, past it)."""
        if self.state == self.State.CLOSED:
            done = self.reported_on or self.closed_on
            return "done_on_time" if done and done <= self.due_on else "late"
        if self.state == self.State.PROPOSED:
            return "proposed"
        return "overdue" if today > self.due_on else "open"
