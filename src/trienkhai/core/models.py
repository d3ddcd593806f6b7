"""Base models shared by every app: the user, unit-owned rows and the audit log."""

import datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import numbers
from .querysets import ScopedQuerySet

# Keys recorded beside model fields: a unit's place in the tree (a path, recorded as its
# parent's name) and counts or flags some services add.
AUDIT_KEY_LABELS = {
    "parent": _("parent unit"),
    "roster": _("people marked on the roster"),
    "absent": _("marked absent"),
    "excused": _("marked excused"),
    "late": _("late"),
    # a QR check-in (study.services.check_in) and the reason of a change after the session
    "at": _("time of check-in"),
    "address": _("network address"),
    "token": _("QR token"),
    "token_window": _("QR token window"),
    "reason": _("reason"),
}


class User(AbstractUser):
    """A login. Roles on units (``units.RoleAssignment``) say what the user may see and do."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class UnitOwnedModel(models.Model):
    """A row that belongs to one unit of the organisation tree (rule 1 of the house).

    Its ``objects`` manager scopes by the unit's materialised path: a user sees the row when
    they hold a role on the unit or on any unit above it.
    """

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class AuditEvent(UnitOwnedModel):
    """Who changed what, when, with the values before and after.

    Events are appended by services in the same transaction as the change they describe, so a
    change and its record land together or not at all. They are never edited.
    """

    class Verb(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("updated")
        MOVE = "move", _("moved")
        CLOSE = "close", _("closed")
        REOPEN = "reopen", _("reopened")
        DELETE = "delete", _("deleted")
        GRANT = "grant", _("granted")
        REVOKE = "revoke", _("revoked")
        ISSUE = "issue", _("issued")
        APPROVE = "approve", _("approved")
        COMMENT = "comment", _("commented")
        REPORT = "report", _("reported progress")

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="audit_events", verbose_name=_("unit")
    )
    # Set by ``core.audit.record`` (now, or the day a loader writes history for): the time is
    # part of the event's hash, so it is fixed before the row is written and never updated.
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("user"),
    )
    # Who acted when there is no login: an anonymous check-in names the device and the member
    # code typed on it. Empty when ``actor`` says it.
    actor_label = models.CharField(_("acting as"), max_length=255, blank=True, default="")
    verb = models.CharField(_("action"), max_length=16, choices=Verb.choices)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=255)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    # The chain (``core.auditchain``): the hash of the event before (by id) and SHA-256 over
    # this event's fields and ``prev_hash``. An edited, deleted or reordered event breaks it.
    prev_hash = models.CharField(_("previous hash"), max_length=64, blank=True, default="")
    hash = models.CharField(_("hash"), max_length=64, blank=True, default="")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.verb} {self.object_repr}"

    @property
    def actor_text(self) -> str:
        """Who acted: the user's login, or who the event names when nobody was logged in."""
        return self.actor.username if self.actor is not None else self.actor_label

    def changes(self) -> list[tuple[str, object, object]]:
        """(field label, before, after) for every field whose value differs, readable."""
        before, after = self.before or {}, self.after or {}
        keys = list(dict.fromkeys([*before, *after]))
        return [
            (self.field_label(k), self.display(k, before.get(k)), self.display(k, after.get(k)))
            for k in keys
            if before.get(k) != after.get(k)
        ]

    def _field(self, name: str) -> Any:
        try:
            return apps.get_model(self.object_type)._meta.get_field(name)
        except (LookupError, ValueError, FieldDoesNotExist):
            return None

    def field_label(self, name: str) -> str:
        """The field's verbose name in the user's language, or the raw name if unknown."""
        field = self._field(name)
        if field is None:
            label = AUDIT_KEY_LABELS.get(name)
            return str(label) if label is not None else name
        label = getattr(field, "verbose_name", None)  # reverse relations have none
        if field.is_relation and not isinstance(label, Promise):
            # A count of related rows ("key_points": 6) or a foreign key left with Django's
            # English default label: name it by the related model, which is translated.
            meta = field.related_model._meta
            label = meta.verbose_name if field.many_to_one else meta.verbose_name_plural
        return str(label)

    def display(self, name: str, value: object) -> str:
        """A stored value as users read it: yes/no, choice labels, an empty value as ''."""
        if value is None or value == "":
            return ""
        if isinstance(value, bool):
            return str(_("yes") if value else _("no"))
        field = self._field(name)
        if field is not None and getattr(field, "choices", None):
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
            try:
                return date_format(datetime.date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")
            except (TypeError, ValueError):
                pass
        if isinstance(value, float) or isinstance(field, models.DecimalField | models.FloatField):
            # A measured value as people write it (0,25 · 4,2), never a float's "0.0".
            try:
                exact = (
                    Decimal(str(value))
                    if not isinstance(value, float)
                    else numbers.as_decimal(value)
                )
                return numbers.measure(exact)
            except (ArithmeticError, TypeError, ValueError):
                pass
        return str(value)

    @property
    def object_type_label(self) -> str:
        try:
            return str(apps.get_model(self.object_type)._meta.verbose_name)
        except (LookupError, ValueError):
            return self.object_type


class DataFlag(UnitOwnedModel):
    """A warning on a figure that looks implausible (more present than eligible, a session
    dated before its plan, the same evidence file under two units…): not a refusal, the data
    stays; the clerk explains it and the level above accepts or dismisses it.

    The rules that raise flags are declared by the apps that own the data (``core/flags.py``);
    a flag names its rule, the flagged row (``object_type``/``object_id``, like the audit log)
    and the plan it counts under, so the dashboard counts them per plan and subtree with one
    GROUP BY on the (plan, unit) index. ``params`` holds the reason's figures, formatted into
    the rule's sentence in the reader's language."""

    class State(models.TextChoices):
        OPEN = "open", _("Not yet dealt with")
        EXPLAINED = "explained", _("Explained")
        ACCEPTED = "accepted", _("Explanation accepted")
        DISMISSED = "dismissed", _("Dismissed")

    #: Still to be dealt with: the dashboard counts these.
    UNRESOLVED = (State.OPEN, State.EXPLAINED)

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="data_flags", verbose_name=_("unit")
    )
    plan = models.ForeignKey(
        "resolutions.Plan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="data_flags",
        verbose_name=_("plan"),
    )
    rule = models.CharField(_("rule"), max_length=40)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.PositiveBigIntegerField(_("object id"))
    object_repr = models.CharField(_("object"), max_length=255)
    object_url = models.CharField(max_length=300, blank=True)
    params = models.JSONField(default=dict)
    detected_on = models.DateField(_("detected on"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    explanation = models.TextField(_("explanation"), blank=True)
    explained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("explained by"),
    )
    explained_at = models.DateTimeField(_("explained at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        ordering = ["-detected_on", "-id"]
        verbose_name = _("data warning")
        verbose_name_plural = _("data warnings")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "object_type", "object_id"], name="data_flag_one_per_rule"
            )
        ]
        indexes = [
            models.Index(fields=["plan", "unit", "state"], name="data_flag_plan_unit_idx"),
            models.Index(fields=["object_type", "object_id"], name="data_flag_object_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.rule_label} · {self.object_repr}"

    def get_absolute_url(self) -> str:
        return reverse("flag-detail", args=[self.pk])

    @property
    def rule_label(self) -> str:
        from .flags import rule_label

        return rule_label(self.rule)

    @property
    def reason(self) -> str:
        from .flags import reason

        return reason(self)

    @property
    def unresolved(self) -> bool:
        return self.state in self.UNRESOLVED
