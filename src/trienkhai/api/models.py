"""API tokens: a personal access token a user makes for themself, or a service token an
administrator makes for an integration (the membership database, the e-handbook app).

A token acts as its user, narrowed: to some of the user's units (and everything under them)
and some actions, never beyond the user's own roles (``core.access.Narrowing``, applied by
``api.auth`` for the request). Only the SHA-256 of the secret is stored: the secret is shown
once, when it is made (``api.services.create_token``). Tokens expire, can be revoked, and
remember when they were last used (written at most once a minute: no write per request).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trienkhai.core.access import actions


class TokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self, now: datetime.datetime | None = None) -> TokenQuerySet:
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class ApiToken(models.Model):
    class Kind(models.TextChoices):
        PERSONAL = "personal", _("Personal")
        SERVICE = "service", _("Service (integration)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("acts as"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PERSONAL)
    name = models.CharField(_("name"), max_length=80)
    #: The first characters of the secret, shown in lists so that a token can be recognised.
    prefix = models.CharField(max_length=16, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    units = models.ManyToManyField(
        "units.Unit", blank=True, related_name="+", verbose_name=_("units")
    )
    #: The actions it may perform; empty: every action of the user's roles.
    actions = models.JSONField(_("actions"), default=list, blank=True)
    rate_per_minute = models.PositiveIntegerField(_("requests a minute"), default=120)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = TokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def action_labels(self) -> list[str]:
        """The token's actions as the screens name them ("xem", "sửa")."""
        known = actions()
        return [str(known[a].label) if a in known else a for a in self.actions]

    def is_usable(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now
