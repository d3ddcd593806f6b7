from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from trienkhai.core import textvi
from trienkhai.core.models import UnitOwnedModel
from trienkhai.core.querysets import ScopedQuerySet

from .resolution import DocumentQuerySet, Resolution


class IssuedFromAbove:
    """A plan reaches the units below once issued: a draft stays with its own unit (and the
    units above it), like the requirements it lists."""

    #: The lookup from this model to its plan's status.
    status_lookup = "status"

    def addressed_below(self) -> Q | None:
        return Q(**{self.status_lookup: "issued"})


class PlanQuerySet(IssuedFromAbove, DocumentQuerySet["Plan"]):
    def carrying_out(self, plan: Plan, *, fresh: bool = False) -> list[int]:
        """The ids of ``plan`` and of the plans that carry it out, down to three levels
        (province → commune → grassroots → cell): a commune holds its study sessions and
        writes its program under its own plan, and the province's figures for its plan count
        them. One query, remembered on the plan object: a rollup asks with ``fresh=True``
        once at its start, and the row queries it runs reuse the answer."""
        cached: list[int] | None = plan.__dict__.get("_carrying_out")
        if cached is None or fresh:
            pk = plan.pk
            cached = sorted(
                self.model._base_manager.filter(
                    Q(pk=pk)
                    | Q(parent_id=pk)
                    | Q(parent__parent_id=pk)
                    | Q(parent__parent__parent_id=pk)
                ).values_list("pk", flat=True)
            )
            plan.__dict__["_carrying_out"] = cached
        return cached

    def carrying_out_each(self, plans: Sequence[Plan]) -> None:
        """``carrying_out`` for each of ``plans`` (a page of them) in one query, remembered
        on each plan object as ``carrying_out`` would."""
        ids = [plan.pk for plan in plans]
        rows = self.model._base_manager.filter(
            Q(pk__in=ids)
            | Q(parent_id__in=ids)
            | Q(parent__parent_id__in=ids)
            | Q(parent__parent__parent_id__in=ids)
        ).values_list("pk", "parent_id", "parent__parent_id", "parent__parent__parent_id")
        below: dict[int, set[int]] = {pk: set() for pk in ids}
        for pk, *above in rows:
            for top in (pk, *above):
                if top in below:
                    below[top].add(pk)
        for plan in plans:
            plan.__dict__["_carrying_out"] = sorted(below[plan.pk])


class Plan(UnitOwnedModel):
    """A plan (kế hoạch) a committee issues to carry out one or more documents.

    A draft can be edited freely; the unit's head issues it, which creates the obligations of
    the units below. An issued plan changes only through a new version that says why and what
    changed (``PlanVersion``).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="plans", verbose_name=_("issued by")
    )
    number = models.CharField(_("number"), max_length=32)
    title = models.CharField(_("title"), max_length=500)
    issued_on = models.DateField(_("date"))
    resolutions = models.ManyToManyField(
        Resolution, related_name="plans", verbose_name=_("documents implemented")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("implements the plan"),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    search_key = models.CharField(max_length=600, editable=False, db_index=True)

    objects = PlanQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1712

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "number"],
                name="plan_number_unique_per_unit",
                violation_error_message=_("This unit already has a plan with this number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("resolutions:plan-detail", args=[self.pk])

    def derive_keys(self) -> None:
        self.title = textvi.normalize(self.title)
        self.search_key = textvi.fold(f"{self.number} {self.title}")[:600]

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    def and_plans_above(self) -> list[int]:
        """The ids of this plan and of the plans it carries out (its parent, the parent's…),
        nearest first: what is done under a commune's plan counts for the province's too.
        Follows the loaded ``parent`` objects (a query per level only when not loaded)."""
        ids: list[int] = []
        plan: Plan | None = self
        while plan is not None:
            ids.append(plan.pk)
            plan = plan.parent
        return ids


class RequirementQuerySet(IssuedFromAbove, ScopedQuerySet["Requirement"]):
    path_lookup = "plan__unit__path"
    status_lookup = "plan__status"
    visible_from_below = True


class Requirement(models.Model):
    """What a plan requires of which units below its issuer, by when.

    The units are chosen by kind and level (e.g. every party cell; every commune committee,
    government and Front). Each (requirement, unit) pair becomes an ``Obligation``.
    """

    class Kind(models.TextChoices):
        STUDY_SESSION = "study_session", _("Study session held")
        ATTENDANCE = "attendance", _("Members attending at or above a target")
        LEARNING_REPORTS = "learning_reports", _("Learning reports submitted")
        ACTION_PROGRAM = "action_program", _("Action program issued")
        RESULTS_REPORT = "results_report", _("Results report submitted")
        #: Fulfilled by a dissemination activity of the unit (``outreach``) dated by then.
        DISSEMINATION = "dissemination", _("Dissemination to the public carried out")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="requirements")
    parent_requirement = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("carries out"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    target_kinds = models.JSONField(_("kinds of units"), default=list)
    target_levels = models.JSONField(_("levels"), default=list)
    due_on = models.DateField(_("due by"))
    target_value = models.DecimalField(
        _("target (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    #: Removed by a later version; kept so that its cancelled obligations keep their meaning.
    withdrawn = models.BooleanField(_("withdrawn"), default=False)

    objects = RequirementQuerySet.as_manager()

    # Set on the rows of a plan's page (``views.plans.requirement_rows``): the requirement of
    # the plan above that this one carries out, when the user may see it.
    carries: Requirement | None

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("resolutions:requirement-detail", args=[self.pk])


class PlanVersionQuerySet(ScopedQuerySet["PlanVersion"]):
    path_lookup = "plan__unit__path"
    visible_from_below = True


class PlanVersion(models.Model):
    """What the plan said when a version was issued, and what changed from the one before."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    reason = models.TextField(_("reason for the change"), blank=True)
    snapshot = models.JSONField(default=dict)
    changes = models.JSONField(default=list)

    objects = PlanVersionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan.number} v{self.number}"
