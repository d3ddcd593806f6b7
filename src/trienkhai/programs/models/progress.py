from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trienkhai.core.models import UnitOwnedModel
from trienkhai.core.querysets import ScopedQuerySet


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    LATE = "late", pgettext_lazy("task status", "Late")  # behind schedule, not a late filing
    DONE = "done", _("Done")


class ProgressUpdateQuerySet(ScopedQuerySet):
    path_lookup = "task__program__unit__path"


class ProgressUpdate(models.Model):
    """The lead unit's report on one task for one period (a quarter by default): status, the
    value reached for a measurable task, what was done, evidence. One per task and period; a
    second report for the same period replaces the first (the audit log keeps both)."""

    task = models.ForeignKey("programs.Task", on_delete=models.CASCADE, related_name="updates")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    status = models.CharField(_("status"), max_length=12, choices=TaskStatus.choices)
    value = models.DecimalField(
        _("value reached"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    narrative = models.TextField(_("what was done"), blank=True)
    milestone = models.ForeignKey(
        "programs.Milestone",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="updates",
        verbose_name=_("milestone reached"),
    )
    reported_by_unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("reported by")
    )
    reported_on = models.DateField(_("reported on"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["task", "-period_start"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(fields=["task", "period_start"], name="progress_one_per_period")
        ]

    def __str__(self):
        return f"{self.task} · {self.period_start:%d/%m/%Y}"


class ProgressEvidenceQuerySet(ScopedQuerySet):
    path_lookup = "update__task__program__unit__path"


class ProgressEvidence(models.Model):
    """A file (PDF or Word) attached to a progress report as evidence."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to="progress/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=8)
    size = models.PositiveIntegerField()
    #: The content's SHA-256 (hex): the same file given as evidence twice (``evidence_reused``).
    sha256 = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = ProgressEvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.original_name


class AnnualReview(UnitOwnedModel):
    """A unit's yearly review (kiểm điểm hằng năm) of a program: the figures are pre-filled from
    the data when it is prepared (``facts``, refreshed until approved), people write the
    narrative sections, the head approves it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    program = models.ForeignKey(
        "programs.ActionProgram", on_delete=models.PROTECT, related_name="reviews"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    facts = models.JSONField(_("figures"), default=dict)
    results = models.TextField(_("results"), blank=True)
    shortcomings = models.TextField(_("shortcomings and limitations"), blank=True)
    causes = models.TextField(_("causes"), blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)
    next_year = models.TextField(_("tasks for next year"), blank=True)
    prepared_at = models.DateTimeField(auto_now_add=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )

    class Meta:
        ordering = ["program", "-year"]
        verbose_name = _("annual review")
        verbose_name_plural = _("annual reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "year"],
                name="annual_review_one_per_year",
                violation_error_message=_("This program already has a review for this year."),
            )
        ]

    def __str__(self):
        return f"{self.program} · {self.year}"

    def get_absolute_url(self):
        return reverse("programs:review-detail", args=[self.pk])
