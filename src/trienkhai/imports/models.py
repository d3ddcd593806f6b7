"""An import: the file kept, its mapping, what the preview found and what the commit wrote."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from trienkhai.core.models import UnitOwnedModel
from trienkhai.units.models import Unit

from . import columns


class ImportBatch(UnitOwnedModel):
    """One spreadsheet brought into the subtree of ``unit``.

    ``previewed`` after upload (the counts and the rows' problems, nothing written), then
    ``queued`` → ``running`` → ``done`` (everything in one transaction) or ``failed``
    (nothing written); ``undone`` when its rows were taken out again. ``created_ids`` and
    ``updated`` (each changed row's values before) are what an undo needs.
    """

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("previewed")
        QUEUED = "queued", _("waiting to run")
        RUNNING = "running", _("importing")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")
        UNDONE = "undone", _("undone")

    class Conflict(models.TextChoices):
        SKIP = "skip", _("skip rows already recorded")
        UPDATE = "update", _("update rows already recorded")
        STOP = "stop", _("stop if a row is already recorded")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="imports", verbose_name=_("unit")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=columns.KINDS)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PREVIEWED
    )
    on_conflict = models.CharField(
        _("when a row is already recorded"),
        max_length=8,
        choices=Conflict.choices,
        default=Conflict.SKIP,
    )
    session_id = models.BigIntegerField(null=True, blank=True)  # attendance: the study session
    file = models.FileField(upload_to="imports/%Y/%m/")
    file_name = models.CharField(_("file"), max_length=160)
    file_sha256 = models.CharField(max_length=64)
    file_kind = models.CharField(max_length=4)
    encoding = models.CharField(_("encoding found"), max_length=12, blank=True)
    header_row = models.PositiveIntegerField(default=0)  # 0-based index in the sheet
    mapping = models.JSONField(default=dict)  # column index (text) → field name
    total_rows = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict)  # create / update / unchanged / skip / error / warning
    problems = models.JSONField(default=list)  # [row, code, level, params], at most MAX_PROBLEMS
    created_ids = models.JSONField(default=list)
    updated = models.JSONField(default=list)  # [[id, {field: value before}], …]
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    MAX_PROBLEMS = 2000

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.file_name}"

    def get_absolute_url(self) -> str:
        return reverse("imports:detail", args=[self.pk])

    @property
    def errors(self) -> int:
        return int(self.counts.get("error", 0))

    @property
    def can_commit(self) -> bool:
        return self.status in (self.Status.PREVIEWED, self.Status.FAILED) and not self.errors

    @property
    def header(self) -> list[Any]:
        return list(self.counts.get("header", []))


class MappingTemplate(UnitOwnedModel):
    """A mapping kept by a unit for the next files of the same shape: folded header → field."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="import_templates", verbose_name=_("unit")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=columns.KINDS)
    name = models.CharField(_("template name"), max_length=80)
    headers = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("import template")
        verbose_name_plural = _("import templates")
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "name"], name="import_template_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("imports:unit", args=[self.unit_id])
