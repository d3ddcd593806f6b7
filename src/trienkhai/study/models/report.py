from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trienkhai.core.models import UnitOwnedModel
from trienkhai.core.querysets import ScopedQuerySet


class Grade(models.TextChoices):
    """The default grading scale of learning reports."""

    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Not passed")


class CheckState(models.TextChoices):
    """Where a report's copy check stands."""

    PENDING = "pending", _("Waiting to be checked")
    RUNNING = "running", _("Being checked")
    DONE = "done", _("Checked")
    NO_TEXT = "no_text", _("Scanned, no text to check")
    FAILED = "failed", _("Check failed")


class LearningReport(UnitOwnedModel):
    """A member's written learning report (bài thu hoạch) on a plan, as text or a file.

    ``unit`` is the member's home unit when it was submitted. A clerk may enter it for a
    member without a phone (``entered_by``). A reviewer grades it or sends it back; a report
    sent back is rewritten and submitted again.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Sent back for rewriting")
        GRADED = "graded", _("Graded")

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    plan = models.ForeignKey(
        "resolutions.Plan", on_delete=models.PROTECT, related_name="learning_reports"
    )
    person = models.ForeignKey(
        "units.Person", on_delete=models.PROTECT, related_name="learning_reports"
    )
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to="learning-reports/%Y/%m/", blank=True)
    file_type = models.CharField(max_length=8, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    due_on = models.DateField(_("due by"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    grade = models.CharField(_("grade"), max_length=8, choices=Grade.choices, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    #: The copy signal: the most similar other text (a report of the same plan or the
    #: resolution itself) and how much of this report it covers (0–1).
    similarity = models.FloatField(_("similarity"), null=True, blank=True)
    similar_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    similar_to_resolution = models.BooleanField(default=False)
    #: The copy check runs in the background (``study/checks.py``): its state, when it ended,
    #: why it failed; the text read from the uploaded file, kept so checks do not parse it again.
    check_state = models.CharField(
        _("copy check"),
        max_length=10,
        choices=CheckState.choices,
        default=CheckState.PENDING,
        db_default=CheckState.PENDING,  # rows inserted in bulk wait for their check too
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    check_error = models.CharField(max_length=500, blank=True, db_default="")
    file_text = models.TextField(_("text of the file"), blank=True, db_default="")

    objects = ScopedQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1712

    class Meta:
        verbose_name = _("learning report")
        verbose_name_plural = _("learning reports")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "person"], name="learning_report_unique")
        ]
        indexes = [
            models.Index(fields=["plan", "unit"]),
            # Covers what the study numbers read of each member's report, so that SQLite
            # does not walk the overflow pages of the text stored before these columns.
            models.Index(
                fields=[
                    "plan",
                    "person",
                    "submitted_at",
                    "due_on",
                    "status",
                    "grade",
                    "reviewed_at",
                ],
                name="learning_report_numbers_idx",
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.plan.number}"

    def get_absolute_url(self):
        return reverse("study:report-detail", args=[self.pk])

    @property
    def checked_text(self) -> str:
        """What the copy check reads: the typed text, or the text of the uploaded file."""
        return self.text or self.file_text

    @property
    def is_late(self) -> bool:
        return (
            self.due_on is not None and timezone.localtime(self.submitted_at).date() > self.due_on
        )
