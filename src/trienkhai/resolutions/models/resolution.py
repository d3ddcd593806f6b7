from __future__ import annotations

from typing import TypeVar

from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from trienkhai.core import textvi
from trienkhai.core.models import UnitOwnedModel
from trienkhai.core.plausible import KEY_POINT_MAX, SUMMARY_MAX
from trienkhai.core.querysets import ScopedQuerySet

_M = TypeVar("_M", bound=models.Model, covariant=True)


class DocumentQuerySet(ScopedQuerySet[_M]):
    """Documents issued from above are addressed to the units below: visible to them."""

    visible_from_below = True


class Resolution(UnitOwnedModel):
    """A resolution, conclusion, directive or regulation, registered by a unit (usually the
    province registers the Central Committee's documents) so that plans can implement it."""

    class Kind(models.TextChoices):
        RESOLUTION = "resolution", _("Resolution")
        CONCLUSION = "conclusion", _("Conclusion")
        DIRECTIVE = "directive", _("Directive")
        REGULATION = "regulation", _("Regulation")

    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="resolutions",
        verbose_name=_("registered by"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=32)
    title = models.CharField(_("title"), max_length=500)
    issuing_body = models.CharField(_("issuing body"), max_length=200)
    issued_on = models.DateField(_("date"))
    term = models.CharField(_("term"), max_length=64, blank=True)
    summary = models.TextField(
        _("summary"),
        blank=True,
        max_length=SUMMARY_MAX,
        validators=[MaxLengthValidator(SUMMARY_MAX)],  # a TextField's max_length is a hint
    )
    document = models.FileField(_("official PDF"), upload_to="resolutions/%Y/", blank=True)
    search_key = models.CharField(max_length=700, editable=False, db_index=True)
    #: The text of ``document``, read once (``full_text_state`` empty until then; ``ok``,
    #: ``no_text`` for a scan, ``unreadable``): the learning reports are compared with it.
    full_text = models.TextField(_("full text"), blank=True, editable=False, db_default="")
    full_text_state = models.CharField(max_length=12, blank=True, editable=False, db_default="")

    objects = DocumentQuerySet["Resolution"].as_manager()  # type: ignore[misc]  # django-stubs#1712

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["-issued_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "number"],
                name="resolution_number_unique_per_unit",
                violation_error_message=_("This document is already registered here."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("resolutions:resolution-detail", args=[self.pk])

    def derive_keys(self) -> None:
        self.title = textvi.normalize(self.title)
        self.issuing_body = textvi.normalize(self.issuing_body)
        self.term = textvi.normalize(self.term)
        self.search_key = textvi.fold(f"{self.number} {self.title}")[:700]


class KeyPointQuerySet(ScopedQuerySet["KeyPoint"]):
    path_lookup = "resolution__unit__path"
    visible_from_below = True


class KeyPoint(models.Model):
    """One of a resolution's main points, in order; *new points* are studied with care."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="key_points")
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.TextField(
        _("text"), max_length=KEY_POINT_MAX, validators=[MaxLengthValidator(KEY_POINT_MAX)]
    )
    is_new = models.BooleanField(_("new point"), default=False)

    objects = KeyPointQuerySet.as_manager()

    class Meta:
        ordering = ["resolution", "order"]
        verbose_name = _("key point")
        verbose_name_plural = _("key points")
        constraints = [
            models.UniqueConstraint(fields=["resolution", "order"], name="key_point_order")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.text[:60]}"
