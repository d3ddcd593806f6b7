"""Who answers for which key point: the level above says which kinds of bodies must cover a key
point in their programs (issue 12: a women's union "not covering" a foreign-affairs key point
is noise, not a gap)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from trienkhai.core.models import UnitOwnedModel
from trienkhai.core.querysets import ScopedQuerySet


class CoverageScope(UnitOwnedModel):
    """For one plan and one key point of its documents, the kinds of units (``Unit.Kind``)
    whose programs must serve it; every kind when there is no row. Set by the plan's unit,
    read for the plans carrying it out too (the nearest plan's choice wins)."""

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    plan = models.ForeignKey(
        "resolutions.Plan", on_delete=models.CASCADE, related_name="coverage_scopes"
    )
    key_point = models.ForeignKey(
        "resolutions.KeyPoint", on_delete=models.CASCADE, related_name="coverage_scopes"
    )
    kinds = models.JSONField(_("kinds of units that answer for it"), default=list)

    objects = ScopedQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1712

    class Meta:
        verbose_name = _("coverage scope")
        verbose_name_plural = _("coverage scopes")
        constraints = [
            models.UniqueConstraint(fields=["plan", "key_point"], name="coverage_scope_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}/{self.key_point_id}: {', '.join(self.kinds)}"
