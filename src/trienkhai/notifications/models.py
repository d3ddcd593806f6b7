"""Notifications, the channel each person chose per kind, their language and quiet hours."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    APP = "app", _("In the app only")
    EMAIL = "email", _("E-mail at once")
    DIGEST = "digest", _("Daily digest e-mail")
    OFF = "off", _("Off")


class MailState(models.TextChoices):
    NONE = "none", _("not mailed")
    DUE = "due", _("to mail")
    DIGEST = "digest", _("in the next digest")
    SENT = "sent", _("mailed")


class Notification(models.Model):
    """Something that needs its recipient: a kind (``kinds.py``), the object it opens, the unit
    it concerns, the parameters of its text (rendered in the recipient's language when shown).

    ``dedupe_key`` (kind, object, occasion) is unique per recipient: notifications are inserted
    in bulk ignoring conflicts, so a rerun or two workers never insert the same one twice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=64)
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    target_type = models.CharField(max_length=100)  # "app_label.model"
    target_id = models.BigIntegerField()
    url = models.CharField(max_length=300)
    params = models.JSONField(default=dict)
    occasion = models.CharField(max_length=64, blank=True)
    dedupe_key = models.CharField(max_length=200)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    mail = models.CharField(max_length=8, choices=MailState.choices, default=MailState.NONE)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], name="notification_once_per_recipient"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-created_at"], name="notification_recent"),
            models.Index(fields=["mail", "recipient"], name="notification_mail"),
            models.Index(fields=["target_type", "target_id"], name="notification_target"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"


class Preference(models.Model):
    """The channel a person chose for one kind (no row: the kind's default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preferences"
    )
    kind = models.CharField(max_length=64)
    channel = models.CharField(max_length=8, choices=Channel.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notice_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.kind}: {self.channel}"


class Delivery(models.Model):
    """How a person's mails reach them: the language, quiet hours (mails wait until they end),
    and the day of the last digest (one a day)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_delivery"
    )
    language = models.CharField(_("language of e-mails"), max_length=8, default="vi")
    quiet_from = models.TimeField(_("quiet from"), null=True, blank=True)
    quiet_to = models.TimeField(_("quiet until"), null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id} · {self.language}"


class Digest(models.Model):
    """One daily digest per person and day: inserted before sending, so two workers never
    send the same digest (the unique constraint decides which one sends)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)
    claim = models.CharField(max_length=32, blank=True)  # the run that inserted it
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_a_day")]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.day}"
