"""Base models shared by every app: the user, unit-owned rows and the audit log."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .querysets import ScopedQuerySet


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

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="audit_events", verbose_name=_("unit")
    )
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("user"),
    )
    verb = models.CharField(_("action"), max_length=16, choices=Verb.choices)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=255)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.verb} {self.object_repr}"

    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field whose value differs."""
        before, after = self.before or {}, self.after or {}
        keys = list(dict.fromkeys([*before, *after]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
