import datetime

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from trienkhai.core import textvi
from trienkhai.core.querysets import ScopedQuerySet

from ..periods import quarter_label
from .program import AdoptedFromAbove

#: The longest task: a paragraph (the longest in the demo's programs is under 400 characters).
TASK_TITLE_MAX = 1000


class TaskQuerySet(AdoptedFromAbove, ScopedQuerySet):
    path_lookup = "program__unit__path"
    version_lookup = "program__version"


def task_search_key(title: str, indicator: str = "") -> str:
    """What a task is found by: its folded title and indicator."""
    return textvi.fold(f"{title} {indicator or ''}")[:600]


class Task(models.Model):
    """One task (nhiệm vụ, giải pháp) of a program: what is to be done, which key points of the
    resolution it serves, which task of the program above it carries out, who leads it and who
    helps, and — where it can be measured — an indicator with a baseline and a target.

    ``copied_from`` and ``copy_score`` are written by the copy check: the closest task of the
    program above or of a sibling unit's program, and how close (0–100).

    ``reported_status`` and ``reported_value`` repeat the task's latest progress report (the
    latest period; not started without one) and the value of the latest report that has one:
    ``programs.services.progress.refresh_reported`` keeps them with every report. Reports are
    never dated in the future, so they are the task's state as of today, and the rollup reads
    them instead of looking up 330,000 tasks' latest reports (past dates still look them up).
    """

    program = models.ForeignKey(
        "programs.ActionProgram", on_delete=models.CASCADE, related_name="tasks"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.TextField(
        _("what is to be done"),
        max_length=TASK_TITLE_MAX,
        validators=[MaxLengthValidator(TASK_TITLE_MAX)],  # a TextField's max_length is a hint
    )
    #: The folded title and indicator (``textvi.fold``): a program is found by its tasks
    #: ("chuyen doi so" finds the programs with a task on digital transformation).
    search_key = models.CharField(
        max_length=600, editable=False, db_index=True, default="", db_default=""
    )
    key_points = models.ManyToManyField(
        "resolutions.KeyPoint", related_name="tasks", verbose_name=_("key points served")
    )
    parent_task = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="child_tasks",
        verbose_name=_("carries out the task"),
    )
    lead_unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_tasks",
        verbose_name=_("lead unit"),
    )
    coordinating_units = models.ManyToManyField(
        "units.Unit",
        blank=True,
        related_name="coordinated_tasks",
        verbose_name=_("coordinating units"),
    )
    due_on = models.DateField(_("to be completed by"), null=True, blank=True)
    indicator = models.CharField(_("indicator"), max_length=300, blank=True)
    measure = models.CharField(_("measure"), max_length=40, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    copy_score = models.FloatField(default=0.0)
    reported_status = models.CharField(
        max_length=12, default="not_started", db_default="not_started", editable=False
    )
    reported_value = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, editable=False
    )

    objects = TaskQuerySet.as_manager()

    # Set on the rows of a program's table (``views.programs.task_rows``).
    source_visible: bool
    score: int

    class Meta:
        ordering = ["program", "order", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self):
        return self.title[:80]

    def save(self, *args, **kwargs):
        self.derive_keys()
        if kwargs.get("update_fields") is not None and {"title", "indicator"} & set(
            kwargs["update_fields"]
        ):
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_key"}
        super().save(*args, **kwargs)

    def derive_keys(self) -> None:
        self.search_key = task_search_key(self.title, self.indicator)

    @property
    def is_measurable(self) -> bool:
        return bool(self.indicator) and self.target is not None


class MilestoneQuerySet(AdoptedFromAbove, ScopedQuerySet):
    path_lookup = "task__program__unit__path"
    version_lookup = "task__program__version"

    def overdue(self, as_of: datetime.date):
        """Past their date with no done report on or before ``as_of``."""
        return self.filter(due_on__lt=as_of).exclude(done_on__lte=as_of)


class Milestone(models.Model):
    """A step of a task's roadmap: by a date (or the end of a quarter), an expected value or a
    deliverable. It is done when a progress report of status *done* names it; past its date
    without one, it is overdue."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    due_on = models.DateField(_("by"))
    #: Entered as a quarter ("Q2/2026"): shown as such, ``due_on`` is the quarter's last day.
    by_quarter = models.BooleanField(default=False)
    expected_value = models.DecimalField(
        _("expected value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    deliverable = models.CharField(_("deliverable"), max_length=300, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        # By the task's id, not ``task`` (which follows the task's, the program's and the unit's
        # orderings): a task's milestones are read per task, and the joins up to the units cost
        # seconds a task under a bad plan (docs/performance.md, "The test suite"). Lists across
        # tasks order explicitly.
        ordering = ["task_id", "due_on", "order", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        indexes = [models.Index(fields=["due_on"])]

    def __str__(self):
        return f"{self.when_label}: {self.deliverable or self.expected_value or ''}"

    @property
    def when_label(self) -> str:
        if self.by_quarter:
            return quarter_label((self.due_on.month - 1) // 3 + 1, self.due_on.year)
        return self.due_on.strftime("%d/%m/%Y")

    def is_overdue(self, as_of: datetime.date) -> bool:
        return self.due_on < as_of and not (self.done_on and self.done_on <= as_of)
