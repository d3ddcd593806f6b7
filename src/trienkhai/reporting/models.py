"""Rows the reporting app keeps: the background export jobs, and the change log the database
triggers write (``Change``, ``changes.py``).

The figures themselves are never stored (the rollup engine computes them, ``engine.py``).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trienkhai.core.models import UnitOwnedModel


class ReportJob(UnitOwnedModel):
    """An official report of a large subtree, built by a background task (``exports/jobs``).

    The user's browser polls the job page (addressed by ``token``, shown only to ``user``)
    until ``status`` is done, then downloads ``file``. No audit event: an export changes no
    data, and an event would invalidate every cached rollup (their key is the newest
    event's id).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit")
    )
    plan = models.ForeignKey("resolutions.Plan", on_delete=models.CASCADE, related_name="+")
    format = models.CharField(max_length=4)
    as_of = models.DateField()
    language = models.CharField(max_length=8, default="vi")
    units = models.PositiveIntegerField(default=0)  # size of the subtree, for the progress page
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    display_name = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self):
        return f"{self.plan_id}/{self.unit_id} {self.format} {self.status}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class LivePlan(models.Model):
    """A plan whose figures are kept live (``live.py``): the day and plan version its
    ``LiveFigures`` rows are for, and whether they are complete.

    ``BUILDING`` while ``live.rebuild`` writes them (readers use the engine meanwhile, and the
    fold keeps the changes it reads, to fold them again once the rows are there)."""

    class State(models.TextChoices):
        BUILDING = "building", _("Being built")
        READY = "ready", _("Ready")

    plan = models.OneToOneField("resolutions.Plan", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    plan_version = models.PositiveIntegerField()
    state = models.CharField(max_length=8, choices=State.choices, default=State.BUILDING)
    built_at = models.DateTimeField(null=True, blank=True)
    build_seconds = models.FloatField(default=0)
    rows = models.PositiveIntegerField(default=0)
    #: The newest change logged when the build began: those up to it are in the rows.
    since = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.plan_id} {self.day} {self.state}"


class LiveFigures(models.Model):
    """One unit's figures for a live plan: the whole subtree's, flat (``figures.py``).

    A unit with nothing to count has no row. Its own rows' figures are its total less its
    children's totals (the rollup's ``own``). ``owes_reports``: the unit itself owes the
    plan's learning reports, which decides whether a member missing below it counts it among
    the units with missing reports (``live._fold_up``)."""

    plan = models.ForeignKey("resolutions.Plan", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    figures = models.JSONField(default=dict)
    owes_reports = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit"], name="live_figures_plan_unit")
        ]

    def __str__(self):
        return f"{self.plan_id}/{self.unit_id}"


class Change(models.Model):
    """One entry of the change log: the figures of ``unit_id`` for ``plan_id`` must be folded in
    again (issue 20: the live rollups, ``live.py``).

    Written only by database triggers (``changes.py``), never by Python: every path that writes
    a row the rollup engine reads — the services, ``bulk_create``, ``queryset.update()`` and
    ``delete()``, the demo generator, the imports, raw SQL — fires them, in the same
    transaction as the write, so the log commits and rolls back with it.

    ``unit_id``: the unit whose *own* rows changed, i.e. the unit the engine groups the row
    under (a task's program's unit, an attendance's person's home unit, a finding's target; the
    table of what counts where is in ``changes.py``). No foreign key: a deleted unit is logged
    too. ``plan_id``: the plan the row belongs to when the row knows it; NULL for any plan (a
    person's rows count for every plan). The plans it carries out change too (follow
    ``Plan.parent``). ``scope``: ``ROWS`` (0) rows of that unit changed; ``UNIT`` (1) the unit
    itself changed in a way that moves figures between subtrees (created, deleted, moved, closed
    or reopened); ``PLAN`` (2) a plan-wide change (a plan, its requirements, its documents or
    its link under another plan changed): ``unit_id`` is the plan's issuer, ``plan_id`` the
    plan. No index but the primary key: the log is appended to on every write and read in
    order of ``id``.
    """

    class Scope(models.IntegerChoices):
        ROWS = 0, "rows"
        UNIT = 1, "unit"
        PLAN = 2, "plan"

    id = models.BigAutoField(primary_key=True)
    unit_id = models.BigIntegerField()
    plan_id = models.BigIntegerField(null=True)
    scope = models.PositiveSmallIntegerField(choices=Scope.choices, default=Scope.ROWS)

    def __str__(self):
        return f"{self.unit_id}/{self.plan_id} {self.get_scope_display()}"
