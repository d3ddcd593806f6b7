from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trienkhai.core.models import UnitOwnedModel
from trienkhai.core.querysets import ScopedQuerySet

if TYPE_CHECKING:
    from trienkhai.units.models import Position, Unit


class ObligationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ON_TIME = "on_time", _("Done on time")
    LATE = "late", _("Done late")
    OVERDUE = "overdue", _("Overdue")
    CLOSED = "closed", _("Unit closed (not counted)")
    CANCELLED = "cancelled", _("No longer required")


class ObligationQuerySet(ScopedQuerySet["Obligation"]):
    def with_status(self, as_of: datetime.date | None = None) -> ObligationQuerySet:
        """Annotate ``status`` as of a date (today by default), in SQL, so that rollups can
        GROUP BY it. Evidence dated after ``as_of`` does not count yet."""
        as_of = as_of or timezone.localdate()
        done = Q(fulfilled_on__isnull=False, fulfilled_on__lte=as_of)
        return self.annotate(
            status=Case(
                When(cancelled=True, then=Value(ObligationStatus.CANCELLED)),
                When(done & Q(fulfilled_on__lte=F("due_on")), then=Value(ObligationStatus.ON_TIME)),
                When(done, then=Value(ObligationStatus.LATE)),
                When(
                    unit__active_to__isnull=False,
                    unit__active_to__lt=F("due_on"),
                    unit__active_to__lte=as_of,
                    then=Value(ObligationStatus.CLOSED),
                ),
                When(due_on__lt=as_of, then=Value(ObligationStatus.OVERDUE)),
                default=Value(ObligationStatus.PENDING),
                output_field=models.CharField(),
            )
        )

    def counted(self) -> ObligationQuerySet:
        """Obligations that count: not cancelled by a revision."""
        return self.filter(cancelled=False)


class Obligation(UnitOwnedModel):
    """A requirement applied to one unit: what that unit owes, by when, and the evidence.

    The status is derived, never typed: done on time or late from the date of the evidence (a
    session held, a program approved, a report uploaded), overdue once the deadline passed
    without it, not counted when the unit closed before the deadline.
    """

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="obligations", verbose_name=_("unit")
    )
    requirement = models.ForeignKey(
        "resolutions.Requirement", on_delete=models.CASCADE, related_name="obligations"
    )
    plan = models.ForeignKey(
        "resolutions.Plan", on_delete=models.CASCADE, related_name="obligations"
    )
    due_on = models.DateField(_("due by"))
    fulfilled_on = models.DateField(_("done on"), null=True, blank=True)
    evidence = models.CharField(_("evidence"), max_length=300, blank=True)
    cancelled = models.BooleanField(default=False)

    objects = ObligationQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1712

    # Set on the obligations of a page (``rollup.attach_heads``): the unit's current head.
    head: Position | None
    # Set on the obligations of a page (``views.common.attach_parents``): the unit above.
    parent_unit: Unit | None

    class Meta:
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        constraints = [
            models.UniqueConstraint(fields=["requirement", "unit"], name="obligation_unique")
        ]
        indexes = [
            models.Index(fields=["plan", "unit"]),
            models.Index(fields=["unit", "due_on"]),
            # The overdue obligations of a plan, oldest first (dashboards at any scale).
            models.Index(fields=["plan", "due_on"], name="obligation_plan_due"),
        ]

    def __str__(self) -> str:
        return f"{self.requirement} · {self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("resolutions:obligation-detail", args=[self.pk])

    def status_as_of(self, as_of: datetime.date | None = None) -> str:
        """The same rule as ``ObligationQuerySet.with_status``, for one loaded row."""
        as_of = as_of or timezone.localdate()
        if self.cancelled:
            return ObligationStatus.CANCELLED
        if self.fulfilled_on and self.fulfilled_on <= as_of:
            if self.fulfilled_on <= self.due_on:
                return ObligationStatus.ON_TIME
            return ObligationStatus.LATE
        closed = self.unit.active_to
        if closed and closed < self.due_on and closed <= as_of:
            return ObligationStatus.CLOSED
        if self.due_on < as_of:
            return ObligationStatus.OVERDUE
        return ObligationStatus.PENDING


class ObligationDocumentQuerySet(ScopedQuerySet["ObligationDocument"]):
    path_lookup = "obligation__unit__path"


class ObligationDocument(models.Model):
    """A document uploaded against an obligation (a results report): it is the evidence."""

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to="obligations/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=8)
    size = models.PositiveIntegerField()
    #: The content's SHA-256 (hex): the same file given as evidence twice (``evidence_reused``).
    sha256 = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ObligationDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.original_name
