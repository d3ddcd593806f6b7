from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from trienkhai.core import textvi
from trienkhai.core.models import UnitOwnedModel
from trienkhai.core.plausible import SUMMARY_MAX
from trienkhai.core.querysets import ScopedQuerySet


class AdoptedFromAbove:
    """A program is read by its own unit and the units above it (who follow and inspect it);
    an adopted program of the level above (and its tasks and roadmap) is also visible to the
    units below, which write their own programs to carry it out. Drafts stay with their unit.
    """

    #: The lookup from this model to its program's ``version`` (> 0 once approved).
    version_lookup = "version"

    visible_from_below = True

    def addressed_below(self):
        return models.Q(**{f"{self.version_lookup}__gt": 0})


class ProgramQuerySet(AdoptedFromAbove, ScopedQuerySet):
    pass


class ActionProgram(UnitOwnedModel):
    """A unit's own action program (chương trình hành động), implementation plan or project
    (đề án) for a plan, with tasks and a roadmap.

    It may start from the text of the program of the unit above (``parent``), but the copy
    check shows how much of it is the unit's own. Draft → discussion (committee members
    comment) → approved by the unit's head or the deputy the head named → in effect → closed.
    Once approved it changes only through a new version (``ProgramVersion``): ``version`` is
    the number of the last approved version, 0 before the first approval.
    """

    class Kind(models.TextChoices):
        PROGRAM = "program", _("Action program")
        PLAN = "plan", _("Implementation plan")
        PROJECT = "project", _("Project")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        DISCUSSION = "discussion", _("In discussion")
        APPROVED = "approved", _("Approved")
        IN_EFFECT = "in_effect", _("In effect")
        CLOSED = "closed", _("Closed")

    class Period(models.TextChoices):
        QUARTER = "quarter", _("Quarterly")
        HALF_YEAR = "half_year", _("Every six months")
        MONTH = "month", _("Monthly")

    #: Statuses in which the program is adopted and progress is reported against it.
    ADOPTED = ("approved", "in_effect", "closed")
    #: Statuses in which its text may be edited.
    EDITABLE = ("draft", "discussion")

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="programs", verbose_name=_("unit")
    )
    plan = models.ForeignKey(
        "resolutions.Plan",
        on_delete=models.PROTECT,
        related_name="programs",
        verbose_name=_("carries out the plan"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("program of the level above"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PROGRAM)
    number = models.CharField(_("number"), max_length=32, blank=True)
    title = models.CharField(_("title"), max_length=500)
    field = models.CharField(_("field"), max_length=200, blank=True)
    summary = models.TextField(
        _("purpose and requirements"),
        blank=True,
        max_length=SUMMARY_MAX,
        validators=[MaxLengthValidator(SUMMARY_MAX)],  # a TextField's max_length is a hint
    )
    reporting_period = models.CharField(
        _("progress reported"), max_length=12, choices=Period.choices, default=Period.QUARTER
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    first_approved_on = models.DateField(_("first approved on"), null=True, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    effective_on = models.DateField(_("in effect from"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deputy named to approve"),
    )
    #: The share of the program's words that are its own (not copied from the program above or
    #: a sibling's), from the last copy check; 1.0 before any check.
    own_share = models.FloatField(_("own share"), default=1.0)
    copy_flagged = models.BooleanField(_("mostly copied"), default=False)
    copy_checked_at = models.DateTimeField(null=True, blank=True)
    search_key = models.CharField(max_length=600, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgramQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1712

    class Meta:
        verbose_name = _("action program")
        verbose_name_plural = _("action programs")
        ordering = ["unit__path", "id"]
        indexes = [models.Index(fields=["plan", "unit"])]

    def __str__(self):
        return f"{self.number}: {self.title}" if self.number else self.title

    def get_absolute_url(self):
        return reverse("programs:program-detail", args=[self.pk])

    def derive_keys(self):
        self.title = textvi.normalize(self.title)
        self.field = textvi.normalize(self.field)
        self.search_key = textvi.fold(f"{self.number} {self.title}")[:600]

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def is_adopted(self) -> bool:
        """Whether a version was approved (a revision in draft still has one in force)."""
        return self.version > 0


class ProgramVersionQuerySet(ScopedQuerySet):
    path_lookup = "program__unit__path"


class ProgramVersion(models.Model):
    """What the program said when a version was approved, and what changed from the one
    before: the approval screen shows these differences."""

    program = models.ForeignKey(ActionProgram, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    approved_at = models.DateTimeField(_("approved at"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    reason = models.TextField(_("reason for the change"), blank=True)
    snapshot = models.JSONField(default=dict)
    changes = models.JSONField(default=list)

    objects = ProgramVersionQuerySet.as_manager()

    class Meta:
        ordering = ["program", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="program_version_unique")
        ]
        verbose_name = _("program version")
        verbose_name_plural = _("program versions")

    def __str__(self):
        return f"{self.program} v{self.number}"


class ProgramCommentQuerySet(ScopedQuerySet):
    path_lookup = "program__unit__path"


class ProgramComment(models.Model):
    """A committee member's comment on a task (or the whole program) during discussion; the
    head's reason for sending the program back to its drafters is one too (``sent_back``), so
    that it stays in the discussion's record where the drafters read the other comments."""

    program = models.ForeignKey(ActionProgram, on_delete=models.CASCADE, related_name="comments")
    task = models.ForeignKey(
        "programs.Task", on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    at = models.DateTimeField(_("time"), auto_now_add=True)
    sent_back = models.BooleanField(_("sent the program back"), default=False)

    objects = ProgramCommentQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return self.text[:60]


class ProgressRule(models.TextChoices):
    TASKS_DONE = "tasks_done", _("Share of tasks done")
    MILESTONES = "milestones", _("Share of milestones done")
    INDICATORS = "indicators", _("Attainment of indicators")


class ProgressRuleSetting(UnitOwnedModel):
    """The rule an administrator chose for the progress of programs in a subtree: the nearest
    setting at or above a unit applies (share of tasks done when there is none)."""

    Rule = ProgressRule

    unit = models.OneToOneField(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    rule = models.CharField(
        _("progress rule"), max_length=12, choices=ProgressRule.choices, default="tasks_done"
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("progress rule")
        verbose_name_plural = _("progress rules")

    def __str__(self):
        return f"{self.unit}: {self.get_rule_display()}"
